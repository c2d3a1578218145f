import importlib.util
import json
from pathlib import Path

RUNNER = Path(__file__).parent / "benchmarks" / "run.py"


def test_merge_keeps_other_areas(tmp_path: Path, monkeypatch) -> None:
    spec = importlib.util.spec_from_file_location("bench_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "bench-results.json"
    monkeypatch.setattr(module, "RESULTS", target)
    module.merge_results({"a.x": 1.0})
    merged = module.merge_results({"b.y": 2.0, "a.x": 3.0})
    assert merged == {"a.x": 3.0, "b.y": 2.0}
    assert json.loads(target.read_text()) == merged
