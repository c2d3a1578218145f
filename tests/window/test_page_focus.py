"""The keys go back to the page after every dialog and dock action; Go to Page starts where you are."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from editor.ai.gate import FEATURES
from editor.ai_ui.draft_dialog import DraftDialog
from editor.ai_ui.rewrite_preview import RewritePreviewDialog
from editor.config.settings import Key, Settings
from editor.window.main_window import MainWindow

SCRIPT = "".join(
    f"INT. ROOM {n} - DAY\n\nMara waits by the door number {n}.\n\nMARA\nLine {n}.\n\n" for n in range(1, 200)
)


@pytest.fixture
def window(qtbot, make_window, tmp_path: Path) -> MainWindow:
    settings = Settings(tmp_path / "settings.ini")
    settings.set(Key.AI_ENABLED, False)  # the dialogs are tested, not the model
    # Every feature's dock and dialog is on (AI ▸ Features), whatever the default model's card says.
    settings.set(Key.AI_FEATURE_OVERRIDES, tuple(f"{key}=on" for key in FEATURES))
    path = tmp_path / "script.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    win = make_window(settings, size=(1280, 800))
    win.open_path(path)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.current_editor() is not None and win.current_editor().isVisible())
    return win


def page_has_focus(window: MainWindow) -> bool:
    return QApplication.focusWidget() is window.current_editor()


def move_focus_away(qtbot, window: MainWindow) -> None:
    window.navigator.setFocus()
    qtbot.waitUntil(lambda: not page_has_focus(window))


def test_rewrite_preview_discard_gives_the_keys_back(qtbot, window: MainWindow) -> None:
    editor = window.current_editor()
    move_focus_away(qtbot, window)  # opened from the context menu or a dock, not from the page
    dialog = RewritePreviewDialog(editor, window.ai.controller, 2, 2, "Tighter", window)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.discard_button.setFocus()
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_draft_scene_discard_gives_the_keys_back(qtbot, window: MainWindow) -> None:
    move_focus_away(qtbot, window)
    dialog = DraftDialog(window.current_editor(), window.ai.controller, window)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_go_to_page_starts_at_the_current_page_and_ok_gives_the_keys_back(qtbot, window: MainWindow) -> None:
    editor = window.current_editor()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: bool(tab.page_starts), timeout=20000)  # the real pagination
    editor.go_to_line(tab.page_starts[4] + 3)  # on page 5
    seen: list[int] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen.append(dialog.intValue())
        dialog.setIntValue(7)
        dialog.accept()

    QTimer.singleShot(100, answer)
    move_focus_away(qtbot, window)
    window.go_to_page()
    assert seen == [5]
    assert editor.current_line() == tab.page_starts[6]
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_go_to_scene_starts_at_the_current_scene(qtbot, window: MainWindow) -> None:
    editor = window.current_editor()
    qtbot.waitUntil(lambda: len(window.navigator.entries()) > 20, timeout=20000)
    editor.go_to_line(window.navigator.entries()[11].line + 2)  # in scene 12
    seen: list[int] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen.append(dialog.intValue())
        dialog.reject()

    QTimer.singleShot(100, answer)
    window.go_to_scene()
    assert seen == [12]
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_find_bar_close_and_keyboard_shortcuts_close_give_the_keys_back(qtbot, window: MainWindow) -> None:
    window.actions_.find.trigger()
    bar = window.current_tab().find_bar
    qtbot.waitUntil(lambda: bar.isVisible() and not page_has_focus(window))
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page_has_focus(window))
    from editor.window.shortcuts_dialog import show_shortcuts

    move_focus_away(qtbot, window)
    dialog = show_shortcuts(window)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_a_dock_button_gives_the_keys_back(qtbot, window: MainWindow) -> None:
    window.ai.controller.set_enabled(True)  # the dock is greyed out while AI is off
    window.ai.panel_action.trigger()  # Dialogue Suggestions dock
    panel = window.ai.panel
    qtbot.waitUntil(lambda: panel.isVisible())
    button = panel.regenerate_button
    move_focus_away(qtbot, window)
    button.setFocus()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page_has_focus(window))


def test_a_text_field_of_the_window_keeps_the_keys(qtbot, window: MainWindow) -> None:
    """The rule hands the keys back only from dialogs and dock buttons, never out of the find bar."""
    window.actions_.find.trigger()
    bar = window.current_tab().find_bar
    qtbot.waitUntil(lambda: bar.find_edit.hasFocus())
    before = window.page_focus.returns
    window.page_focus.give_back()
    assert bar.find_edit.hasFocus() and window.page_focus.returns == before
