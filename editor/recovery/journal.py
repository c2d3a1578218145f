"""Recovery journal files and the thread that writes them.

A journal is one file per open script with unsaved changes: a magic line, a JSON header (which file,
its encoding and line endings, a checksum of the text) and the LF-normalised text as UTF-8. It is
written the way saves are (temporary file, flush, fsync, ``os.replace``) so a crash in the middle of
writing a journal leaves the previous journal, never half of one; the checksum catches anything the
disk mangled anyway, and a journal that fails it is reported rather than offered as a script.

The UI thread only takes a snapshot of the text (a ``str`` join, ~15 ms for 10 MB) and hands it to
``JournalWriter``, a plain daemon thread with a FIFO queue: encoding, hashing, writing and fsync all
happen there. Writes for the same journal that pile up while the disk is slow are coalesced (only
the newest text is written), and a removal queued after a write always wins, so a script saved or
closed a moment after its last snapshot never comes back as a phantom journal.

Nothing here imports Qt, so the crash tests can read journals from a plain process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from inference.fsio import atomic_write

log = logging.getLogger(__name__)

MAGIC = b"SCREENWRIGHT-JOURNAL 1\n"
SUFFIX = ".journal"


class JournalError(ValueError):
    """A journal file that cannot be trusted (truncated, wrong checksum, not a journal)."""


@dataclass(frozen=True, slots=True)
class JournalHeader:
    """What a restore needs besides the text: where it came from and how to write it back."""

    doc_id: str
    path: str | None
    title: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    #: sha256 of the file's bytes when it was opened or last saved (None for a new script).
    disk_sha256: str | None = None
    written_at: float = 0.0
    text_sha256: str = ""
    text_bytes: int = 0


@dataclass(frozen=True, slots=True)
class Journal:
    header: JournalHeader
    text: str
    file: Path


#: Lines joined and encoded per step on the writer thread: each step holds the GIL for about a
#: millisecond, so a 10 MB script never stalls the UI thread's Python while its journal is written.
CHUNK_LINES = 4096


def encode_journal(header: JournalHeader, text: str | list[str]) -> bytes:
    """The journal's bytes; ``text`` may be the document's lines (joined with LF here, in chunks)."""
    if isinstance(text, str):
        chunks = [text.encode("utf-8", errors="surrogatepass")]
    else:
        chunks = []
        for start in range(0, len(text), CHUNK_LINES):
            piece = "\n".join(text[start : start + CHUNK_LINES])
            if start:
                piece = "\n" + piece
            chunks.append(piece.encode("utf-8", errors="surrogatepass"))
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    size = sum(len(chunk) for chunk in chunks)
    fields = asdict(header) | {
        "text_sha256": digest.hexdigest(),
        "text_bytes": size,
        "written_at": time.time(),
    }
    return b"".join([MAGIC, json.dumps(fields, ensure_ascii=True).encode("ascii"), b"\n", *chunks])


def decode_journal(data: bytes, file: Path) -> Journal:
    """Parse a journal; raises ``JournalError`` when any part of it does not check out."""
    if not data.startswith(MAGIC):
        raise JournalError(f"{file.name} is not a Screenwright recovery journal")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise JournalError(f"{file.name} is truncated (no header)")
    try:
        fields = json.loads(data[len(MAGIC) : end].decode("ascii"))
        header = JournalHeader(**fields)
    except (ValueError, TypeError) as exc:
        raise JournalError(f"{file.name} has an unreadable header: {exc}") from exc
    body = data[end + 1 :]
    if len(body) != header.text_bytes or hashlib.sha256(body).hexdigest() != header.text_sha256:
        raise JournalError(f"{file.name} is damaged (its text does not match its checksum)")
    return Journal(header, body.decode("utf-8", errors="surrogatepass"), file)


def read_journal(file: Path) -> Journal:
    return decode_journal(Path(file).read_bytes(), Path(file))


class JournalWriter:
    """A background thread that writes and removes journal files in the order they were asked for.

    ``write`` and ``remove`` never block on the disk (a lock around a deque, that is all).
    ``errors`` counts failed writes; ``last_error`` says why (a full disk must not go unnoticed,
    but it must not stop the writer either: the next snapshot tries again).
    """

    def __init__(self, directory: Path, prepare: Callable[[], object] | None = None) -> None:
        """``prepare`` runs on the writer thread before each write (creating the session folder)."""
        self.directory = Path(directory)
        self._prepare = prepare
        self._cond = threading.Condition()
        self._queue: deque[tuple[str, Path, JournalHeader | None, str | list[str] | None, int]] = deque()
        self._written: dict[Path, int] = {}
        self._busy = False
        self._stopping = False
        self.errors = 0
        self.last_error = ""
        self.writes = 0
        self._thread = threading.Thread(target=self._run, name="screenwright-journal", daemon=True)
        self._thread.start()

    def file_for(self, doc_id: str) -> Path:
        return self.directory / f"{doc_id}{SUFFIX}"

    def write(self, header: JournalHeader, text: str | list[str], token: int = 0) -> None:
        """Queue ``text`` for ``header.doc_id``'s journal; ``token`` (a revision) is kept once written."""
        target = self.file_for(header.doc_id)
        with self._cond:
            # Coalesce: an older pending write of the same journal is pointless now.
            for index, item in enumerate(self._queue):
                if item[0] == "write" and item[1] == target:
                    del self._queue[index]
                    break
            self._queue.append(("write", target, header, text, token))
            self._cond.notify_all()

    def written_token(self, doc_id: str) -> int | None:
        """The token of the last journal that reached the disk for ``doc_id`` (None: none did)."""
        with self._cond:
            return self._written.get(self.file_for(doc_id))

    def pending(self, doc_id: str) -> bool:
        target = self.file_for(doc_id)
        with self._cond:
            return any(item[1] == target for item in self._queue)

    def remove(self, doc_id: str) -> None:
        self.remove_file(self.file_for(doc_id))

    def remove_file(self, file: Path) -> None:
        with self._cond:
            self._queue = deque(item for item in self._queue if item[1] != file)
            self._queue.append(("remove", file, None, None, 0))
            self._written.pop(file, None)
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is on disk (tests, and once at exit)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self, timeout: float = 10.0) -> bool:
        done = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return done

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._cond.wait()
                if not self._queue:
                    return
                op, file, header, text, token = self._queue.popleft()
                self._busy = True
            try:
                if op == "write":
                    assert header is not None and text is not None
                    if self._prepare is not None:
                        self._prepare()
                    self.directory.mkdir(parents=True, exist_ok=True)
                    atomic_write(file, encode_journal(header, text))
                    self.writes += 1
                    with self._cond:
                        if not any(item[1] == file and item[0] == "remove" for item in self._queue):
                            self._written[file] = token
                else:
                    with contextlib.suppress(FileNotFoundError):
                        file.unlink()
            except Exception as exc:  # a full disk must not kill the writer: the next snapshot retries
                self.errors += 1
                self.last_error = str(exc)
                log.warning("recovery journal %s failed: %s", file.name, exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
