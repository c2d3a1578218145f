"""Where one undo step of typing ends, so Ctrl+Z takes back a word, as in Final Draft or Word.

Qt merges every contiguous insertion into the last undo step, so a paragraph typed over a minute
vanished with one Ctrl+Z. Qt merges a plain insertion into the preceding step when that step is an
insertion ending where the new text starts, even a step made by an edit block; and it never merges
an insertion made inside an edit block into the step before it. So the editor inserts the first
character of each new step inside an edit block of its own (a word after a space, anything after a
pause, after another edit or a cursor move) and lets the following characters merge into it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QTextCursor, QTextDocument

PAUSE_S = 1.0


class TypingUndo:
    """Tracks the typing run in one document; ``clock`` is replaceable so tests need not sleep."""

    def __init__(self, qdoc: QTextDocument, clock: Callable[[], float] = time.monotonic) -> None:
        self.qdoc = qdoc
        self.clock = clock
        self._revision = -1
        self._position = -1
        self._last_char = ""
        self._last_time = 0.0

    def starts_step(self, cursor: QTextCursor, text: str) -> bool:
        """Whether ``text`` typed at ``cursor`` must begin a new undo step."""
        if cursor.hasSelection() or self.qdoc.revision() != self._revision:
            return True
        if cursor.position() != self._position or self.clock() - self._last_time >= PAUSE_S:
            return True
        return self._last_char.isspace() and not text[:1].isspace()

    def typed(self, cursor: QTextCursor, text: str) -> None:
        """Remember where the typing run stands after ``text`` went in (and any auto-correction)."""
        self._revision = self.qdoc.revision()
        self._position = cursor.position()
        self._last_char = text[-1:] if text else self._last_char
        self._last_time = self.clock()
