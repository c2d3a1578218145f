"""The crash-recovery preview reads like tracked changes, not like a patch file."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPlainTextEdit

from editor.recovery.diff_view import ADDED_COLOR, REMOVED_COLOR, render_diff
from editor.recovery.restore import unified_diff

SAVED = "INT. ROOF - NIGHT\n\nHALE\nI told you not to come.\n\nWind.\n"
RECOVERED = "INT. ROOF - NIGHT\n\nHALE\nI told you to stay away.\n\nWind.\n\nHALE\nToo late.\n"


def _blocks(view: QPlainTextEdit) -> dict[str, object]:
    out = {}
    block = view.document().firstBlock()
    while block.isValid():
        fmt = block.begin().fragment().charFormat() if block.text() else None
        out[block.text()] = fmt
        block = block.next()
    return out


def test_removed_lines_are_struck_through_in_red_and_added_ones_green(qtbot) -> None:
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    diff, _, _ = unified_diff(SAVED, RECOVERED, "night.fountain")
    render_diff(view, diff)
    text = view.toPlainText()
    for header in ("---", "+++", "@@", "(saved)", "(recovered)"):
        assert header not in text
    assert "Around line 1:" in text
    blocks = _blocks(view)
    gone = blocks["I told you not to come."]
    assert gone.fontStrikeOut() and gone.foreground().color() == QColor(REMOVED_COLOR)
    new = blocks["I told you to stay away."]
    assert not new.fontStrikeOut() and new.foreground().color() == QColor(ADDED_COLOR)
    assert blocks["Too late."].foreground().color() == QColor(ADDED_COLOR)
    context = blocks["Wind."]
    assert context.foreground().color() not in (QColor(ADDED_COLOR), QColor(REMOVED_COLOR))
