"""Run by ``tests/page/test_page_xvfb.py`` on a real X server: the page at a 1000 px window with the
Dialogue Suggestions dock open (long lines in it), the title page, and Preferences, saved as pictures
for human eyes. Usage: ``page_xvfb_session.py OUT_DIR``. Exit status 0 when every check held.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.app import build_main_window
from editor.config.resources import load_script_fonts
from editor.config.settings import Key, Settings, Theme
from support.synthetic import generate_script
from support.windows import paginate_and_wait

LONG = "I kept the key because it was the only thing of his they did not take from me, and I am keeping it."


def main(out: Path) -> int:
    app = QApplication([sys.argv[0]])
    load_script_fonts()
    out.mkdir(parents=True, exist_ok=True)
    screen = app.primaryScreen()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "settings.ini")
        settings.set(Key.THEME, Theme.LIGHT)
        script = Path(folder) / "undertow.fountain"
        script.write_text(generate_script(10), encoding="utf-8")
        window = build_main_window(settings)
        window.move(0, 0)
        window.resize(1000, 760)
        tab = window.open_path(script)
        window.show()
        QTest.qWaitForWindowExposed(window)
        paginate_and_wait(window)
        window.ai.dock.show()
        tab.editor.go_to_line(58)
        QTest.qWait(1200)  # the panel follows the cursor after a pause: let it settle first
        for card in window.ai.panel.cards:
            card.set_line("MAYA: " + LONG)
        window.ai.panel.status.setText("Three lines for Maya, written for this moment in the scene.")
        QTest.qWait(300)
        page = tab.document.layout.page_width()
        if window.ai.dock.width() > 360:
            failures.append(f"dock widened to {window.ai.dock.width()} px")
        if tab.editor.viewport().width() < page and tab.editor.horizontalScrollBar().maximum() <= 0:
            failures.append("the page is narrower than its width and does not scroll")
        screen.grabWindow(0, 0, 0, 1000, 760).save(str(out / "page-1000px-suggestions.png"))

        window.ai.dock.hide()
        window.resize(1280, 860)
        tab.editor.go_to_line(0)
        QTest.qWait(300)
        screen.grabWindow(0, 0, 0, 1280, 860).save(str(out / "title-page.png"))

        dialog = window.show_preferences("Page and Print")
        QTest.qWaitForWindowExposed(dialog)
        QTest.qWait(200)
        dialog.grab().save(str(out / "preferences.png"))
        dialog.reject()
        window.ai.shutdown()
        for t in window.tabs_list():
            t.document.qdoc.setModified(False)
        window.close()
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
