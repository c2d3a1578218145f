"""The model in a child process: same results as in-process, nested requests, cancel, crashes."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from support.tiny_model import PLANTED_LINE, PLANTED_SPEAKER, SCRIPT, SPEAKERS

from inference.errors import GenerationError, ModelCorruptError
from inference.runtime.model_process import RemoteSession
from inference.runtime.session import InferenceSession
from inference.runtime.types import GenerationParams


@pytest.fixture(scope="module")
def remote(tiny_model):
    session = RemoteSession(tiny_model.path)
    yield session
    session.close()


def test_same_tokens_chunks_and_scores_as_in_process(remote: RemoteSession, tiny_model) -> None:
    local = InferenceSession.open(tiny_model.path)
    chunks: list[str] = []
    a = remote.generate(SCRIPT[:120], GenerationParams(max_tokens=30), on_chunk=chunks.append)
    b = local.generate(SCRIPT[:120], GenerationParams(max_tokens=30))
    assert a.token_ids == b.token_ids and "".join(chunks) == a.text == b.text
    prompt, candidates = f"HALE\n{PLANTED_LINE}\n\n", [f"{s}\n" for s in SPEAKERS]
    assert remote.score(prompt, candidates) == pytest.approx(local.score(prompt, candidates))
    assert remote.encode("MARA") == local.encode("MARA")
    best = max(zip(remote.score(prompt, candidates), candidates, strict=True))[1]
    assert best == f"{PLANTED_SPEAKER}\n"


def test_cancel_and_nested_request_between_tokens(remote: RemoteSession) -> None:
    reference = remote.generate(SCRIPT[:120], GenerationParams(max_tokens=40), lane="background")
    polls = {"n": 0}
    nested: list[str] = []

    def should_cancel() -> bool:
        polls["n"] += 1
        if polls["n"] == 5:
            nested.append(remote.generate("MARA\nI told you", GenerationParams(max_tokens=5)).text)
        return False

    resumed = remote.generate(
        SCRIPT[:120], GenerationParams(max_tokens=40), should_cancel=should_cancel, lane="background"
    )
    assert nested and nested[0].startswith(" not to come")
    assert resumed.token_ids == reference.token_ids
    seen: list[str] = []
    cancelled = remote.generate(
        SCRIPT[:120],
        GenerationParams(max_tokens=40),
        on_chunk=seen.append,
        should_cancel=lambda: len(seen) >= 3,
    )
    assert cancelled.finish_reason == "cancelled" and cancelled.tokens <= 4


def test_load_errors_keep_their_type(tiny_model, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model.ort_dir, broken)
    (broken / "model.onnx").write_bytes(b"not onnx")
    with pytest.raises(ModelCorruptError, match="could not be loaded"):
        RemoteSession(broken)


def test_a_killed_child_is_reported(tiny_model) -> None:
    session = RemoteSession(tiny_model.path)
    try:
        assert session.pid is not None
        os.kill(session.pid, signal.SIGKILL)
        with pytest.raises(GenerationError, match="stopped unexpectedly"):
            session.generate("INT.", GenerationParams(max_tokens=3))
        assert not session.alive
    finally:
        session.close()


def test_the_model_process_runs_at_lower_cpu_priority(remote: RemoteSession) -> None:
    """The editor's UI thread must win a core over the model on a 2-core laptop."""
    import psutil

    assert remote.pid is not None
    assert psutil.Process(remote.pid).nice() >= psutil.Process().nice() + 5


def test_model_niceness_can_be_turned_off(tiny_model, monkeypatch: pytest.MonkeyPatch) -> None:
    import psutil

    monkeypatch.setenv("SCREENWRIGHT_MODEL_NICE", "0")
    session = RemoteSession(tiny_model.path)
    try:
        assert session.pid is not None
        assert psutil.Process(session.pid).nice() == psutil.Process().nice()
    finally:
        session.close()
