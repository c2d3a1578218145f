"""Full parse: LF-normalised Fountain text to a ``Script``.

The editor normally goes through ``IncrementalParser``; this is the one-shot entry point for
opening files, exports, the command line and tests. Both share ``classify_line`` and
``build_elements``, so a full parse and any sequence of incremental edits give the same result.
"""

from __future__ import annotations

from editor.fountain.builder import build_script
from editor.fountain.elements import build_elements, line_starts
from editor.fountain.lines import classify_all
from editor.fountain.model import Script


def split_lines(text: str) -> list[str]:
    """The document's lines: ``text.split("\\n")`` (a final newline gives a last, empty line).

    Any stray CR (text that was not normalised) is treated as a line break too, so offsets stay
    consistent with what a QTextDocument would show.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse(text: str) -> Script:
    """Parse LF-normalised ``text``. Never raises on any string."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    types, _states = classify_all(lines)
    elements = build_elements(lines, types, line_starts(lines))
    return build_script(text, types, elements, len(lines))
