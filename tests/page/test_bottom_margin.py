"""The cursor line keeps two lines of margin above the view's bottom edge (typewriter mode aside),
so a new line or ghost text rows under the cursor are never half off screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from support.editor_testkit import type_text

from editor.page.script_editor import MARGIN_LINES


def test_writing_at_the_end_keeps_two_lines_under_the_cursor(qtbot, make_editor) -> None:
    editor = make_editor("".join(f"Line {i} of action.\n\n" for i in range(60)), height=500)
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    line = editor._line_height()
    for i in range(6):
        type_text(qtbot, editor, f"More {i}.\n")
        assert editor.cursorRect().bottom() + MARGIN_LINES * line <= editor.viewport().height() + 1


def test_moving_down_keeps_the_margin_and_typewriter_mode_centres_instead(qtbot, make_editor) -> None:
    editor = make_editor("".join(f"Line {i} of action.\n\n" for i in range(80)), height=500)
    line = editor._line_height()
    for _ in range(40):
        qtbot.keyClick(editor, Qt.Key.Key_Down)
        assert editor.cursorRect().bottom() + MARGIN_LINES * line <= editor.viewport().height() + 1
    editor.set_typewriter_mode(True)
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    middle = editor.viewport().height() / 2
    assert abs(editor.cursorRect().center().y() - middle) < 2 * line


def test_a_short_script_gets_no_scroll_bar(qtbot, make_editor) -> None:
    editor = make_editor("INT. ROOM - DAY\n\nShort.\n", height=500)
    type_text(qtbot, editor, "\nMore.\n")
    assert editor.verticalScrollBar().maximum() == 0
