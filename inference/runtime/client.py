"""``InferenceClient``: the UI thread's handle on the model worker.

It owns the QThread, forwards the worker's signals (queued across threads, so connected slots run
on the UI thread), assigns request ids and never blocks: ``submit`` and ``cancel`` only touch a
queue under a lock. ``shutdown`` is the single place that waits, once, at exit.
"""

from __future__ import annotations

import atexit
import itertools
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from inference.runtime.types import Request
from inference.runtime.worker import InferenceWorker

log = logging.getLogger(__name__)

# Clients whose thread is still running. Held strongly so that dropping the last reference to a
# client can never destroy a running QThread (Qt aborts the process when that happens); emptied by
# ``shutdown``, and by the exit hook below for any client its owner forgot to shut down.
_LIVE: set[InferenceClient] = set()


@atexit.register
def _shutdown_leftovers() -> None:
    for client in list(_LIVE):
        log.warning("inference client was not shut down before exit; stopping it now")
        client.shutdown()


class InferenceClient(QObject):
    """Create on the UI thread after the QCoreApplication exists; call ``shutdown`` before exit."""

    started = Signal(int)
    chunk = Signal(int, str)
    finished = Signal(int, object)
    scored = Signal(int, object)
    failed = Signal(int, str)
    status_changed = Signal(str, str)

    def __init__(
        self,
        model_path: Path | None = None,
        backend: str = "ort",
        *,
        enabled: bool = True,
        max_length: int = 2048,
        isolate: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._thread = QThread()
        self._thread.setObjectName("screenwright-inference")
        self._worker = InferenceWorker(model_path, backend, max_length, isolate=isolate)
        self._worker.set_enabled(enabled)
        self._worker.moveToThread(self._thread)
        for name in ("started", "chunk", "finished", "scored", "failed", "status_changed"):
            getattr(self._worker, name).connect(getattr(self, name))
        self._thread.started.connect(self._worker.run)
        self._alive = True
        _LIVE.add(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def submit(self, request: Request) -> int:
        """Queue ``request``; returns its id (assigned when ``request.request_id`` is 0)."""
        if request.request_id == 0:
            request.request_id = next(self._ids)
        if not self._alive:
            self.failed.emit(request.request_id, "The AI worker has shut down.")
            return request.request_id
        self._worker.enqueue(request)
        return request.request_id

    def cancel(self, request_id: int) -> None:
        """Stop a queued or running request; a running one stops within one token."""
        self._worker.cancel(request_id)

    def cancel_all(self) -> None:
        self._worker.cancel_all()

    def set_enabled(self, enabled: bool) -> None:
        """Turn AI on/off. Off cancels everything and unloads the model to give its memory back."""
        self._worker.set_enabled(enabled)

    def set_model(self, model_path: Path | None = None, backend: str | None = None) -> None:
        """Switch model/backend (None: the store's active model); takes effect on the next request."""
        self._worker.set_model(model_path, backend)

    def preload(self) -> None:
        """Load the model in the background now, so the first suggestion does not wait for it."""
        self._worker.preload()

    @Slot()
    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Stop the worker and join its thread (at most one token's work, or a model load, to wait for).

        Returns False (and leaves the thread to finish on its own) if it did not stop in time;
        the thread is never terminated.
        """
        if not self._alive:
            return True
        self._alive = False
        self._worker.stop()
        self._thread.quit()
        done = self._thread.wait(timeout_ms)
        if done:
            _LIVE.discard(self)
        else:
            log.warning("the inference thread did not stop within %d ms", timeout_ms)
        return bool(done)
