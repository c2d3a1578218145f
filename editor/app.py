"""The GUI entry point: ``editor.app:main(argv)`` (``screenwright``, ``python -m editor``), and the
one place that assembles the main window from its features (``build_main_window``).

The main window (``editor.window.main_window``) knows no optional feature. Each feature installs
itself here with one ``install(window)`` call that adds its menus, docks and status-bar parts
through the window's public parts and signals, and returns the object that owns them, which
``build_main_window`` keeps as an attribute of the window. To add a feature: write its
``install(window)`` in the feature's package and add a line to ``build_main_window``. The
installers today, in order:

- ``editor.recovery.controller.install`` -> ``window.recovery`` (crash journals; first, so that it
  journals every document the other features may open)
- ``editor.export.ui.install`` -> ``window.export_menu`` (File ▸ Export / Import)
- ``editor.ai_ui.window_ai.install_ai`` -> ``window.ai`` (AI menu, ghost text, suggestions dock)
- ``editor.spelling.window_spelling.install_spelling`` -> ``window.spelling`` (underline, right-click
  suggestions, Edit ▸ Check Spelling…, Preferences ▸ Spelling)
- ``editor.desk.window_desk.install_desk`` -> ``window.desk`` (View ▸ Index Cards, Outline,
  Characters, Notes; Script ▸ Add Note…; notes in the margin)
- ``editor.analysis_ui.window_analysis.install`` -> ``window.analysis`` (Script ▸ Reports…,
  Edit ▸ Find by Meaning…, the navigator's Scenes Like This)
- ``editor.production_ui.window_production.install`` -> ``window.production`` (revisions, locked
  scene numbers, compare drafts, AI-written passages)

Nothing Qt-related happens at import time; ``main`` builds the application, so the command-line
tools and the tests can import the package freely.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from editor.config.settings import Settings
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="screenwright", description="Screenwright, a screenwriting editor.")
    parser.add_argument("files", nargs="*", help="Fountain scripts to open (.fountain, .spmd, .txt)")
    parser.add_argument(
        "--quit-after-ms",
        type=int,
        metavar="MS",
        help="for tests and smoke checks: quit after MS milliseconds without asking about unsaved changes",
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help="with --quit-after-ms: save a picture of the window first"
    )
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="override the theme setting")
    parser.add_argument("--verbose", action="store_true", help="log debugging information")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def build_main_window(settings: Settings) -> MainWindow:
    """The main window with every feature installed, its layout restored (docks included)."""
    from editor import gc_guard
    from editor.ai_ui.window_ai import install_ai
    from editor.analysis_ui import window_analysis
    from editor.desk.window_desk import install_desk
    from editor.export import ui as export_ui
    from editor.production_ui import window_production
    from editor.recovery import controller as recovery_controller
    from editor.spelling.window_spelling import install_spelling
    from editor.window import page_focus
    from editor.window.main_window import MainWindow

    # From here on the process runs worker threads beside Qt objects: cyclic garbage is collected
    # on the UI thread only, so no Qt object is ever finalised on a worker (editor/gc_guard.py).
    gc_guard.hold_for_process()
    window = MainWindow(settings)
    window.recovery = recovery_controller.install(window)
    window.export_menu = export_ui.install(window)
    window.ai = install_ai(window)
    window.page_focus = page_focus.install(window)  # the keys go back to the page after dialogs
    window.spelling = install_spelling(window)
    window.analysis = window_analysis.install(window)
    window.desk = install_desk(window)
    window.production = window_production.install(window)
    window.restore_layout()  # after the features added their docks, so those come back too
    return window


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from editor.config.resources import load_script_fonts, resources_dir
    from editor.config.settings import Key, Settings, Theme

    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "screenwright"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Screenwright")
    app.setApplicationDisplayName("Screenwright")
    app.setOrganizationName("Screenwright")
    app.setDesktopFileName("screenwright")
    icon = resources_dir() / "icons" / "screenwright.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _install_translator(app)
    load_script_fonts()

    settings = Settings()
    if args.theme:
        settings.set(Key.THEME, Theme(args.theme))
    window = build_main_window(settings)
    opened = 0
    for name in args.files:
        path = Path(name).expanduser()
        if not path.exists() and path.parent.is_dir():
            # `screenwright pilot.fountain` starts a new script that saves to that name.
            window.new_document_at(path.resolve())
            opened += 1
        elif window.open_path(path) is not None:
            opened += 1
    if not opened and settings.get(Key.REOPEN_SESSION):
        opened = window.restore_session()
    if not opened:
        window.new_document()
    window.show()
    # After a crash, offer the unsaved work the dead session journaled (once the window is up).
    from editor.recovery import controller as recovery_controller

    QTimer.singleShot(0, lambda: recovery_controller.offer(window, window.recovery))

    if args.quit_after_ms is not None:

        def finish() -> None:
            if args.screenshot:
                Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
                window.grab().save(args.screenshot)
            for tab in window.tabs_list():
                tab.document.qdoc.setModified(False)
            window.close()
            app.quit()

        QTimer.singleShot(max(0, args.quit_after_ms), finish)
    code = app.exec()
    settings.sync()
    return int(code)


def _install_translator(app: QApplication) -> None:
    """Load ``resources/i18n/screenwright_<locale>.qm`` when a translation exists."""
    from PySide6.QtCore import QLocale, QTranslator

    from editor.config.resources import resources_dir

    folder = resources_dir() / "i18n"
    if not folder.is_dir():
        return
    translator = QTranslator(app)
    if translator.load(
        QLocale(os.environ.get("SCREENWRIGHT_LOCALE") or QLocale.system().name()),
        "screenwright",
        "_",
        str(folder),
    ):
        app.installTranslator(translator)
