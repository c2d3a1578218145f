"""The backend interface: a tokenizer plus a KV-cached decoder state per sequence.

Backends expose only the primitive every runtime can do the same way: append tokens to a cached
sequence and return the logits of its last position, or rewind the sequence to a shorter prefix.
Sampling, stop strings, streaming and prefix reuse are built once on top (``inference.runtime.session``),
so both backends behave identically given the same logits.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class DecoderState(ABC):
    """One sequence with its KV cache. ``tokens`` is what the cache currently holds."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length
        self.tokens: list[int] = []

    @abstractmethod
    def _append(self, ids: Sequence[int]) -> np.ndarray: ...

    @abstractmethod
    def _rewind(self, length: int) -> None: ...

    def append(self, ids: Sequence[int]) -> np.ndarray:
        """Run ``ids`` through the model after the cached tokens; return the last position's logits."""
        if not ids:
            raise ValueError("append needs at least one token")
        if len(self.tokens) + len(ids) > self.max_length:
            raise ValueError(f"sequence would exceed max_length {self.max_length}")
        logits = self._append(ids)
        self.tokens.extend(int(i) for i in ids)
        return logits

    def _restart(self) -> None:
        """Start an empty cache (for :meth:`rewind_to`'s replay); states that can always rewind
        need not implement it."""
        raise NotImplementedError

    def rewind_to(self, length: int) -> None:
        """Forget everything after the first ``length`` tokens (cheap: the cache is truncated).

        A cache that no longer holds the positions needed (a sliding window that has moved past
        them) is started again and the kept prefix replayed: slower, never wrong.
        """
        if length >= len(self.tokens):
            return
        try:
            self._rewind(length)
        except RuntimeError as exc:
            keep = self.tokens[:length]
            try:
                self._restart()
            except NotImplementedError:
                raise exc from None
            self.tokens = []
            if keep:
                self._append(keep)
                self.tokens = keep
            return
        del self.tokens[length:]

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release native resources early (the garbage collector does it otherwise)."""


class Backend(ABC):
    """A loaded model: tokenizer and a factory for decoder states."""

    name: str = "?"

    @abstractmethod
    def encode(self, text: str) -> list[int]: ...

    @abstractmethod
    def decode(self, ids: Sequence[int]) -> str: ...

    @property
    @abstractmethod
    def eos_token_ids(self) -> frozenset[int]: ...

    @property
    @abstractmethod
    def context_length(self) -> int: ...

    @abstractmethod
    def new_state(self, max_length: int) -> DecoderState: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Drop the model (the worker calls it before loading another one)."""
