"""Elements back to Fountain text.

Two paths, for two jobs:

- **Saving what the writer typed** never goes through here: ``Script.text`` *is* the document, and
  ``source.encode(script.text, like)`` writes it back byte for byte (``save_bytes``).
- **Generating Fountain** from elements that did not come from Fountain text (an FDX import, an AI
  draft, a programmatic edit): ``to_fountain`` writes canonical Fountain and adds force markers
  (``. ! @ >``) exactly where the parser would otherwise read a line differently, so that
  ``parse(to_fountain(elements))`` gives the same elements back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from editor.fountain.lines import NORMAL, START, classify_line
from editor.fountain.model import Element, ElementType, LineType, Script
from editor.fountain.rules import HEADING_PREFIX, is_cue_name
from editor.fountain.source import SourceText, encode

_E = ElementType
_SPEECH = (_E.PARENTHETICAL, _E.DIALOGUE)
_SPOKEN = (_E.PARENTHETICAL, _E.DIALOGUE, _E.LYRICS)
# Characters that make a line inside a paragraph something else (section, synopsis, lyric...).
_LINE_MARKERS = ("!", "#", "=", ">", "~", "[[", "/*")


def save_bytes(script: Script, like: SourceText) -> bytes:
    """The file bytes for ``script``'s text, in the original file's encoding and line endings."""
    return encode(script.text, like)


def _title_page(fields: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for key, value in fields.items():
        if "\n" in value or not value:
            out.append(f"{key}:")
            out.extend(f"    {line}" for line in value.split("\n") if line)
        else:
            out.append(f"{key}: {value}")
    return out


def _action(text: str) -> list[str]:
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            # Inside a paragraph two spaces keep it together; a paragraph cannot start blank, so
            # an empty first line is a forced (empty) action line.
            out.append(f"!{line}" if i == 0 else "  ")
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prev = LineType.EMPTY if i == 0 else LineType.ACTION
        kind, _ = classify_line(line, prev, NORMAL, nxt if nxt is not None else None)
        body = line.lstrip()
        if kind is not LineType.ACTION or body.startswith("!"):
            indent = line[: len(line) - len(body)]
            line = f"{indent}!{body}"
        out.append(line)
    return out


def _cue(element: Element) -> str:
    text = element.text
    forced = (
        not is_cue_name(text)
        or text.startswith(("!", "@", "#", "=", ">", "~", ".", "[[", "/*"))
        or HEADING_PREFIX.match(text) is not None
        or text.endswith("TO:")
    )
    cue = f"@{text}" if forced else text
    return f"{cue} ^" if element.dual else cue


def _heading(element: Element) -> str:
    text = element.text
    if HEADING_PREFIX.match(text) is None or text.startswith("."):
        text = f".{text}"
    if element.scene_number:
        text = f"{text} #{element.scene_number}#"
    return text


def _transition(text: str) -> str:
    if text.endswith("TO:") and text.upper() == text and not text.startswith(_LINE_MARKERS):
        return text
    return f"> {text}"


def element_lines(element: Element) -> list[str]:
    """The Fountain lines for one element (no surrounding blank lines)."""
    kind = element.type
    text = element.text
    if kind is _E.TITLE_PAGE:
        return _title_page(element.fields or {})
    if kind is _E.SCENE_HEADING:
        return [_heading(element)]
    if kind is _E.ACTION:
        return _action(text)
    if kind is _E.CHARACTER:
        return [_cue(element)]
    if kind is _E.PARENTHETICAL:
        return [text]
    if kind is _E.DIALOGUE:
        return [line if line.strip() else "  " for line in text.split("\n")]
    if kind is _E.TRANSITION:
        return [_transition(text)]
    if kind is _E.CENTERED:
        return [f"> {line} <" for line in text.split("\n")]
    if kind is _E.LYRICS:
        return [f"~{line}" for line in text.split("\n")]
    if kind is _E.PAGE_BREAK:
        return ["==="]
    if kind is _E.SECTION:
        return [f"{'#' * (element.level or 1)} {text}"]
    if kind is _E.SYNOPSIS:
        return [f"= {text}"]
    if kind is _E.NOTE:
        body = [line if line.strip() else "  " for line in text.split("\n")]
        body[0] = f"[[{body[0]}"
        body[-1] = f"{body[-1]}]]"
        return body
    if kind is _E.BONEYARD:
        return [f"/*{text}*/"] if "\n" not in text else ["/*", *text.split("\n"), "*/"]
    raise ValueError(f"unknown element type {kind!r}")  # pragma: no cover


def to_fountain(elements: Iterable[Element] | Script) -> str:
    """Canonical Fountain for ``elements`` (or a ``Script``'s elements), ending with a newline.

    Elements are separated by one blank line, except inside a speech (cue, parentheticals,
    dialogue), which must stay together.
    """
    items = elements.elements if isinstance(elements, Script) else list(elements)
    out: list[str] = []
    previous: Element | None = None
    for index, element in enumerate(items):
        lines = element_lines(element)
        if not lines:
            continue
        if element.type is _E.CHARACTER and not lines[0].startswith("@"):
            following = items[index + 1] if index + 1 < len(items) else None
            if following is None or following.type not in _SPOKEN:
                lines[0] = f"@{lines[0]}"  # a cue with nothing spoken under it must be forced
        # A cue needs its next line (dialogue, parenthetical, even a sung ~lyric) right below it.
        in_speech = previous is not None and (
            (previous.type is _E.CHARACTER and element.type in _SPOKEN)
            or (element.type in _SPEECH and previous.type in _SPEECH)
        )
        if previous is not None and not in_speech:
            out.append("")
        out.extend(lines)
        previous = element
    if out and (items[0].type is not _E.TITLE_PAGE) and _reads_as_title_page(out):
        # "Title: A Script" as the first action line would open a title page; the title page is
        # "always the first thing in a Fountain document", so one blank line in front prevents it.
        out.insert(0, "")
    return "\n".join(out) + "\n" if out else ""


def _reads_as_title_page(lines: list[str]) -> bool:
    kind, _ = classify_line(lines[0], LineType.EMPTY, START, lines[1] if len(lines) > 1 else None)
    return kind is LineType.TITLE_PAGE
