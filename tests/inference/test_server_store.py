"""Model servers as store entries: connect, the network policy, the worker, the connection audit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.llama_server import LlamaServer, Unavailable

from inference.errors import InferenceError
from inference.runtime.types import GenerationParams
from inference.store.models import get_model, list_models, set_active_model
from inference.store.servers import config_for_path, connect

REPO = Path(__file__).resolve().parents[2]


def test_another_machine_needs_confirmation(tmp_path: Path) -> None:
    with pytest.raises(InferenceError) as caught:
        connect("http://192.168.1.20:8000", "room", root=tmp_path, check=False)
    assert "your script's text would be sent there" in str(caught.value)
    assert not (tmp_path / "room").exists()
    info = connect("http://192.168.1.20:8000", "room", root=tmp_path, check=False, allow_remote=True)
    assert info.manifest is not None and info.manifest.format == "server"


def test_bad_addresses_are_refused(tmp_path: Path) -> None:
    for url in ("ftp://127.0.0.1/", "http://", "not a url at all"):
        with pytest.raises(InferenceError):
            connect(url, "bad", root=tmp_path, check=False)


def test_api_key_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROOM_KEY", "sk-secret-123")
    info = connect("http://127.0.0.1:9", "keyed", root=tmp_path, check=False, api_key_env="ROOM_KEY")
    for path in info.path.rglob("*"):
        if path.is_file():
            assert "sk-secret-123" not in path.read_text(encoding="utf-8")
    config = config_for_path(info.path)
    assert config is not None and config.api_key == "sk-secret-123"


def test_connect_lists_and_selects_like_a_model(server: LlamaServer, tmp_path: Path) -> None:
    info = connect(server.url, "local-llama", root=tmp_path)
    assert [m.name for m in list_models(tmp_path)] == ["local-llama"]
    assert set_active_model("local-llama", tmp_path).name == "local-llama"
    config = config_for_path(get_model("local-llama", tmp_path).path)
    assert config is not None and config.model == "smollm2" and config.url == server.url
    assert json.loads((info.path / "server.json").read_text())["model"] == "smollm2"


def test_cli_connect_and_generate(server: LlamaServer, tmp_path: Path) -> None:
    env = {**os.environ, "SCREENWRIGHT_MODELS_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    run = [sys.executable, "-m", "inference.cli"]
    done = subprocess.run(
        [*run, "connect", server.url, "--name", "srv"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    out = subprocess.run(
        [*run, "generate", "--model", "srv", "--prompt", "INT. DINER - NIGHT\\n\\n", "--escapes", "--json",
         "--max-tokens", "8"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["tokens"] > 0
    wrong = subprocess.run(
        [*run, "connect", "http://127.0.0.1:9", "--name", "nothing"], env=env, capture_output=True, text=True
    )
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("error: Nothing answers at 127.0.0.1:9 (connection refused).")


def test_worker_serves_requests_from_a_server(qtbot, server: LlamaServer, tmp_path: Path) -> None:
    from inference.runtime.client import InferenceClient
    from inference.runtime.types import Request

    info = connect(server.url, "srv", root=tmp_path)
    client = InferenceClient(info.path, isolate=True)
    try:
        with qtbot.waitSignal(client.finished, timeout=60_000) as done:
            client.submit(
                Request(prompt="INT. DINER - NIGHT\n\n", params=GenerationParams(max_tokens=6), task="test")
            )
        result = done.args[1]
        assert result.tokens > 0 and result.text
        with qtbot.waitSignal(client.scored, timeout=60_000) as scored:
            client.submit(Request(prompt="MARA\nHi.\n\n", task="score", candidates=["MARA\n", "X\n"]))
        assert len(scored.args[1]) == 2
    finally:
        client.shutdown()


def test_worker_reports_a_server_that_went_away(qtbot, tmp_path: Path) -> None:
    from inference.runtime.client import InferenceClient
    from inference.runtime.types import Request

    try:
        doomed = LlamaServer().start()
    except Unavailable as exc:
        pytest.skip(str(exc))
    info = connect(doomed.url, "gone", root=tmp_path)
    doomed.stop()
    client = InferenceClient(info.path, isolate=True)
    try:
        with qtbot.waitSignal(client.failed, timeout=30_000) as failed:
            client.submit(Request(prompt="INT. DINER", params=GenerationParams(max_tokens=4), task="test"))
        assert "connection refused" in failed.args[1]
        assert "\n" not in failed.args[1]
    finally:
        client.shutdown()


def test_connections_go_to_the_configured_server_only(server: LlamaServer, tmp_path: Path) -> None:
    """An audit hook in a fresh interpreter records every connect while a session works."""
    info = connect(server.url, "audited", root=tmp_path)
    code = textwrap.dedent(
        f"""
        import json, sys
        seen = []
        def hook(event, args):
            if event == "socket.connect":
                seen.append(str(args[1]))
        sys.addaudithook(hook)
        from pathlib import Path
        from inference.store.servers import config_for_path
        from inference.runtime.server_session import ServerSession
        from inference.runtime.types import GenerationParams
        session = ServerSession(config_for_path(Path({str(info.path)!r})))
        session.generate("INT. DINER - NIGHT\\n\\n", GenerationParams(max_tokens=4))
        session.score("MARA\\nHi.\\n\\n", ["MARA\\n", "DANNY\\n"])
        print(json.dumps(seen))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen, "the session made no connection at all"
    assert set(seen) == {str(("127.0.0.1", server.port))}
