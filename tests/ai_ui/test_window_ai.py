"""The AI in the main window: the switch, the status slot, failures, summaries, outline, synopsis."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from support.ai_ui_kit import LONG_WAIT_MS

from editor.ai.gate import FEATURES
from editor.ai_ui.outline_dialog import fountain_outline
from editor.config.settings import Key, Settings
from editor.fountain.model import LineType
from editor.window.main_window import MainWindow

SCRIPT = (
    "INT. DINER - NIGHT\n\n"
    "Rain streaks the window. MARA waits.\n\n"
    "MARA\nI told you not to come here.\n\n"
    "HALE\nThe money is gone.\n\n"
    "EXT. ROOFTOP - DAWN\n\n"
    "= June decides to leave town.\n\n"
    "JUNE\nWe should leave before the rain.\n"
)


@pytest.fixture
def window(qtbot, make_window, tmp_path: Path) -> MainWindow:
    path = tmp_path / "script.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    settings = Settings(tmp_path / "settings.ini")
    # These tests exercise every feature's behaviour in the window (failures, waits, menus), as a
    # writer who turned them all on in AI ▸ Features: the default model's report card turns some off.
    settings.set(Key.AI_FEATURE_OVERRIDES, tuple(f"{key}=on" for key in FEATURES))
    win = make_window(settings, size=None, show=False)
    win.open_path(path)
    win.show()
    qtbot.waitExposed(win)
    return win


def ai_label(win: MainWindow) -> str:
    return win.ai.status_view.text()


def test_the_ai_menu_switch_turns_everything_off_and_the_editor_keeps_working(
    qtbot, window, tiny_model_store
) -> None:
    editor = window.current_editor()
    assert window.ai.enable_action.isChecked()
    window.ai.enable_action.trigger()
    assert not window.ai.controller.enabled
    assert window.settings.get(Key.AI_ENABLED) is False
    assert ai_label(window).startswith("AI off")
    assert not window.ai.draft_action.isEnabled()
    window.ai.ghost_for(editor).request_now()  # Alt+\ with AI off: nothing happens
    assert not window.ai.controller.has_client()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.element_at_cursor() is LineType.CHARACTER
    qtbot.keyClicks(editor, "mara")
    assert editor.script_document.text().endswith("MARA")
    assert not window.ai.controller.has_client()
    # And back on: the status says so, the switch is remembered.
    window.ai.enable_action.trigger()
    assert window.settings.get(Key.AI_ENABLED) is True
    assert ai_label(window).startswith("AI ready")


def test_a_missing_model_shows_the_reason_with_retry_and_writing_goes_on(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "no-models"))
    editor = window.current_editor()
    ghost = window.ai.ghost_for(editor)
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    ghost.request_now()
    qtbot.waitUntil(lambda: window.ai.controller.state == "error", timeout=LONG_WAIT_MS)
    label = ai_label(window)
    assert label == "AI: no model installed — Retry"
    assert "The default model is not installed" in window.status.ai_label.toolTip()
    assert not ghost.is_visible() and not ghost.is_busy()
    # The editor is fully usable: typing, smart typing, undo; keystrokes do not retry the model.
    before = editor.script_document.text()
    qtbot.keyClicks(editor, " More.")
    assert editor.script_document.text() == before + " More."
    assert not ghost.is_busy()
    for _ in range(3):  # undo takes back a word at a time
        if editor.script_document.text() != before:
            editor.undo()
    assert editor.script_document.text() == before
    assert window.ai.controller.state == "error"


def test_outline_copies_headings_with_synopses(qtbot, window) -> None:
    dialog = window.ai.show_outline()
    assert dialog is not None
    text = dialog.copy()
    assert QGuiApplication.clipboard().text() == text
    assert text == "INT. DINER - NIGHT\n\nEXT. ROOFTOP - DAWN\n= June decides to leave town.\n"
    dialog.close()


def test_idle_summaries_fill_the_navigator_and_insert_as_synopsis(qtbot, window, tiny_model_store) -> None:
    ai = window.ai
    ai.summarizer.idle_seconds = 0.0
    ai.controller.client()
    with qtbot.waitSignal(ai.summarizer.summary_ready, timeout=LONG_WAIT_MS) as blocker:
        ai.summarizer.tick()
    text = blocker.args[1]
    assert text
    entries = window.navigator.entries()
    assert entries[0].synopsis == text and entries[0].generated
    assert entries[1].synopsis == "June decides to leave town." and not entries[1].generated
    # The row shows it without the place its bold heading already says; inserting keeps it all.
    assert not entries[0].shown.startswith("Diner") and entries[0].shown in text
    assert entries[1].shown == ""
    # Only changed scenes are redone: nothing else to summarise now.
    ai.summarizer.tick()
    assert not ai.summarizer.is_busy()
    assert ai.insert_synopsis(entries[0].line, text)
    doc = window.current_tab().document
    assert doc.text().startswith(f"INT. DINER - NIGHT\n\n= {text}\n\nRain streaks")
    window.current_editor().undo()
    assert doc.text() == SCRIPT
    outline = fountain_outline(doc.snapshot(), ai.summarizer.synopsis_for)
    assert f"= {text}" in outline


def test_an_inserted_synopsis_says_whether_a_model_wrote_it(qtbot, window) -> None:
    from editor.ai.summary import extractive_summary
    from editor.ai_ui.window_ai import EXTRACTED

    doc = window.current_tab().document
    script = doc.snapshot()
    extracted = extractive_summary(script, script.scenes[0])
    assert window.ai.insert_synopsis(script.scenes[0].line, extracted)
    [span] = doc.ai_spans.spans
    assert span.model == EXTRACTED and doc.text()[span.start : span.end] == extracted
    window.current_editor().undo()
    assert window.ai.insert_synopsis(script.scenes[0].line, "June waits for the rain to stop.")
    assert [s.model for s in doc.ai_spans.spans] == [window.ai.controller.model_label("writing")]


def test_summaries_wait_for_the_writer_to_pause_and_stop_when_typing(qtbot, window, tiny_model_store) -> None:
    ai = window.ai
    ai.controller.client()
    ai.summarizer.idle_seconds = 60.0
    ai.controller.note_activity()
    ai.summarizer.tick()
    assert not ai.summarizer.is_busy()  # the writer was active a moment ago
    ai.summarizer.idle_seconds = 0.0
    ai.summarizer.tick()
    assert ai.summarizer.is_busy()
    qtbot.keyClicks(window.current_editor(), "x")
    assert not ai.summarizer.is_busy()  # cancelled: the model is the writer's again


def test_rewrite_menu_needs_a_selection(qtbot, window) -> None:
    assert window.ai.rewrite_selection("Noir") is None
    assert "Select the lines" in window.status.currentMessage()


def _right_click(qtbot, editor, pos, choose: str | None = None) -> list[str]:
    """Ask for the editor's context menu at viewport ``pos`` (as a right-click does); close it, or
    trigger the action named ``choose``. Returns the menu's action texts."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    seen: list[str] = []

    def act() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        target = next((a for a in menu.actions() if a.text() == choose), None)
        menu.close()
        if target is not None:
            target.trigger()

    QTimer.singleShot(0, act)
    editor.customContextMenuRequested.emit(pos)
    return seen


def test_right_click_moves_the_cursor_so_the_menu_acts_where_clicked(qtbot, window, tiny_model_store) -> None:
    editor = window.current_editor()
    editor.go_to_line(2)  # the action line
    speech = editor.document().findBlockByNumber(5)  # "I told you not to come here."
    from PySide6.QtGui import QTextCursor

    probe = QTextCursor(speech)
    probe.setPosition(speech.position() + 4)
    pos = editor.cursorRect(probe).center()
    seen = _right_click(qtbot, editor, pos, choose="Dialogue Suggestions")
    assert "Dialogue Suggestions" in seen
    assert editor.current_line() == 5
    panel = window.ai.panel
    assert panel.is_busy()  # asked for the speech, not refused for the action line
    with qtbot.waitSignal(panel.ready, timeout=LONG_WAIT_MS):
        pass
    assert panel.result is not None and panel.result.speaker == "MARA"


def test_right_click_inside_the_selection_keeps_it(qtbot, window) -> None:
    from PySide6.QtGui import QTextCursor

    editor = window.current_editor()
    block = editor.document().findBlockByNumber(5)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    inside = QTextCursor(block)
    inside.setPosition(block.position() + 3)
    _right_click(qtbot, editor, editor.cursorRect(inside).center())
    assert editor.textCursor().selectedText() == "I told you not to come here."
    # Outside the selection: the click moves the cursor there, as in any word processor.
    elsewhere = QTextCursor(editor.document().findBlockByNumber(2))
    _right_click(qtbot, editor, editor.cursorRect(elsewhere).center())
    assert not editor.textCursor().hasSelection() and editor.current_line() == 2


def test_closing_the_window_stops_its_model_thread(qtbot, window, tiny_model_store) -> None:
    # Not only when the application quits: another window, a test or a benchmark keeps it running.
    controller = window.ai.controller
    assert controller.client() is not None and controller.has_client()
    for tab in window.tabs_list():
        tab.document.qdoc.setModified(False)
    window.close()
    assert not controller.has_client() and controller.client() is None
