"""``screenwright-model`` on the tiny model: every command, and errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inference.cli import main


def test_list_info_use_generate(tiny_model_store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert f"* {tiny_model_store.name}" in capsys.readouterr().out
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["name"] == tiny_model_store.name and info["backends"] == ["ort", "torch"]
    assert main(["use", tiny_model_store.name]) == 0
    capsys.readouterr()
    assert (
        main(["generate", "--prompt", "MARA\\nI told you", "--escapes", "--max-tokens", "5", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["text"].startswith(" not to come") and out["tokens"] == 5 and out["ttft_ms"] > 0
    assert (
        main(
            [
                "generate",
                "--prompt",
                "MARA\\nI told you",
                "--escapes",
                "--max-tokens",
                "5",
                "--backend",
                "torch",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith(" not to come")


def test_errors_are_explained_without_traceback(
    tiny_model_store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["use", "nope"]) == 1
    err = capsys.readouterr().err
    assert "No model named 'nope'" in err and "Traceback" not in err
    assert main(["import", str(tmp_path / "missing.gguf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["remove", "../etc"]) == 1
    assert "not a valid model name" in capsys.readouterr().err
    assert main(["generate", "--prompt", "x", "--top-p", "0"]) == 2
    assert "top_p" in capsys.readouterr().err


def test_import_and_remove(tiny_model_store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tiny_model_store.ort_dir), "--name", "mine", "--quiet"]) == 0
    assert "Imported mine" in capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    names = {m["name"] for m in json.loads(capsys.readouterr().out)}
    assert names == {"mine", tiny_model_store.name}
    assert main(["remove", "mine"]) == 0
    assert main(["info", "mine"]) == 1


def test_missing_default_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "empty"))
    assert main(["list"]) == 0
    assert "install-default" in capsys.readouterr().out
    assert main(["generate", "--prompt", "x"]) == 1
    assert "make model" in capsys.readouterr().err


def test_sigterm_during_import_cancels_cleanly(tiny_model, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    import psutil

    store = tmp_path / "store"
    env = dict(os.environ, SCREENWRIGHT_MODELS_DIR=str(store))
    cmd = [sys.executable, "-m", "inference.cli", "import", str(tiny_model.hf_dir), "--name", "interrupted"]
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "Exporting to ONNX" in line:
                break
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "nothing was installed" in err and "Traceback" not in err
    assert list(store.iterdir()) == []
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_editor_side_commands_take_their_options_from_the_editor(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """``eval``, ``finetune`` and ``perplexity`` hand their arguments to ``screenwright ai`` as
    given: its options (``--seq-len`` here) are the only declaration, and its help answers."""
    assert main(["finetune", "--help"]) == 0
    out = capfd.readouterr().out
    assert "screenwright ai finetune" in out and "--seq-len" in out and "--kept" in out
    assert main(["perplexity"]) == 2
    assert "required: file" in capfd.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--bogus"])
    assert exit_info.value.code == 2 and "--bogus" in capfd.readouterr().err
