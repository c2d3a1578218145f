"""Importing a model off the UI thread, with progress signals and cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.convert.import_job import ModelImportJob
from inference.store.models import list_models


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def test_import_reports_progress_and_finishes(qtbot, tiny_model, store: Path) -> None:
    job = ModelImportJob(tiny_model.hf_dir, "imported")
    stages: list[str] = []
    job.progress.connect(lambda stage, fraction, detail: stages.append(stage))
    with qtbot.waitSignal(job.finished, timeout=180000) as blocker:
        job.start()
    assert job.wait()
    info = blocker.args[0]
    assert info.name == "imported" and info.hf_dir is not None
    assert "Copying weights" in stages and "Exporting to ONNX" in stages
    assert [m.name for m in list_models()] == ["imported"]


def test_cancel_leaves_nothing(qtbot, tiny_model, store: Path) -> None:
    job = ModelImportJob(tiny_model.hf_dir, "cancelled")
    job.progress.connect(
        lambda stage, fraction, detail: job.cancel() if stage == "Exporting to ONNX" else None
    )
    # The export step reports progress only once its child has produced output; cancel at the first sign.
    job.progress.connect(lambda stage, fraction, detail: job.cancel())
    with qtbot.waitSignal(job.cancelled, timeout=180000):
        job.start()
    assert job.wait()
    assert not store.exists() or list(store.iterdir()) == []


def test_failure_is_reported(qtbot, tmp_path: Path, store: Path) -> None:
    job = ModelImportJob(tmp_path / "missing.gguf")
    with qtbot.waitSignal(job.failed, timeout=30000) as blocker:
        job.start()
    assert job.wait()
    assert "does not exist" in blocker.args[0]
