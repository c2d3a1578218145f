"""Final Draft XML (``.fdx``): export a parsed script, import one back to Fountain.

Final Draft is what productions ask for, so the export follows what Final Draft itself and the
reference converters write: one ``<Paragraph Type="...">`` per element with ``<Text>`` runs carrying
``Style="Bold+Italic+Underline"``, dual dialogue wrapped in ``<DualDialogue>``, scene numbers in
``Number``, forced page breaks as ``StartsNewPage="Yes"`` and the title page in ``<TitlePage>``.
Multi-line action is one paragraph whose runs end in newlines, dialogue one paragraph per line, as
Screenplain's exports (our golden files) do.

Fountain elements Final Draft has no type for (sections, synopses, notes, boneyard) are written as
paragraphs with their own type names (``Section``, ``Synopsis``, ``Note``, ``Boneyard``) so that a
Fountain -> FDX -> Fountain round trip keeps them; Final Draft shows unknown types as General text.
``FdxOptions(non_printing=False)`` leaves them out for a clean hand-off.

Import is the reverse and must survive files from anywhere, so it parses with the standard library
but refuses any document with a DTD (``<!DOCTYPE`` / ``<!ENTITY``): FDX never needs one, and
refusing them rules out entity-expansion bombs and external entities. The Fountain it writes forces
any element whose text would otherwise read as something else (``.`` headings, ``@`` cues, ``!``
action, ``>`` transitions), so re-parsing gives back the same elements.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import xml.parsers.expat as pyexpat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from editor.fountain.model import Element, ElementType, Script
from editor.fountain.pagination import Run, StyledText, styled_lines, styled_runs

E = ElementType

# Fountain element -> Final Draft paragraph type.
_PARAGRAPH_TYPE: dict[ElementType, str] = {
    E.SCENE_HEADING: "Scene Heading",
    E.ACTION: "Action",
    E.CHARACTER: "Character",
    E.PARENTHETICAL: "Parenthetical",
    E.DIALOGUE: "Dialogue",
    E.TRANSITION: "Transition",
    E.CENTERED: "Action",
    E.LYRICS: "Lyrics",
    E.SECTION: "Section",
    E.SYNOPSIS: "Synopsis",
    E.NOTE: "Note",
    E.BONEYARD: "Boneyard",
}
_NON_PRINTING = frozenset((E.SECTION, E.SYNOPSIS, E.NOTE, E.BONEYARD))


class FdxError(ValueError):
    """An FDX file that cannot be read; the message is for the writer."""


@dataclass(frozen=True, slots=True)
class FdxOptions:
    scene_numbers: bool = False  # number every heading (explicit ``#12A#`` numbers are always kept)
    non_printing: bool = True  # keep sections, synopses, notes and boneyard
    # Revision marks: source line -> Final Draft revision set ID (``<Text RevisionID=...>``), and
    # the sets themselves as (ID, name, colour "#RRRRGGGGBBBB") for the ``<Revisions>`` table.
    revision_marks: Mapping[int, int] | None = None
    revision_sets: Sequence[tuple[int, str, str]] = ()


# ---------------------------------------------------------------------------------------------
# Export


def _style(run: Run) -> str | None:
    parts = [
        name for name, on in (("Bold", run.bold), ("Italic", run.italic), ("Underline", run.underline)) if on
    ]
    return "+".join(parts) if parts else None


def _add_text(
    paragraph: ET.Element,
    text: str,
    *,
    raw: bool = False,
    newline: bool = False,
    runs: Sequence[Run] | None = None,
) -> None:
    """Append ``<Text>`` runs for one line of Fountain text (emphasis markers become styles).

    ``runs``: the line already styled as part of its element (emphasis across line breaks).
    """
    if runs is None:
        runs = (Run(text),) if raw else styled_runs(text, keep_notes=True, keep_boneyard=True)
    if not runs:
        runs = (Run(""),)
    for k, run in enumerate(runs):
        node = ET.SubElement(paragraph, "Text")
        style = _style(run)
        if style:
            node.set("Style", style)
        node.text = run.text + ("\n" if newline and k == len(runs) - 1 else "")


def _paragraph(parent: ET.Element, ptype: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "Paragraph")
    if ptype:
        node.set("Type", ptype)
    for key, value in attrs.items():
        node.set(key, value)
    return node


def _element_paragraphs(
    parent: ET.Element, el: Element, number: str | None, options: FdxOptions
) -> list[ET.Element]:
    """Paragraphs for one element (dialogue gets one per line)."""
    ptype = _PARAGRAPH_TYPE[el.type]
    lines = el.text.split("\n")
    raw = el.type in _NON_PRINTING
    # Styled as a whole so that emphasis running across a line break becomes styles, not markers.
    styled = [None] * len(lines) if raw else styled_lines(el.text, keep_notes=True, keep_boneyard=True)
    marks = options.revision_marks or {}
    if el.type is E.DIALOGUE:
        out = []
        for k, line in enumerate(lines):
            node = _paragraph(parent, ptype)
            if line:
                _add_text(node, line, runs=_line_runs(styled[k]))
            _mark_revision(node, [marks[el.line + k]] if el.line + k in marks else [])
            out.append(node)
        return out
    node = _paragraph(parent, ptype)
    if el.type is E.CENTERED:
        node.set("Alignment", "Center")
    if el.type is E.SCENE_HEADING and number:
        node.set("Number", number)
    if el.type is E.SECTION and el.level:
        node.set("Level", str(el.level))
    for k, line in enumerate(lines):
        _add_text(node, line, raw=raw, newline=k < len(lines) - 1, runs=_line_runs(styled[k]))
    _mark_revision(node, [marks[line] for line in range(el.line, el.end_line + 1) if line in marks])
    return [node]


def _line_runs(line: StyledText | None) -> tuple[Run, ...] | None:
    return None if line is None else line.runs()


def _mark_revision(paragraph: ET.Element, ids: list[int]) -> None:
    """Final Draft marks revised text per ``<Text>`` run; a paragraph takes its newest set."""
    if ids:
        for node in paragraph.findall("Text"):
            node.set("RevisionID", str(max(ids)))


# Where each title-page key goes on the page (Final Draft's title page is free-form text).
_TITLE_CENTRE = ("title", "credit", "author", "authors", "source")
_TITLE_LEFT = ("notes", "copyright", "contact")
_TITLE_RIGHT = ("revision", "draft date", "date")
# Attribute recording the Fountain key of a title-page paragraph, so our own files come back with
# exactly the keys they had; Final Draft ignores attributes it does not know.
KEY_ATTR = "FountainKey"


def _title_page(root: ET.Element, fields: dict[str, str]) -> None:
    """Lay the title page out as it is printed: centred block, contact bottom-left, date right."""
    if not fields:
        return
    content = ET.SubElement(ET.SubElement(root, "TitlePage"), "Content")

    def para(text: str, align: str, key: str | None = None) -> None:
        node = _paragraph(content, "", Alignment=align)
        if key is not None:
            node.set(KEY_ATTR, key)
        if text:
            _add_text(node, text)

    def group(key: str, align: str) -> None:
        for line in fields[key].split("\n"):
            para(line.strip(), align, key)
        para("", align)

    by_lower: dict[str, list[str]] = {}
    for key in fields:
        by_lower.setdefault(key.strip().lower(), []).append(key)
    for _ in range(16):
        para("", "Center")
    for name in _TITLE_CENTRE:
        for key in by_lower.get(name, []):
            group(key, "Center")
    for _ in range(12):
        para("", "Left")
    placed = set(_TITLE_CENTRE) | set(_TITLE_LEFT) | set(_TITLE_RIGHT)
    for name, keys in by_lower.items():
        if name not in placed:
            for key in keys:
                group(key, "Left")
    for name in _TITLE_LEFT:
        for key in by_lower.get(name, []):
            group(key, "Left")
    for name in _TITLE_RIGHT:
        for key in by_lower.get(name, []):
            group(key, "Right")


def to_fdx(script: Script, options: FdxOptions | None = None) -> str:
    """The script as a Final Draft document (a string to write as UTF-8)."""
    options = options or FdxOptions()
    root = ET.Element("FinalDraft", DocumentType="Script", Template="No", Version="5")
    content = ET.SubElement(root, "Content")
    auto_numbers = {scene.line: scene.number for scene in script.scenes} if options.scene_numbers else {}
    elements = script.elements
    new_page = False
    i, n = 0, len(elements)
    while i < n:
        el = elements[i]
        if el.type is E.TITLE_PAGE:
            i += 1
            continue
        if el.type is E.PAGE_BREAK:
            if new_page:
                # Two breaks in a row: the first one gets an empty paragraph of its own.
                _paragraph(content, "Action", StartsNewPage="Yes")
            new_page = True
            i += 1
            continue
        if el.type in _NON_PRINTING and not options.non_printing:
            i += 1
            continue
        if el.type is E.CHARACTER:
            j = i + 1
            while j < n and elements[j].type in (E.DIALOGUE, E.PARENTHETICAL):
                j += 1
            k = j
            # A following ``^`` speech makes this one the left half of a dual dialogue.
            if k < n and elements[k].type is E.CHARACTER and elements[k].dual:
                k += 1
                while k < n and elements[k].type in (E.DIALOGUE, E.PARENTHETICAL):
                    k += 1
                wrapper = _paragraph(content, "")
                target = ET.SubElement(wrapper, "DualDialogue")
                first = [wrapper]
            else:
                target = content
                first = []
            for el2 in elements[i:k]:
                first.extend(_element_paragraphs(target, el2, None, options))
            if new_page and first:
                first[0].set("StartsNewPage", "Yes")
                new_page = False
            i = k
            continue
        number = el.scene_number or auto_numbers.get(el.line) if el.type is E.SCENE_HEADING else None
        paragraphs = _element_paragraphs(content, el, number, options)
        if new_page and paragraphs:
            paragraphs[0].set("StartsNewPage", "Yes")
            new_page = False
        i += 1
    if new_page:
        _paragraph(content, "Action", StartsNewPage="Yes")
    title_fields = script.title_page or _title_fields_from_elements(elements)
    _title_page(root, title_fields)
    if options.revision_sets:
        table = ET.SubElement(root, "Revisions", ActiveSet=str(max(i for i, _n, _c in options.revision_sets)))
        for ident, name, color in options.revision_sets:
            ET.SubElement(
                table, "Revision", Color=color, FullRevision="No", ID=str(ident), Mark="*", Name=name
            )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + body + "\n"


def _title_fields_from_elements(elements: Sequence[Element]) -> dict[str, str]:
    for el in elements:
        if el.type is E.TITLE_PAGE and el.fields:
            return dict(el.fields)
    return {}


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(slots=True)
class FdxParagraph:
    """One paragraph read from an FDX file: its type, text runs and attributes."""

    type: str
    runs: list[Run]
    attrs: dict[str, str] = field(default_factory=dict)
    dual: int = 0  # 0: not dual; 1, 2: which speech of a dual dialogue
    revision: int | None = None  # the newest Final Draft revision set ID on its text, if any

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


_DTD_REFUSED = "the file declares a DTD or entities, which an FDX file never needs; refusing it"


class _DtdRefused(Exception):
    pass


def _refuse_dtd(*_args: object) -> None:
    raise _DtdRefused


def _parse_xml(raw: bytes) -> ET.Element:
    """Parse with expat into an ElementTree, refusing any DOCTYPE or entity declaration.

    The check happens inside the parser, whatever the file's encoding (the rule defusedxml
    applies), so no entity is ever expanded or fetched.
    """
    builder = ET.TreeBuilder()
    expat = pyexpat.ParserCreate()
    expat.buffer_text = True
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    expat.StartDoctypeDeclHandler = _refuse_dtd
    expat.EntityDeclHandler = _refuse_dtd
    expat.UnparsedEntityDeclHandler = _refuse_dtd
    expat.ExternalEntityRefHandler = _refuse_dtd
    try:
        expat.Parse(raw, True)
    except _DtdRefused:
        raise FdxError(_DTD_REFUSED) from None
    except pyexpat.ExpatError as exc:
        raise FdxError(f"not a well-formed FDX (XML) file: {exc}") from None
    return builder.close()


def read_fdx(data: bytes | str) -> tuple[list[FdxParagraph], list[FdxParagraph]]:
    """Parse an FDX document into (body paragraphs, title page paragraphs). Raises ``FdxError``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    root = _parse_xml(raw)
    if root.tag != "FinalDraft":
        raise FdxError(f"not a Final Draft document (root element <{root.tag}>, expected <FinalDraft>)")
    content = root.find("Content")
    if content is None:
        raise FdxError("the FDX file has no <Content> section")
    body = list(_paragraphs(content))
    title_root = root.find("TitlePage/Content")
    title = list(_paragraphs(title_root)) if title_root is not None else []
    return body, title


def _runs(node: ET.Element) -> list[Run]:
    runs: list[Run] = []
    for text_node in node.findall("Text"):
        style = (text_node.get("Style") or "").split("+")
        runs.append(
            Run(
                "".join(text_node.itertext()),
                bold="Bold" in style,
                italic="Italic" in style,
                underline="Underline" in style,
            )
        )
    return runs


def _paragraphs(container: ET.Element) -> Iterable[FdxParagraph]:
    for node in container.findall("Paragraph"):
        dual = node.find("DualDialogue")
        if dual is not None:
            side = 1
            seen_cue = False
            for inner in dual.findall("Paragraph"):
                ptype = inner.get("Type", "")
                if ptype == "Character":
                    if seen_cue:
                        side = 2
                    seen_cue = True
                yield FdxParagraph(
                    ptype, _runs(inner), dict(inner.attrib), dual=side, revision=_revision(inner)
                )
            continue
        yield FdxParagraph(node.get("Type", ""), _runs(node), dict(node.attrib), revision=_revision(node))


def _revision(node: ET.Element) -> int | None:
    ids = [int(v) for t in node.findall("Text") if (v := t.get("RevisionID", "")).isdigit()]
    return max(ids) if ids else None


def _escape(text: str) -> str:
    """Escape characters Fountain would read as emphasis."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


# Opening order at one position; closers go in reverse (``**_x_**``, ``***x***``).
_MARKERS = (("bold", "**"), ("italic", "*"), ("underline", "_"))


def _emphasis(runs: Sequence[Run]) -> str:
    """Fountain text for styled runs: ``**bold**``, ``*italic*``, ``_underline_``.

    Each style's markers enclose the longest stretch of consecutive runs that carry it (so an
    italic phrase inside an underlined sentence stays ``_a *b* c_``), moved inwards past spaces
    because Fountain emphasis must touch its words.
    """
    text = "".join(run.text for run in runs)
    if not any(run.bold or run.italic or run.underline for run in runs):
        return _escape(text)
    n = len(text)
    flags = {name: bytearray(n) for name, _ in _MARKERS}
    pos = 0
    for run in runs:
        for name, on in (("bold", run.bold), ("italic", run.italic), ("underline", run.underline)):
            if on:
                flags[name][pos : pos + len(run.text)] = b"\x01" * len(run.text)
        pos += len(run.text)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for name, marker in _MARKERS:
        mask = flags[name]
        i = 0
        while i < n:
            if not mask[i]:
                i += 1
                continue
            j = i
            while j < n and mask[j]:
                j += 1
            a, b = i, j
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                opens.setdefault(a, []).append(marker)
                closes.setdefault(b, []).insert(0, marker)
            i = j
    out: list[str] = []
    for k in range(n + 1):
        out.extend(closes.get(k, ()))
        out.extend(opens.get(k, ()))
        if k < n:
            out.append(_escape(text[k]))
    return "".join(out)


def _lines(paragraph: FdxParagraph) -> list[str]:
    """The paragraph's text as Fountain lines, emphasis included."""
    lines: list[list[Run]] = [[]]
    for run in paragraph.runs:
        parts = run.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append(Run(part, run.bold, run.italic, run.underline))
    # A trailing newline in the last run is a line separator, not an empty line.
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return [_emphasis(runs).rstrip() if runs else "" for runs in lines]


_HEADING = re.compile(r"(?:int\.?/ext|int|ext|est|i/e)[. ]", re.IGNORECASE)
_FORCE_CHARS = tuple("!.@~>=#[/")


def _needs_action_force(line: str, next_line: str | None) -> bool:
    st = line.strip()
    if not st:
        return False
    if st.startswith(_FORCE_CHARS) or st.startswith("==="):
        return True
    if _HEADING.match(st):
        return True
    if st == st.upper() and any(ch.isalpha() for ch in st):
        # An all-caps line reads as a cue when text follows, and as a transition when it ends in TO:.
        return bool(next_line and next_line.strip()) or st.endswith("TO:")
    return False


def _is_cue(text: str) -> bool:
    name = re.sub(r"\(.*?\)", "", text).strip()
    return (
        bool(name)
        and name == name.upper()
        and any(ch.isalpha() for ch in name)
        and not name.startswith(_FORCE_CHARS)
    )


_SECTION_TYPES = {"section", "outline", "act"}
_ACTION_TYPES = {"action", "general", "shot", "cast list", "new act", "end of act", ""}


def to_fountain(body: Sequence[FdxParagraph], title: Sequence[FdxParagraph] = ()) -> str:
    """Fountain text for paragraphs read from an FDX file."""
    blocks: list[str] = []
    title_text = _title_fountain(title)
    if title_text:
        blocks.append(title_text)
    i, n = 0, len(body)
    while i < n:
        para = body[i]
        ptype = para.type.strip().lower()
        if para.attrs.get("StartsNewPage") == "Yes" and (blocks or not title_text):
            blocks.append("===")
        if ptype == "character" or (ptype in ("dialogue", "parenthetical") and para.dual):
            j = i + 1
            while (
                j < n
                and body[j].type.strip().lower() in ("dialogue", "parenthetical")
                and body[j].dual == para.dual
            ):
                j += 1
            sung = j < n and j == i + 1 and body[j].type.strip().lower() == "lyrics"
            blocks.append(_speech(body[i:j], dual_second=para.dual == 2, bare=sung))
            if sung:
                # A cue over lyrics: the song is what the character says; keep them together.
                blocks[-1] += "\n" + "\n".join(f"~{line}" for line in _lines(body[j]))
                j += 1
            i = j
            continue
        if ptype in ("dialogue", "parenthetical"):
            # Dialogue without a cue: keep the words as action rather than lose them.
            ptype = "action"
        lines = _lines(para)
        if ptype == "scene heading":
            text = " ".join(line.strip() for line in lines).strip()
            if not text:
                i += 1
                continue
            forced = not _HEADING.match(text) or text.startswith(".")
            number = para.attrs.get("Number", "").strip()
            blocks.append(("." if forced else "") + text + (f" #{number}#" if number else ""))
        elif ptype == "transition":
            text = " ".join(line.strip() for line in lines).strip()
            if text:
                natural = text == text.upper() and text.endswith("TO:")
                blocks.append(text if natural else f"> {text}")
        elif ptype == "lyrics":
            blocks.append("\n".join(f"~{line}" for line in lines))
        elif ptype in _SECTION_TYPES:
            level = para.attrs.get("Level", "1")
            hashes = "#" * (int(level) if level.isdigit() and 0 < int(level) < 7 else 1)
            blocks.append(f"{hashes} {para.text.strip()}")
        elif ptype == "synopsis":
            blocks.append(f"= {para.text.strip()}")
        elif ptype == "note":
            blocks.append(f"[[{para.text.strip()}]]")
        elif ptype == "boneyard":
            blocks.append(f"/*{para.text}*/")
        elif para.attrs.get("Alignment") == "Center" and ptype in _ACTION_TYPES:
            out = [f"> {line.strip()} <" for line in lines if line.strip()]
            if out:
                blocks.append("\n".join(out))
        else:
            if not any(line.strip() for line in lines):
                i += 1
                continue
            out = []
            for k, line in enumerate(lines):
                following = lines[k + 1] if k + 1 < len(lines) else None
                if not line.strip() and 0 < k < len(lines) - 1:
                    out.append("  ")  # keeps the paragraph together across the empty line
                    continue
                out.append(("!" if _needs_action_force(line, following) else "") + line)
            blocks.append("\n".join(out))
        i += 1
    return "\n\n".join(blocks) + "\n"


def _speech(paragraphs: Sequence[FdxParagraph], *, dual_second: bool, bare: bool = False) -> str:
    out: list[str] = []
    first = paragraphs[0]
    parts = paragraphs
    if first.type.strip().lower() == "character":
        cue = " ".join(line.strip() for line in _lines(first)).strip()
        out.append(("" if _is_cue(cue) else "@") + cue + (" ^" if dual_second else ""))
        parts = paragraphs[1:]
    else:
        out.append("@UNKNOWN" + (" ^" if dual_second else ""))
    for para in parts:
        lines = _lines(para)
        if para.type.strip().lower() == "parenthetical":
            text = " ".join(line.strip() for line in lines).strip()
            if not text:
                continue
            if not text.startswith("("):
                text = f"({text})"
            out.append(text)
        else:
            out.extend(line if line.strip() else "  " for line in lines)
    if len(out) == 1 and not bare:
        # A cue with nothing said still needs a line under it to stay a cue.
        out.append("  ")
    return "\n".join(out)


_TITLE_CREDIT = re.compile(r"^(?:(?:written|screenplay|story|teleplay|created)\b.*\bby|by)$", re.IGNORECASE)
_TITLE_SOURCE = re.compile(r"^(?:based on|from|adapted from|inspired by)\b", re.IGNORECASE)
_TITLE_DATE = re.compile(r"\b(?:19|20)\d\d\b|draft|revision|\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE)


def _keyed_title(paragraphs: Sequence[FdxParagraph]) -> list[tuple[str, list[str]]]:
    """Title-page fields from paragraphs that carry their Fountain key (our own exports)."""
    fields: dict[str, list[str]] = {}
    for para in paragraphs:
        key = para.attrs.get(KEY_ATTR)
        if key is None:
            continue
        text = " ".join(line.strip() for line in _lines(para)).strip()
        values = fields.setdefault(key, [])
        if text:
            values.append(text)
    return list(fields.items())


def _title_fountain(paragraphs: Sequence[FdxParagraph]) -> str:
    """Recover title-page keys from Final Draft's free-form title page.

    Centred groups (separated by empty paragraphs) are, in order, the title, the credit ("Written
    by"), the author(s) and the source; left-aligned text is contact information and right-aligned
    text the draft date. ``Key: value`` lines we wrote for unusual keys come back as they were.
    """
    groups: list[tuple[str, list[str]]] = []
    current: list[str] = []
    current_align = ""
    for para in paragraphs:
        align = para.attrs.get("Alignment", "Left")
        text = " ".join(line.strip() for line in _lines(para)).strip()
        if not text or align != current_align:
            if current:
                groups.append((current_align, current))
            current = []
            current_align = align
        if text:
            current.append(text)
            current_align = align
    if current:
        groups.append((current_align, current))
    if any(KEY_ATTR in para.attrs for para in paragraphs):
        return _format_title(_keyed_title(paragraphs))
    if not groups:
        return ""
    fields: list[tuple[str, list[str]]] = []
    # A credit line ("Written by") is its own field even without blank lines around it.
    centred: list[list[str]] = []
    for align, lines in groups:
        if align != "Center":
            continue
        chunk: list[str] = []
        for line in lines:
            if _TITLE_CREDIT.match(line):
                if chunk:
                    centred.append(chunk)
                centred.append([line])
                chunk = []
            else:
                chunk.append(line)
        if chunk:
            centred.append(chunk)
    expect = "title"
    for lines in centred:
        joined = " ".join(lines)
        if expect == "title":
            fields.append(("Title", lines))
            expect = "credit"
        elif expect == "credit" and _TITLE_CREDIT.match(joined):
            fields.append(("Credit", lines))
            expect = "author"
        elif expect in ("credit", "author"):
            fields.append(("Author", lines))
            expect = "source"
        elif _TITLE_SOURCE.match(joined) or expect == "source":
            fields.append(("Source", lines))
            expect = "more"
        else:
            fields.append(("Notes", lines))
    for align, lines in groups:
        if align == "Center":
            continue
        extra = [line for line in lines if re.match(r"^[A-Z][\w ]{0,30}: ", line)]
        rest = [line for line in lines if line not in extra]
        for line in extra:
            key, value = line.split(": ", 1)
            fields.append((key, [value]))
        if not rest:
            continue
        if align == "Right":
            key = "Draft date" if _TITLE_DATE.search(" ".join(rest)) else "Notes"
        else:
            key = "Copyright" if re.search(r"copyright|©|\(c\)", " ".join(rest), re.IGNORECASE) else "Contact"
        fields.append((key, rest))
    return _format_title(fields)


def _format_title(fields: Sequence[tuple[str, list[str]]]) -> str:
    out: list[str] = []
    for key, lines in fields:
        if len(lines) == 1:
            out.append(f"{key}: {lines[0]}")
        else:
            out.append(f"{key}:")
            out.extend(f"    {line}" for line in lines)
    return "\n".join(out)


def fdx_to_fountain(data: bytes | str) -> str:
    """Read an FDX document and return Fountain text. Raises ``FdxError`` with a readable message."""
    body, title = read_fdx(data)
    return to_fountain(body, title)
