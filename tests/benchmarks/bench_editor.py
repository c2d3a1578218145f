"""Editor latency: keystroke to idle while typing into a 120-page script, and opening it.

Each keystroke is a real key press/release sent to the editor widget (QTest), timed until the event
loop has drained what the key posted (a zero-timer fires after pending events; the product code
never calls processEvents). The typed text is a scene written the way a writer types it with smart
typing: Tab starts a cue, Enter moves between elements, ``(`` starts a parenthetical. 1,000
characters go at the end of the script and 1,000 in the middle.

Keys: ``editor.keystroke_p50_ms``, ``editor.keystroke_p99_ms``, ``editor.open_120p_ms`` (median of
several opens: reading the file to an editable, highlighted window with its scene list), and
``editor.page_wrap_mismatches``: printed lines of the typed-into script whose screen line break differs
from the pagination engine's (the PDF's), over window widths 800-2560 px, zooms 80/100/150 and the
Dialogue Suggestions dock open and closed (target 0).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from support.editor_testkit import drain, percentile, press

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHARS_PER_SPOT = 1000
OPEN_RUNS = 5
SCENE = (
    "int. server room - night\n"
    "Racks of blinking lights. NINA crouches by an open panel, a flashlight in her teeth.\n"
    "\tlucas\n"
    "You said ten minutes. It's been forty.\n"
    "\tnina\n"
    "(not looking up)\tThen stop counting.\n"
    "She yanks a cable. Somewhere, an alarm begins to wail.\n"
    "\tlucas\n"
    "That's not good.\n"
)


def _keys(total: int) -> list[str]:
    out: list[str] = []
    while len(out) < total:
        out.extend(SCENE)
    return out[:total]


CPU_TIMES: list[float] = []


def _type(editor, keys: list[str]) -> list[float]:
    """Wall-clock ms per key (what the writer feels); CPU ms go to ``CPU_TIMES`` (load-independent)."""

    times: list[float] = []
    for ch in keys:
        cpu = time.thread_time()
        start = time.perf_counter()
        press(editor, ch)
        drain()
        times.append((time.perf_counter() - start) * 1000.0)
        CPU_TIMES.append((time.thread_time() - cpu) * 1000.0)
    return times


def _page_wrap_mismatches(window, tab) -> int:
    """Line breaks that differ from print, after the window's own debounced pagination ran."""
    from support.page_wrap import PageWrapChecker

    from editor.fountain.pagination import PaginationOptions, paginate

    checker = PageWrapChecker(paginate(tab.document.snapshot(), PaginationOptions(title_page=False)))
    layout = tab.document.layout
    total = 0
    zoom = tab.editor.zoom()
    for percent in (80, 100, 150):
        tab.editor.set_zoom(percent)
        for width in (800, 1000, 1280, 1600, 2560):
            for dock_open in (False, True):
                window.ai.dock.setVisible(dock_open)
                window.resize(width, 900)
                drain()
                total += checker.check(tab.document.qdoc, layout.blockBoundingRect).mismatches
    tab.editor.set_zoom(zoom)
    window.ai.dock.hide()
    print(f"  page view vs print: {total} line breaks differ (30 window configurations)")
    return total


def run() -> dict[str, float]:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    sys.path.insert(0, str(here.parent.parent))
    from support.synthetic import generate_script

    previous_config = os.environ.get("SCREENWRIGHT_CONFIG_DIR")
    try:
        return _run(generate_script)
    finally:
        if previous_config is None:
            os.environ.pop("SCREENWRIGHT_CONFIG_DIR", None)
        else:
            os.environ["SCREENWRIGHT_CONFIG_DIR"] = previous_config


def _run(generate_script) -> dict[str, float]:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from support.windows import paginate_and_wait

    with tempfile.TemporaryDirectory() as tmp:
        # Settings of the person running the benchmark are neither read nor changed.
        os.environ["SCREENWRIGHT_CONFIG_DIR"] = str(Path(tmp) / "config")
        app = QApplication.instance() or QApplication([])
        from editor.app import build_main_window
        from editor.config.resources import load_script_fonts
        from editor.config.settings import Settings

        load_script_fonts()
        text = generate_script(120)
        script_path = Path(tmp) / "undertow.fountain"
        script_path.write_text(text, encoding="utf-8")
        window = build_main_window(Settings())
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window)
        drain()

        open_times: list[float] = []
        for _ in range(OPEN_RUNS):
            start = time.perf_counter()
            tab = window.open_path(script_path)
            drain()
            open_times.append((time.perf_counter() - start) * 1000.0)
            assert tab is not None
            if len(open_times) < OPEN_RUNS:
                tab.document.qdoc.setModified(False)
                window.close_tab(window.tabs.indexOf(tab))
                drain()
        tab = window.current_tab()
        assert tab is not None
        editor = tab.editor
        lines = tab.document.line_count()

        spots: dict[str, list[float]] = {}
        cursor = editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        _type(editor, ["\n"])  # start on a fresh line
        CPU_TIMES.clear()
        spots["end"] = _type(editor, _keys(CHARS_PER_SPOT))
        middle = tab.document.qdoc.findBlockByNumber(lines // 2)
        # Start the middle insertion on an empty line between two elements.
        while middle.isValid() and middle.text().strip():
            middle = middle.next()
        cursor = QTextCursor(middle)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        spots["middle"] = _type(editor, _keys(CHARS_PER_SPOT))

        started = time.perf_counter()
        tab.document._refresh_snapshot()
        paginate_and_wait(window)
        refresh_ms = (time.perf_counter() - started) * 1000.0
        ok = tab.document.parser.lines == tab.document._document_text().split("\n")

        mismatches = _page_wrap_mismatches(window, tab)

        all_times = spots["end"] + spots["middle"]
        result = {
            "editor.page_wrap_mismatches": float(mismatches),
            "editor.keystroke_p50_ms": round(statistics.median(all_times), 3),
            "editor.keystroke_p99_ms": round(percentile(all_times, 0.99), 3),
            "editor.open_120p_ms": round(statistics.median(open_times), 1),
        }
        print(f"  script: {lines} lines, {len(text):,} chars; parser in step after typing: {ok}")
        print(f"  {'where':<8} {'keys':>5} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for name, values in spots.items():
            print(
                f"  {name:<8} {len(values):>5} {statistics.median(values):>8.2f}"
                f" {percentile(values, 0.9):>8.2f} {percentile(values, 0.99):>8.2f} {max(values):>8.2f}"
            )
        print(
            f"  CPU time per key (independent of other processes): p50 {statistics.median(CPU_TIMES):.2f} ms,"
            f" p99 {percentile(CPU_TIMES, 0.99):.2f} ms; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"  open 120 pages: runs {[round(t) for t in open_times]} ms"
            f" (median {result['editor.open_120p_ms']})"
        )
        print(f"  debounced refresh after a pause (snapshot + navigator + pagination): {refresh_ms:.1f} ms")
        for tab_ in window.tabs_list():
            tab_.document.qdoc.setModified(False)
        window.close()
        del window
        app.processEvents()  # benchmark teardown only, not product code
    return result


if __name__ == "__main__":
    print(run())
