"""Choosing the next token from logits, identically for every backend.

Sampling lives here (numpy over the last position's logits) rather than inside each runtime so
that greedy and seeded output depend only on the logits, never on which backend produced them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from inference.runtime.types import GenerationParams


def apply_repetition_penalty(logits: np.ndarray, history: Sequence[int], penalty: float) -> np.ndarray:
    """CTRL-style penalty (as in transformers): shrink positive logits, grow negative ones."""
    if penalty == 1.0 or not history:
        return logits
    ids = np.unique(np.asarray(history, dtype=np.int64))
    ids = ids[(ids >= 0) & (ids < logits.shape[-1])]
    out = logits.copy()
    values = out[ids]
    out[ids] = np.where(values > 0, values / penalty, values * penalty)
    return out


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits.astype(np.float64) - float(np.max(logits))
    return shifted - np.log(np.exp(shifted).sum())


class Sampler:
    """Per-request token chooser; owns the request's random generator so seeds are reproducible."""

    def __init__(self, params: GenerationParams) -> None:
        self.params = params
        self._rng = np.random.default_rng(params.seed)

    def choose(self, logits: np.ndarray, history: Sequence[int]) -> int:
        p = self.params
        logits = apply_repetition_penalty(np.asarray(logits, dtype=np.float32), history, p.repetition_penalty)
        if p.temperature <= 0.0 or p.top_k == 1:
            return int(np.argmax(logits))
        scaled = logits.astype(np.float64) / p.temperature
        if p.top_k > 0 and p.top_k < scaled.shape[-1]:
            kth = np.partition(scaled, -p.top_k)[-p.top_k]
            scaled = np.where(scaled < kth, -np.inf, scaled)
        probs = np.exp(scaled - np.max(scaled))
        probs /= probs.sum()
        if p.top_p < 1.0:
            order = np.argsort(-probs, kind="stable")
            cumulative = np.cumsum(probs[order])
            # Keep the smallest prefix whose mass reaches top_p (always at least one token).
            keep = int(np.searchsorted(cumulative, p.top_p) + 1)
            mask = np.zeros_like(probs, dtype=bool)
            mask[order[:keep]] = True
            probs = np.where(mask, probs, 0.0)
            probs /= probs.sum()
        return int(self._rng.choice(probs.shape[-1], p=probs))
