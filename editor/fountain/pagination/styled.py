"""Styled text: the visible characters of Fountain text plus one style byte per character.

Emphasis markers, escape backslashes, inline notes and boneyard are markup, not print: ``styled``
drops them and records bold, italic and underline per character, from the engine's own
``parse_inline`` so that the page shows exactly what the editor highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.fountain import inline
from editor.fountain.pagination.pages import Run

# Style bits for styled text.
BOLD = 1
ITALIC = 2
UNDERLINE = 4


@dataclass(slots=True)
class StyledText:
    text: str
    styles: bytes | None = None  # None: all plain

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> StyledText:
        return StyledText(self.text[start:end], None if self.styles is None else self.styles[start:end])

    def runs(self, start: int = 0, end: int | None = None) -> tuple[Run, ...]:
        end = len(self.text) if end is None else end
        if start >= end:
            return ()
        if self.styles is None:
            return (Run(self.text[start:end]),)
        out: list[Run] = []
        run_start = start
        current = self.styles[start]
        for i in range(start + 1, end + 1):
            style = self.styles[i] if i < end else -1
            if style != current:
                out.append(
                    Run(
                        self.text[run_start:i],
                        bool(current & BOLD),
                        bool(current & ITALIC),
                        bool(current & UNDERLINE),
                    )
                )
                run_start = i
                current = style
        return tuple(out)

    def with_style(self, bit: int) -> StyledText:
        """The same text with ``bit`` added to every character (lyrics and printed notes: italic)."""
        mask = self.styles or bytes(len(self.text))
        return StyledText(self.text, bytes(b | bit for b in mask))


_MARKUP = re.compile(r"[*_\\]|\[\[|/\*")
_STYLE_BITS = {inline.BOLD: BOLD, inline.ITALIC: ITALIC, inline.UNDERLINE: UNDERLINE}


def styled(text: str, *, keep_notes: bool = False, keep_boneyard: bool = False) -> StyledText:
    """Turn one line of Fountain text into visible characters and their emphasis.

    Emphasis markers and escape backslashes are dropped, inline boneyard and notes too unless asked
    to keep them. Spans come from the engine's ``parse_inline``, so the page shows exactly what the
    editor highlights. Line breaks are never dropped (see ``styled_lines``).
    """
    if _MARKUP.search(text) is None:
        return StyledText(text)
    spans = inline.parse_inline(text)
    if not spans:
        return StyledText(text)
    n = len(text)
    drop = bytearray(n)
    style = bytearray(n)
    for span in spans:
        if span.kind == inline.NOTE:
            if not keep_notes:
                drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        elif span.kind == inline.BONEYARD:
            if not keep_boneyard:
                drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        else:
            drop[span.start : span.inner_start] = b"\x01" * (span.inner_start - span.start)
            drop[span.inner_end : span.end] = b"\x01" * (span.end - span.inner_end)
            bit = _STYLE_BITS.get(span.kind, 0)
            if bit:
                for i in range(span.inner_start, span.inner_end):
                    style[i] |= bit
    if "\n" in text:
        for i, ch in enumerate(text):
            if ch == "\n":
                drop[i] = 0  # a note or boneyard across lines still leaves the lines apart
    keep = [i for i in range(n) if not drop[i]]
    visible = "".join([text[i] for i in keep])
    mask = bytes([style[i] for i in keep])
    return StyledText(visible, mask if any(mask) else None)


def styled_lines(text: str, *, keep_notes: bool = False, keep_boneyard: bool = False) -> list[StyledText]:
    """Each line of one element's text as printed, one ``StyledText`` per source line.

    The element is styled as a whole, so emphasis that runs across its line breaks prints styled
    on every line it covers and its markers nowhere (``editor.fountain.inline``: within a
    paragraph, never across a blank line).
    """
    if "\n" not in text:
        return [styled(text, keep_notes=keep_notes, keep_boneyard=keep_boneyard)]
    if _MARKUP.search(text) is None:
        return [StyledText(line) for line in text.split("\n")]
    whole = styled(text, keep_notes=keep_notes, keep_boneyard=keep_boneyard)
    out: list[StyledText] = []
    pos = 0
    for line in whole.text.split("\n"):
        out.append(whole.slice(pos, pos + len(line)))
        pos += len(line) + 1
    return out


def styled_runs(text: str, *, keep_notes: bool = False, keep_boneyard: bool = False) -> tuple[Run, ...]:
    """Styled runs of one line of Fountain text (used by FDX and HTML export)."""
    return styled(text, keep_notes=keep_notes, keep_boneyard=keep_boneyard).runs()
