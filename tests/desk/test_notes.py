"""Notes as margin comments, the Notes dock, and Add Note on the selection."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from editor.desk.notes_view import add_note

SCRIPT = """INT. HOUSE - DAY [[red]]

Zara waits. [[too long?]] She leaves.

ZARA
Bye. [[funnier?]]
"""


def _open(make_window, qtbot, tmp_path: Path, size=(1600, 900)):
    path = tmp_path / "n.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    window = make_window(size=size)
    tab = window.open_path(path)
    margin = window.desk.margins[id(tab.editor)]
    qtbot.waitUntil(lambda: len(margin.notes) == 2)
    return window, tab, margin


def test_margin_cards_beside_their_lines_and_click_selects(make_window, qtbot, tmp_path) -> None:
    _window, tab, margin = _open(make_window, qtbot, tmp_path)
    assert margin.isVisible() and margin.width() >= 140
    assert margin.geometry().left() > tab.editor.viewport().geometry().right()  # beside the page, not on it
    margin.repaint()
    assert [note.text for _rect, note in margin._cards] == ["too long?", "funnier?"]
    first_rect = margin._cards[0][0]
    QTest.mouseClick(margin, Qt.MouseButton.LeftButton, pos=first_rect.center().toPoint())
    assert tab.editor.textCursor().selectedText() == "[[too long?]]"


def test_narrow_window_hides_the_margin(make_window, qtbot, tmp_path) -> None:
    _window, _tab, margin = _open(make_window, qtbot, tmp_path, size=(900, 700))
    assert not margin.isVisible()


def test_notes_dock_lists_filters_and_jumps(make_window, qtbot, tmp_path) -> None:
    window, tab, _margin = _open(make_window, qtbot, tmp_path)
    window.desk.show_notes()
    view = window.desk.notes
    qtbot.waitUntil(lambda: view.list.count() == 2)
    assert view.list.item(0).text().startswith("too long?\nScene 1")
    view.filter.setText("funn")
    assert [view.list.item(r).isHidden() for r in range(2)] == [True, False]
    view._jump(view.list.item(1))
    assert tab.editor.textCursor().selectedText() == "[[funnier?]]"


def test_add_note_after_the_selection_is_one_undo_step(make_window, qtbot, tmp_path) -> None:
    _window, tab, margin = _open(make_window, qtbot, tmp_path)
    editor = tab.editor
    block = tab.document.qdoc.findBlockByNumber(2)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index("She"))
    cursor.setPosition(block.position() + len(block.text()), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    add_note(editor, "cut this?")
    assert tab.document.line_text(2) == "Zara waits. [[too long?]] She leaves. [[cut this?]]"
    qtbot.waitUntil(lambda: len(margin.notes) == 3, timeout=5000)
    editor.undo()
    assert tab.document.text() == SCRIPT
