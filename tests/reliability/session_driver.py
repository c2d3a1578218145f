"""A whole writing session in the real application, with every network attempt recorded.

    python session_driver.py REPORT.json SCRIPT.fountain EXPORT_DIR

An audit hook (``sys.addaudithook``) is installed before anything else is imported; it records
every IPv4/IPv6 socket created, and every connect, bind, sendto or name lookup, from Python code in
any thread (the model worker included). Then ``editor.app.main`` runs with the script, and timers
on its event loop play a session: wait for the AI model (the tiny test model) to load, type a scene
with key events, ask for ghost text (Alt+\\) and wait for the model's answer, let the background
summariser summarise a scene, export PDF, HTML and FDX, save, and close the window. The report
says what happened and lists the network attempts (none expected). The test runs this under
``strace`` too, which sees sockets opened by C/C++ code (Qt, onnxruntime) that Python never sees.
"""

from __future__ import annotations

import socket
import sys

NET_FAMILIES = {int(socket.AF_INET), int(socket.AF_INET6)}
ATTEMPTS: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if family in NET_FAMILIES:
            ATTEMPTS.append(f"{event} family={family}")
    elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple):  # AF_INET/AF_INET6 addresses; AF_UNIX ones are str/bytes
            ATTEMPTS.append(f"{event} {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request"):
        ATTEMPTS.append(f"{event} {args[0]!r}")


sys.addaudithook(_audit)

import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SCENE = (
    "\n\nINT. DINER - NIGHT\n\nRain streaks the window. A neon sign buzzes overhead.\n\n"
    "MARA\nI told you not to come here.\n\nHALE\n"
)


def main(report_path: Path, script: Path, export_dir: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(["screenwright"])
    report: dict[str, object] = {"steps": [], "finished_requests": 0, "summaries": 0, "exports": []}
    steps: list[str] = report["steps"]  # type: ignore[assignment]
    started = time.monotonic()

    def window():
        from editor.window.main_window import MainWindow

        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)

    def later(ms: int, step) -> None:
        QTimer.singleShot(ms, step)

    def wait_for(condition, then, what: str, timeout_s: float = 90.0) -> None:
        begun = time.monotonic()

        def check() -> None:
            if condition():
                steps.append(what)
                then()
            elif time.monotonic() - begun > timeout_s:
                steps.append(f"TIMEOUT {what}")
                finish()
            else:
                later(50, check)

        check()

    def count_finished(_rid: int, _result: object) -> None:
        report["finished_requests"] = int(report["finished_requests"]) + 1  # type: ignore[arg-type]

    def model_ready() -> None:
        w = window()
        client = w.ai.controller.client()
        client.finished.connect(count_finished)
        client.scored.connect(count_finished)
        tab = w.current_tab()
        tab.editor.setFocus()
        QTest.keyClick(tab.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        for ch in SCENE:
            if ch == "\n":
                QTest.keyClick(tab.editor, Qt.Key.Key_Return)
            else:
                QTest.keyClicks(tab.editor, ch)
        steps.append("typed")
        QTest.keyClick(tab.editor, Qt.Key.Key_Backslash, Qt.KeyboardModifier.AltModifier)  # ask now
        wait_for(lambda: int(report["finished_requests"]) > 0, summarise, "autocomplete answered")

    def summarise() -> None:
        w = window()
        summarizer = w.ai.summarizer
        summarizer.idle_seconds = 0.0
        summarizer.summary_ready.connect(
            lambda _k, _t: report.__setitem__("summaries", int(report["summaries"]) + 1)  # type: ignore[arg-type]
        )
        wait_for(lambda: int(report["summaries"]) > 0, export, "scene summarised")

    def export() -> None:
        from editor.export.formats import export_script

        script_model = window().current_tab().document.snapshot()
        for fmt in ("pdf", "html", "fdx"):
            target = export_dir / f"session.{fmt}"
            export_script(script_model, target, fmt)
            report["exports"].append(target.name)  # type: ignore[union-attr]
        steps.append("exported")
        save()

    def save() -> None:
        w = window()
        report["saved"] = bool(w.save(w.current_tab()))
        steps.append("saved")
        finish()

    def finish() -> None:
        w = window()
        if w is not None:
            for tab in w.tabs_list():
                tab.document.qdoc.setModified(False)
            w.close()
        app.quit()

    wait_for(
        lambda: (
            window() is not None
            and window().ai.controller.state == "idle"
            and window().ai.controller.has_client()
        ),
        model_ready,
        "model loaded",
    )

    from editor.app import main as app_main

    code = app_main([str(script)])
    report["exit_code"] = code
    report["seconds"] = round(time.monotonic() - started, 1)
    report["network_attempts"] = ATTEMPTS
    report_path.write_text(json.dumps(report, indent=2), "utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
