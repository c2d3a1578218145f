"""Undo like a word processor: one Ctrl+Z takes back the last word typed, not the whole paragraph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from support.editor_testkit import type_text


def _undo(qtbot, editor) -> str:
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    return editor.script_document.text()


def _redo(qtbot, editor) -> str:
    qtbot.keyClick(
        editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    return editor.script_document.text()


class _Clock:
    """The typing clock, advanced by the test instead of sleeping."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _type_slowly(qtbot, editor, clock: _Clock, text: str, gap: float = 0.15) -> None:
    for ch in text:
        clock.now += gap
        type_text(qtbot, editor, ch)


def test_ctrl_z_takes_back_the_last_word_and_redo_restores_it(qtbot, make_editor) -> None:
    editor = make_editor()
    clock = _Clock()
    editor.typing_undo.clock = clock
    for sentence in ("Bob sits. ", "He waits for the bus. ", "It never comes."):
        _type_slowly(qtbot, editor, clock, sentence)
        clock.now += 2.0  # the writer stops to think
    full = "Bob sits. He waits for the bus. It never comes."
    assert editor.script_document.text() == full
    assert _undo(qtbot, editor) == "Bob sits. He waits for the bus. It never "
    assert _undo(qtbot, editor) == "Bob sits. He waits for the bus. It "
    assert _redo(qtbot, editor) == "Bob sits. He waits for the bus. It never "
    assert _redo(qtbot, editor) == full


def test_a_pause_inside_a_word_starts_a_new_step(qtbot, make_editor) -> None:
    editor = make_editor()
    clock = _Clock()
    editor.typing_undo.clock = clock
    _type_slowly(qtbot, editor, clock, "Unbeliev")
    clock.now += 1.5
    _type_slowly(qtbot, editor, clock, "able")
    assert _undo(qtbot, editor) == "Unbeliev"


def test_enter_and_tab_end_the_step_and_cues_undo_as_a_word(qtbot, make_editor) -> None:
    editor = make_editor()
    clock = _Clock()
    editor.typing_undo.clock = clock
    _type_slowly(qtbot, editor, clock, "Rain falls.\n\tmaya\nWhere were you?")
    text = editor.script_document.text()
    assert text == "Rain falls.\n\nMAYA\nWhere were you?"
    assert _undo(qtbot, editor) == "Rain falls.\n\nMAYA\nWhere were "
    assert _undo(qtbot, editor) == "Rain falls.\n\nMAYA\nWhere "
    assert _undo(qtbot, editor) == "Rain falls.\n\nMAYA\n"
    assert _undo(qtbot, editor) == "Rain falls.\n\nMAYA"
    # The upper-cased cue goes in one step, not a letter at a time.
    assert _undo(qtbot, editor).rstrip("\n") == "Rain falls."


def test_typing_after_a_one_step_insert_does_not_join_it(qtbot, make_editor) -> None:
    """An AI accept or paste is inserted as one edit block: typing afterwards is its own step."""
    editor = make_editor("She runs.")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.beginEditBlock()
    cursor.insertText(" Fast and far.")
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
    type_text(qtbot, editor, " Gone")
    assert _undo(qtbot, editor) == "She runs. Fast and far. "
    assert _undo(qtbot, editor) == "She runs. Fast and far."
    assert _undo(qtbot, editor) == "She runs."


def test_paste_is_one_step_of_its_own(qtbot, make_editor) -> None:
    from PySide6.QtWidgets import QApplication

    editor = make_editor()
    type_text(qtbot, editor, "She says")
    QApplication.clipboard().setText(" hello\r\nand goodbye")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.script_document.text() == "She says hello\nand goodbye"
    assert _undo(qtbot, editor) == "She says"
    assert _undo(qtbot, editor) == "She "


def test_a_read_only_editor_still_refuses_typing(qtbot, make_editor) -> None:
    editor = make_editor("Locked.")
    editor.setReadOnly(True)
    type_text(qtbot, editor, "Hello there")
    assert editor.script_document.text() == "Locked."
