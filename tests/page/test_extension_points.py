"""Hooks the AI layer builds on: key handlers first, paint hooks after the text, cursor context."""

from __future__ import annotations

from PySide6.QtCore import Qt
from support.editor_testkit import type_text

from editor.fountain.model import LineType


def test_key_handler_sees_keys_first_and_can_consume_them(qtbot, make_editor) -> None:
    editor = make_editor()
    seen: list[int] = []
    visible = {"ghost": True}

    def handler(event) -> bool:
        seen.append(event.key())
        return visible["ghost"] and event.key() == Qt.Key.Key_Tab

    editor.key_handlers.append(handler)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # consumed: smart typing does not start a cue
    assert editor.element_at_cursor() is not LineType.CHARACTER
    visible["ghost"] = False
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # not consumed: element cycling as usual
    assert editor.element_at_cursor() is LineType.CHARACTER
    assert seen == [Qt.Key.Key_Tab, Qt.Key.Key_Tab]


def test_paint_hooks_run_after_the_text_and_a_failing_hook_does_not_break_painting(
    qtbot, make_editor
) -> None:
    editor = make_editor("INT. A - DAY\n")
    calls: list[str] = []

    def broken(painter, event) -> None:
        raise RuntimeError("boom")

    def ghost(painter, event) -> None:
        calls.append("ghost")
        painter.drawText(editor.cursorRect().topRight(), "ghost")

    editor.paint_hooks.extend([broken, ghost])
    editor.viewport().update()
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)


def test_cursor_context_and_revision(qtbot, make_editor) -> None:
    editor = make_editor()
    doc = editor.script_document
    contexts: list[tuple[int, int, LineType]] = []
    editor.cursor_context_changed.connect(lambda line, col, kind: contexts.append((line, col, kind)))
    start = doc.revision
    type_text(qtbot, editor, "\tbob\nHi")
    assert doc.revision > start
    assert contexts[-1] == (1, 2, LineType.DIALOGUE)
    assert any(kind is LineType.CHARACTER for _line, _col, kind in contexts)
