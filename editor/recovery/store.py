"""Where journals live, and which of them belong to a session that died.

``<data dir>/recovery/<session>/`` holds one running editor's journals plus ``owner.json`` (pid and
process start time). A session directory whose owner is no longer running is what a crash, a kill
or a power cut left behind: its journals are offered at the next launch. A second editor running at
the same time sees the first one's session as alive and leaves it alone, so two windows never offer
each other's unsaved work as "recovered". A clean exit removes its session directory.

Two editors started after a crash both see the dead session. The first to scan it claims it: an
exclusive, non-blocking lock on ``claim.lock`` in that directory, held for as long as that editor
runs (the system drops it when the process ends, however it ends). The second editor cannot take
the lock and does not offer those journals, so one piece of unsaved work is never restored twice.

No Qt here: the crash tests and the benchmark read the store from plain processes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from editor.recovery.journal import SUFFIX, Journal, JournalError, read_journal
from inference.fsio import atomic_write

log = logging.getLogger(__name__)

OWNER_FILE = "owner.json"
CLAIM_FILE = "claim.lock"


def _lock(handle: BinaryIO) -> bool:
    """An exclusive lock on ``handle`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def recovery_root() -> Path:
    from inference.store.paths import data_dir

    return data_dir() / "recovery"


def _process_started(pid: int) -> float | None:
    """The start time of process ``pid`` (None when it does not exist)."""
    try:
        import psutil

        return float(psutil.Process(pid).create_time())
    except Exception:  # psutil.NoSuchProcess, AccessDenied, or psutil missing
        if pid == os.getpid():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return -1.0  # alive, owned by someone else
        return -1.0


def _owner_alive(session: Path) -> bool:
    try:
        owner = json.loads((session / OWNER_FILE).read_text("utf-8"))
        pid = int(owner["pid"])
        started = float(owner["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no owner record: nobody is writing here
    actual = _process_started(pid)
    if actual is None:
        return False
    # A recycled pid belongs to a process that started later than the one that wrote the record.
    return actual < 0 or abs(actual - started) < 2.0


@dataclass
class RecoveryScan:
    """What a launch finds: usable journals and the ones that could not be trusted."""

    journals: list[Journal] = field(default_factory=list)
    damaged: list[tuple[Path, str]] = field(default_factory=list)


class RecoveryStore:
    """This session's journal directory and the journals dead sessions left behind."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else recovery_root()
        self.session_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8]
        self.session_dir = self.root / self.session_id
        self._claimed = False
        self._claims: dict[Path, BinaryIO] = {}  # dead sessions this editor is offering

    def claim(self) -> Path:
        """Create this session's directory with its owner record (idempotent)."""
        if not self._claimed:
            self.session_dir.mkdir(parents=True, exist_ok=True)
            started = _process_started(os.getpid())
            record = {"pid": os.getpid(), "started": started if started is not None else time.time()}
            atomic_write(self.session_dir / OWNER_FILE, json.dumps(record).encode("utf-8"))
            self._claimed = True
        return self.session_dir

    def claim_orphan(self, session: Path) -> bool:
        """Take a dead session for this editor; False when another running editor has it."""
        if session in self._claims:
            return True
        try:
            handle = open(session / CLAIM_FILE, "a+b")  # noqa: SIM115 - held open: the lock lives with it
        except OSError as exc:  # cannot lock (read-only folder): offer it, as before claims
            log.warning("cannot claim recovery session %s: %s", session, exc)
            return True
        if not _lock(handle):
            handle.close()
            return False
        self._claims[session] = handle
        return True

    def release_claims(self) -> None:
        for handle in self._claims.values():
            handle.close()
        self._claims.clear()

    def release(self) -> None:
        """A clean exit: this session leaves nothing to recover."""
        self.release_claims()
        if self.session_dir.is_dir():
            leftovers = [p for p in self.session_dir.glob(f"*{SUFFIX}")]
            if leftovers:
                log.warning("keeping %d journal(s) at exit: %s", len(leftovers), self.session_dir)
                (self.session_dir / OWNER_FILE).unlink(missing_ok=True)
                return
            shutil.rmtree(self.session_dir, ignore_errors=True)

    def orphaned_sessions(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(
            p for p in self.root.iterdir() if p.is_dir() and p != self.session_dir and not _owner_alive(p)
        )

    def scan(self) -> RecoveryScan:
        """Every journal a dead session left that no other running editor has claimed, newest
        first; empty dead sessions are tidied away."""
        found = RecoveryScan()
        for session in self.orphaned_sessions():
            if not self.claim_orphan(session):
                continue  # another editor started after the crash is offering these
            files = sorted(session.glob(f"*{SUFFIX}"))
            if not files:
                shutil.rmtree(session, ignore_errors=True)
                continue
            for file in files:
                try:
                    found.journals.append(read_journal(file))
                except (OSError, JournalError) as exc:
                    found.damaged.append((file, str(exc)))
        found.journals.sort(key=lambda j: j.header.written_at, reverse=True)
        return found

    @staticmethod
    def discard(file: Path) -> None:
        """Forget one recovered journal (and its session directory once it is empty)."""
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
        session = file.parent
        if not any(session.glob(f"*{SUFFIX}")):
            shutil.rmtree(session, ignore_errors=True)
