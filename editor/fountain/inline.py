"""Inline markup inside an element's text: emphasis, escapes, notes, inline boneyard.

Spec (fountain.io/syntax, Emphasis): ``*italics*``, ``**bold**``, ``***bold italics***``,
``_underline_``, combinable (``_an *italicized* word within an underlined phrase_``); a backslash
escapes ``*`` and ``_``; emphasis does not carry across line breaks; as in Markdown, the text
must touch the markers (``*69 and then *23`` is not italic, ``_23 _`` is not underlined).

``parse_inline`` returns spans with both the content range and the marker ranges, so the
highlighter can dim the markers and the PDF writer can drop them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOLD = "bold"
ITALIC = "italic"
UNDERLINE = "underline"
ESCAPE = "escape"
NOTE = "note"
BONEYARD = "boneyard"

_ESCAPE = re.compile(r"\\[*_\\]")
_BOLD_ITALIC = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_UNDERLINE = re.compile(r"_(?=\S)(.+?)(?<=\S)_")
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_BONEYARD = re.compile(r"/\*.*?\*/", re.DOTALL)
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


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + _MASK * (end - start) + text[end:]


def _emphasis(line: str, base: int, out: list[Span]) -> None:
    """Emphasis spans of one line (offsets shifted by ``base``)."""
    work = line
    for m in _ESCAPE.finditer(line):
        s = m.start()
        out.append(Span(ESCAPE, base + s, base + s + 2, base + s + 1, base + s + 2))
        work = _mask(work, s, s + 2)
    if "*" in work:
        for m in list(_BOLD_ITALIC.finditer(work)):
            s, e = m.start(), m.end()
            out.append(Span(BOLD, base + s, base + e, base + s + 2, base + e - 2))
            out.append(Span(ITALIC, base + s + 2, base + e - 2, base + s + 3, base + e - 3))
            work = _mask(_mask(work, s, s + 3), e - 3, e)
        for m in list(_BOLD.finditer(work)):
            s, e = m.start(), m.end()
            out.append(Span(BOLD, base + s, base + e, base + s + 2, base + e - 2))
            work = _mask(_mask(work, s, s + 2), e - 2, e)
        for m in _ITALIC.finditer(work):
            s, e = m.start(), m.end()
            out.append(Span(ITALIC, base + s, base + e, base + s + 1, base + e - 1))
    if "_" in work:
        for m in _UNDERLINE.finditer(work):
            s, e = m.start(), m.end()
            out.append(Span(UNDERLINE, base + s, base + e, base + s + 1, base + e - 1))


def parse_inline(text: str) -> list[Span]:
    """All inline spans of ``text`` (may span lines for notes and boneyard), sorted by start."""
    spans: list[Span] = []
    hidden = text
    for pattern, kind, width in ((_NOTE, NOTE, 2), (_BONEYARD, BONEYARD, 2)):
        if pattern is _NOTE and "[[" not in hidden:
            continue
        if pattern is _BONEYARD and "/*" not in hidden:
            continue
        for m in pattern.finditer(hidden):
            s, e = m.start(), m.end()
            spans.append(Span(kind, s, e, s + width, e - width))
            hidden = _mask(hidden, s, e)
    if "*" in hidden or "_" in hidden or "\\" in hidden:
        base = 0
        for line in hidden.split("\n"):
            if "*" in line or "_" in line or "\\" in line:
                _emphasis(line, base, spans)
            base += len(line) + 1
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
