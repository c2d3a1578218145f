"""Turn classified lines into ``Element``s with exact line and character spans.

Runs of lines of one type that form a single element (an action paragraph, a block of dialogue
lines, the title page, a multi-line note or boneyard, consecutive lyrics or centred lines) become
one element; every other line type is one element per line. Text is canonical: force markers,
scene numbers, the dual ``^`` and centring ``> <`` are removed; indentation is kept for Action only
(spec: "Tabs and spaces are retained in Action elements"), and ignored everywhere else.
"""

from __future__ import annotations

import re

from editor.fountain.lines import title_key
from editor.fountain.model import Element, ElementType, LineType
from editor.fountain.rules import SCENE_NUMBER

_T = LineType
_E = ElementType
# Line types whose consecutive lines join into one element.
_RUNS = frozenset(
    (
        _T.ACTION,
        _T.DIALOGUE,
        _T.DUAL_DIALOGUE,
        _T.LYRICS,
        _T.CENTERED,
        _T.TITLE_PAGE,
        _T.BONEYARD,
        _T.NOTE,
    )
)
ELEMENT_TYPE: dict[LineType, ElementType] = {
    _T.ACTION: _E.ACTION,
    _T.SCENE_HEADING: _E.SCENE_HEADING,
    _T.CHARACTER: _E.CHARACTER,
    _T.PARENTHETICAL: _E.PARENTHETICAL,
    _T.DIALOGUE: _E.DIALOGUE,
    _T.TRANSITION: _E.TRANSITION,
    _T.CENTERED: _E.CENTERED,
    _T.LYRICS: _E.LYRICS,
    _T.PAGE_BREAK: _E.PAGE_BREAK,
    _T.SECTION: _E.SECTION,
    _T.SYNOPSIS: _E.SYNOPSIS,
    _T.NOTE: _E.NOTE,
    _T.BONEYARD: _E.BONEYARD,
    _T.TITLE_PAGE: _E.TITLE_PAGE,
    _T.DUAL_CHARACTER: _E.CHARACTER,
    _T.DUAL_PARENTHETICAL: _E.PARENTHETICAL,
    _T.DUAL_DIALOGUE: _E.DIALOGUE,
}
_NOTE_MARKS = re.compile(r"\[\[|\]\]")
_BONEYARD_MARKS = re.compile(r"/\*|\*/")
_INLINE_BONEYARD = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)


def line_starts(lines: list[str]) -> list[int]:
    """Character offset of each line in the LF-joined text."""
    starts = [0] * len(lines)
    pos = 0
    for i, line in enumerate(lines):
        starts[i] = pos
        pos += len(line) + 1
    return starts


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
    if "/*" in element.text and kind is not _T.BONEYARD:
        # Spec: boneyard text is ignored completely, including an inline /* ... */.
        element.text = _INLINE_BONEYARD.sub("", element.text)
    return element


def _make_element(kind: LineType, lines: list[str], first: int, last: int, starts: list[int]) -> Element:
    start = starts[first]
    end = starts[last] + len(lines[last])
    etype = ELEMENT_TYPE[kind]
    dual = kind is _T.DUAL_CHARACTER or kind is _T.DUAL_DIALOGUE or kind is _T.DUAL_PARENTHETICAL
    if first == last:
        raw = lines[first]
        st = raw.strip()
        if kind is _T.ACTION:
            return Element(etype, _action_line(raw), first, last, start, end)
        if kind is _T.DIALOGUE or kind is _T.DUAL_DIALOGUE or kind is _T.PARENTHETICAL:
            return Element(etype, st, first, last, start, end, dual=dual)
        if kind is _T.CHARACTER or kind is _T.DUAL_CHARACTER:
            if st.startswith("@"):
                st = st[1:].lstrip()
            if st.endswith("^"):
                st = st[:-1].rstrip()
            return Element(etype, st, first, last, start, end, dual=dual)
        if kind is _T.SCENE_HEADING:
            if st.startswith("."):
                st = st[1:]
            number = None
            m = SCENE_NUMBER.search(st)
            if m is not None:
                number = m.group(1)
                st = st[: m.start()]
            return Element(etype, st.strip(), first, last, start, end, scene_number=number)
        if kind is _T.TRANSITION:
            return Element(etype, st[1:].strip() if st.startswith(">") else st, first, last, start, end)
        if kind is _T.SECTION:
            body = st.lstrip("#")
            return Element(etype, body.strip(), first, last, start, end, level=len(st) - len(body))
        if kind is _T.SYNOPSIS or kind is _T.LYRICS:
            return Element(etype, st[1:].strip(), first, last, start, end)
        if kind is _T.CENTERED:
            return Element(etype, st[1:-1].strip(), first, last, start, end)
        if kind is _T.PAGE_BREAK:
            return Element(etype, "", first, last, start, end)
    chunk = lines[first : last + 1]
    if kind is _T.ACTION:
        text = "\n".join([_action_line(line) for line in chunk])
    elif kind is _T.DIALOGUE or kind is _T.DUAL_DIALOGUE:
        text = "\n".join([line.strip() for line in chunk])
    elif kind is _T.LYRICS:
        text = "\n".join([line.strip()[1:].strip() for line in chunk])
    elif kind is _T.CENTERED:
        text = "\n".join([line.strip()[1:-1].strip() for line in chunk])
    elif kind is _T.NOTE:
        text = _NOTE_MARKS.sub("", "\n".join([line.strip() for line in chunk])).strip()
    elif kind is _T.BONEYARD:
        text = _BONEYARD_MARKS.sub("", "\n".join(chunk)).strip()
    elif kind is _T.TITLE_PAGE:
        return Element(etype, "", first, last, start, end, fields=title_fields(chunk))
    else:  # pragma: no cover - every multi-line kind is listed above
        text = "\n".join(chunk)
    return Element(etype, text, first, last, start, end, dual=dual)


def build_elements(lines: list[str], types: list[LineType], starts: list[int] | None = None) -> list[Element]:
    """All elements of the document, in order."""
    if starts is None:
        starts = line_starts(lines)
    elements: list[Element] = []
    append = elements.append
    n = len(types)
    empty = _T.EMPTY
    runs = _RUNS
    make = make_element
    i = 0
    while i < n:
        kind = types[i]
        if kind is empty:
            i += 1
            continue
        j = i
        if kind in runs:
            while j + 1 < n and types[j + 1] is kind:
                j += 1
        append(make(kind, lines, i, j, starts))
        i = j + 1
    return elements
