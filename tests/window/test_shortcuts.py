"""Help ▸ Keyboard Shortcuts: one table of truth for the dialog, the README and the keys themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from support.keys_replay import load_corpus

from editor.config.settings import Settings
from editor.page.keymap import PAGE_KEYS
from editor.window.main_window import MainWindow
from editor.window.shortcuts import action_rows, all_rows, collisions, readme_tables
from editor.window.shortcuts_dialog import ShortcutsDialog

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(make_window, tmp_path: Path) -> MainWindow:
    return make_window(Settings(tmp_path / "settings.ini"), size=(1280, 800))


def test_no_two_shortcuts_collide(window: MainWindow) -> None:
    assert collisions(all_rows(window)) == []


def test_the_collision_check_catches_a_shortcut_on_a_page_key_and_a_double(window: MainWindow) -> None:
    stray = QAction("Stray", window)
    stray.setShortcut(QKeySequence("Alt+Return"))  # the ghost accept gesture
    twin = QAction("Twin", window)
    twin.setShortcut(QKeySequence("Ctrl+G"))  # Go to Scene's
    window.addAction(stray)
    window.addAction(twin)
    problems = collisions(all_rows(window))
    assert any("Alt+Return" in p and "Stray" in p for p in problems)
    assert any("Ctrl+G" in p and "Twin" in p for p in problems)


def test_every_listed_action_shortcut_triggers_its_action(qtbot, window: MainWindow) -> None:
    """Each row's keys exist: Qt resolves them to that action (nothing shadows them)."""
    rows = [r for r in action_rows(window) if isinstance(r.action, QAction)]
    assert len(rows) >= 20
    for row in rows:
        action = row.action
        assert isinstance(action, QAction)
        assert action.shortcuts(), row
        for sequence in row.sequences:
            assert QKeySequence(sequence) in action.shortcuts(), (row.does, sequence)
    # And pressing one does it, end to end: Ctrl+G (which Find Next also had) reaches Go to Scene.
    window.new_document()
    window.current_editor().setFocus()
    fired: list[bool] = []
    window.actions_.go_to_scene.triggered.connect(lambda: fired.append(True))
    qtbot.keyClick(window.current_editor(), Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]


def test_every_page_key_is_shown_at_work_by_a_corpus_script() -> None:
    """The page's keys exist: each is pressed in a keys-corpus script that pins what it types."""
    scripts = {s.name: s for s in load_corpus()}
    for key in PAGE_KEYS:
        assert key.demo in scripts, key
        pressed = {k.name for k in scripts[key.demo].keys}
        pressed |= {k.text for k in scripts[key.demo].keys if not k.special}
        names = {
            "Return": "Enter",
            "Enter": "Enter",
            "Shift+Return": "S-Enter",
            "Shift+Enter": "S-Enter",
            "Shift+Tab": "S-Tab",
            "Backtab": "S-Tab",
            "Alt+Return": "A-Enter",
            "Alt+Enter": "A-Enter",
            "Ctrl+Right": "C-Right",
            "Ctrl+Left": "C-Left",
            "Ctrl+Home": "C-Home",
            "Ctrl+End": "C-End",
            "Backspace": "BS",
            "PgDown": "PgDn",
            "Alt+]": "A-]",
            "Alt+[": "A-]",  # the corpus shows the pair with Alt+]
            "Alt+\\": "A-\\",
        }
        wanted = {names.get(s, s) for s in key.sequences}
        assert wanted & pressed, (key.keys, key.demo, wanted)


def test_readme_tables_are_the_generated_ones(window: MainWindow) -> None:
    text = README.read_text(encoding="utf-8")
    begin, end = "<!-- keys:begin -->\n", "\n<!-- keys:end -->"
    assert begin in text and end in text
    shown = text[text.index(begin) + len(begin) : text.index(end)]
    assert shown == readme_tables(window), "run: python -m editor.window.shortcuts --markdown"


def test_help_menu_opens_a_searchable_list(qtbot, window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help")
    action = next(a for a in help_menu.actions() if a.text().replace("&", "") == "Keyboard Shortcuts")
    action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog)]
    dialog = next(w for w in dialogs if w.isVisible())
    qtbot.waitExposed(dialog)
    everything = dialog.visible_rows()
    assert len(everything) == len(all_rows(window))
    qtbot.keyClicks(dialog.filter_edit, "ghost")
    ghost = dialog.visible_rows()
    assert ghost and all("ghost" in " ".join(row).lower() for row in ghost)
    assert any(row[0] == "Alt+Enter" for row in ghost)
    dialog.filter_edit.setText("go to page")
    assert [row[1] for row in dialog.visible_rows()] == ["Go to Page…"]
    dialog.filter_edit.clear()
    assert len(dialog.visible_rows()) == len(everything)
    dialog.reject()


def test_the_dialog_lists_what_it_is_given(qtbot) -> None:
    dialog = ShortcutsDialog([])
    qtbot.addWidget(dialog)
    assert dialog.visible_rows() == []
    assert "0 shortcuts" in dialog.count.text()
