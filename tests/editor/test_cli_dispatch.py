"""The ``screenwright`` dispatcher: subcommands, help, and typos that must not open a window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from editor import cli


def test_typo_is_an_error_not_a_new_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["exprot", "x.fountain"]) == 2
    err = capsys.readouterr().err
    assert "unknown command or file 'exprot'" in err and "export" in err


def test_help_lists_subcommands_and_editor_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("export", "import", "ai", "model", "--quit-after-ms", "--screenshot"):
        assert word in out


def test_script_names_and_existing_paths_are_not_commands(tmp_path: Path) -> None:
    assert cli._unknown_command("new-draft.fountain") is None
    assert cli._unknown_command("--theme") is None
    existing = tmp_path / "NOTES"
    existing.write_text("INT. HOUSE - DAY\n")
    assert cli._unknown_command(str(existing)) is None
    assert cli._unknown_command("doctor") is not None


def test_model_subcommand_reaches_the_model_cli(tmp_path: Path) -> None:
    env = {"SCREENWRIGHT_MODELS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "editor", "model", "list"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
