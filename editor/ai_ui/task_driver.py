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
from typing import Any

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
