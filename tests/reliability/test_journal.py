"""Journal files, the background writer and the session store (no Qt)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.recovery.journal import (
    MAGIC,
    JournalError,
    JournalHeader,
    JournalWriter,
    decode_journal,
    encode_journal,
    read_journal,
)
from editor.recovery.store import OWNER_FILE, RecoveryStore

HEADER = JournalHeader(doc_id="abc", path="/x/night.fountain", title="night.fountain", encoding="cp1252")


def test_round_trip_keeps_text_and_file_format() -> None:
    text = "INT. CAFÉ - NIGHT\n\nMARA\nNaïve — “quoted”.\n\U0001f3ac"
    journal = decode_journal(encode_journal(HEADER, text), Path("j.journal"))
    assert journal.text == text
    assert journal.header.path == HEADER.path
    assert journal.header.encoding == "cp1252"
    assert journal.header.written_at > 0


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d[:-3],  # truncated text
        lambda d: d[:-1] + b"X",  # one byte flipped
        lambda d: d[: len(MAGIC) + 5],  # truncated header
        lambda d: b"GARBAGE" + d,  # not a journal
        lambda d: d.replace(b'"text_bytes"', b'"text_byte"'),  # unreadable header
    ],
)
def test_damaged_journals_are_refused(mangle) -> None:
    data = encode_journal(HEADER, "Some text\nmore text\n")
    with pytest.raises(JournalError):
        decode_journal(mangle(data), Path("j.journal"))


def test_writer_orders_writes_and_removals(tmp_path: Path) -> None:
    writer = JournalWriter(tmp_path)
    try:
        for i in range(50):
            writer.write(HEADER, f"version {i}", token=i)
        assert writer.flush()
        assert read_journal(writer.file_for("abc")).text == "version 49"
        assert writer.written_token("abc") == 49
        writer.write(HEADER, "late", token=50)
        writer.remove("abc")  # a removal queued after a write wins: no phantom journal
        assert writer.flush()
        assert not writer.file_for("abc").exists()
        assert writer.written_token("abc") is None
    finally:
        writer.close()


def test_writer_survives_a_failing_disk(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the journal folder should be")
    writer = JournalWriter(blocker)
    try:
        writer.write(HEADER, "text", token=1)
        assert writer.flush()
        assert writer.errors == 1 and writer.last_error
        assert writer.written_token("abc") is None
    finally:
        writer.close()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _fake_session(root: Path, name: str, pid: int, started: float, text: str = "recovered") -> Path:
    session = root / name
    session.mkdir(parents=True)
    (session / OWNER_FILE).write_text(json.dumps({"pid": pid, "started": started}))
    (session / "abc.journal").write_bytes(encode_journal(HEADER, text))
    return session


def test_store_offers_dead_sessions_only(tmp_path: Path) -> None:
    import os

    import psutil

    root = tmp_path / "recovery"
    _fake_session(root, "dead", _dead_pid(), 1.0)
    me = psutil.Process(os.getpid()).create_time()
    _fake_session(root, "alive", os.getpid(), me)  # another window of a running editor
    _fake_session(root, "recycled", os.getpid(), me - 1000)  # same pid, different process
    store = RecoveryStore(root)
    names = sorted(j.file.parent.name for j in store.scan().journals)
    assert names == ["dead", "recycled"]


def test_store_reports_damaged_and_tidies_empty_sessions(tmp_path: Path) -> None:
    root = tmp_path / "recovery"
    session = _fake_session(root, "dead", _dead_pid(), 1.0)
    (session / "bad.journal").write_bytes(b"SCREENWRIGHT-JOURNAL 1\n{}")
    empty = root / "empty"
    empty.mkdir()
    scan = RecoveryStore(root).scan()
    assert [j.text for j in scan.journals] == ["recovered"]
    assert [p.name for p, _ in scan.damaged] == ["bad.journal"]
    assert not empty.exists()
    RecoveryStore.discard(session / "abc.journal")
    RecoveryStore.discard(session / "bad.journal")
    assert not session.exists()


def test_clean_release_removes_the_session(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    store.claim()
    assert (store.session_dir / OWNER_FILE).exists()
    assert store.scan().journals == []  # our own session is never "recovered"
    store.release()
    assert not store.session_dir.exists()


def test_journal_from_lines_equals_journal_from_text() -> None:
    from editor.recovery import journal as journal_module

    lines = [f"Line {i} — ü" for i in range(journal_module.CHUNK_LINES * 2 + 7)] + [""]
    text = "\n".join(lines)
    from_lines = decode_journal(encode_journal(HEADER, lines), Path("a.journal"))
    from_text = decode_journal(encode_journal(HEADER, text), Path("b.journal"))
    assert from_lines.text == from_text.text == text
    assert from_lines.header.text_sha256 == from_text.header.text_sha256
    assert decode_journal(encode_journal(HEADER, [""]), Path("c.journal")).text == ""


CLAIMING_EDITOR = """
import sys
from pathlib import Path
from editor.recovery.store import RecoveryStore

store = RecoveryStore(Path(sys.argv[1]))
print(len(store.scan().journals), flush=True)
sys.stdin.read()  # runs until the test lets it go
"""


def test_two_editors_started_after_a_crash_do_not_both_offer_the_journals(tmp_path: Path) -> None:
    """Defect: both instances offered the same journals, so the same work could be restored twice."""
    import os

    root = tmp_path / "recovery"
    _fake_session(root, "dead", _dead_pid(), 1.0)
    first = subprocess.Popen(
        [sys.executable, "-c", CLAIMING_EDITOR, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
    )
    try:
        assert first.stdout.readline().strip() == "1"  # the first editor offers it
        assert RecoveryStore(root).scan().journals == []  # the second does not
    finally:
        first.stdin.close()
        first.wait(timeout=30)
    # The first editor is gone without restoring or discarding: the next launch offers it again.
    again = RecoveryStore(root)
    assert [j.text for j in again.scan().journals] == ["recovered"]
    assert [j.text for j in again.scan().journals] == ["recovered"]  # and rescans keep its claim
    again.release_claims()
