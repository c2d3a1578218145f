"""A terminal progress bar for long setup steps (download, conversion).

On a terminal it redraws one line per stage with ``\\r``; when output is a file or a pipe (CI,
``make`` logs) it prints one line per stage and every 25% so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """Callable matching ``conversion.ProgressCallback``."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self._stream = stream or sys.stderr
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        self._width = width
        self._stage = ""
        self._stage_start = time.perf_counter()
        self._last_draw = 0.0
        self._last_quarter = -1
        self._stages = 0

    def __call__(self, stage: str, fraction: float | None, detail: str) -> None:
        now = time.perf_counter()
        if stage != self._stage:
            self._finish_line()
            self._stage = stage
            self._stages += 1
            self._stage_start = now
            self._last_quarter = -1
            if not self._tty:
                self._stream.write(f"[{self._stages}] {stage}...\n")
                self._stream.flush()
        if self._tty:
            if fraction is not None and fraction < 1.0 and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self._stream.write("\r" + self._render(stage, fraction, detail, now) + "\x1b[K")
            self._stream.flush()
        elif fraction is not None:
            quarter = int(fraction * 4)
            if quarter > self._last_quarter and quarter in (1, 2, 3):
                self._last_quarter = quarter
                self._stream.write(f"    {quarter * 25}% {detail}\n")
                self._stream.flush()

    def _render(self, stage: str, fraction: float | None, detail: str, now: float) -> str:
        elapsed = now - self._stage_start
        if fraction is None:
            spin = "|/-\\"[int(elapsed * 8) % 4]
            bar = f"[{spin}]"
            pct = "    "
        else:
            filled = round(fraction * self._width)
            bar = "[" + "#" * filled + "-" * (self._width - filled) + "]"
            pct = f"{fraction * 100:3.0f}%"
        return f"[{self._stages}] {stage:<26} {bar} {pct} {detail[:28]:<28} {elapsed:5.1f}s"

    def _finish_line(self) -> None:
        if self._stage and self._tty:
            self._stream.write("\n")
            self._stream.flush()

    def close(self) -> None:
        self._finish_line()
        self._stage = ""
