"""Run by ``tests/window/test_shortcuts_xvfb.py`` on a real X server: Help ▸ Keyboard Shortcuts
over a 1280x800 window, saved as a picture. Usage: ``shortcuts_xvfb_session.py OUT_DIR``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.app import build_main_window
from editor.config.resources import load_script_fonts
from editor.config.settings import Key, Settings, Theme
from editor.window.shortcuts_dialog import ShortcutsDialog


def main(out: Path) -> int:
    app = QApplication([sys.argv[0]])
    load_script_fonts()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "settings.ini")
        settings.set(Key.THEME, Theme.LIGHT)
        window = build_main_window(settings)
        window.resize(1280, 800)
        window.new_document()
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.actions_.go_to_scene.parent()  # the window is built
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help")
        next(a for a in help_menu.actions() if "Keyboard" in a.text()).trigger()
        dialog = next(w for w in app.topLevelWidgets() if isinstance(w, ShortcutsDialog))
        QTest.qWaitForWindowExposed(dialog)
        QTest.qWait(300)
        out.mkdir(parents=True, exist_ok=True)
        screen = app.primaryScreen()
        screen.grabWindow(0, 0, 0, 1280, 800).save(str(out / "keyboard-shortcuts.png"))
        QTest.keyClicks(dialog.filter_edit, "ghost")
        QTest.qWait(200)
        screen.grabWindow(0, 0, 0, 1280, 800).save(str(out / "keyboard-shortcuts-filtered.png"))
        rows = len(dialog.visible_rows())
        dialog.reject()
        window.ai.shutdown()
        for tab in window.tabs_list():
            tab.document.qdoc.setModified(False)
        window.close()
    return 0 if rows else 3


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
