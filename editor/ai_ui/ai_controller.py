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
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from editor import gc_guard
from editor.ai.gate import (
    FAST_FEATURES,
    FeatureState,
    feature_states,
    format_overrides,
    load_active_card,
    merge_cards,
    parse_overrides,
)
from editor.ai.kept_log import KeptLog
from editor.ai.task import Task
from editor.ai.words import english_words
from editor.ai_ui.model_client import ModelClient
from editor.ai_ui.task_driver import TaskDriver
from editor.config.settings import Key, Settings

log = logging.getLogger(__name__)

STATE_OFF = "off"
STATE_LOADING = "loading"
STATE_IDLE = "idle"
STATE_THINKING = "thinking"
STATE_ERROR = "error"

ROLE_FAST = "fast"  # the same names as inference.store.models.ROLES
ROLE_WRITING = "writing"
# Tasks that run on every pause in typing use the fast model; the rest the writing model.
FAST_TASKS = frozenset({"autocomplete", "speaker"})


class AIController(QObject):
    """``status_changed(state, detail)``: state in off|loading|idle|thinking|error; ``detail`` is a
    tokens-per-second figure while thinking and the human-readable reason for an error.
    ``enabled_changed(bool)`` follows the switch."""

    status_changed = Signal(str, str)
    enabled_changed = Signal(bool)
    #: The per-feature states changed (a report card arrived, or the writer's overrides).
    features_changed = Signal()
    _card_loaded = Signal(object)

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
        # One client per model: the "fast" role (ghost text, next speaker) and the "writing" role
        # (suggestions, rewrites, drafts, summaries) share one while they name the same model.
        self._clients: dict[str, ModelClient] = {}
        self._client_paths: dict[str, Path | None] = {}
        self._enabled = bool(settings.get(Key.AI_ENABLED)) if settings is not None else True
        self._drivers: set[TaskDriver] = set()
        self.state = STATE_IDLE if self._enabled else STATE_OFF
        self.detail = ""
        self.tokens_per_s = 0.0
        self.last_error = ""
        self._last_activity = time.monotonic()
        self._gc_acquired = False
        self._shut = False  # after shutdown nothing may start a model thread again
        self._model_labels: dict[str, str] = {}
        self._card: dict[str, Any] | None = None
        self.features: dict[str, FeatureState] = feature_states(None, self._overrides())
        self._card_loaded.connect(self._on_card_loaded)
        self.reload_card()
        #: Where features report the writer's verdicts on their suggestions (Preferences ▸
        #: Learning's opt-in decides, at each verdict, whether anything is written).
        self.kept_log = KeptLog(enabled=self._learning)

    def _learning(self) -> bool:
        return self._settings is not None and bool(self._settings.get(Key.AI_LEARN_FROM_KEPT))

    def model_label(self, role: str = ROLE_FAST) -> str:
        """The name of the model that writes for ``role`` (recorded with every piece of AI text kept).

        Remembered per role until the writer picks other models (``reload_models``), so accepting
        text never reads the model store on the UI thread twice.
        """
        label = self._model_labels.get(role)
        if label is None:
            if self._model_path is not None:
                label = Path(self._model_path).name
            else:
                try:
                    from inference.store.models import role_model_name

                    label = role_model_name(role)
                except (OSError, ValueError):
                    label = "unknown model"
            self._model_labels[role] = label
        return label

    # -- features the models earned ------------------------------------------------------------------
    def reload_card(self) -> None:
        """Read the report cards of the models the roles use, on a worker thread (the store is on
        disk). Next speaker and inline completions are judged by the fast model's card, the rest
        by the writing model's."""

        def work() -> None:
            fast = load_active_card(self._role_path(ROLE_FAST))
            writing = load_active_card(self._role_path(ROLE_WRITING))
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._card_loaded.emit(merge_cards(fast, writing, FAST_FEATURES))

        threading.Thread(target=work, name="report-card", daemon=True).start()

    @Slot(object)
    def _on_card_loaded(self, card: dict[str, Any] | None) -> None:
        self._card = card
        self.features = feature_states(card, self._overrides())
        self.features_changed.emit()

    @property
    def card(self) -> dict[str, Any] | None:
        """The report card the features follow (None until read, or when no model has one)."""
        return self._card

    def _overrides(self) -> dict[str, bool]:
        return parse_overrides(self._settings.get(Key.AI_FEATURE_OVERRIDES)) if self._settings else {}

    def feature_enabled(self, key: str) -> bool:
        """Whether feature ``key`` (``editor.ai.gate.FEATURES``) may use the model now."""
        state = self.features.get(key)
        return self._enabled and (state is None or state.enabled)

    def set_feature_override(self, key: str, on: bool | None) -> None:
        """The writer turns a feature on or off whatever the card says (None: follow the card)."""
        overrides = self._overrides()
        if on is None or on == feature_states(self._card, {})[key].enabled:
            overrides.pop(key, None)
        else:
            overrides[key] = on
        if self._settings is not None:
            self._settings.set(Key.AI_FEATURE_OVERRIDES, format_overrides(overrides))
        self.features = feature_states(self._card, overrides)
        self.features_changed.emit()

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
        for client in self._clients.values():
            client.set_enabled(enabled)
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
        if self.client() is None:
            return
        for role, client in self._clients.items():
            client.set_model(self._client_paths.get(role))
            client.preload()
        self.reload_card()  # the model may have been measured since

    # -- the clients -------------------------------------------------------------------------------
    def _role_path(self, role: str) -> Path | None:
        """The model folder chosen for ``role`` (None: the worker loads the active model)."""
        if self._model_path is not None or self._factory is not None:
            return self._model_path
        try:
            from inference.store.models import active_model_name, role_model_name
            from inference.store.paths import models_dir

            name = role_model_name(role)
            # The active model is left to the worker, which says clearly when it is missing.
            return None if name == active_model_name() else models_dir() / name
        except (OSError, ValueError):
            return None

    def _client_role(self, role: str) -> str:
        if role == ROLE_FAST or self._role_path(role) == self._role_path(ROLE_FAST):
            return ROLE_FAST
        return role

    def client(self, role: str = "fast") -> ModelClient | None:
        """The inference client for ``role``, created on first use while AI is on (None while off).

        None after :meth:`shutdown` too: a debounce timer or a background summary that fires while
        the window closes must not load the model again on a thread nobody will stop.
        """
        if not self._enabled or self._shut:
            return None
        role = self._client_role(role)
        client = self._clients.get(role)
        if client is None:
            if not self._gc_acquired:
                gc_guard.acquire()
                self._gc_acquired = True
                # Read the English word list (validation of model output) off the UI thread now,
                # not on the first suggestion.
                threading.Thread(target=english_words, name="word-list", daemon=True).start()
            path = self._role_path(role)
            if self._factory is not None:
                client = self._factory()
            else:
                from inference.runtime.client import InferenceClient

                client = InferenceClient(path, self._backend, parent=self)
            client.status_changed.connect(self._on_worker_status)
            self._clients[role] = client
            self._client_paths[role] = path
        return client

    def has_client(self) -> bool:
        return bool(self._clients)

    @Slot()
    def reload_models(self) -> None:
        """The writer chose other models (AI ▸ Models…): switch without a restart.

        Work in flight is cancelled; each client loads its new model on its next request.
        """
        self._model_labels.clear()
        for driver in list(self._drivers):
            driver.cancel()
        self._drivers.clear()
        for role in list(self._clients):
            path = self._role_path(role)
            if role != ROLE_FAST and self._client_role(role) == ROLE_FAST:
                self._clients.pop(role).shutdown()  # now the same model as the fast role
                self._client_paths.pop(role, None)
            elif path != self._client_paths.get(role):
                self._client_paths[role] = path
                self._clients[role].set_model(path)
        self.last_error = ""
        self.reload_card()  # other models, other report cards
        if self._enabled:
            self._set_status(STATE_IDLE, "")

    def preload(self) -> None:
        client = self.client()
        if client is not None:
            client.preload()

    def driver(self, task: Task, *, name: str, supersede: bool = False) -> TaskDriver | None:
        """An unstarted driver for ``task`` (connect its signals, then ``start()``); None while off."""
        client = self.client(ROLE_FAST if name in FAST_TASKS else ROLE_WRITING)
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
        self._shut = True
        for driver in list(self._drivers):
            driver.cancel()
        self._drivers.clear()
        for client in self._clients.values():
            client.shutdown()
        self._clients.clear()
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
