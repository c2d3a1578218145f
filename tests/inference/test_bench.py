"""The inference benchmark's peak memory is the measured process's own, not its parent's."""

from __future__ import annotations

import subprocess
import sys

from inference.bench import peak_rss_mb


def test_a_child_reports_its_own_peak_not_the_parents() -> None:
    """Defect: ``ru_maxrss`` of a fork-and-exec child counts the parent's memory at the fork, so
    ``inference.peak_rss_mb`` reported ~505 MB (the bench runner) for a model process of ~340."""
    held = bytearray(400 * 2**20)
    held[::4096] = b"\x01" * len(held[::4096])  # touched: resident in this process
    code = "from inference.bench import peak_rss_mb; print(peak_rss_mb())"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    child = float(done.stdout.strip())
    assert peak_rss_mb() > 400
    assert 0 < child < 200, child
    del held
