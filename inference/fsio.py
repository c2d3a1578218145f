"""Atomic file writes for the whole product: a crash leaves the old file or the new one, never half.

Every file Screenwright writes (scripts, backups, recovery journals, exports, the summary cache,
model manifests and the active-model choice, the installer's archives and reports) goes through
here, so they all get the same guarantees (the one append-only log, of kept suggestions, is
appended by ``append_line`` and rewritten, when trimmed, by ``atomic_write``):

- the temporary file sits in the target's folder (same filesystem, so ``os.replace`` is atomic) and
  is hidden and named after the target: ``.<name>.<8 random characters>.tmp``;
- the data is written, flushed and fsynced before the rename;
- the temporary file gets the existing target's permission bits, or, for a new file, what any
  program would create (0666 less the umask), never ``mkstemp``'s private 0600;
- ``os.replace`` puts it in place, then the folder is fsynced so the rename itself survives a crash;
- on any failure (full disk, permission, cancel, an exception in the caller) the temporary file is
  removed and the target is untouched.

Why here, in ``inference``: ``inference`` is the lower layer and never imports ``editor`` (see
docs/ARCHITECTURE.md), while the editor and the installer may import ``inference``. A module with
no dependency beyond the standard library at the bottom of that stack is the one place all three
can share; a separate top-level package would be one more thing to install and bundle.

A save killed between creating its temporary file and the rename leaves that file behind (a kill
allows no clean-up). ``remove_stale_temps`` removes such leftovers of one target: only names of our
own pattern, and only files nobody has touched for ``STALE_TEMP_AGE_S``, so the temporary file of a
save in progress (in this or another process) is never taken away.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

#: A temporary file untouched this long belongs to a save that died (a save writes and renames
#: in seconds, even a 10 MB script on a slow disk).
STALE_TEMP_AGE_S = 15 * 60
_TEMP_SUFFIX = ".tmp"


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (saves run on a thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _new_temp(target: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:  # name the file the writer asked for, not our hidden temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open or fsync a folder, which is not an error."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` with the guarantees in the module docstring."""
    target = Path(target)
    mode = _mode_for(target)
    fd, tmp_name = _new_temp(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(target.parent)


def append_line(target: str | os.PathLike[str], line: bytes) -> None:
    """Append one record (``line``, no newline) to a line-per-record log, durably.

    Why not ``atomic_write``: a log that grows one short record at a time should not rewrite
    itself each time. One ``write`` of the whole record to a file opened ``O_APPEND`` lands after
    everything before it; it is fsynced before returning. A crash can at worst leave the last
    record cut short, and a cut record never swallows the next one: when the file does not end
    in a newline (a cut record), one is written first. Readers skip lines they cannot parse.
    """
    target = Path(target)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags, 0o666)
    try:
        size = os.fstat(fd).st_size
        lead = b""
        if size:
            with open(target, "rb") as fh:
                fh.seek(size - 1)
                if fh.read(1) != b"\n":
                    lead = b"\n"
        os.write(fd, lead + line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    atomic_write(target, text.encode(encoding))


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """For writers that need a file name (a PDF writer, ``tar``): yields the temporary path.

    The caller writes the whole file there; when the ``with`` block ends normally the file is
    fsynced and replaces ``target``; when it raises, the temporary file goes and ``target`` stays.
    """
    target = Path(target)
    mode = _mode_for(target)
    fd, tmp_name = _new_temp(target)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(target.parent)


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # mkstemp's random part: 8 characters of [a-z0-9_].
    return re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX))


def remove_stale_temps(
    target: str | os.PathLike[str], max_age_s: float = STALE_TEMP_AGE_S, now: float | None = None
) -> list[Path]:
    """Remove temporary files a killed write of ``target`` left beside it; returns what went.

    Only files named by our own pattern for this target, and only those not modified for
    ``max_age_s`` (a write in progress keeps its file fresh). Errors are ignored: this is tidying.
    """
    target = Path(target)
    pattern = _temp_pattern(target)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_file(follow_symlinks=False) or now - info.st_mtime < max_age_s:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed
