"""Incremental classification for the editor: re-classify only what an edit can change.

A line's type depends on the previous line's type and carried state, the line and whether the next
line is blank (see ``lines.py``). So after replacing lines ``[first, first+removed)`` we re-classify
from the line before the edit (its "next line" changed) and ripple forward, stopping at the first
line past the edit whose type *and* carried state come out unchanged: from there on every input is
the same as before, so every output is too. Typing in the middle of a 6,000-line script touches
two or three lines; opening a boneyard ``/*`` re-types everything after it, as it must.

``script()`` rebuilds the model from the cached line types (no re-classification) and caches it
until the next edit. Elements of the lines no edit touched since the last ``script()`` are reused
(shifted to their new lines and offsets), so only the edited stretch is rebuilt; a ``Script``
handed out earlier is never mutated, so another thread may keep reading it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from editor.fountain.builder import build_script
from editor.fountain.elements import build_elements, line_starts
from editor.fountain.lines import START, classify_all, classify_line
from editor.fountain.model import Element, LineType, Script
from editor.fountain.parser import split_lines


class IncrementalParser:
    """Line types of a document kept up to date across edits; equal to a full parse at all times."""

    def __init__(self, text: str = "") -> None:
        self.lines: list[str] = split_lines(text)
        self.line_types: list[LineType]
        self._states: list[int]
        self.line_types, self._states = classify_all(self.lines)
        self._script: Script | None = None
        # Elements of the last built script, and which lines have changed since: lines before
        # ``_clean_head`` and the last ``_clean_tail`` lines are untouched (text and type).
        self._elements: list[Element] | None = None
        self._built_lines = 0
        self._built_length = 0
        self._clean_head = 0
        self._clean_tail = 0

    def text(self) -> str:
        """The current LF-normalised text."""
        return "\n".join(self.lines)

    def set_text(self, text: str) -> range:
        """Replace the whole document (file reload); returns the range of all lines."""
        self.lines = split_lines(text)
        self.line_types, self._states = classify_all(self.lines)
        self._script = None
        self._elements = None
        return range(len(self.lines))

    def replace_lines(self, first: int, removed: int, new_lines: list[str]) -> range:
        """Replace lines ``[first, first+removed)`` with ``new_lines``.

        Returns the range of line indices (new numbering) that were re-classified: every line whose
        type may have changed, the inserted lines included. The document always keeps at least one
        (possibly empty) line, as a QTextDocument does.
        """
        lines = self.lines
        n_old = len(lines)
        if first < 0 or removed < 0 or first + removed > n_old:
            raise IndexError(f"replace_lines({first}, {removed}) outside a {n_old}-line document")
        for line in new_lines:
            if "\n" in line or "\r" in line:
                raise ValueError("new_lines must not contain line breaks")
        self._script = None
        types = self.line_types
        states = self._states
        added = len(new_lines)
        lines[first : first + removed] = new_lines
        types[first : first + removed] = [LineType.EMPTY] * added
        states[first : first + removed] = [-1] * added
        if not lines:
            lines.append("")
            types.append(LineType.EMPTY)
            states.append(-1)
            added = 1 if first == 0 else added
        n = len(lines)
        begin = first - 1 if first > 0 else 0
        must_reach = min(first + added, n - 1)  # the first unchanged line after the edit
        if begin > 0:
            prev = types[begin - 1]
            state = states[begin - 1]
        else:
            prev = LineType.EMPTY
            state = START
        last = n - 1
        classify = classify_line
        i = begin
        while i < n:
            kind, new_state = classify(lines[i], prev, state, lines[i + 1] if i < last else None)
            if i >= must_reach and kind is types[i] and new_state == states[i]:
                break
            types[i] = kind
            states[i] = new_state
            prev = kind
            state = new_state
            i += 1
        changed = range(begin, max(i, min(first + added, n)))
        self._clean_head = min(self._clean_head, changed.start)
        self._clean_tail = min(self._clean_tail, n - changed.stop)
        return changed

    def script(self) -> Script:
        """The model for the current text, built from the cached line types."""
        if self._script is None:
            lines = self.lines
            text = self.text()
            if self._elements is None:
                elements = build_elements(lines, self.line_types, line_starts(lines))
            else:
                elements = self._rebuild_elements(len(text))
            self._script = build_script(text, list(self.line_types), elements, len(lines))
            self._elements = elements
            self._built_lines = len(lines)
            self._built_length = len(text)
            self._clean_head = len(lines)
            self._clean_tail = len(lines)
        return self._script

    def _rebuild_elements(self, length: int) -> list[Element]:
        """Reuse the previous elements outside the edited stretch; rebuild only the stretch."""
        old = self._elements
        assert old is not None
        lines = self.lines
        n = len(lines)
        # Head: elements ending two lines or more above the first changed line (an element ending
        # right above it could run on into it).
        h = bisect_right(old, self._clean_head - 2, key=_end_line)
        # Tail: elements starting at least one line inside the untouched tail (in old numbering).
        tail_first_old = self._built_lines - self._clean_tail + 1
        t = bisect_left(old, tail_first_old, key=_line)
        t = max(t, h)
        head = old[:h]
        lo = head[-1].end_line + 1 if head else 0
        dl = n - self._built_lines
        ds = length - self._built_length
        if t < len(old):
            hi = old[t].line + dl
            if dl or ds:
                tail = [
                    Element(
                        e.type,
                        e.text,
                        e.line + dl,
                        e.end_line + dl,
                        e.start + ds,
                        e.end + ds,
                        e.scene_number,
                        e.level,
                        e.dual,
                        e.fields,
                    )
                    for e in old[t:]
                ]
            else:
                tail = old[t:]
        else:
            hi = n
            tail = []
        starts = [0] * n
        pos = head[-1].end + 1 if head else 0
        for i in range(lo, hi):
            starts[i] = pos
            pos += len(lines[i]) + 1
        middle = build_elements(lines, self.line_types, starts, lo, hi)
        return head + middle + tail


def _end_line(element: Element) -> int:
    return element.end_line


def _line(element: Element) -> int:
    return element.line
