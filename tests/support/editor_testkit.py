"""Helpers for editor tests: typing like a writer and letting the event loop settle."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QWidget

SPECIAL = {"\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab, "\b": Qt.Key.Key_Backspace}


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Key events, one per character: ``\\n`` is Enter, ``\\t`` Tab, ``\\b`` Backspace."""
    for ch in text:
        key = SPECIAL.get(ch)
        if key is not None:
            qtbot.keyClick(widget, key)
        else:
            qtbot.keyClicks(widget, ch)


def drain() -> None:
    """Let queued work (deferred re-highlighting, repaints) run, as the event loop would."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def types_of(editor) -> list[str]:
    return [t.name for t in editor.script_document.parser.line_types]
