"""The Fountain benchmark runs end to end and reports exactly its issue's keys (numbers unchecked)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"


def test_bench_fountain_reports_its_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fountain", reason="fountain-py (the comparison library) is a dev dependency")
    monkeypatch.syspath_prepend(str(BENCH_DIR))
    path = BENCH_DIR / "bench_fountain.py"
    spec = importlib.util.spec_from_file_location("bench_fountain_under_test", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_fountain_under_test", module)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "FULL_RUNS", 2)
    monkeypatch.setattr(module, "FOUNTAIN_PY_RUNS", 1)
    monkeypatch.setattr(module, "EDITS", 20)
    monkeypatch.setattr(module, "BIG_PAGES", 5)
    monkeypatch.setattr(module, "BIG_RUNS", 1)
    results = module.run()
    assert set(results) == {
        "fountain.parse_full_ms",
        "fountain.parse_full_ms_fountain_py",
        "fountain.incremental_edit_ms",
        "fountain.parse_118k_s",
        "fountain.cli_parse_json_118k_s",
    }
    assert all(value > 0 for value in results.values())
