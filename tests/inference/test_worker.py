"""The Qt worker on the tiny model: signals, priorities, supersession, cancel, failures, shutdown."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from support.tiny_model import PLANTED_LINE, PLANTED_SPEAKER, SCRIPT, SPEAKERS

from inference.runtime.client import InferenceClient
from inference.runtime.types import GenerationParams, GenerationResult, Priority, Request


class Recorder:
    """Collects every signal of a client in arrival order (as ``(name, id, payload)``)."""

    def __init__(self, client: InferenceClient) -> None:
        self.events: list[tuple[str, int, object]] = []
        self.statuses: list[tuple[str, str]] = []
        self.threads: set[object] = set()
        client.started.connect(lambda rid: self._add("started", rid, None))
        client.chunk.connect(lambda rid, text: self._add("chunk", rid, text))
        client.finished.connect(lambda rid, res: self._add("finished", rid, res))
        client.scored.connect(lambda rid, scores: self._add("scored", rid, scores))
        client.failed.connect(lambda rid, reason: self._add("failed", rid, reason))
        client.status_changed.connect(lambda s, d: self.statuses.append((s, d)))

    def _add(self, name: str, rid: int, payload: object) -> None:
        self.threads.add(QThread.currentThread())
        self.events.append((name, rid, payload))

    def ended(self, rid: int) -> bool:
        return any(n in ("finished", "scored", "failed") and r == rid for n, r, _ in self.events)

    def end(self, rid: int) -> tuple[str, object]:
        for name, r, payload in self.events:
            if r == rid and name in ("finished", "scored", "failed"):
                return name, payload
        raise AssertionError(f"request {rid} has not ended")

    def starts(self) -> list[int]:
        return [rid for name, rid, _ in self.events if name == "started"]


@pytest.fixture
def client(qtbot, tiny_model) -> Iterator[InferenceClient]:
    client = InferenceClient(tiny_model.path)
    yield client
    assert client.shutdown()


def long_request(task: str = "summary", priority: Priority = Priority.SUMMARY, **kw: object) -> Request:
    return Request(
        task=task, priority=priority, prompt=SCRIPT[:200], params=GenerationParams(max_tokens=700), **kw
    )


def test_generation_streams_on_the_ui_thread(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    rid = client.submit(
        Request(
            task="autocomplete",
            priority=Priority.AUTOCOMPLETE,
            prompt="MARA\nI told you",
            params=GenerationParams(max_tokens=12),
        )
    )
    qtbot.waitUntil(lambda: rec.ended(rid), timeout=60000)
    names = [n for n, r, _ in rec.events if r == rid]
    assert names[0] == "started" and names[-1] == "finished" and set(names[1:-1]) == {"chunk"}
    result = rec.end(rid)[1]
    assert isinstance(result, GenerationResult)
    assert result.text.startswith(" not to come here.")
    assert "".join(p for n, r, p in rec.events if n == "chunk" and r == rid) == result.text
    assert result.ttft_s > 0 and result.tokens == 12
    assert rec.threads == {QThread.currentThread()}
    assert ("loading", "") in rec.statuses and ("thinking", "autocomplete") in rec.statuses
    assert rec.statuses[-1][0] == "idle" and rec.statuses[-1][1].endswith("tok/s")


def test_priorities_order_the_queue(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    blocker = client.submit(long_request())
    qtbot.waitUntil(lambda: blocker in rec.starts(), timeout=60000)
    later = [
        client.submit(
            Request(
                task="summary",
                priority=Priority.SUMMARY,
                prompt="INT.",
                params=GenerationParams(max_tokens=2),
            )
        ),
        client.submit(
            Request(
                task="rewrite",
                priority=Priority.REWRITE,
                prompt="INT.",
                params=GenerationParams(max_tokens=2),
            )
        ),
        client.submit(
            Request(
                task="suggest",
                priority=Priority.SUGGESTION,
                prompt="INT.",
                params=GenerationParams(max_tokens=2),
            )
        ),
        client.submit(
            Request(
                task="autocomplete",
                priority=Priority.AUTOCOMPLETE,
                prompt="INT.",
                params=GenerationParams(max_tokens=2),
            )
        ),
    ]
    qtbot.waitUntil(lambda: all(rec.ended(r) for r in later), timeout=60000)
    assert rec.starts() == [blocker, *reversed(later)]
    assert rec.end(blocker)[1].finish_reason in ("length", "eos")


def test_newer_autocomplete_supersedes_older_ones(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    running = client.submit(long_request("autocomplete", Priority.AUTOCOMPLETE, supersede=True))
    qtbot.waitUntil(lambda: running in rec.starts(), timeout=60000)
    queued = client.submit(
        Request(task="autocomplete", priority=Priority.AUTOCOMPLETE, prompt="INT.", supersede=True)
    )
    unrelated = client.submit(
        Request(
            task="suggest", priority=Priority.SUGGESTION, prompt="INT.", params=GenerationParams(max_tokens=3)
        )
    )
    newest = client.submit(
        Request(
            task="autocomplete",
            priority=Priority.AUTOCOMPLETE,
            prompt="MARA\nI told you",
            params=GenerationParams(max_tokens=6),
            supersede=True,
        )
    )
    qtbot.waitUntil(lambda: all(rec.ended(r) for r in (running, queued, unrelated, newest)), timeout=60000)
    running_result = rec.end(running)[1]
    assert running_result.finish_reason == "cancelled" and running_result.tokens < 700
    assert rec.end(queued)[1].finish_reason == "cancelled"
    assert queued not in rec.starts()
    assert rec.end(unrelated)[1].finish_reason == "length"
    assert rec.end(newest)[1].text.startswith(" not to come")


def test_cancel_stops_a_running_request(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    rid = client.submit(long_request())
    qtbot.waitUntil(lambda: any(n == "chunk" and r == rid for n, r, _ in rec.events), timeout=60000)
    client.cancel(rid)
    qtbot.waitUntil(lambda: rec.ended(rid), timeout=10000)
    name, result = rec.end(rid)
    assert name == "finished" and result.finish_reason == "cancelled" and 0 < result.tokens < 700
    # The worker is immediately usable again.
    again = client.submit(Request(prompt="MARA\nI told you", params=GenerationParams(max_tokens=4)))
    qtbot.waitUntil(lambda: rec.ended(again), timeout=10000)
    assert rec.end(again)[1].text.startswith(" not to come")


def test_scoring_request(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    candidates = [f"{name}\n" for name in SPEAKERS]
    rid = client.submit(
        Request(
            task="next-speaker",
            priority=Priority.AUTOCOMPLETE,
            prompt=f"HALE\n{PLANTED_LINE}\n\n",
            candidates=candidates,
        )
    )
    qtbot.waitUntil(lambda: rec.ended(rid), timeout=60000)
    name, scores = rec.end(rid)
    assert name == "scored" and len(scores) == len(candidates)
    assert candidates[max(range(len(scores)), key=scores.__getitem__)] == f"{PLANTED_SPEAKER}\n"


def test_corrupt_model_folder_is_reported_and_the_worker_recovers(qtbot, tiny_model, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model.path, broken)
    data = broken / "onnx" / "model.onnx"
    data.write_bytes(data.read_bytes()[:100])
    client = InferenceClient(broken)
    try:
        rec = Recorder(client)
        rid = client.submit(Request(prompt="INT."))
        qtbot.waitUntil(lambda: rec.ended(rid), timeout=60000)
        name, reason = rec.end(rid)
        assert name == "failed"
        assert "could not be loaded" in reason and "install or import it again" in reason
        assert rec.statuses[-1][0] == "error"
        # Retrying after the model is fixed works without restarting anything.
        client.set_model(tiny_model.path)
        rid = client.submit(Request(prompt="MARA\nI told you", params=GenerationParams(max_tokens=4)))
        qtbot.waitUntil(lambda: rec.ended(rid), timeout=60000)
        assert rec.end(rid)[0] == "finished"
    finally:
        assert client.shutdown()


def test_missing_default_model_says_how_to_install_it(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "empty"))
    client = InferenceClient()
    try:
        rec = Recorder(client)
        rid = client.submit(Request(prompt="INT."))
        qtbot.waitUntil(lambda: rec.ended(rid), timeout=30000)
        name, reason = rec.end(rid)
        assert name == "failed" and "not installed" in reason and "make model" in reason
    finally:
        assert client.shutdown()


def test_turning_ai_off_cancels_and_refuses_until_back_on(qtbot, client: InferenceClient) -> None:
    rec = Recorder(client)
    rid = client.submit(long_request())
    qtbot.waitUntil(lambda: rid in rec.starts(), timeout=60000)
    client.set_enabled(False)
    qtbot.waitUntil(lambda: rec.ended(rid), timeout=10000)
    assert rec.end(rid)[1].finish_reason == "cancelled"
    qtbot.waitUntil(lambda: rec.statuses and rec.statuses[-1][0] == "off", timeout=10000)
    refused = client.submit(Request(prompt="INT."))
    qtbot.waitUntil(lambda: rec.ended(refused), timeout=10000)
    assert rec.end(refused) == ("failed", "The AI is turned off.")
    client.set_enabled(True)
    ok = client.submit(Request(prompt="INT.", params=GenerationParams(max_tokens=3)))
    qtbot.waitUntil(lambda: rec.ended(ok), timeout=60000)
    assert rec.end(ok)[0] == "finished"


def test_shutdown_during_generation_is_prompt(qtbot, tiny_model) -> None:
    client = InferenceClient(tiny_model.path)
    rec = Recorder(client)
    rid = client.submit(long_request())
    queued = client.submit(long_request())
    qtbot.waitUntil(lambda: rid in rec.starts(), timeout=60000)
    assert client.shutdown(timeout_ms=5000)
    after = client.submit(Request(prompt="INT."))
    qtbot.waitUntil(lambda: all(rec.ended(r) for r in (rid, queued, after)), timeout=5000)
    assert rec.end(rid)[1].finish_reason == "cancelled"
    assert rec.end(queued)[1].finish_reason == "cancelled"
    assert rec.end(after)[0] == "failed"


def test_urgent_requests_run_inside_a_long_background_request(
    qtbot, client: InferenceClient, tiny_model
) -> None:
    from inference.runtime.session import InferenceSession

    reference = InferenceSession.open(tiny_model.path, "ort").generate(
        SCRIPT[:200], GenerationParams(max_tokens=700)
    )
    rec = Recorder(client)
    summary = client.submit(long_request())
    qtbot.waitUntil(lambda: any(n == "chunk" and r == summary for n, r, _ in rec.events), timeout=60000)
    urgent = client.submit(
        Request(
            task="autocomplete",
            priority=Priority.AUTOCOMPLETE,
            prompt="MARA\nI told you",
            params=GenerationParams(max_tokens=6),
        )
    )
    qtbot.waitUntil(lambda: rec.ended(summary) and rec.ended(urgent), timeout=60000)
    order = [r for n, r, _ in rec.events if n == "finished"]
    assert order == [urgent, summary]
    assert rec.end(urgent)[1].text.startswith(" not to come")
    result = rec.end(summary)[1]
    # The summary resumed on its own cache: same tokens as an uninterrupted run.
    assert result.finish_reason == reference.finish_reason and result.token_ids == reference.token_ids
    summary_chunks = "".join(p for n, r, p in rec.events if n == "chunk" and r == summary)
    assert summary_chunks == result.text


def test_a_crashed_model_process_is_restarted(qtbot, client: InferenceClient) -> None:
    import os
    import signal

    rec = Recorder(client)
    first = client.submit(Request(prompt="MARA\nI told you", params=GenerationParams(max_tokens=4)))
    qtbot.waitUntil(lambda: rec.ended(first), timeout=60000)
    session = client._worker._session
    assert session is not None and session.pid != os.getpid()
    os.kill(session.pid, signal.SIGKILL)
    crashed = client.submit(Request(prompt="INT.", params=GenerationParams(max_tokens=4)))
    qtbot.waitUntil(lambda: rec.ended(crashed), timeout=60000)
    name, reason = rec.end(crashed)
    assert name == "failed" and "stopped unexpectedly" in reason
    again = client.submit(Request(prompt="MARA\nI told you", params=GenerationParams(max_tokens=4)))
    qtbot.waitUntil(lambda: rec.ended(again), timeout=60000)
    assert rec.end(again)[1].text.startswith(" not to come")
