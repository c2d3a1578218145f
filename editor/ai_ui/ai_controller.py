"""One AI controller per main window: owns the inference client, the on/off switch and the status.

Features (ghost text, suggestions, rewrites, drafts, summaries) ask it for a
:class:`~editor.ai_ui.task_driver.TaskDriver`; it answers None while AI is off, so every feature has
exactly one place to check. The client (and its thread and model) is created lazily, the first time
AI is on and something is asked, so turning AI off in settings costs nothing at start-up.

Failure model: a missing or broken model reaches us as ``status_changed("error", reason)`` and as
``failed`` for the request; the editor keeps working, the status bar says why and offers a retry
(which reloads the model on the next request).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from editor.ai.task import Task
from editor.ai.words import english_words
from editor.ai_ui import gc_guard
from editor.ai_ui.model_client import ModelClient
from editor.ai_ui.task_driver import TaskDriver
from editor.config.settings import Key, Settings

log = logging.getLogger(__name__)

STATE_OFF = "off"
STATE_LOADING = "loading"
STATE_IDLE = "idle"
STATE_THINKING = "thinking"
STATE_ERROR = "error"


class AIController(QObject):
    """``status_changed(state, detail)``: state in off|loading|idle|thinking|error; ``detail`` is a
    tokens-per-second figure while thinking and the human-readable reason for an error.
    ``enabled_changed(bool)`` follows the switch."""

    status_changed = Signal(str, str)
    enabled_changed = Signal(bool)

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model_path: Path | None = None,
        backend: str = "ort",
        client_factory: Callable[[], ModelClient] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._model_path = model_path
        self._backend = backend
        self._factory = client_factory
        self._client: ModelClient | None = None
        self._enabled = bool(settings.get(Key.AI_ENABLED)) if settings is not None else True
        self._drivers: set[TaskDriver] = set()
        self.state = STATE_IDLE if self._enabled else STATE_OFF
        self.detail = ""
        self.tokens_per_s = 0.0
        self.last_error = ""
        self._last_activity = time.monotonic()
        self._gc_acquired = False

    # -- the switch --------------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._enabled

    @Slot(bool)
    def set_enabled(self, enabled: bool) -> None:
        """Turn every AI feature on or off; off cancels all work and unloads the model."""
        enabled = bool(enabled)
        if self._settings is not None:
            self._settings.set(Key.AI_ENABLED, enabled)
        if enabled == self._enabled:
            return
        self._enabled = enabled
        for driver in list(self._drivers):
            driver.cancel()
        self._drivers.clear()
        if self._client is not None:
            self._client.set_enabled(enabled)
        if enabled:
            self.last_error = ""
            self.tokens_per_s = 0.0  # the old speed was measured before the model was unloaded
            self._set_status(STATE_IDLE, "")
        else:
            self._set_status(STATE_OFF, "")
        self.enabled_changed.emit(enabled)

    @property
    def available(self) -> bool:
        """On and not in error: automatic requests (ghost text, summaries) only run then; an error
        waits for the writer's retry instead of failing again on every keystroke."""
        return self._enabled and self.state != STATE_ERROR

    @Slot()
    def retry(self) -> None:
        """After an error: forget the failed model and load it again in the background."""
        self.last_error = ""
        if not self._enabled:
            self.set_enabled(True)
            return
        client = self.client()
        if client is None:
            return
        client.set_model(self._model_path)
        client.preload()

    # -- the client --------------------------------------------------------------------------------
    def client(self) -> ModelClient | None:
        """The inference client, created on first use while AI is on (None while off)."""
        if not self._enabled:
            return None
        if self._client is None:
            gc_guard.acquire()
            self._gc_acquired = True
            if self._factory is not None:
                self._client = self._factory()
            else:
                from inference.runtime.client import InferenceClient

                self._client = InferenceClient(self._model_path, self._backend, parent=self)
            self._client.status_changed.connect(self._on_worker_status)
            # Read the English word list (validation of model output) off the UI thread now, not
            # on the first suggestion.
            threading.Thread(target=english_words, name="word-list", daemon=True).start()
        return self._client

    def has_client(self) -> bool:
        return self._client is not None

    def preload(self) -> None:
        client = self.client()
        if client is not None:
            client.preload()

    def driver(self, task: Task, *, name: str, supersede: bool = False) -> TaskDriver | None:
        """An unstarted driver for ``task`` (connect its signals, then ``start()``); None while off."""
        client = self.client()
        if client is None:
            task.close()
            return None
        driver = TaskDriver(client, task, task_name=name, supersede=supersede, parent=self)
        self._drivers.add(driver)
        driver.done.connect(lambda _r, d=driver: self._retire(d))
        driver.failed.connect(lambda reason, d=driver: self._on_driver_failed(d, reason))
        return driver

    def note_activity(self) -> None:
        """The writer did something: background work waits for the next idle period."""
        self._last_activity = time.monotonic()

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_activity

    def shutdown(self) -> None:
        for driver in list(self._drivers):
            driver.cancel()
        self._drivers.clear()
        if self._client is not None:
            self._client.shutdown()
        if self._gc_acquired:
            self._gc_acquired = False
            gc_guard.release()

    # -- status ------------------------------------------------------------------------------------
    def _retire(self, driver: TaskDriver) -> None:
        self._drivers.discard(driver)
        if driver.tokens_per_s > 0:
            self.tokens_per_s = driver.tokens_per_s
        driver.deleteLater()

    def _on_driver_failed(self, driver: TaskDriver, reason: str) -> None:
        self._retire(driver)
        if reason and self._enabled and self.state != STATE_ERROR:
            # A request failed without the worker reporting an error state (e.g. a task bug).
            self.last_error = reason
            self._set_status(STATE_ERROR, reason)

    @Slot(str, str)
    def _on_worker_status(self, state: str, detail: str) -> None:
        if not self._enabled and state != STATE_OFF:
            return
        if state == STATE_THINKING and detail.endswith("tok/s"):
            with contextlib.suppress(ValueError):
                self.tokens_per_s = float(detail.split()[0])
        if state == STATE_ERROR:
            self.last_error = detail
        elif state in (STATE_LOADING, STATE_IDLE, STATE_THINKING):
            self.last_error = ""
        self._set_status(state, detail)

    def _set_status(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail
        self.status_changed.emit(state, detail)
