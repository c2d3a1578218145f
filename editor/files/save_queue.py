"""Writing scripts to disk off the UI thread.

One writer thread, so saves of the same file land in the order they were asked for. The UI thread
encodes the text (fast, and it must see the text as it is now) and hands over bytes; the writer does
the slow part (backup copy, temporary file, fsync, rename) and reports back through a callback the
document turns into a queued Qt signal. The writer thread also removes the hidden temporary files
a killed save left beside a script (``inference.fsio.remove_stale_temps``), when that script is
opened or saved again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from inference.fsio import atomic_write, remove_stale_temps

log = logging.getLogger(__name__)

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-save")


@dataclass(frozen=True, slots=True)
class SaveResult:
    path: Path
    data: bytes
    text: str
    revision: int
    previous_digest: str | None
    error: BaseException | None = None


def submit(
    path: Path,
    data: bytes,
    text: str,
    revision: int,
    previous_digest: str | None,
    done: Callable[[SaveResult], None],
    before_write: Callable[[Path], None] | None = None,
) -> Future[None]:
    def job() -> None:
        error: BaseException | None = None
        try:
            if before_write is not None:
                try:
                    before_write(path)
                except OSError as exc:  # a failed backup must not stop the save itself
                    log.warning("no backup of %s before saving: %s", path, exc)
            remove_stale_temps(path)  # what a save killed before its rename left behind
            atomic_write(path, data)
        except BaseException as exc:  # reported to the writer, never lost in the thread
            error = exc
        try:
            done(SaveResult(path, data, text, revision, previous_digest, error))
        except RuntimeError:
            log.info("document closed before its save of %s finished", path)

    return _EXECUTOR.submit(job)


def run(job: Callable[[], object]) -> Future[object]:
    """Run a small disk job (a log append, an erase) on the writer thread, after the saves before it.

    Why the save writer and not a thread of its own: it already exists, it never runs on the UI
    thread, and one thread for all writes keeps them in the order they were asked for.
    """
    return _EXECUTOR.submit(job)


def tidy(path: Path) -> Future[list[Path]]:
    """Remove stale temporary files of ``path`` on the writer thread (a script just opened)."""
    return _EXECUTOR.submit(remove_stale_temps, path)


def wait_idle(timeout: float | None = 30.0) -> None:
    """Block until every save asked for so far is on disk (quitting, tests)."""
    _EXECUTOR.submit(lambda: None).result(timeout)
