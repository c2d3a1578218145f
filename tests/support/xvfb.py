"""A private Xvfb display for tests that need a real X server (skips when Xvfb is missing).

Xvfb picks a free display number itself and reports it through ``-displayfd``, so parallel test
sessions on one machine never race for the same number. Tests use the session-wide ``x_display``
fixture (tests/conftest.py) or, for a display of their own size, this context manager.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest


@contextlib.contextmanager
def xvfb_display(size: str = "1440x900x24") -> Iterator[str]:
    """Yields ``":N"`` for DISPLAY while the server runs; stops it afterwards."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp", "-dpi", "96"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as handle:
        number = handle.readline().strip()
    if not number:
        server.kill()
        server.wait(timeout=10)
        pytest.skip("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
