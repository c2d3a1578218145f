"""Run a task synchronously against a model backend (command line, tests, benchmarks).

The editor drives the same tasks asynchronously through the inference worker
(:mod:`editor.ai.qt_driver`); this module is the blocking twin for places that may block.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from editor.ai.task import Generate, Generated, Score, Task, Timings
from inference.runtime.types import GenerationParams


class ModelBackend(Protocol):
    """What a task needs from a model: continue a prompt, and score candidate continuations."""

    name: str

    def generate(self, prompt: str, sampling: GenerationParams) -> Generated: ...

    def score(self, prompt: str, candidates: tuple[str, ...]) -> list[float]: ...


class NoModel:
    """A backend for "AI off": any model step raises, so only script-based answers come back."""

    name = "none"

    def generate(self, prompt: str, sampling: GenerationParams) -> Generated:
        raise RuntimeError("the model is off")

    def score(self, prompt: str, candidates: tuple[str, ...]) -> list[float]:
        raise RuntimeError("the model is off")


def run_task(task: Task, backend: ModelBackend, timings: Timings | None = None) -> Any:
    """Drive ``task`` to completion, answering each step with ``backend``; returns its result."""
    timings = timings if timings is not None else Timings()
    reply: Any = None
    try:
        step = next(task)
        while True:
            started = time.perf_counter()
            if isinstance(step, Generate):
                generated = backend.generate(step.prompt, step.sampling)
                timings.add(step.purpose, time.perf_counter() - started, generated.ttft_s, generated.tokens)
                reply = generated
            elif isinstance(step, Score):
                reply = list(backend.score(step.prompt, step.candidates))
                elapsed = time.perf_counter() - started
                timings.add(step.purpose, elapsed, elapsed)
            else:  # pragma: no cover - a programming error in a task
                raise TypeError(f"unknown task step {step!r}")
            step = task.send(reply)
    except StopIteration as done:
        return done.value


class SessionBackend:
    """:class:`ModelBackend` over an ``inference.runtime.session.InferenceSession`` (KV cache reused)."""

    def __init__(self, session: Any, name: str) -> None:
        self.session = session
        self.name = name

    def generate(self, prompt: str, sampling: GenerationParams) -> Generated:
        result = self.session.generate(prompt, sampling)
        return Generated(result.text, result.finish_reason, result.tokens, result.ttft_s, result.total_s)

    def score(self, prompt: str, candidates: tuple[str, ...]) -> list[float]:
        return list(self.session.score(prompt, list(candidates)))

    def close(self) -> None:
        self.session.close()


def open_backend(model: str | None = None, backend: str = "ort") -> SessionBackend:
    """Load a model for synchronous use: ``model`` is a folder (a store entry, an onnxruntime-genai
    folder or, with ``backend="torch"``, a Hugging Face folder), an installed model's name, or None
    for the model the editor uses (the store's active model).

    Raises ``inference.errors.InferenceError`` (a human-readable message) when it cannot.
    """
    from pathlib import Path

    from inference.errors import ModelNotFoundError
    from inference.runtime.session import InferenceSession
    from inference.store import models

    if model is None:
        info = models.active_model()
        path, name = info.path, info.name
    else:
        candidate = Path(model).expanduser()
        if candidate.exists():
            path, name = candidate, candidate.name
        elif "/" not in model and "\\" not in model:
            info = models.get_model(model)
            path, name = info.path, info.name
        else:
            raise ModelNotFoundError(
                f"No model at {model}.", "Give a model folder or an installed model's name."
            )
    session = InferenceSession.open(path, backend)
    return SessionBackend(session, name)
