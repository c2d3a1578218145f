"""Run by ``test_xvfb.py`` in a child process on a real X server: write a scene, take a picture.

Usage: ``python tests/support/xvfb_session.py OUT.png [dark]``. Exit status 0 when the scene was
typed, parsed as expected and the screenshot saved.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.app import build_main_window
from editor.config.resources import load_script_fonts
from editor.config.settings import Key, Settings, Theme
from editor.fountain.model import LineType

OPENING = """Title: The Undertow
Credit: Written by
Author: Alex Morgan

FADE IN:

EXT. HARBOR - NIGHT

= Maya finds out the boat never left.

Fog rolls off black water. A single lamp swings over the pier.

"""

SCENE_KEYS = (
    "int. harbor office - continuous\n"
    "Cramped. Charts on every wall. TOM (50s), salt-bleached, pours two coffees and doesn't look up.\n"
    "\tmaya\n"
    "The *Marguerite* is still tied up.\n"
    "\ttom\n"
    "(beat)\tI know.\n"
    "\tmaya\n"
    "You told them she sailed at six.\n"
    "He slides a coffee across the desk. She doesn't take it.\n"
    "\ttom\n"
    "I told them what they needed to hear."
)


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    dark = len(argv) > 2 and argv[2] == "dark"
    app = QApplication([argv[0]])
    app.setApplicationName("Screenwright")
    load_script_fonts()
    settings = Settings()
    settings.set(Key.THEME, Theme.DARK if dark else Theme.LIGHT)
    window = build_main_window(settings)
    window.resize(1440, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    tab = window.new_document()
    editor = tab.editor
    editor.insertPlainText(OPENING)
    for ch in SCENE_KEYS:
        if ch == "\n":
            QTest.keyClick(editor, Qt.Key.Key_Return)
        elif ch == "\t":
            QTest.keyClick(editor, Qt.Key.Key_Tab)
        else:
            QTest.keyClicks(editor, ch)
    doc = tab.document
    QTest.qWait(700)  # the navigator and status bar refresh after a pause in typing
    types = doc.parser.line_types
    lines = doc.parser.lines
    heading = lines.index("INT. HARBOR OFFICE - CONTINUOUS")
    problems = []
    if types[heading] is not LineType.SCENE_HEADING:
        problems.append(f"heading typed as {types[heading].name}")
    cues = [lines[i] for i, t in enumerate(types) if t is LineType.CHARACTER]
    if cues != ["MAYA", "TOM", "MAYA", "TOM"]:
        problems.append(f"cues {cues}")
    if len(window.navigator.entries()) != 2:
        problems.append(f"navigator shows {len(window.navigator.entries())} scenes")
    editor.centerCursor()
    QTest.qWait(200)
    screen = QGuiApplication.primaryScreen()
    picture = screen.grabWindow(0) if screen is not None else window.grab()
    if picture.isNull():
        picture = window.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(str(out))
    for t in window.tabs_list():
        t.document.qdoc.setModified(False)
    QTimer.singleShot(0, window.close)
    QTimer.singleShot(10, app.quit)
    app.exec()
    if problems:
        print("; ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
