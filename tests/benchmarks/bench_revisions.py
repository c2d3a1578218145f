"""Production drafts: compare two 120-page drafts, print the revised pages.

Targets (issue 19): ``revisions.compare_120p_ms`` < 500 (two full parses and the scene-by-scene
comparison of the synthetic 120-page script against a second draft made by realistic edits:
line rewrites, a new scene, a deleted scene, two moves), ``revisions.pdf_changed_pages_s`` < 3
(comparison, pagination and the PDF of the changed pages only, with asterisks and headers).
Medians over several runs.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from support.drafts import revise
from support.synthetic import generate_script

COMPARE_RUNS = 9
PDF_RUNS = 5


def run() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from editor.export.pdf import ensure_gui_application, export_pdf
    from editor.fountain.pagination import paginate
    from editor.fountain.parser import parse
    from editor.production.compare import changed_pages, compare_scripts, compare_texts
    from editor.production.revised import RevisedPrint

    old = generate_script()
    new = revise(old, seed=1, line_edits=12).text
    compare_texts(old, new)  # warm-up
    compare_ms: list[float] = []
    compare_cpu_ms: list[float] = []
    for _ in range(COMPARE_RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        comparison = compare_texts(old, new)
        compare_ms.append((time.perf_counter() - started) * 1000)
        compare_cpu_ms.append((time.process_time() - cpu) * 1000)

    ensure_gui_application()
    pdf_s: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "changed.pdf"
        for k in range(PDF_RUNS + 1):
            started = time.perf_counter()
            new_script, old_script = parse(new), parse(old)
            comparison = compare_scripts(old_script, new_script)
            pages = changed_pages(paginate(new_script), comparison.changed_lines)
            revised = RevisedPrint(dict.fromkeys(comparison.changed_lines, 1), 1, "2026-12-03", True)
            printed = export_pdf(new_script, out, revised=revised)
            if k:  # the first run is a warm-up (fonts load once per process)
                pdf_s.append(time.perf_counter() - started)

    results = {
        "revisions.compare_120p_ms": round(statistics.median(compare_ms), 2),
        "revisions.pdf_changed_pages_s": round(statistics.median(pdf_s), 3),
    }
    compare_median = results["revisions.compare_120p_ms"]
    pdf_median = results["revisions.pdf_changed_pages_s"]
    print(f"   {'compare 120p median':<34} {compare_median:>9.1f} ms  (target < 500)")
    print(f"   {'compare 120p CPU median':<34} {statistics.median(compare_cpu_ms):>9.1f} ms")
    print(f"   {'changed pages PDF median':<34} {pdf_median:>9.3f} s   (target < 3)")
    marked = len(comparison.changed_lines)
    print(f"   {'changed pages / lines':<34} {len(pages):>9d} / {marked} ({printed} printed)")
    return results
