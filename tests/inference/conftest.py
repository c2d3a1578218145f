"""Fixtures for the inference tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.llama_server import LlamaServer, Unavailable


@pytest.fixture(scope="module")
def server() -> Iterator[LlamaServer]:
    """A real llama-server on 127.0.0.1 with the default model (skips when it is not built)."""
    try:
        running = LlamaServer().start()
    except Unavailable as exc:
        pytest.skip(f"llama-server is not available here: {exc}")
    yield running
    running.stop()
