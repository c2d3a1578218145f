"""Where the printed lines of one source line break, as offsets into the Fountain text on screen.

The page view shows the Fountain source (markup included) but must break every line where the
printed page does (docs/ARCHITECTURE.md, "The page is the print"). So it never asks Qt to wrap:
it asks this module where each printed line starts in the source line and lays out exactly those
characters per screen line. Two sources for the printed lines:

- ``estimate_lines``: the line on its own, canonicalised as the parser does (force markers,
  ``@``, ``^``, scene numbers dropped), its markup removed as pagination does (``styled``) and
  wrapped by pagination's own ``wrap`` at the element's column width. This is exact except where
  pagination knows more than one line can: a paragraph or speech split across pages (the tail
  restarts at a sentence) and the first speech of dual dialogue (printed in the half-width column).
- ``printed_by_source_line``: the lines of a finished pagination, which covers those cases; the
  page view prefers them while they still match the text (``source_starts`` checks that).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from editor.fountain import inline
from editor.fountain.elements import ELEMENT_TYPE, make_element
from editor.fountain.lines import title_key
from editor.fountain.model import ElementType, LineType
from editor.fountain.page_geometry import PageGeometry
from editor.fountain.pagination import LineKind, Pagination, styled, text_width, wrap

#: Line types that print (the others are the writer's own: notes, synopses, sections, title page).
_PRINTED = frozenset(
    {
        LineType.ACTION,
        LineType.SCENE_HEADING,
        LineType.CHARACTER,
        LineType.PARENTHETICAL,
        LineType.DIALOGUE,
        LineType.TRANSITION,
        LineType.CENTERED,
        LineType.LYRICS,
        LineType.DUAL_CHARACTER,
        LineType.DUAL_PARENTHETICAL,
        LineType.DUAL_DIALOGUE,
    }
)
_DUAL_PART = {
    LineType.DUAL_CHARACTER: "cue",
    LineType.DUAL_PARENTHETICAL: "parenthetical",
    LineType.DUAL_DIALOGUE: "dialogue",
}
_UNPRINTED_KINDS = frozenset({LineKind.MORE, LineKind.PAGE_NUMBER, LineKind.SCENE_NUMBER, LineKind.TITLE})
_SCENE_NUMBER = re.compile(r"#[^#]*#")
_MARKUP = re.compile(r"[*_\\]|\[\[|/\*")


_SPEECH_PART = {
    LineType.CHARACTER: "cue",
    LineType.PARENTHETICAL: "parenthetical",
    LineType.DIALOGUE: "dialogue",
}


def column_width(line_type: LineType, geometry: PageGeometry, dual_left: bool = False) -> int:
    """Characters per printed line for ``line_type`` (unprinted lines use the action width).

    ``dual_left``: the line belongs to the first speech of dual dialogue (the left half-column).
    """
    if line_type in _DUAL_PART:
        return getattr(geometry.speech_columns(2), _DUAL_PART[line_type]).width
    if dual_left and line_type in _SPEECH_PART:
        return getattr(geometry.speech_columns(1), _SPEECH_PART[line_type]).width
    return geometry.column(ELEMENT_TYPE.get(line_type, ElementType.ACTION)).width


def estimate_lines(
    text: str, line_type: LineType, geometry: PageGeometry, dual_left: bool = False
) -> list[str] | None:
    """The printed lines of ``text`` alone, as pagination wraps it; None for a line that never prints."""
    if line_type not in _PRINTED:
        return None
    canonical = make_element(line_type, [text], 0, 0, [0]).text
    visible = styled(canonical).text
    return [visible[a:b] for a, b in wrap(visible, column_width(line_type, geometry, dual_left))]


def visible_index(text: str) -> tuple[str, list[int]]:
    """The characters of ``text`` that print (emphasis markers, notes, boneyard dropped, as in
    ``pagination.styled``) and, for each, its offset in ``text``."""
    if _MARKUP.search(text) is None:
        return text, list(range(len(text)))
    spans = inline.parse_inline(text)
    drop = bytearray(len(text))
    for span in spans:
        if span.kind in (inline.NOTE, inline.BONEYARD):
            drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        else:
            drop[span.start : span.inner_start] = b"\x01" * (span.inner_start - span.start)
            drop[span.inner_end : span.end] = b"\x01" * (span.end - span.inner_end)
    keep = [i for i in range(len(text)) if not drop[i]]
    return "".join([text[i] for i in keep]), keep


def _only_syntax(leftover: str) -> bool:
    """True when text around the printed lines is Fountain syntax only (``@ . ! > < ~ ^ #1#``)."""
    return not any(ch.isalnum() for ch in _SCENE_NUMBER.sub("", leftover))


def source_starts(text: str, printed: Sequence[str]) -> list[int] | None:
    """Offsets in ``text`` where each printed line begins on screen; None when they are not its text.

    The first line starts at 0 (force markers and indentation stay on it); a later line starts
    after the spaces that ended the line before, so an opening ``**`` goes with its word. None
    means ``printed`` describes some other text (a stale pagination): the caller estimates.
    """
    if not printed:
        return None
    visible, index = visible_index(text)
    prints = bytearray(len(text))
    for i in index:
        prints[i] = 1
    starts: list[int] = []
    pos = 0
    for k, line in enumerate(printed):
        wanted = line.strip()
        at = visible.find(wanted, pos)
        if at < 0:
            return None
        gap = visible[pos:at]
        if (k and gap.strip()) or (not k and not _only_syntax(gap)):
            return None
        if k == 0:
            starts.append(0)
        else:
            raw = index[at] if at < len(index) else len(text)
            # Markup right before the word (an opening ``**``) starts the line with it.
            while raw > 0 and text[raw - 1] != " " and not prints[raw - 1]:
                raw -= 1
            starts.append(raw)
        pos = at + len(wanted)
    if not _only_syntax(visible[pos:]):
        return None
    return starts


#: What may stand before a line's first printed word and hang left of its column on screen: the
#: indentation print drops, force markers (``@ ! . ~ >``) and opening emphasis (``* _``).
_HANGING = frozenset(" \t@!.~>*_")


def dropped_lead(text: str, first_printed: str) -> int:
    """Offset in ``text`` of the first word of ``first_printed`` (its first printed line) when all
    before it is indentation, force markers or emphasis markers; 0 otherwise.

    The page view hangs those characters left of the column, the way print leaves them out, so
    ``@McCLANE``, ``> THE END <`` and ``**BOOM**`` put their words where the PDF does. A note or
    boneyard before the words is not hung (it may be long); such a line keeps its column.
    """
    if not text or text[0].isalnum():
        return 0
    word = first_printed.strip()
    if not word:
        return 0
    visible, index = visible_index(text)
    at = visible.find(word)
    if at < 0:
        return 0
    lead = index[at]
    return lead if all(ch in _HANGING for ch in text[:lead]) else 0


def estimate_starts(
    text: str, line_type: LineType, geometry: PageGeometry, dual_left: bool = False
) -> tuple[list[int], list[str]]:
    """Screen line starts for ``text`` without a pagination, and the text each line prints.

    A line that does not print (a note, a synopsis, the title page) wraps at the action width.
    """
    lines = estimate_lines(text, line_type, geometry, dual_left)
    if lines is not None:
        starts = source_starts(text, lines)
        if starts is not None:
            return starts, lines
    spans = wrap(text, geometry.action_width)
    return [a for a, _b in spans], [text[a:b] for a, b in spans]


#: Title-page fields the printed title page centres, and those it sets flush right (the rest,
#: contact, notes and copyright, sit flush left at the bottom).
_CENTRED_FIELDS = frozenset({"title", "credit", "author", "authors", "source"})
_RIGHT_FIELDS = frozenset({"draft date", "date", "revision"})


def title_line_cells(text: str, key: str | None, geometry: PageGeometry) -> float:
    """Cells from the action margin where a title-page source line starts on screen.

    The page view shows the title page as the printed one lays it out (title, credit and author
    centred, dates flush right, contact flush left) while the line stays its own Fountain text: a
    ``Title:`` key sits just left of its value, so the value is where print centres it. ``key`` is
    the field the line belongs to (its own, or the one a continuation line continues).
    """
    own = title_key(text)
    value = own[1] if own is not None else text.strip()
    start = text.index(value) if value and own is not None else (len(text) - len(text.lstrip()))
    # The value's first printed character (after an opening ``**``) is where print centres from.
    _visible, index = visible_index(text)
    prefix = next((i for i in index if i >= start), start)
    width = text_width(styled(value).text)
    field = (key or "").strip().lower()
    if field in _CENTRED_FIELDS:
        start = max(0.0, (geometry.action_width - width) / 2)
    elif field in _RIGHT_FIELDS:
        start = max(0.0, geometry.action_width - width)
    else:
        return 0.0
    return max(-geometry.left_cells, start - prefix)


def printed_by_source_line(pagination: Pagination) -> dict[int, list[tuple[str, float]]]:
    """Each source line's printed lines ``(text, x_in)``, in order, as the pagination placed them.

    A speech continued on the next page repeats its cue with ``(CONT'D)``: only the first
    appearance of a line's text belongs to the source line, so the repeat is left out.
    """
    out: dict[int, list[tuple[str, float]]] = {}
    cues_seen: set[int] = set()
    for page in pagination.pages:
        page_cues: set[int] = set()
        for line in page.lines:
            if line.source_line < 0 or line.kind in _UNPRINTED_KINDS:
                continue
            if line.kind is LineKind.CHARACTER:
                if line.source_line in cues_seen:
                    continue
                page_cues.add(line.source_line)
            out.setdefault(line.source_line, []).append((line.text, line.x_in))
        cues_seen |= page_cues
    return out
