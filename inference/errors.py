"""Errors that carry a message a writer can act on.

Every failure the model layer reports says what went wrong (``message``) and what to do about it
(``hint``); the CLI prints both and the worker forwards them through ``failed``.
"""

from __future__ import annotations


class InferenceError(Exception):
    """Base class: ``str(error)`` is the full human-readable text (message plus hint)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class ModelNotFoundError(InferenceError):
    """No model is installed under the requested name (or none at all)."""


class ModelCorruptError(InferenceError):
    """A model folder exists but cannot be used (files missing, bad manifest, unreadable graph)."""


class ConversionError(InferenceError):
    """Turning a user's checkpoint into a runnable model failed."""


class ConversionCancelled(InferenceError):
    """The user cancelled a conversion; nothing was installed."""


class BackendUnavailableError(InferenceError):
    """The requested backend's libraries are not installed (e.g. torch for the PyTorch backend)."""


class GenerationError(InferenceError):
    """The model failed while generating (out of memory, runtime error)."""
