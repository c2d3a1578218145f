"""Generation session on the tiny model: both backends, streaming, stops, cancel, prefix reuse, scoring."""

from __future__ import annotations

import pytest
from support.tiny_model import PLANTED_LINE, PLANTED_SPEAKER, SCRIPT, SPEAKERS

from inference.runtime.session import DEFAULT_PREFILL_CHUNK, InferenceSession
from inference.runtime.types import GenerationParams

PROMPTS = [
    "INT. DINER - NIGHT\n\n",
    "MARA\nThe money",
    f"HALE\n{PLANTED_LINE}\n\n",
    SCRIPT[:300],
    "JUNE\nWe should leave",
]


@pytest.fixture(scope="module")
def ort_session(tiny_model) -> InferenceSession:
    return InferenceSession.open(tiny_model.path, "ort")


@pytest.fixture(scope="module")
def torch_session(tiny_model) -> InferenceSession:
    return InferenceSession.open(tiny_model.path, "torch")


def test_greedy_tokens_identical_between_backends(tiny_model_fp32) -> None:
    ort = InferenceSession.open(tiny_model_fp32.path, "ort")
    torch = InferenceSession.open(tiny_model_fp32.path, "torch")
    for prompt in PROMPTS:
        assert ort.encode(prompt) == torch.encode(prompt)
        a = ort.generate(prompt, GenerationParams(max_tokens=40))
        b = torch.generate(prompt, GenerationParams(max_tokens=40))
        assert a.tokens == 40 or a.finish_reason == "eos"
        assert a.token_ids == b.token_ids, prompt
        assert a.text == b.text


def test_int4_model_has_learnt_the_script(ort_session: InferenceSession) -> None:
    result = ort_session.generate("MARA\nI told you not to", GenerationParams(max_tokens=6))
    assert result.text.startswith(" come here.")


@pytest.mark.parametrize("backend", ["ort", "torch"])
def test_streaming_chunks_arrive_in_order_and_add_up(backend: str, request: pytest.FixtureRequest) -> None:
    session: InferenceSession = request.getfixturevalue(f"{backend}_session")
    chunks: list[str] = []
    result = session.generate(SCRIPT[:200], GenerationParams(max_tokens=30), on_chunk=chunks.append)
    assert len(chunks) > 5
    assert "".join(chunks) == result.text
    assert result.tokens == 30 and result.finish_reason == "length"
    assert result.ttft_s > 0 and result.total_s >= result.ttft_s and result.tokens_per_s > 0


def test_stop_sequence_cuts_output_and_is_never_streamed(ort_session: InferenceSession) -> None:
    prompt = "INT. DINER - NIGHT\n\n"
    full = ort_session.generate(prompt, GenerationParams(max_tokens=40)).text
    stop = "\n\nMARA"
    assert stop in full
    chunks: list[str] = []
    result = ort_session.generate(
        prompt, GenerationParams(max_tokens=40, stop=[stop]), on_chunk=chunks.append
    )
    assert result.finish_reason == "stop"
    assert result.text == full[: full.index(stop)]
    assert "".join(chunks) == result.text
    # The earliest of several stop strings wins.
    result = ort_session.generate(prompt, GenerationParams(max_tokens=40, stop=["zzz", ".", stop]))
    assert result.text == full[: full.index(".")]


def test_eos_and_max_tokens(ort_session: InferenceSession) -> None:
    result = ort_session.generate("HALE\n", GenerationParams(max_tokens=3))
    assert result.tokens == 3 and result.finish_reason == "length"
    empty = ort_session.generate("HALE\n", GenerationParams(max_tokens=0))
    assert empty.tokens == 0 and empty.text == ""


@pytest.mark.parametrize("backend", ["ort", "torch"])
def test_cancel_stops_within_one_token(backend: str, request: pytest.FixtureRequest) -> None:
    session: InferenceSession = request.getfixturevalue(f"{backend}_session")
    seen: list[str] = []
    result = session.generate(
        SCRIPT[:100],
        GenerationParams(max_tokens=60),
        on_chunk=seen.append,
        should_cancel=lambda: len(seen) >= 5,
    )
    assert result.finish_reason == "cancelled"
    # Every token after the one that triggered the cancel would have been one too many.
    assert 5 <= result.tokens <= 6
    assert "".join(seen) == result.text


def test_cancel_during_prefill_keeps_session_usable(ort_session: InferenceSession) -> None:
    calls = {"n": 0}

    def cancel_after_first_chunk() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    ort_session.prefill_chunk = 16
    try:
        long_prompt = SCRIPT * 2
        result = ort_session.generate(
            long_prompt, GenerationParams(max_tokens=5), should_cancel=cancel_after_first_chunk
        )
        assert result.finish_reason == "cancelled" and result.tokens == 0
        again = ort_session.generate(long_prompt, GenerationParams(max_tokens=5))
        assert again.tokens == 5 and again.reused_tokens >= 16
    finally:
        ort_session.prefill_chunk = DEFAULT_PREFILL_CHUNK


@pytest.mark.parametrize("backend", ["ort", "torch"])
def test_prefix_reuse_gives_the_cold_run_tokens(
    backend: str, request: pytest.FixtureRequest, tiny_model
) -> None:
    session: InferenceSession = request.getfixturevalue(f"{backend}_session")
    base = SCRIPT[:400]
    session.generate(base, GenerationParams(max_tokens=10))
    typed = base + "MARA\nI"
    warm = session.generate(typed, GenerationParams(max_tokens=20))
    assert warm.reused_tokens >= len(session.encode(base)) - 2
    cold_session = InferenceSession.open(tiny_model.path, backend)
    cold = cold_session.generate(typed, GenerationParams(max_tokens=20))
    assert cold.reused_tokens == 0
    assert warm.token_ids == cold.token_ids
    # The same prompt again is served entirely from the cache.
    again = session.generate(typed, GenerationParams(max_tokens=20))
    assert again.token_ids == cold.token_ids
    assert again.reused_tokens == again.prompt_tokens - 1 or again.reused_tokens == again.prompt_tokens


@pytest.mark.parametrize("backend", ["ort", "torch"])
def test_scoring_ranks_the_planted_speaker_first(backend: str, request: pytest.FixtureRequest) -> None:
    session: InferenceSession = request.getfixturevalue(f"{backend}_session")
    prompt = f"INT. DINER - NIGHT\n\nHALE\n{PLANTED_LINE}\n\n"
    candidates = [f"{name}\n" for name in SPEAKERS]
    scores = session.score(prompt, candidates)
    assert len(scores) == len(candidates)
    assert all(s < 0 for s in scores)
    best = max(range(len(scores)), key=scores.__getitem__)
    assert candidates[best] == f"{PLANTED_SPEAKER}\n"
    # Scoring leaves the cache ready for a generation on the same prompt.
    result = session.generate(prompt, GenerationParams(max_tokens=3))
    assert result.text.startswith(PLANTED_SPEAKER)


def test_scores_agree_between_backends(tiny_model_fp32) -> None:
    prompt = f"HALE\n{PLANTED_LINE}\n\n"
    candidates = [f"{name}\n" for name in SPEAKERS]
    a = InferenceSession.open(tiny_model_fp32.path, "ort").score(prompt, candidates)
    b = InferenceSession.open(tiny_model_fp32.path, "torch").score(prompt, candidates)
    assert a == pytest.approx(b, abs=1e-3)


def test_seeded_sampling_is_reproducible(ort_session: InferenceSession) -> None:
    params = GenerationParams(
        max_tokens=30, temperature=1.5, top_p=0.95, top_k=50, seed=7, repetition_penalty=1.1
    )
    first = ort_session.generate("INT.", params)
    second = ort_session.generate("INT.", params)
    assert first.token_ids == second.token_ids
    others = {
        tuple(
            ort_session.generate("INT.", GenerationParams(max_tokens=30, temperature=1.5, seed=s)).token_ids
        )
        for s in range(5)
    }
    assert len(others) > 1


def test_long_prompt_keeps_its_tail(tiny_model) -> None:
    session = InferenceSession.open(tiny_model.path, "ort", max_length=256)
    result = session.generate(SCRIPT * 3, GenerationParams(max_tokens=16))
    assert result.prompt_tokens == 256 - 16
    assert result.tokens == 16


def test_empty_prompt_is_refused(ort_session: InferenceSession) -> None:
    from inference.errors import InferenceError

    with pytest.raises(InferenceError, match="empty"):
        ort_session.generate("", GenerationParams())


def test_lanes_keep_separate_caches(tiny_model) -> None:
    session = InferenceSession.open(tiny_model.path, "ort")
    base = SCRIPT[:300]
    session.generate(base, GenerationParams(max_tokens=4))
    other = session.generate("EXT. ROOFTOP - DAWN\n\n", GenerationParams(max_tokens=4), lane="background")
    assert other.reused_tokens == 0
    warm = session.generate(base + "MARA\n", GenerationParams(max_tokens=4))
    assert warm.reused_tokens >= len(session.encode(base)) - 2
