"""What the UI needs from an inference client, as a ``typing.Protocol``.

The AI layer (``AIController``, ``TaskDriver``) talks to the model only through these signals and
non-blocking methods. ``inference.runtime.client.InferenceClient`` is the real one; typing against
this protocol instead of the class keeps the UI from reaching into the runtime's internals, and lets
tests hand the controller a client of their own (``AIController(client_factory=...)``) that is
checked against the same contract. See docs/ARCHITECTURE.md, "The life of a suggestion".
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import SignalInstance

from inference.runtime.types import Request


class ModelClient(Protocol):
    """Signals arrive on the UI thread (queued); no method waits on the model except ``shutdown``."""

    started: SignalInstance  # (request_id)
    chunk: SignalInstance  # (request_id, text)
    finished: SignalInstance  # (request_id, GenerationResult)
    scored: SignalInstance  # (request_id, list of log-probabilities)
    failed: SignalInstance  # (request_id, reason)
    status_changed: SignalInstance  # (status, detail)

    def submit(self, request: Request) -> int: ...

    def cancel(self, request_id: int) -> None: ...

    def cancel_all(self) -> None: ...

    def set_enabled(self, enabled: bool) -> None: ...

    def set_model(self, model_path: Path | None = None, backend: str | None = None) -> None: ...

    def preload(self) -> None: ...

    def shutdown(self, timeout_ms: int = 10000) -> bool: ...
