"""A failed save says why in plain words and loses nothing: the edits stay in the editor and the journal.

Disk full and read-only are real: a tiny tmpfs (and the same tmpfs mounted read-only), when the
test may mount (root, as in CI containers); otherwise those cases skip. Permission denied is real
for a normal user (a folder without write permission); root ignores permission bits, so there the
same ``PermissionError`` is raised by the temporary-file step of the real save.
"""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.windows import save_and_wait

from editor.config.settings import Key
from editor.files.backups import backup_before_save, describe_save_error, list_backups
from editor.recovery.journal import read_journal
from editor.recovery.store import recovery_root
from editor.window.main_window import MainWindow

ORIGINAL = "INT. DINER - NIGHT\n\nRain.\n"
LONG_SCENE = "\nEXT. ROAD - DAY\n\nA long, long road under a white sky, and nobody on it at all.\n" * 3000


def _mount_tmpfs(where: Path, size: str, *, read_only: bool = False) -> None:
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a test filesystem here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small-disk"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a full test disk needs root")
    _mount_tmpfs(where, "96k")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _edit_and_fail(qtbot, window: MainWindow, path: Path, message_boxes: list[str], expected: str) -> None:
    tab = window.open_path(path)
    assert tab is not None
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.editor.insertPlainText(LONG_SCENE)
    edited = tab.document.text()
    assert not save_and_wait(qtbot, window, tab)
    assert len(message_boxes) == 1 and expected in message_boxes[0], message_boxes
    assert "your text is still here" in message_boxes[0]
    assert tab.document.is_modified() and tab.document.text() == edited  # kept in the editor
    assert path.read_text("utf-8") == ORIGINAL  # the old file is whole
    # ...and in the recovery journal, in the user's data directory. (The journal is fsynced: with
    # other processes writing to the same disk that alone can take seconds; the two-second promise
    # is measured by the kill tests, here only that the text gets there.)
    qtbot.waitUntil(lambda: any(recovery_root().glob("*/*.journal")), timeout=15000)
    journal = read_journal(next(recovery_root().glob("*/*.journal")))
    qtbot.waitUntil(lambda: read_journal(journal.file).text == edited, timeout=15000)


def test_disk_full(qtbot, window, small_disk: Path, message_boxes) -> None:
    path = small_disk / "night.fountain"
    path.write_text(ORIGINAL, "utf-8")
    _edit_and_fail(qtbot, window, path, message_boxes, "The disk is full")
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".tmp")]  # no debris on the full disk


def test_read_only_folder(qtbot, window, tmp_path: Path, message_boxes) -> None:
    where = tmp_path / "read-only"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only test disk needs root")
    _mount_tmpfs(where, "1m")
    try:
        (where / "night.fountain").write_text(ORIGINAL, "utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        _edit_and_fail(qtbot, window, where / "night.fountain", message_boxes, "read-only")
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_permission_denied(qtbot, window, tmp_path: Path, message_boxes, monkeypatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "night.fountain"
    path.write_text(ORIGINAL, "utf-8")
    os.chmod(folder, 0o555)
    try:
        if os.geteuid() == 0:  # root writes anyway: refuse at the same step the kernel would
            real = tempfile.mkstemp

            def refuse(*args, **kwargs):
                if Path(kwargs.get("dir", "")) == folder:
                    raise PermissionError(errno.EACCES, "Permission denied", str(folder))
                return real(*args, **kwargs)

            monkeypatch.setattr(tempfile, "mkstemp", refuse)
        _edit_and_fail(qtbot, window, path, message_boxes, "do not have permission")
    finally:
        os.chmod(folder, 0o755)


def test_backups_keep_the_configured_number_of_generations(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    window.settings.set(Key.BACKUP_GENERATIONS, 3)
    path = tmp_path / "night.fountain"
    path.write_text(ORIGINAL, "utf-8")
    tab = window.open_path(path)
    versions = [ORIGINAL]
    for i in range(5):
        tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
        tab.editor.insertPlainText(f"Line {i}.\n")
        assert save_and_wait(qtbot, window, tab)
        versions.append(path.read_text("utf-8"))
    backups = list_backups(path)
    assert [b.read_text("utf-8") for b in backups] == versions[
        -2:-5:-1
    ]  # the 3 previous versions, newest first
    assert not message_boxes
    window.settings.set(Key.BACKUP_GENERATIONS, 0)
    tab.editor.insertPlainText("More.\n")
    assert save_and_wait(qtbot, window, tab)
    assert len(list_backups(path)) == 3  # off: nothing new, nothing deleted


def test_backup_is_skipped_when_unchanged_and_files_stay_out_of_the_writers_folder(tmp_path: Path) -> None:
    path = tmp_path / "a.fountain"
    path.write_text("one", "utf-8")
    first = backup_before_save(path, 5)
    assert first is not None and first.read_text() == "one"
    assert backup_before_save(path, 5) is None  # same bytes as the newest backup
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.fountain"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "permission"),
        (errno.EROFS, "read-only"),
        (errno.ENOENT, "no longer exists"),
        (errno.EIO, "refused"),
    ],
)
def test_save_errors_are_described_plainly(code: int, words: str) -> None:
    message = describe_save_error(OSError(code, os.strerror(code)), Path("/scripts/a.fountain"))
    assert words in message.lower()
    assert "Errno" not in message
