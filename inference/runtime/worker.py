"""The model worker: one long-lived QObject on its own QThread that owns the model.

The UI never touches the model. It submits ``Request`` objects through ``InferenceClient`` (the
UI-thread façade in ``inference.runtime.client``, re-exported here) and receives queued signals. Inside the
thread a plain loop takes the most urgent request (``Priority``, then arrival order), loads the
model lazily on first use, and runs it with a cancel check between every two tokens.

Lifecycle guarantee: every submitted request ends with exactly one of ``finished`` (also for
cancelled or superseded requests: ``result.finish_reason == "cancelled"``), ``scored`` or
``failed``; ``started`` precedes ``chunk`` signals, which precede the end signal.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from inference.errors import GenerationError, InferenceError
from inference.runtime.types import URGENT, GenerationResult, Request

if TYPE_CHECKING:
    from inference.runtime.model_process import RemoteSession
    from inference.runtime.server_session import ServerSession
    from inference.runtime.session import InferenceSession

log = logging.getLogger(__name__)


_CLOSE_OR_SMALLER = "Close other programs or choose a smaller model."

STATUS_OFF = "off"
STATUS_LOADING = "loading"
STATUS_IDLE = "idle"
STATUS_THINKING = "thinking"
STATUS_ERROR = "error"


def cancelled_result(prompt_tokens: int = 0) -> GenerationResult:
    return GenerationResult("", 0, 0.0, 0.0, 0.0, "cancelled", [], prompt_tokens, 0)


class InferenceWorker(QObject):
    """Lives on the inference thread; all public methods except ``run`` are thread-safe.

    ``model_path`` None means the store's active model, resolved at load time so ``use NAME``
    takes effect on the next (re)load.
    """

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
        max_length: int = 2048,
        *,
        isolate: bool = True,
    ) -> None:
        super().__init__()
        # In a child process by default: onnxruntime-genai holds the GIL during every call, which
        # would stall the UI thread's Python code for a whole prefill chunk (see model_process.py).
        self._isolate = isolate
        self._model_path = model_path
        self._backend = backend
        self._max_length = max_length
        self._cond = threading.Condition()
        self._queue: list[tuple[int, int, Request]] = []
        self._order = itertools.count()
        self._cancelled: set[int] = set()
        self._running: list[Request] = []  # more than one while urgent work runs inside a background request
        self._enabled = True
        self._stopping = False
        self._reload = False
        self._preload = False
        self._session: InferenceSession | RemoteSession | ServerSession | None = None
        self._status = ""
        self._last_rate = 0.0

    # -- thread-safe API (called from the UI thread through the client) ----------------------

    def enqueue(self, request: Request) -> None:
        with self._cond:
            if request.supersede:
                for _, _, queued in self._queue:
                    if queued.task == request.task:
                        self._cancelled.add(queued.request_id)
                for running in self._running:
                    if running.task == request.task:
                        self._cancelled.add(running.request_id)
            heapq.heappush(self._queue, (int(request.priority), next(self._order), request))
            self._cond.notify_all()

    def cancel(self, request_id: int) -> None:
        with self._cond:
            self._cancelled.add(request_id)
            self._cond.notify_all()

    def cancel_all(self) -> None:
        with self._cond:
            self._cancelled.update(r.request_id for _, _, r in self._queue)
            self._cancelled.update(r.request_id for r in self._running)
            self._cond.notify_all()

    def set_enabled(self, enabled: bool) -> None:
        with self._cond:
            self._enabled = enabled
            if not enabled:
                self._cancelled.update(r.request_id for _, _, r in self._queue)
                self._cancelled.update(r.request_id for r in self._running)
            self._cond.notify_all()

    def set_model(self, model_path: Path | None, backend: str | None = None) -> None:
        """Use another model (or backend) from the next request on; the current one is unloaded."""
        with self._cond:
            self._model_path = model_path
            if backend is not None:
                self._backend = backend
            self._reload = True
            self._cond.notify_all()

    def preload(self) -> None:
        """Load the model now (in the worker thread) so the first request does not pay for it."""
        with self._cond:
            self._preload = True
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cancelled.update(r.request_id for _, _, r in self._queue)
            self._cancelled.update(r.request_id for r in self._running)
            self._cond.notify_all()

    # -- the loop (inference thread) ------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """Serve requests until ``stop()``; returns so the thread can finish (no terminate needed)."""
        self._set_status(STATUS_IDLE if self._enabled else STATUS_OFF, "")
        while True:
            with self._cond:
                while not (
                    self._stopping or self._queue or self._reload or self._preload or self._needs_unload()
                ):
                    self._cond.wait()
                if self._stopping:
                    drained = [r for _, _, r in self._queue]
                    self._queue.clear()
                    break
                reload, self._reload = self._reload, False
                preload, self._preload = self._preload, False
                enabled = self._enabled
                request = heapq.heappop(self._queue)[2] if self._queue else None
                if request is not None:
                    self._running.append(request)
            if reload or not enabled:
                self._unload(STATUS_IDLE if enabled else STATUS_OFF)
            if request is None:
                if preload and enabled:
                    self._ensure_loaded()
                continue
            try:
                self._serve(request, enabled)
            finally:
                with self._cond:
                    self._running.remove(request)
                    self._cancelled.discard(request.request_id)
                    idle = not self._queue
                if idle and self._status == STATUS_THINKING:
                    # The status bar shows the last speed while idle ("idle, 105 tok/s").
                    rate = f"{self._last_rate:.0f} tok/s" if self._last_rate > 0 else ""
                    self._set_status(STATUS_IDLE, rate)
        for request in drained:
            self.finished.emit(request.request_id, cancelled_result())
        self._unload(STATUS_OFF)

    def _needs_unload(self) -> bool:
        return not self._enabled and self._session is not None

    def _is_cancelled(self, request_id: int) -> bool:
        # A set lookup under the GIL; the lock is not needed for a single membership test.
        return request_id in self._cancelled or self._stopping

    def _serve(self, request: Request, enabled: bool) -> None:
        rid = request.request_id
        if self._is_cancelled(rid):
            self.finished.emit(rid, cancelled_result())
            return
        if not enabled:
            self.failed.emit(rid, "The AI is turned off.")
            return
        session = self._ensure_loaded()
        if session is None:
            self.failed.emit(rid, self._load_error)
            return
        if self._is_cancelled(rid):
            self.finished.emit(rid, cancelled_result())
            return
        self._set_status(STATUS_THINKING, request.task)
        self.started.emit(rid)
        background = request.priority > URGENT
        lane = "background" if background else "main"

        def should_cancel() -> bool:
            if background:
                self._serve_urgent(request)
            return self._is_cancelled(rid)

        try:
            if request.candidates is not None:
                scores = session.score(request.prompt, request.candidates, should_cancel, lane=lane)
                self.scored.emit(rid, scores)
                return
            result = session.generate(
                request.prompt,
                request.params,
                on_chunk=lambda text: self.chunk.emit(rid, text),
                should_cancel=should_cancel,
                lane=lane,
            )
        except InferenceError as exc:
            if isinstance(exc, GenerationError) or not getattr(session, "alive", True):
                # The model itself failed (out of memory, runtime error, its process died): show the
                # error and start from a fresh model on the next request.
                self._drop_model(STATUS_ERROR, str(exc))
            if self._is_cancelled(rid):
                self.finished.emit(rid, cancelled_result())
            else:
                self.failed.emit(rid, str(exc))
            return
        except MemoryError:
            self._drop_model(STATUS_ERROR, "out of memory")
            self.failed.emit(
                rid, "The model ran out of memory. Close other programs or choose a smaller model."
            )
            return
        except Exception as exc:  # the worker must survive anything a model throws
            log.exception("request %s (%s) failed", rid, request.task)
            self._drop_model(STATUS_ERROR, str(exc))
            self.failed.emit(
                rid, f"The model failed unexpectedly: {exc}. It will be reloaded on the next request."
            )
            return
        if result.tokens_per_s > 0:
            self._last_rate = result.tokens_per_s
        self.finished.emit(rid, result)

    def _serve_urgent(self, outer: Request) -> None:
        """Between two tokens of a background request, run every queued urgent one.

        Rewrites and summaries can take seconds; the writer waiting on an autocomplete should not.
        The urgent requests use the session's main lane, so the background request's cache (and
        the autocomplete context) both survive and the background request resumes where it was.
        """
        while True:
            with self._cond:
                if self._stopping or not self._queue or self._queue[0][0] > URGENT:
                    return
                request = heapq.heappop(self._queue)[2]
                self._running.append(request)
                enabled = self._enabled
            try:
                self._serve(request, enabled)
            finally:
                with self._cond:
                    self._running.remove(request)
                    self._cancelled.discard(request.request_id)
            self._set_status(STATUS_THINKING, outer.task)

    # -- model lifetime (inference thread) -------------------------------------------------------

    _load_error = ""

    def _ensure_loaded(self) -> InferenceSession | RemoteSession | ServerSession | None:
        if self._session is not None:
            return self._session
        self._set_status(STATUS_LOADING, "")
        started = time.perf_counter()
        try:
            from inference.runtime.model_process import RemoteSession
            from inference.runtime.session import InferenceSession
            from inference.store.models import active_model

            path = self._model_path if self._model_path is not None else active_model().path
            from inference.store.servers import config_for_path

            server = config_for_path(path)
            if server is not None:
                from inference.runtime.server_session import ServerSession

                session = ServerSession(server)
                session.probe()  # a wrong address or model name is reported now, in one line
                self._session = session
            elif self._isolate:
                self._session = RemoteSession(path, self._backend, max_length=self._max_length)
            else:
                self._session = InferenceSession.open(path, self._backend, max_length=self._max_length)
        except InferenceError as exc:
            self._load_error = str(exc)
            self._set_status(STATUS_ERROR, self._load_error)
            return None
        except MemoryError:
            self._load_error = "There is not enough memory to load the model. " + _CLOSE_OR_SMALLER
            self._set_status(STATUS_ERROR, self._load_error)
            return None
        except Exception as exc:
            log.exception("loading the model failed")
            self._load_error = f"The model could not be loaded: {exc}"
            self._set_status(STATUS_ERROR, self._load_error)
            return None
        log.info("model loaded in %.2f s", time.perf_counter() - started)
        self._set_status(STATUS_IDLE, "")
        return self._session

    def _drop_model(self, status: str, detail: str) -> None:
        """Unload after a failure; inside a background request (nested), only after it ends."""
        with self._cond:
            nested = len(self._running) > 1
            if nested:
                self._reload = True
        if nested:
            self._set_status(status, detail)
        else:
            self._unload(status, detail)

    def _unload(self, status: str, detail: str = "") -> None:
        if self._session is not None:
            try:
                self._session.close()
            except Exception:  # closing must never take the worker down
                log.exception("closing the model failed")
            self._session = None
        if status != self._status or detail:
            self._set_status(status, detail)

    def _set_status(self, status: str, detail: str) -> None:
        self._status = status
        self.status_changed.emit(status, detail)
