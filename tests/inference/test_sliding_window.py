"""Rewinding a KV cache that no longer holds the positions: Gemma 3's sliding-window layers.

Scoring the next speaker after a long scene rewound past Gemma's 512-position window and failed
("Cannot rewind ... already been evicted"). The backend now keeps a slack of positions, and a rewind
further back replays the kept prefix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inference.runtime.backends.ort import SLIDING_SLACK, OrtBackend


@pytest.fixture(scope="module")
def gemma_backend():
    from support.gemma import Unavailable, installed

    try:
        folder = installed()
    except Unavailable as exc:
        pytest.skip(str(exc))
    backend = OrtBackend(Path(folder) / "onnx")
    yield backend
    backend.close()


def _ids(backend: OrtBackend, count: int) -> list[int]:
    ids = backend.encode("The detective walks into the room and looks at the suspect. " * 80)
    assert len(ids) >= count
    return ids[:count]


@pytest.mark.model
def test_past_the_window_short_rewinds_work_and_long_ones_replay(gemma_backend: OrtBackend) -> None:
    ids = _ids(gemma_backend, 600)
    state = gemma_backend.new_state(2048)
    state.append(ids[:590])
    state.append(ids[590:])
    state.rewind_to(600 - SLIDING_SLACK // 2)  # within the slack: the cache is truncated
    assert len(state.tokens) == 600 - SLIDING_SLACK // 2
    state.rewind_to(100)  # far behind the window: the first 100 tokens are replayed
    assert state.tokens == ids[:100]
    replayed = state.append(ids[100:101])
    fresh = gemma_backend.new_state(2048)
    fresh.append(ids[:100])
    assert np.array_equal(replayed, fresh.append(ids[100:101]))


@pytest.mark.model
def test_scoring_after_a_long_scene(gemma_backend: OrtBackend) -> None:
    from inference.runtime.session import InferenceSession

    session = InferenceSession(gemma_backend)
    prompt = "INT. ROOM - NIGHT\n\n" + "The detective looks at the suspect. " * 120 + "\n\nROSS\nWell?"
    scores = session.score(prompt, ["\n\nELLEN\n", "\n\nSAL\n", "\n\nROSS\n"])
    assert len(scores) == 3 and all(np.isfinite(scores))
