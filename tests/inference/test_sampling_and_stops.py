"""Sampling and stop-string streaming, checked on hand-made logits and texts."""

from __future__ import annotations

import numpy as np
import pytest

from inference.runtime.sampling import Sampler, apply_repetition_penalty, log_softmax
from inference.runtime.stops import StopStream
from inference.runtime.types import GenerationParams


def test_greedy_and_top_k_one_pick_the_argmax() -> None:
    logits = np.array([0.1, 3.0, 2.9, -1.0], dtype=np.float32)
    assert Sampler(GenerationParams()).choose(logits, []) == 1
    assert Sampler(GenerationParams(temperature=2.0, top_k=1, seed=1)).choose(logits, []) == 1


def test_top_p_keeps_only_the_nucleus() -> None:
    logits = np.log(np.array([0.6, 0.3, 0.05, 0.05]))
    sampler = Sampler(GenerationParams(temperature=1.0, top_p=0.5, seed=0))
    assert {sampler.choose(logits, []) for _ in range(50)} == {0}
    sampler = Sampler(GenerationParams(temperature=1.0, top_p=0.85, seed=0))
    assert {sampler.choose(logits, []) for _ in range(200)} == {0, 1}


def test_top_k_limits_choices() -> None:
    logits = np.zeros(10, dtype=np.float32)
    logits[[2, 5]] = 1.0
    sampler = Sampler(GenerationParams(temperature=1.0, top_k=2, seed=3))
    assert {sampler.choose(logits, []) for _ in range(100)} == {2, 5}


def test_repetition_penalty_discourages_seen_tokens() -> None:
    logits = np.array([2.0, 1.9, -1.0], dtype=np.float32)
    out = apply_repetition_penalty(logits, [0, 2], 2.0)
    assert out.tolist() == [1.0, pytest.approx(1.9), -2.0]
    assert Sampler(GenerationParams(repetition_penalty=2.0)).choose(logits, [0]) == 1


def test_log_softmax_normalises() -> None:
    values = log_softmax(np.array([1.0, 2.0, 3.0]))
    assert np.exp(values).sum() == pytest.approx(1.0)


def test_params_are_validated() -> None:
    with pytest.raises(ValueError):
        GenerationParams(top_p=0.0)
    with pytest.raises(ValueError):
        GenerationParams(max_tokens=-1)


def _stream(pieces: list[str], stops: list[str]) -> tuple[list[str], StopStream]:
    stream = StopStream(stops)
    text, out = "", []
    for piece in pieces:
        text += piece
        chunk = stream.feed(text)
        if chunk:
            out.append(chunk)
        if stream.stopped:
            return out, stream
    tail = stream.finish(text)
    if tail:
        out.append(tail)
    return out, stream


def test_stop_split_across_tokens_is_never_shown() -> None:
    out, stream = _stream(["Hello", " wor", "ld\n", "\nMA", "RY"], ["\n\n"])
    assert "".join(out) == "Hello world"
    assert stream.stopped and stream.final_text == "Hello world"


def test_partial_stop_prefix_released_when_it_turns_out_harmless() -> None:
    out, stream = _stream(["CUT", " T", "O", "Y"], ["TO:"])
    assert "".join(out) == "CUT TOY" and not stream.stopped


def test_incomplete_utf8_is_held_back() -> None:
    stream = StopStream([])
    assert stream.feed("caf\ufffd") == "caf"
    assert stream.feed("café") == "é"
