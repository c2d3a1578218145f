"""``screenwright scenes`` and ``scenes move``: the list, and moves that keep every byte."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "Title: Quarry\n\n"
    "INT. HOUSE - DAY [[red]]\n= Zara finds the key.\n\nZara waits.  \n\n"
    "EXT. YARD - NIGHT\n\nZARA\nHello.\n\n"
    "INT. CAR - DAY\n\n\tDriving.\n"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SCREENWRIGHT_CONFIG_DIR": str(cwd / "c")}
    return subprocess.run(
        [sys.executable, "-m", "editor.cli", "scenes", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def test_scenes_json_lists_numbered_scenes_with_line_ranges(tmp_path: Path) -> None:
    path = tmp_path / "q.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    out = _run(str(path), "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(d["number"], d["heading"], d["line"], d["end_line"]) for d in data] == [
        ("1", "INT. HOUSE - DAY", 3, 7),
        ("2", "EXT. YARD - NIGHT", 8, 12),
        ("3", "INT. CAR - DAY", 13, 16),
    ]
    assert data[0]["color"] == "red" and data[0]["synopsis"] == "Zara finds the key."
    text = _run(str(path), cwd=tmp_path).stdout.decode()
    assert "INT. HOUSE - DAY  [red]" in text.splitlines()[0]


def test_move_and_move_back_keeps_every_byte_crlf_bom_and_all(tmp_path: Path) -> None:
    original = b"\xef\xbb\xbf" + SCRIPT.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "q.fountain"
    path.write_bytes(original)
    moved = tmp_path / "moved.fountain"
    assert _run("move", str(path), "3", "--before", "1", "-o", str(moved), cwd=tmp_path).returncode == 0
    data = moved.read_bytes()
    assert data != original and sorted(data.split(b"\r\n")) == sorted(original.split(b"\r\n"))
    assert data.startswith(b"\xef\xbb\xbfTitle: Quarry\r\n\r\nINT. CAR - DAY\r\n")
    listing = json.loads(_run(str(moved), "--json", cwd=tmp_path).stdout)
    assert [d["heading"] for d in listing] == ["INT. CAR - DAY", "INT. HOUSE - DAY", "EXT. YARD - NIGHT"]
    assert _run("move", str(moved), "1", "--after", "3", cwd=tmp_path).returncode == 0  # in place
    assert moved.read_bytes() == original
    assert path.read_bytes() == original  # -o left the source alone


def test_move_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "q.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    bad = _run("move", str(path), "7", "--before", "1", cwd=tmp_path)
    assert bad.returncode == 2 and b"scene 7 does not exist (the script has 3 scenes)" in bad.stderr
    both = _run("move", str(path), "1", "--before", "2", "--after", "3", cwd=tmp_path)
    assert both.returncode == 2 and b"Traceback" not in both.stderr
    missing = _run(str(tmp_path / "none.fountain"), cwd=tmp_path)
    assert missing.returncode == 1 and b"error" in missing.stderr
    assert path.read_text(encoding="utf-8") == SCRIPT
