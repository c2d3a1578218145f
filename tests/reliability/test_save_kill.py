"""A save killed at any step leaves the original file intact (or, after the replace, the new one)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("save_child.py")
REPO = Path(__file__).resolve().parents[2]
ORIGINAL = b"Title: Keep Me\n\nINT. DINER - NIGHT\r\n\r\nRain.\r\n\r\nMARA\r\nDo not lose this.\r\n"


def _run(script: Path, step: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, str(CHILD), str(script), step], env=env, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("step", ["after_mkstemp", "mid_write", "before_fsync", "before_replace"])
def test_kill_before_the_replace_leaves_the_original_byte_for_byte(tmp_path: Path, step: str) -> None:
    script = tmp_path / "keep.fountain"
    script.write_bytes(ORIGINAL)
    os.chmod(script, 0o640)
    done = _run(script, step)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    assert script.read_bytes() == ORIGINAL
    assert (script.stat().st_mode & 0o777) == 0o640
    # What a killed save leaves is a hidden temporary file beside it, never a damaged script.
    leftovers = [p.name for p in tmp_path.iterdir() if p != script]
    assert all(name.startswith(".keep.fountain.") and name.endswith(".tmp") for name in leftovers)


def test_kill_after_the_replace_leaves_the_complete_new_version(tmp_path: Path) -> None:
    from reliability.save_child import NEW_SCENE

    script = tmp_path / "keep.fountain"
    script.write_bytes(ORIGINAL)
    done = _run(script, "after_replace")
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    # Mixed endings, more lines than before: the most common ending (CRLF) everywhere.
    text = ORIGINAL.decode().replace("\r\n", "\n") + NEW_SCENE
    expected = text.replace("\n", "\r\n").encode()
    assert script.read_bytes() == expected


def test_completed_save_keeps_a_backup_of_the_previous_version(tmp_path: Path) -> None:
    from editor.files.backups import list_backups

    script = tmp_path / "keep.fountain"
    script.write_bytes(ORIGINAL)
    done = _run(script, "none")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert script.read_bytes() != ORIGINAL
    backups = list_backups(script)
    assert len(backups) == 1 and backups[0].read_bytes() == ORIGINAL


def test_reopening_removes_the_temporary_file_a_killed_save_left(qtbot, tmp_path: Path) -> None:
    """Defect: each killed save left a hidden ``.keep.fountain.*.tmp`` beside the script for good."""
    from editor.files import save_queue
    from editor.page.document import ScriptDocument
    from inference.fsio import STALE_TEMP_AGE_S

    script = tmp_path / "keep.fountain"
    script.write_bytes(ORIGINAL)
    done = _run(script, "before_replace")
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    leftovers = [p for p in tmp_path.iterdir() if p != script]
    assert leftovers  # what the kill left
    in_progress = tmp_path / ".keep.fountain.zzzzzzzz.tmp"  # another instance saving right now
    in_progress.write_bytes(b"partial")
    old = time.time() - STALE_TEMP_AGE_S - 1
    for path in leftovers:
        os.utime(path, (old, old))
    doc = ScriptDocument.open(script)
    save_queue.wait_idle()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep.fountain.zzzzzzzz.tmp", "keep.fountain"]
    assert doc.text().startswith("Title: Keep Me")
    for path in leftovers:  # and the next save tidies too
        path.write_bytes(b"again")
        os.utime(path, (old, old))
    doc.save_in_background()
    save_queue.wait_idle()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep.fountain.zzzzzzzz.tmp", "keep.fountain"]
