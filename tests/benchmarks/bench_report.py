"""Script report: build the whole report of the synthetic 120-page script (issue 18).

Target: ``report.build_120p_ms`` < 500: parse + pagination + characters, exchanges, places, scene
lengths, page balance, VADER sentiment per scene, tf-idf themes and scene clusters. Median of
several runs after one warm-up (the warm-up pays the one-time VADER lexicon load, ~30 ms). CPU time
is reported beside wall time because the benchmark machine is shared.
"""

from __future__ import annotations

import statistics
import time

from support.synthetic import generate_script

RUNS = 7


def run() -> dict[str, float]:
    from editor.analysis.report import build_report
    from editor.fountain.parser import parse

    text = generate_script(120)
    build_report(parse(text))  # warm-up: imports, VADER lexicon
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(RUNS):
        started, cpu0 = time.perf_counter(), time.process_time()
        build_report(parse(text))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu0) * 1000)
    # Bad input at scale: a 10,000-scene script (one run; parse included).
    huge = "\n".join(
        f"INT. ROOM {i % 300} - {'DAY' if i % 2 else 'NIGHT'}\n\nSomeone waits by door {i}.\n\n"
        f"BOB\nWhere were you, {i}?\n\nALICE\nOut. It was lovely.\n"
        for i in range(10_000)
    )
    started, cpu0 = time.perf_counter(), time.process_time()
    build_report(parse(huge))
    return {
        "report.build_120p_ms": round(statistics.median(wall), 1),
        "report.build_120p_cpu_ms": round(statistics.median(cpu), 1),
        "report.build_10000_scenes_s": round(time.perf_counter() - started, 2),
        "report.build_10000_scenes_cpu_s": round(time.process_time() - cpu0, 2),
    }
