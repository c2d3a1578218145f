"""Turn classified lines into ``Element``s with exact line and character spans.

Runs of lines of one type that form a single element (an action paragraph, a block of dialogue
lines, the title page, a multi-line note or boneyard, consecutive lyrics or centred lines) become
one element; every other line type is one element per line. Text is canonical: force markers,
scene numbers, the dual ``^`` and centring ``> <`` are removed; indentation is kept for Action only
(spec: "Tabs and spaces are retained in Action elements"), and ignored everywhere else.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add

from editor.fountain.inline import plain_text
from editor.fountain.kinds import (
    E_ACTION,
    E_BONEYARD,
    E_CENTERED,
    E_CHARACTER,
    E_DIALOGUE,
    E_LYRICS,
    E_NOTE,
    E_PAGE_BREAK,
    E_PARENTHETICAL,
    E_SCENE_HEADING,
    E_SECTION,
    E_SYNOPSIS,
    E_TITLE_PAGE,
    E_TRANSITION,
    L_ACTION,
    L_BONEYARD,
    L_CENTERED,
    L_CHARACTER,
    L_DIALOGUE,
    L_DUAL_CHARACTER,
    L_DUAL_DIALOGUE,
    L_DUAL_PARENTHETICAL,
    L_EMPTY,
    L_LYRICS,
    L_NOTE,
    L_PAGE_BREAK,
    L_PARENTHETICAL,
    L_SCENE_HEADING,
    L_SECTION,
    L_SYNOPSIS,
    L_TITLE_PAGE,
    L_TRANSITION,
)
from editor.fountain.lines import title_key
from editor.fountain.model import Element, ElementType, LineType
from editor.fountain.rules import SCENE_NUMBER

# Line types whose consecutive lines join into one element.
_RUNS = frozenset(
    (
        L_ACTION,
        L_DIALOGUE,
        L_DUAL_DIALOGUE,
        L_LYRICS,
        L_CENTERED,
        L_TITLE_PAGE,
        L_BONEYARD,
        L_NOTE,
    )
)
ELEMENT_TYPE: dict[LineType, ElementType] = {
    L_ACTION: E_ACTION,
    L_SCENE_HEADING: E_SCENE_HEADING,
    L_CHARACTER: E_CHARACTER,
    L_PARENTHETICAL: E_PARENTHETICAL,
    L_DIALOGUE: E_DIALOGUE,
    L_TRANSITION: E_TRANSITION,
    L_CENTERED: E_CENTERED,
    L_LYRICS: E_LYRICS,
    L_PAGE_BREAK: E_PAGE_BREAK,
    L_SECTION: E_SECTION,
    L_SYNOPSIS: E_SYNOPSIS,
    L_NOTE: E_NOTE,
    L_BONEYARD: E_BONEYARD,
    L_TITLE_PAGE: E_TITLE_PAGE,
    L_DUAL_CHARACTER: E_CHARACTER,
    L_DUAL_PARENTHETICAL: E_PARENTHETICAL,
    L_DUAL_DIALOGUE: E_DIALOGUE,
}
_NOTE_MARKS = re.compile(r"\[\[|\]\]")
_BONEYARD_MARKS = re.compile(r"/\*|\*/")
_INLINE_BONEYARD = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)


def line_starts(lines: list[str]) -> list[int]:
    """Character offset of each line in the LF-joined text."""
    offsets = list(accumulate(map(len, lines), initial=0))
    offsets.pop()
    return list(map(add, offsets, range(len(lines))))


def _action_line(line: str) -> str:
    body = line.lstrip()
    if body.startswith("!"):
        line = line[: len(line) - len(body)] + body[1:]
    return line.rstrip()


def title_fields(lines: list[str]) -> dict[str, str]:
    """Title-page ``Key: value`` pairs; indented lines continue the previous value.

    Repeated keys are merged with a newline (nothing the writer typed is lost).
    """
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        kv = title_key(line)
        if kv is not None:
            key, value = kv
            current = fields.setdefault(key, [])
            value = value.strip()
            if value:
                current.append(value)
        elif current is not None and line.strip():
            current.append(line.strip())
    return {key: "\n".join(values) for key, values in fields.items()}


def make_element(kind: LineType, lines: list[str], first: int, last: int, starts: list[int]) -> Element:
    """Build the element for ``lines[first:last+1]``, all of type ``kind``."""
    element = _make_element(kind, lines, first, last, starts)
    if "/*" in element.text and kind is not L_BONEYARD:
        # Spec: boneyard text is ignored completely, including an inline /* ... */.
        element.text = _INLINE_BONEYARD.sub("", element.text)
    return element


def _make_element(kind: LineType, lines: list[str], first: int, last: int, starts: list[int]) -> Element:
    start = starts[first]
    end = starts[last] + len(lines[last])
    etype = ELEMENT_TYPE[kind]
    dual = kind is L_DUAL_CHARACTER or kind is L_DUAL_DIALOGUE or kind is L_DUAL_PARENTHETICAL
    if first == last:
        raw = lines[first]
        st = raw.strip()
        if kind is L_ACTION:
            return Element(etype, _action_line(raw), first, last, start, end)
        if kind is L_DIALOGUE or kind is L_DUAL_DIALOGUE or kind is L_PARENTHETICAL:
            return Element(etype, st, first, last, start, end, dual=dual)
        if kind is L_CHARACTER or kind is L_DUAL_CHARACTER:
            if st.startswith("@"):
                st = st[1:].lstrip()
            if st.endswith("^"):
                st = st[:-1].rstrip()
            return Element(etype, st, first, last, start, end, dual=dual)
        if kind is L_SCENE_HEADING:
            if st.startswith("."):
                st = st[1:]
            number = None
            m = SCENE_NUMBER.search(st)
            if m is not None:
                number = m.group(1)
                st = st[: m.start()]
            return Element(etype, st.strip(), first, last, start, end, scene_number=number)
        if kind is L_TRANSITION:
            return Element(etype, st[1:].strip() if st.startswith(">") else st, first, last, start, end)
        if kind is L_SECTION:
            body = st.lstrip("#")
            return Element(etype, body.strip(), first, last, start, end, level=len(st) - len(body))
        if kind is L_SYNOPSIS or kind is L_LYRICS:
            return Element(etype, st[1:].strip(), first, last, start, end)
        if kind is L_CENTERED:
            return Element(etype, st[1:-1].strip(), first, last, start, end)
        if kind is L_PAGE_BREAK:
            return Element(etype, "", first, last, start, end)
    chunk = lines[first : last + 1]
    if kind is L_ACTION:
        text = "\n".join([_action_line(line) for line in chunk])
    elif kind is L_DIALOGUE or kind is L_DUAL_DIALOGUE:
        text = "\n".join([line.strip() for line in chunk])
    elif kind is L_LYRICS:
        text = "\n".join([line.strip()[1:].strip() for line in chunk])
    elif kind is L_CENTERED:
        text = "\n".join([line.strip()[1:-1].strip() for line in chunk])
    elif kind is L_NOTE:
        text = _NOTE_MARKS.sub("", "\n".join([line.strip() for line in chunk])).strip()
    elif kind is L_BONEYARD:
        text = _BONEYARD_MARKS.sub("", "\n".join(chunk)).strip()
    elif kind is L_TITLE_PAGE:
        return Element(etype, "", first, last, start, end, fields=title_fields(chunk))
    else:  # pragma: no cover - every multi-line kind is listed above
        text = "\n".join(chunk)
    return Element(etype, text, first, last, start, end, dual=dual)


def printed_line(line: str, kind: LineType) -> str:
    """One source line's words as the page prints them: force markers (``! @ . > ~``), a dual
    ``^``, a scene number, emphasis markers, notes and inline boneyard left out, spaces collapsed.

    What quotes the script back to the writer (a scene's summary, the speech it cites) quotes
    these words, never the markup: "!LOUD NOISES" or "**BOOM**" in a synopsis reads as a glitch.
    """
    if kind not in ELEMENT_TYPE:
        return " ".join(plain_text(line).split())
    text = make_element(kind, [line], 0, 0, [0]).text
    return " ".join(plain_text(text).split())


def build_elements(
    lines: list[str],
    types: list[LineType],
    starts: list[int] | None = None,
    lo: int = 0,
    hi: int | None = None,
) -> list[Element]:
    """The elements of lines ``[lo, hi)`` (default: the whole document), in order.

    ``starts[i]`` must hold the offset of line ``i`` for every line in the range. The range must
    not cut through a run of same-type lines (the incremental parser only asks for ranges that
    start and end at element boundaries).
    """
    if starts is None:
        starts = line_starts(lines)
    elements: list[Element] = []
    append = elements.append
    n = len(types) if hi is None else hi
    empty = L_EMPTY
    runs = _RUNS
    make = make_element
    # The common one-line speech pieces skip the general path (a third of a parse's time).
    plain = {L_CHARACTER: E_CHARACTER, L_PARENTHETICAL: E_PARENTHETICAL, L_DIALOGUE: E_DIALOGUE}
    last = n - 1
    i = lo
    while i < n:
        kind = types[i]
        if kind is empty:
            i += 1
            continue
        etype = plain.get(kind)
        if etype is not None and (i == last or types[i + 1] is not kind):
            raw = lines[i]
            st = raw.strip()
            if st and "/*" not in raw and st[0] != "@" and st[-1] != "^":
                start = starts[i]
                append(Element(etype, st, i, i, start, start + len(raw), None, None, False, None))
                i += 1
                continue
        j = i
        if kind in runs:
            while j < last and types[j + 1] is kind:
                j += 1
            if kind is L_DIALOGUE and j > i:
                # Multi-line dialogue: the other common case, also built inline.
                chunk = lines[i : j + 1]
                text = "\n".join([line.strip() for line in chunk])
                if "/*" not in text:
                    start = starts[i]
                    end = starts[j] + len(lines[j])
                    append(Element(E_DIALOGUE, text, i, j, start, end, None, None, False, None))
                    i = j + 1
                    continue
        append(make(kind, lines, i, j, starts))
        i = j + 1
    return elements
