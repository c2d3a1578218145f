"""Runs the real Screenwright application (``editor.app.main``) and drives it with key events.

Used by the crash tests and ``bench_reliability.py`` as a child process; the application code is
untouched, the driver only schedules timers on the same event loop before handing over to
``editor.app.main``:

``type``     waits for the window, moves to the end of the script (Ctrl+End), then types the
             characters of ``--text`` one key event at a time, every ``--interval-ms``. After each
             key it appends ``{"t": wall time, "n": keys sent, "text": document text}`` to ``--log``
             (line-buffered, so a SIGKILL loses at most the line being written). It never quits:
             the parent kills it.
``recover``  waits for the recovery dialog a crashed session should cause, clicks "Restore All",
             writes ``{"dialog": bool, "tabs": [{"path", "text", "modified"}]}`` to ``--result`` and
             quits (no recovery dialog within ``--dialog-timeout-ms`` is reported, not hidden).

    python tests/reliability/app_driver.py type --text T --log L -- SCRIPT.fountain
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("type", "recover"))
    parser.add_argument("--text", type=Path, help="characters to type (type mode)")
    parser.add_argument("--log", type=Path, help="progress log (type mode)")
    parser.add_argument("--interval-ms", type=int, default=40)
    parser.add_argument("--result", type=Path, help="what was recovered (recover mode)")
    parser.add_argument("--dialog-timeout-ms", type=int, default=5000)
    if "--" in argv:
        cut = argv.index("--")
        return parser.parse_args(argv[:cut]), argv[cut + 1 :]
    return parser.parse_args(argv), []


def main(argv: list[str]) -> int:
    args, app_args = _args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(["screenwright"])

    def main_window():
        from editor.window.main_window import MainWindow

        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                return widget
        return None

    poll = QTimer()
    poll.setInterval(20)

    if args.mode == "type":
        text = args.text.read_text("utf-8")
        log = open(args.log, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives until killed
        sent = 0
        typer = QTimer()
        typer.setInterval(args.interval_ms)

        def type_one() -> None:
            nonlocal sent
            window = main_window()
            tab = window.current_tab() if window else None
            if tab is None or sent >= len(text):
                typer.stop()
                return
            char = text[sent]
            if char == "\n":
                QTest.keyClick(tab.editor, Qt.Key.Key_Return)
            else:
                QTest.keyClicks(tab.editor, char)
            sent += 1
            log.write(json.dumps({"t": time.time(), "n": sent, "text": tab.document.text()}) + "\n")

        def start_typing() -> None:
            window = main_window()
            tab = window.current_tab() if window else None
            if tab is None:
                return
            poll.stop()
            QTest.keyClick(tab.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            log.write(json.dumps({"t": time.time(), "n": 0, "text": tab.document.text()}) + "\n")
            typer.start()

        typer.timeout.connect(type_one)
        poll.timeout.connect(start_typing)
    else:
        started = time.monotonic()
        state = {"dialog": False, "clicked_at": 0.0}

        def finish() -> None:
            window = main_window()
            tabs = window.tabs_list() if window else []
            result = {
                "dialog": state["dialog"],
                "tabs": [
                    {
                        "path": str(tab.document.path) if tab.document.path else None,
                        "text": tab.document.text(),
                        "modified": tab.document.is_modified(),
                    }
                    for tab in tabs
                ],
            }
            args.result.write_text(json.dumps(result), "utf-8")
            for tab in tabs:
                tab.document.qdoc.setModified(False)
            if window is not None:
                window.close()
            app.quit()

        def look() -> None:
            from editor.recovery.dialog import RecoveryDialog

            if main_window() is None:
                return
            dialog = next(
                (w for w in app.topLevelWidgets() if isinstance(w, RecoveryDialog) and w.isVisible()), None
            )
            if dialog is not None:
                state["dialog"] = True
                poll.stop()
                dialog.restore_all_button.click()
                QTimer.singleShot(200, finish)
            elif (time.monotonic() - started) * 1000 > args.dialog_timeout_ms:
                poll.stop()
                finish()

        poll.timeout.connect(look)
    poll.start()

    from editor.app import main as app_main

    return app_main(app_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
