"""Inline markup inside an element's text: emphasis, escapes, notes, inline boneyard.

Spec (fountain.io/syntax, Emphasis): ``*italics*``, ``**bold**``, ``***bold italics***``,
``_underline_``, combinable (``_an *italicized* word within an underlined phrase_``); a backslash
escapes ``*`` and ``_``; as in Markdown, the text must touch the markers (``*69 and then *23`` is
not italic, ``_23 _`` is not underlined).

Line breaks. The spec says "as with Markdown, emphasis is not carried across line breaks", and its
example breaks a paragraph (a blank line between "*share a look." and "BAD.*": asterisks, no
italics). In Markdown a single line break inside a paragraph does not end emphasis, and
afterwriting (the reference renderer) carries it over; Beat reads each line alone and prints the
markers. The rule here: emphasis may run across the line breaks of one paragraph (the lines of one
element with no blank line between them: ``**pulls\nthe trigger**`` is bold on both lines, its
markers never printed) and never across a blank line, where the markers stay text as the spec shows.
A line read alone (the editor's highlighter works line by line) sees only its own markers.

``parse_inline`` returns spans with both the content range and the marker ranges, so the
highlighter can dim the markers and the PDF writer can drop them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

BOLD = "bold"
ITALIC = "italic"
UNDERLINE = "underline"
ESCAPE = "escape"
NOTE = "note"
BONEYARD = "boneyard"

_ESCAPE = re.compile(r"\\[*_\\]")
_MASK = "\x00"


@dataclass(frozen=True, slots=True)
class Span:
    """Markup over ``text[start:end]``; the content is ``text[inner_start:inner_end]``.

    The opening marker is ``[start, inner_start)`` and the closing one ``[inner_end, end)``; for an
    escape the backslash is the opening marker and the escaped character the content.
    """

    kind: str
    start: int
    end: int
    inner_start: int
    inner_end: int

    @property
    def markers(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (self.start, self.inner_start), (self.inner_end, self.end)


def _pairs(work: str, marker: str) -> list[tuple[int, int]]:
    """Non-overlapping ``marker``-delimited spans of one line, leftmost-first, nearest closer.

    Same matches as the regex ``M(?=\\S)(.+?)(?<=\\S)M`` scanned left to right, in linear time:
    the lazy regex is quadratic on a long line full of unmatched markers (a pasted log, a row of
    asterisks), which would freeze the highlighter.
    """
    n = len(work)
    width = len(marker)
    # Where a closing marker can start (text touches it on the left), found marker by marker: a
    # paragraph of several lines is scanned only where its markers are.
    closers: list[int] = []
    q = work.find(marker, 1)
    while 0 < q <= n - width:
        if not work[q - 1].isspace():
            closers.append(q)
        q = work.find(marker, q + 1)
    out: list[tuple[int, int]] = []
    p = work.find(marker)
    while 0 <= p < n - width:
        after = p + width
        if not work[after].isspace():
            k = bisect.bisect_left(closers, after + 1)
            q = closers[k] if k < len(closers) else n
            if q >= n:
                break  # no closer after this opener, hence none after any later opener
            out.append((p, q + width))
            p = work.find(marker, q + width)
        else:
            p = work.find(marker, p + 1)
    return out


def _emphasis(line: str, base: int, out: list[Span]) -> None:
    """Emphasis spans of one line (offsets shifted by ``base``)."""
    chars = list(line)
    for m in _ESCAPE.finditer(line):
        s = m.start()
        out.append(Span(ESCAPE, base + s, base + s + 2, base + s + 1, base + s + 2))
        chars[s] = chars[s + 1] = _MASK
    work = "".join(chars)
    if "*" in work:
        for s, e in _pairs(work, "***"):
            out.append(Span(BOLD, base + s, base + e, base + s + 2, base + e - 2))
            out.append(Span(ITALIC, base + s + 2, base + e - 2, base + s + 3, base + e - 3))
            chars[s : s + 3] = chars[e - 3 : e] = _MASK * 3
        work = "".join(chars)
        for s, e in _pairs(work, "**"):
            out.append(Span(BOLD, base + s, base + e, base + s + 2, base + e - 2))
            chars[s : s + 2] = chars[e - 2 : e] = _MASK * 2
        work = "".join(chars)
        for s, e in _pairs(work, "*"):
            out.append(Span(ITALIC, base + s, base + e, base + s + 1, base + e - 1))
    if "_" in work:
        for s, e in _pairs(work, "_"):
            out.append(Span(UNDERLINE, base + s, base + e, base + s + 1, base + e - 1))


def _delimited(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """``opener ... closer`` spans (may cross lines), leftmost-first, in linear time."""
    out: list[tuple[int, int]] = []
    p = text.find(opener)
    while p >= 0:
        q = text.find(closer, p + 2)
        if q < 0:
            break
        out.append((p, q + 2))
        p = text.find(opener, q + 2)
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """``(offset, text)`` of each run of lines with no blank (or all-space) line inside it."""
    if "\n" not in text:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if not line.strip():
            if pos > start:
                out.append((start, text[start : pos - 1]))
            start = end + 1
        pos = end + 1
    if start < len(text):
        out.append((start, text[start:]))
    return out


def parse_inline(text: str) -> list[Span]:
    """All inline spans of ``text`` (may span lines for notes and boneyard), sorted by start."""
    spans: list[Span] = []
    hidden = text
    for opener, closer, kind in (("[[", "]]", NOTE), ("/*", "*/", BONEYARD)):
        if opener not in hidden:
            continue
        found = _delimited(hidden, opener, closer)
        if not found:
            continue
        chars = list(hidden)
        for s, e in found:
            spans.append(Span(kind, s, e, s + 2, e - 2))
            chars[s:e] = _MASK * (e - s)
        hidden = "".join(chars)
    if "*" in hidden or "_" in hidden or "\\" in hidden:
        for start, paragraph in _paragraphs(hidden):
            if "*" in paragraph or "_" in paragraph or "\\" in paragraph:
                _emphasis(paragraph, start, spans)
    spans.sort(key=lambda span: (span.start, -span.end))
    return spans


def plain_text(text: str) -> str:
    """``text`` as printed: notes and inline boneyard removed, emphasis markers and escapes dropped."""
    spans = parse_inline(text)
    if not spans:
        return text
    drop = bytearray(len(text))
    for span in spans:
        if span.kind in (NOTE, BONEYARD):
            drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        else:
            drop[span.start : span.inner_start] = b"\x01" * (span.inner_start - span.start)
            drop[span.inner_end : span.end] = b"\x01" * (span.end - span.inner_end)
    return "".join(ch for ch, gone in zip(text, drop, strict=True) if not gone)


def styles_at(spans: list[Span], length: int) -> list[frozenset[str]]:
    """Per-character set of emphasis kinds in force (content only), for renderers."""
    styles: list[set[str]] = [set() for _ in range(length)]
    for span in spans:
        if span.kind in (BOLD, ITALIC, UNDERLINE):
            for i in range(span.inner_start, min(span.inner_end, length)):
                styles[i].add(span.kind)
    return [frozenset(s) for s in styles]
