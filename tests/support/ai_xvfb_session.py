"""Child process for ``test_ai_screenshots``: the real window on a real X server, the default model.

Usage: ``ai_xvfb_session.py OUT_DIR``. Writes ``ai-menu.png`` (the AI menu with AI ▸ Features
open: what the default model's report card enables and why), ``ai-ghost-text.png`` (ghost text after a line of
dialogue), ``ai-suggestions.png`` (the suggestions dock filled) and ``ai-rewrite-preview.png`` (the
rewrite preview with differences marked) into OUT_DIR. Exits non-zero if a step times out.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """Title: The Lake House
Author: Screenwright

INT. LIVING ROOM - NIGHT

Rain against the windows. ANNA (40s) folds a letter into smaller squares. BEN watches.

ANNA
You always bring up the lake house when you want something from me.

BEN
I just thought we could go back. One more summer.

ANNA
(not looking up)
We sold it, Ben. Three years ago.

BEN
I know. I was there when you signed.

He crosses to the window. Headlights sweep the room and are gone.

ANNA
"""


def _wait(app, predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        app.processEvents()  # test driver only; the product never does this
        time.sleep(0.01)
    return True


def main(out_dir: str) -> int:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QGuiApplication, QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor.app import build_main_window
    from editor.config.resources import load_script_fonts
    from editor.config.settings import Key, Settings, Theme

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([sys.argv[0]])
    load_script_fonts()
    work = Path(tempfile.mkdtemp())
    script = work / "the-lake-house.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    settings = Settings(work / "settings.ini")
    settings.set(Key.THEME, Theme.LIGHT)
    window = build_main_window(settings)
    window.resize(1440, 900)
    window.open_path(script)
    window.show()
    window.activateWindow()
    ai = window.ai
    ai.controller.preload()
    if not _wait(app, lambda: ai.controller.state == "idle", 120):
        print("model did not load:", ai.controller.state, ai.controller.detail, file=sys.stderr)
        return 2
    # The AI menu as the default model's report card leaves it, with AI ▸ Features open.
    if not _wait(app, lambda: ai.controller.card is not None, 10):
        print("the report card was not read", file=sys.stderr)
        return 6
    window.menuBar().setActiveAction(ai.menu.menuAction())
    _wait(app, lambda: ai.menu.isVisible(), 5)
    ai.menu.setActiveAction(ai.features_menu.menuAction())
    ai.features_menu.popup(
        ai.menu.geometry().topRight() + QPoint(0, ai.menu.actionGeometry(ai.features_menu.menuAction()).top())
    )
    _wait(app, lambda: ai.features_menu.isVisible(), 5)
    _wait(app, lambda: False, 0.4)
    window.screen().grabWindow(0).save(str(out / "ai-menu.png"))
    print("features:", {k: (s.enabled, s.reason) for k, s in ai.controller.features.items()})
    ai.features_menu.hide()
    ai.menu.hide()
    # The rest shows each feature at work: turn them all on, as a writer can in AI ▸ Features.
    for key in ai.controller.features:
        ai.controller.set_feature_override(key, True)

    editor = window.current_editor()
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    QTest.keyClicks(editor, "Then why did you keep the ")
    editor.ensureCursorVisible()
    ghost = ai.ghost_for(editor)
    shown = False
    for _ in range(3):
        ghost.request_now()
        _wait(app, lambda: not ghost.is_busy(), 60)
        if ghost.is_visible():
            shown = True
            break
        QTest.keyClicks(editor, "k")
    if not shown:
        print("no ghost text was shown", file=sys.stderr)
        return 3
    _wait(app, lambda: False, 0.3)
    window.grab().save(str(out / "ai-ghost-text.png"))
    ghost.dismiss()

    # Suggestions for the line under ANNA's cue.
    editor.go_to_line(editor.document().blockCount() - 1, center=False)
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    editor.setTextCursor(cursor)
    ai.show_suggestions()
    if not _wait(app, lambda: not ai.panel.is_busy() and ai.panel.result is not None, 90):
        print("suggestions did not arrive", file=sys.stderr)
        return 4
    _wait(app, lambda: False, 0.3)
    window.grab().save(str(out / "ai-suggestions.png"))

    # Rewrite two speeches in a noir voice.
    doc = editor.document()
    first = next(i for i in range(doc.blockCount()) if doc.findBlockByNumber(i).text().startswith("Rain"))
    select = QTextCursor(doc.findBlockByNumber(first))
    last = doc.findBlockByNumber(first + 6)
    select.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(select)
    dialog = ai.rewrite_selection("Noir")
    if dialog is None or not _wait(app, lambda: not dialog.is_running(), 120):
        print("the rewrite did not finish", file=sys.stderr)
        return 5
    _wait(app, lambda: False, 0.3)
    dialog.grab().save(str(out / "ai-rewrite-preview.png"))
    print("rewrite:", dialog.result.status if dialog.result else None, dialog.status.text())
    dialog.reject()
    for tab in window.tabs_list():
        tab.document.qdoc.setModified(False)
    ai.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
