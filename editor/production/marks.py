"""Revision marks per line, and character spans that follow the text through edits.

Two ways of keeping marks attached to text, each where it is the robust one:

- **Revision marks** are per printed line and are *recomputed*, never tracked keystroke by
  keystroke: the current marks are a function of the revision base (the text when the revision
  started, with the marks it had) and the text now, through the scene-aware comparison of
  ``compare``. Unchanged lines keep their generation (moved scenes included), changed and added
  lines get the current one. Undo, paste, find-and-replace, an external reload: whatever happened,
  the same text gives the same marks, and a save then reopen gives the same marks again (the saved
  text and marks become the new base).
- **Spans** (AI-written passages) are character ranges that must not grow into the writer's own
  typing, so they are *tracked* edit by edit (``SpanTracker.apply``): text typed inside a span
  splits it (the typed part is the writer's), deleted text shrinks it, and a span whose text is
  all gone disappears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from editor.fountain.model import Script
from editor.fountain.parser import parse
from editor.production.compare import compare_scripts


def carry_marks(
    base: Script | str,
    base_marks: Mapping[int, int],
    current: Script | str,
    generation: int | None,
) -> dict[int, int]:
    """The marks of ``current`` (line -> generation) from the base's marks.

    Changed lines get ``generation``; with None (no revision being recorded) they lose any mark.
    """
    old = parse(base) if isinstance(base, str) else base
    new = parse(current) if isinstance(current, str) else current
    comparison = compare_scripts(old, new)
    marks: dict[int, int] = {}
    for new_line, old_line in comparison.line_map.items():
        if old_line in base_marks:
            marks[new_line] = base_marks[old_line]
    for line in comparison.changed_lines:
        if generation is None:
            marks.pop(line, None)
        else:
            marks[line] = generation
    return marks


def marks_from_comparison(changed_lines: list[int], generation: int) -> dict[int, int]:
    """Marks for a draft compared with a base that had none ("use this as the revision base")."""
    return dict.fromkeys(changed_lines, generation)


def next_mark(marks: Mapping[int, int], line: int, forward: bool = True) -> int | None:
    """The first marked line after (or before) ``line`` that starts a new run of marks."""
    if not marks:
        return None
    ordered = sorted(marks)
    starts = [k for k in ordered if k - 1 not in marks]
    if forward:
        return next((k for k in starts if k > line), None)
    before = [k for k in starts if k < line and not (k <= line <= _run_end(marks, k))]
    return before[-1] if before else None


def _run_end(marks: Mapping[int, int], start: int) -> int:
    end = start
    while end + 1 in marks:
        end += 1
    return end


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the document with what is known about where it came from."""

    start: int
    end: int
    model: str
    date: str
    source: str = "ai"  # ghost, suggestion, rewrite, draft, synopsis

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "model": self.model,
            "date": self.date,
            "kind": self.source,
        }


class SpanTracker:
    """Keeps spans on their text while the document is edited (see the module docstring)."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self.spans: list[Span] = sorted(spans or [], key=lambda s: s.start)

    def add(self, span: Span) -> None:
        if span.end > span.start:
            self.spans.append(span)
            self.spans.sort(key=lambda s: s.start)

    def clear(self) -> None:
        self.spans = []

    def apply(self, position: int, removed: int, added: int) -> None:
        """Follow one edit: ``removed`` characters at ``position`` replaced by ``added`` new ones."""
        if not self.spans or (removed == 0 and added == 0):
            return
        delta = added - removed
        cut_end = position + removed
        out: list[Span] = []
        for span in self.spans:
            if span.end <= position:
                # Entirely before the edit. (Typing right after a span is the writer's, not the AI's.)
                out.append(span)
            elif span.start >= cut_end and not (span.start == position and removed == 0):
                out.append(replace(span, start=span.start + delta, end=span.end + delta))
            elif span.start >= cut_end:
                # Typing right before a span: the span moves, the typed text is not part of it.
                out.append(replace(span, start=span.start + delta, end=span.end + delta))
            else:
                # The edit touches the span: keep what is left of it on both sides.
                if span.start < position:
                    out.append(replace(span, end=position))
                if span.end > cut_end:
                    out.append(replace(span, start=position + added, end=span.end + delta))
        self.spans = [s for s in out if s.end > s.start]

    def merged(self) -> list[Span]:
        """Adjacent spans of the same model and kind joined (what gets saved)."""
        out: list[Span] = []
        for span in sorted(self.spans, key=lambda s: s.start):
            if (
                out
                and out[-1].end == span.start
                and (out[-1].model, out[-1].source) == (span.model, span.source)
            ):
                out[-1] = replace(out[-1], end=span.end)
            else:
                out.append(span)
        return out
