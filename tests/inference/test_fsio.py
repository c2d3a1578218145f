"""The one atomic-write helper (inference/fsio.py): same guarantees for every file the product writes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from inference.fsio import STALE_TEMP_AGE_S, append_line, atomic_write, remove_stale_temps, replacing


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "s.fountain"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["s.fountain"]


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_gets_the_usual_permissions(tmp_path: Path, umask: int, expected: int) -> None:
    """A new script used to be saved 0600 (mkstemp's mode): unreadable to the writer's group, backup
    and sync tools, unlike every file their other programs create."""
    old_mask = os.umask(umask)
    try:
        target = tmp_path / "new.fountain"
        atomic_write(target, b"INT. A - DAY\n")
        with replacing(tmp_path / "new.pdf") as tmp:
            tmp.write_bytes(b"%PDF")
    finally:
        os.umask(old_mask)
    assert os.stat(target).st_mode & 0o777 == expected
    assert os.stat(tmp_path / "new.pdf").st_mode & 0o777 == expected


def test_failed_write_keeps_the_old_file_and_names_the_target(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "s.fountain"
    with pytest.raises(FileNotFoundError) as caught:
        atomic_write(target, b"data")
    assert caught.value.filename == str(target)  # not our hidden temporary file's name
    assert not target.exists()


def test_replacing_keeps_the_target_and_removes_the_temp_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous export")
    os.chmod(target, 0o604)
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_bytes(b"half a PDF")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
    with replacing(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.pdf.") and tmp.name.endswith(".tmp")
        tmp.write_bytes(b"new export")
    assert target.read_bytes() == b"new export"
    assert os.stat(target).st_mode & 0o777 == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_only_our_old_temporary_files_of_that_target_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "pilot.fountain"
    target.write_text("INT. A - DAY\n", encoding="utf-8")
    old = time.time() - STALE_TEMP_AGE_S - 60
    stale = tmp_path / ".pilot.fountain.k3j_9xq2.tmp"  # a save killed before its rename
    fresh = tmp_path / ".pilot.fountain.a1b2c3d4.tmp"  # a save in progress right now
    others = [
        tmp_path / ".pilot.fountain.swp",  # another program's file
        tmp_path / ".pilot.fountain.notours-at-all.tmp",  # not mkstemp's pattern
        tmp_path / ".other.fountain.k3j_9xq2.tmp",  # another script's leftover
        tmp_path / "pilot.fountain.k3j_9xq2.tmp",  # not hidden: not ours
    ]
    for path in (stale, fresh, *others):
        path.write_bytes(b"x")
    for path in (stale, *others):
        os.utime(path, (old, old))
    assert remove_stale_temps(target) == [stale]
    assert not stale.exists() and fresh.exists() and all(p.exists() for p in others)
    assert target.exists()


def test_tidying_a_missing_folder_is_quiet(tmp_path: Path) -> None:
    assert remove_stale_temps(tmp_path / "gone" / "x.fountain") == []


def test_append_line_adds_records_and_never_glues_one_onto_a_cut_record(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    append_line(log, b'{"a": 1}')
    append_line(log, b'{"a": 2}')
    assert log.read_bytes() == b'{"a": 1}\n{"a": 2}\n'
    with open(log, "ab") as fh:
        fh.write(b'{"a": 3, "cut sh')  # a crash in the middle of a record
    append_line(log, b'{"a": 4}')
    assert log.read_bytes().splitlines()[-2:] == [b'{"a": 3, "cut sh', b'{"a": 4}']
