"""Run the benchmarks and write ``bench-results.json`` at the repository root.

Each ``bench_<area>.py`` beside this file exposes ``run() -> dict[str, float]`` returning flat
metric names (``area.metric``) to numbers. Results are merged into the existing JSON so that a
partial run (``run.py fountain``) or ``make installer`` does not wipe other areas' numbers.

Usage: ``python tests/benchmarks/run.py [AREA ...]`` (default: every area).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "bench-results.json"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def merge_results(new: dict[str, float]) -> dict[str, float]:
    """Merge ``new`` into bench-results.json (flat object) and return the merged mapping."""
    current: dict[str, float] = {}
    if RESULTS.exists():
        try:
            loaded = json.loads(RESULTS.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                current = loaded
        except json.JSONDecodeError:
            pass
    current.update(new)
    RESULTS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return current


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))  # the tests/support package (synthetic scripts, tiny model)
    sys.path.insert(0, str(HERE))
    wanted = set(argv)
    modules = sorted(HERE.glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m.stem.removeprefix("bench_") in wanted]
    failures = 0
    collected: dict[str, float] = {}
    for path in modules:
        area = path.stem.removeprefix("bench_")
        print(f"== {area} ==", flush=True)
        started = time.perf_counter()
        try:
            results = _load(path).run()
        except Exception:
            failures += 1
            traceback.print_exc()
            continue
        collected.update(results)
        merge_results(results)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    print()
    print(f"{'metric':<50} {'value':>14}")
    print("-" * 65)
    for key in sorted(collected):
        value = collected[key]
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<50} {shown:>14}")
    print(f"\nwrote {RESULTS}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
