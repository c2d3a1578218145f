"""Spell checking: a whole 120-page script, typo recall, false flags, and typing with checking on.

Keys:
- ``spell.check_120p_ms``: one full check of the synthetic 120-page script (what the editor runs on a
  background thread after opening and after the script's names change), median of 5, cold cache.
- ``spell.load_ms``: loading the US English dictionary (background thread too).
- ``spell.typo_recall``: share of 200 injected typing slips (dropped, doubled, swapped and
  neighbouring-key letters in prose words of five letters or more that do not spell another SCOWL
  word) the checker flags.
- ``spell.false_flags_per_page``: flagged words per page of the clean 120-page script.
- ``editor.keystroke_p99_spell_ms``: keystroke p99 (the ``bench_editor`` typing run) in a window with
  spell checking installed, its dictionary loaded and the script checked.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from support.editor_testkit import drain, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PAGES = 120


def _pure(text: str) -> dict[str, float]:
    from support.typos import inject_typos

    from editor.fountain.parser import parse
    from editor.fountain.spelling import script_known_words
    from editor.spelling.checker import SpellChecker, _resources

    started = time.perf_counter()
    checker = SpellChecker("en_US", user_path=Path(tempfile.gettempdir()) / "sw-bench-none.txt").load()
    load_ms = (time.perf_counter() - started) * 1000.0
    script = parse(text)
    lines = text.split("\n")
    times: list[float] = []
    flagged = []
    for _ in range(5):
        view = checker.view()
        started = time.perf_counter()
        view.set_script_words(script_known_words(script))
        flagged = view.check(lines, script.line_types)
        times.append((time.perf_counter() - started) * 1000.0)
    english = set(gzip.decompress((_resources() / "words" / "english.txt.gz").read_bytes()).decode().split())
    dirty, injected = inject_typos(text, 200, lambda w: w.lower() in english, seed=5)
    dirty_script = parse(dirty)
    view = checker.view()
    view.set_script_words(script_known_words(dirty_script))
    found = {(m.line, m.start, m.word) for m in view.check(dirty.split("\n"), dirty_script.line_types)}
    hits = len(found & set(injected))
    missed = [t for t in injected if t not in found]
    check_ms = statistics.median(times)
    print(f"  load {load_ms:.0f} ms; check {check_ms:.0f} ms; {len(flagged)} flags on clean text")
    print(f"  typos: {hits}/{len(injected)} flagged; missed: {[w for _l, _c, w in missed][:10]}")
    return {
        "spell.load_ms": round(load_ms, 1),
        "spell.check_120p_ms": round(statistics.median(times), 1),
        "spell.typo_recall": round(hits / max(1, len(injected)), 3),
        "spell.false_flags_per_page": round(len(flagged) / PAGES, 3),
    }


def _keystrokes(text: str) -> dict[str, float]:
    import bench_editor as be
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCREENWRIGHT_CONFIG_DIR"] = str(Path(tmp) / "config")
        app = QApplication.instance() or QApplication([])
        from editor.app import build_main_window
        from editor.config.resources import load_script_fonts
        from editor.config.settings import Settings

        load_script_fonts()
        path = Path(tmp) / "undertow.fountain"
        path.write_text(text, encoding="utf-8")
        window = build_main_window(Settings())
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window)
        tab = window.open_path(path)
        assert tab is not None
        spelling = window.spelling
        deadline = time.perf_counter() + 60
        while not spelling.is_ready(tab.document) and time.perf_counter() < deadline:
            drain()
            app.processEvents()  # benchmark only: wait for the background load and check
        assert spelling.is_ready(tab.document), "the dictionary did not load"
        results: dict[str, float] = {}
        for label, on in (("off", False), ("on", True)):
            spelling.set_enabled(on)
            times, cpu = _type_twice(be, tab)
            p99 = percentile(times, 0.99)
            print(
                f"  typing with spelling {label}: wall p50 {statistics.median(times):.2f} ms,"
                f" p99 {p99:.2f} ms; CPU p50 {statistics.median(cpu):.2f} ms,"
                f" p99 {percentile(cpu, 0.99):.2f} ms"
            )
            key = "editor.keystroke_p99_spell_ms" if on else "spell.keystroke_p99_off_ms"
            results[key] = round(p99, 3)
            results[key.replace("p99", "cpu_p99")] = round(percentile(cpu, 0.99), 3)
        tab.document.qdoc.setModified(False)
        window.ai.shutdown()
        window.close()
        return results


def _type_twice(be, tab) -> tuple[list[float], list[float]]:
    """The bench_editor typing run: 1,000 keys at the end and 1,000 in the middle of the script."""
    from PySide6.QtGui import QTextCursor

    editor = tab.editor
    be.CPU_TIMES.clear()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    be._type(editor, ["\n"])
    times = be._type(editor, be._keys(be.CHARS_PER_SPOT))
    middle = tab.document.qdoc.findBlockByNumber(tab.document.line_count() // 2)
    while middle.isValid() and middle.text().strip():
        middle = middle.next()
    editor.setTextCursor(QTextCursor(middle))
    editor.centerCursor()
    times += be._type(editor, be._keys(be.CHARS_PER_SPOT))
    return times, list(be.CPU_TIMES)


def run() -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(ROOT))
    from support.synthetic import generate_script

    text = generate_script(PAGES)
    previous = os.environ.get("SCREENWRIGHT_CONFIG_DIR")
    try:
        results = _pure(text)
        if os.environ.get("SCREENWRIGHT_BENCH_SPELL_PURE") != "1":
            results.update(_keystrokes(text))
        return results
    finally:
        if previous is None:
            os.environ.pop("SCREENWRIGHT_CONFIG_DIR", None)
        else:
            os.environ["SCREENWRIGHT_CONFIG_DIR"] = previous
