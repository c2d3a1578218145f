"""Drive an ``editor.ai`` task generator through the inference worker, never blocking the UI thread.

A task (see :mod:`editor.ai.task`) yields model steps and receives their answers. This driver submits
each step as an ``inference.runtime.worker.Request``, waits for the matching queued signal, and resumes the
generator on the UI thread. Every client signal reaches every driver; each one keeps only the
signals for its own current request id, so any number of tasks can be in flight at once.

Cancelling closes the generator and cancels the running request; a cancelled driver never emits
``done`` or ``failed`` again, which is what makes "drop stale results" cheap for its owners.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from editor.ai.task import Generate, Generated, Score, Task
from editor.ai_ui.model_client import ModelClient
from inference.runtime.types import GenerationResult, Priority, Request

log = logging.getLogger(__name__)


def to_priority(name: str) -> Priority:
    try:
        return Priority[name]
    except KeyError:
        return Priority.SUGGESTION


class TaskDriver(QObject):
    """Runs one task to completion. Create, connect, ``start()``; one driver per task run.

    ``task_name`` becomes the requests' ``task``; with ``supersede`` a new request cancels older
    ones of the same name in the worker (what a keystroke does to the previous autocomplete).

    Signals: ``step_started(purpose, prompt)`` before each model step, ``chunk(text)`` as tokens
    stream in, ``step_finished(object)`` with each step's reply, ``done(object)`` with the task's
    result, ``failed(str)`` with a human-readable reason. ``tokens_per_s`` holds the last rate.
    """

    step_started = Signal(str, str)
    chunk = Signal(str)
    step_finished = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        client: ModelClient,
        task: Task,
        *,
        task_name: str = "task",
        supersede: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._task = task
        self._task_name = task_name
        self._supersede = supersede
        self._request_id = 0
        self._active = False
        self._step: Generate | Score | None = None
        self.started_at = 0.0
        self.first_chunk_at: float | None = None
        self.tokens_per_s = 0.0
        self.result: Any = None
        self.error = ""
        client.chunk.connect(self._on_chunk)
        client.finished.connect(self._on_finished)
        client.scored.connect(self._on_scored)
        client.failed.connect(self._on_failed)

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Run the task up to its first model step (script-only tasks finish right here)."""
        self._active = True
        self.started_at = time.perf_counter()
        self._advance(None, first=True)

    def cancel(self) -> None:
        """Stop: the running request is cancelled and no further signal comes from this driver."""
        if not self._active:
            return
        self._active = False
        if self._request_id:
            self._client.cancel(self._request_id)
        self._close()

    @property
    def active(self) -> bool:
        return self._active

    @property
    def request_id(self) -> int:
        return self._request_id

    # -- stepping --------------------------------------------------------------------------------
    def _advance(self, reply: Any, *, first: bool = False) -> None:
        try:
            step = next(self._task) if first else self._task.send(reply)
        except StopIteration as stop:
            self._finish(stop.value)
            return
        except Exception as exc:  # a task bug must not take the editor down
            log.exception("AI task %s failed", self._task_name)
            self._fail(str(exc) or exc.__class__.__name__)
            return
        self._step = step
        if isinstance(step, Generate):
            request = Request(
                task=self._task_name,
                priority=to_priority(step.priority),
                prompt=step.prompt,
                params=step.sampling,
                supersede=self._supersede,
            )
        elif isinstance(step, Score):
            request = Request(
                task=self._task_name,
                priority=to_priority(step.priority),
                prompt=step.prompt,
                candidates=list(step.candidates),
                supersede=self._supersede,
            )
        else:  # pragma: no cover - a programming error in a task
            self._fail(f"unknown task step {step!r}")
            return
        self.step_started.emit(step.purpose, step.prompt)
        if not self._active:  # a slot cancelled us
            return
        self._request_id = self._client.submit(request)

    def _finish(self, value: Any) -> None:
        self._active = False
        self._step = None
        self.result = value
        self._disconnect()
        self.done.emit(value)

    def _fail(self, reason: str) -> None:
        self._active = False
        self._step = None
        self.error = reason
        self._close()
        self.failed.emit(reason)

    def _disconnect(self) -> None:
        """A finished driver stops listening: thousands of keystrokes must not pile up slots."""
        client = self._client
        for signal, slot in (
            (client.chunk, self._on_chunk),
            (client.finished, self._on_finished),
            (client.scored, self._on_scored),
            (client.failed, self._on_failed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                signal.disconnect(slot)

    def _close(self) -> None:
        self._disconnect()
        try:
            self._task.close()
        except Exception:  # closing a generator runs its finally blocks; never let that escape
            log.exception("closing AI task %s failed", self._task_name)

    # -- client signals (UI thread) --------------------------------------------------------------
    @Slot(int, str)
    def _on_chunk(self, request_id: int, text: str) -> None:
        if self._active and request_id == self._request_id:
            if self.first_chunk_at is None:
                self.first_chunk_at = time.perf_counter()
            self.chunk.emit(text)

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: object) -> None:
        if not self._active or request_id != self._request_id:
            return
        assert isinstance(result, GenerationResult)
        if result.finish_reason == "cancelled":
            # Superseded or cancelled in the worker (AI switched off, a newer keystroke): no answer.
            self._active = False
            self._close()
            self.failed.emit("")
            return
        if result.tokens_per_s > 0:
            self.tokens_per_s = result.tokens_per_s
        reply = Generated(result.text, result.finish_reason, result.tokens, result.ttft_s, result.total_s)
        self.step_finished.emit(reply)
        self._advance(reply)

    @Slot(int, object)
    def _on_scored(self, request_id: int, scores: object) -> None:
        if not self._active or request_id != self._request_id:
            return
        reply = list(scores)  # type: ignore[call-overload]
        self.step_finished.emit(reply)
        self._advance(reply)

    @Slot(int, str)
    def _on_failed(self, request_id: int, reason: str) -> None:
        if self._active and request_id == self._request_id:
            self._fail(reason)


class TaskSlot:
    """The one task an AI panel runs at a time, with the lifecycle every panel shares.

    ``start`` cancels the task before it; only the current driver's steps, chunks and outcome reach
    the owner (a replaced or cancelled driver's late signals are dropped here, once, instead of in
    every panel); ``done``/``failed`` clear the slot before the owner's handler runs, so the
    handler may start the next task. Used by the suggestions panel, the rewrite preview, the draft
    dialog and the scene summaries.
    """

    def __init__(
        self,
        controller: _DriverFactory,
        name: str,
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
        on_step: Callable[[str, str], None] | None = None,
        on_chunk: Callable[[str], None] | None = None,
        supersede: bool = False,
    ) -> None:
        self.controller = controller
        self.name = name
        self.supersede = supersede
        self.on_done = on_done
        self.on_failed = on_failed
        self.on_step = on_step
        self.on_chunk = on_chunk
        self.driver: TaskDriver | None = None

    @property
    def busy(self) -> bool:
        return self.driver is not None

    def start(self, task: Task, prepare: Callable[[], None] | None = None) -> bool:
        """Run ``task``; False when AI is off (the task is closed, nothing else happens).

        ``prepare`` runs once the driver exists and before its first step: the owner's "working…"
        state, which a task answered from the script alone may replace at once.
        """
        self.cancel()
        driver = self.controller.driver(task, name=self.name, supersede=self.supersede)
        if driver is None:
            return False
        self.driver = driver
        if self.on_step is not None:
            on_step = self.on_step
            driver.step_started.connect(
                lambda purpose, prompt: self._current(driver) and on_step(purpose, prompt)
            )
        if self.on_chunk is not None:
            on_chunk = self.on_chunk
            driver.chunk.connect(lambda text: self._current(driver) and on_chunk(text))
        driver.done.connect(lambda result: self._finish(driver, self.on_done, result))
        driver.failed.connect(lambda reason: self._finish(driver, self.on_failed, reason))
        if prepare is not None:
            prepare()
        driver.start()
        return True

    def cancel(self) -> bool:
        """Stop the running task (no signal of it reaches the owner afterwards); True if one ran."""
        driver, self.driver = self.driver, None
        if driver is None:
            return False
        driver.cancel()
        return True

    def _current(self, driver: TaskDriver) -> bool:
        return driver is self.driver

    def _finish(self, driver: TaskDriver, handler: Callable[[Any], None], value: object) -> None:
        if driver is not self.driver:
            return  # stale: replaced or cancelled
        self.driver = None
        handler(value)


class _DriverFactory(Protocol):
    def driver(self, task: Task, *, name: str, supersede: bool = False) -> TaskDriver | None: ...
