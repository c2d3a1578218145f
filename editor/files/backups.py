"""Backups of the previous version before every save, and save errors in words a writer can act on.

Backups live in the user's data directory (``<data dir>/backups/<name>-<hash of the path>/``), not
beside the script: the writer's folder stays clean (and may be a synced or read-only place). Each
save first copies the version on disk there, then ``ScriptDocument.save`` replaces the file
atomically; the newest ``generations`` copies are kept (0 turns backups off).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import time
from pathlib import Path

from inference.fsio import atomic_write

log = logging.getLogger(__name__)

DEFAULT_GENERATIONS = 5


def backups_root() -> Path:
    from inference.store.paths import data_dir

    return data_dir() / "backups"


def backup_dir(target: Path) -> Path:
    target = Path(target).resolve()
    digest = hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return backups_root() / f"{target.name}-{digest}"


def list_backups(target: Path) -> list[Path]:
    """Backups of ``target``, newest first."""
    folder = backup_dir(target)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")), reverse=True)


def backup_before_save(target: Path, generations: int = DEFAULT_GENERATIONS) -> Path | None:
    """Copy the file about to be overwritten into the backup folder; prune old generations.

    Returns the backup written (None: nothing to back up, backups off, or the same bytes as the
    newest backup). Raises OSError when the copy cannot be written.
    """
    target = Path(target)
    if generations <= 0 or not target.is_file():
        return None
    data = target.read_bytes()
    folder = backup_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    existing = list_backups(target)
    if existing and existing[0].read_bytes() == data:
        return None  # saving twice without an edit elsewhere: the newest backup already has it
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
    backup = folder / f"{stamp}{target.suffix or '.fountain'}"
    atomic_write(backup, data)
    for old in list_backups(target)[generations:]:
        try:
            old.unlink()
        except OSError as exc:
            log.warning("could not prune backup %s: %s", old, exc)
    return backup


def describe_save_error(exc: BaseException, target: Path) -> str:
    """One plain sentence for why a save failed, with what to do about it."""
    folder = Path(target).parent
    if isinstance(exc, OSError):
        code = exc.errno
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "The disk is full. Free some space (or save somewhere else with Save As) and save again."
        if code in (errno.EACCES, errno.EPERM):
            return (
                f"You do not have permission to write in “{folder}”. Save somewhere else with Save As, "
                "or change the folder's permissions."
            )
        if code == errno.EROFS:
            return f"“{folder}” is on a read-only disk. Save somewhere else with Save As."
        if code == errno.ENOENT:
            return f"The folder “{folder}” no longer exists. Save somewhere else with Save As."
        if code == errno.EISDIR:
            return f"“{target}” is a folder, not a file. Choose another name with Save As."
        reason = exc.strerror or str(exc)
        return f"The system refused to write the file: {reason}."
    return str(exc)
