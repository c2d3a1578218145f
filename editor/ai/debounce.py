"""Adaptive debounce for inline completion, after Tabby: wait longer for fast typists and slow models.

Asking the model after every keystroke wastes it on prefixes the writer is about to extend; waiting
too long makes suggestions feel late. Tabby starts from ~200-250 ms and adapts within 100-1,000 ms to
how fast the writer types (a suggestion in the middle of a burst of keys is wasted) and how long the
model takes (a slow model is better asked once than cancelled often). Pure Python, no Qt.
"""

from __future__ import annotations

BASE_MS = 225.0
MIN_MS = 100.0
MAX_MS = 1000.0
# Gaps longer than this are pauses, not typing speed.
PAUSE_MS = 1500.0
_ALPHA = 0.3


class AdaptiveDebounce:
    """Tracks typing intervals and model latency (exponential moving averages) in milliseconds."""

    def __init__(self, base_ms: float = BASE_MS, min_ms: float = MIN_MS, max_ms: float = MAX_MS) -> None:
        self.base_ms = base_ms
        self.min_ms = min_ms
        self.max_ms = max_ms
        self.typing_ms: float | None = None
        self.latency_ms: float | None = None
        self._last_key: float | None = None

    def keystroke(self, now_ms: float) -> None:
        if self._last_key is not None:
            gap = now_ms - self._last_key
            if 0 < gap < PAUSE_MS:
                self.typing_ms = (
                    gap if self.typing_ms is None else (1 - _ALPHA) * self.typing_ms + _ALPHA * gap
                )
        self._last_key = now_ms

    def model_latency(self, ms: float) -> None:
        if ms >= 0:
            self.latency_ms = ms if self.latency_ms is None else (1 - _ALPHA) * self.latency_ms + _ALPHA * ms

    def interval_ms(self) -> int:
        """The wait after the last keystroke before asking the model."""
        wait = self.base_ms
        if self.typing_ms is not None:
            # Wait a little longer than the writer's usual gap between keys, but also allow a fast
            # typist's natural pause to trigger sooner than the base.
            wait = 0.5 * self.base_ms + 0.75 * self.typing_ms
        if self.latency_ms is not None:
            # A slow model: fewer, later requests (each cancelled one cost a prefill).
            wait += 0.25 * max(0.0, self.latency_ms - 150.0)
        return int(max(self.min_ms, min(self.max_ms, wait)))
