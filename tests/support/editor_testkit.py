"""Helpers for editor tests: typing like a writer and letting the event loop settle."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
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


def press(widget: QWidget, ch: str) -> None:
    """One key as a writer presses it, outside pytest (benchmarks, Xvfb sessions): ``\\n`` is
    Enter, ``\\t`` Tab, ``\\b`` Backspace, anything else is typed."""
    key = SPECIAL.get(ch)
    if key is not None:
        QTest.keyClick(widget, key)
    else:
        QTest.keyClicks(widget, ch)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile the benchmarks report (NaN for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def drain() -> None:
    """Let queued work (deferred re-highlighting, repaints) run, as the event loop would."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def types_of(editor) -> list[str]:
    return [t.name for t in editor.script_document.parser.line_types]
