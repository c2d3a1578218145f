"""Enter opens paragraphs the way a screenwriter expects: one blank line, never two, no stray spaces."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from support.editor_testkit import type_text


def _put_cursor(editor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def test_enter_mid_action_starts_a_new_paragraph_without_the_leading_space(qtbot, make_editor) -> None:
    editor = make_editor("Bob sits. He waits.\n")
    _put_cursor(editor, len("Bob sits."))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.script_document.text() == "Bob sits.\n\nHe waits.\n"
    assert editor.textCursor().block().text() == "He waits."
    assert editor.textCursor().positionInBlock() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.script_document.text() == "Bob sits. He waits.\n"


def test_enter_after_the_space_mid_action_also_splits_cleanly(qtbot, make_editor) -> None:
    editor = make_editor("INT. A - DAY\n\nBob sits. He waits.\n")
    _put_cursor(editor, len("INT. A - DAY\n\nBob sits. "))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.script_document.text() == "INT. A - DAY\n\nBob sits.\n\nHe waits.\n"


def test_enter_mid_dialogue_stays_a_plain_line_break(qtbot, make_editor) -> None:
    editor = make_editor("BOB\nHello there. Bye.\n")
    _put_cursor(editor, len("BOB\nHello there."))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Still one speech: no blank line would end it.
    assert editor.script_document.text().startswith("BOB\nHello there.\n")
    assert "\n\n" not in editor.script_document.text()


def test_enter_twice_after_dialogue_leaves_one_blank_line(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tbob\nHello.\n\nHe leaves.")
    assert editor.script_document.text() == "BOB\nHello.\n\nHe leaves."


def test_enter_twice_after_action_leaves_one_blank_line_but_a_third_is_the_writers(
    qtbot, make_editor
) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "Rain.\n\nWind.\n\n\nEXT. ROOF - DAY")
    assert editor.script_document.text() == "Rain.\n\nWind.\n\n\nEXT. ROOF - DAY"


def test_tab_then_enter_on_the_empty_line_does_not_add_a_second_blank(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tbob\nHello.\n\t\nShe leaves.")
    assert editor.script_document.text() == "BOB\nHello.\n\nShe leaves."


def test_blank_lines_typed_elsewhere_are_kept(qtbot, make_editor) -> None:
    editor = make_editor("Rain.\n\nWind.")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    _put_cursor(editor, len("Rain.\n"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.script_document.text() == "Rain.\n\n\nWind."


def test_tab_right_under_text_then_enter_does_not_add_a_second_blank(qtbot, make_editor) -> None:
    editor = make_editor("Rain.\n")
    _put_cursor(editor, len("Rain.\n"))
    type_text(qtbot, editor, "\t\nWind.")
    assert editor.script_document.text() == "Rain.\n\nWind."
