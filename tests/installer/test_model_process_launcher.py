"""Defect 1: the bundle ran the model in the UI process. The frozen app's own executable, through its
launcher (``screenwright --model-process``), is the model's child process now, as ``python -m`` is
from a checkout, with the same protocol and fault handling.

The frozen executable is stood in for by a script that runs installer/launcher.py with this Python
(``sys.frozen`` set, as PyInstaller sets it); ``test_bundle.py`` checks the real bundle.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from inference.errors import GenerationError
from inference.runtime.model_process import FROZEN_FLAG, RemoteSession, child_command
from inference.runtime.types import GenerationParams

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    app = tmp_path / "screenwright"
    app.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "installer" / "launcher.py"}" "$@"\n')
    app.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    return app


def test_the_frozen_app_starts_its_own_executable_as_the_model_process(frozen_app: Path, tiny_model) -> None:
    assert child_command(tiny_model.path, "ort", 2048) == [
        str(frozen_app),
        FROZEN_FLAG,
        str(tiny_model.path),
        "ort",
        "2048",
    ]
    session = RemoteSession(tiny_model.path)
    try:
        result = session.generate("INT. DINER - NIGHT\n\n", GenerationParams(max_tokens=8))
        assert result.tokens > 0 and result.text
        assert session._proc.pid != os.getpid()
        # Same fault handling as from a checkout: a killed child is a clear error, not a dead editor.
        os.kill(session._proc.pid, signal.SIGKILL)
        session._proc.wait(timeout=10)
        with pytest.raises(GenerationError, match="model process"):
            session.generate("INT. DINER - NIGHT\n\n", GenerationParams(max_tokens=8))
    finally:
        session.close()


def test_the_worker_isolates_the_model_in_a_frozen_app(frozen_app: Path, tiny_model) -> None:
    from inference.runtime.worker import InferenceWorker

    worker = InferenceWorker(tiny_model.path)
    session = worker._ensure_loaded()
    try:
        assert isinstance(session, RemoteSession)  # was an in-process InferenceSession in the bundle
    finally:
        if session is not None:
            session.close()
