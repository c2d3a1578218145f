"""A generation session: one loaded model, one live KV cache reused across requests.

Successive autocomplete prompts share almost all their tokens (the writer typed a few characters),
so each request rewinds the cached sequence to the longest common token prefix and appends only
the new tokens. Long prompts are appended in chunks to bound the memory of a prefill and so that a
cancel is honoured between chunks; decoding checks for cancel between every two tokens.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from inference.errors import GenerationError, InferenceError
from inference.runtime.backends import Backend, DecoderState, load_backend
from inference.runtime.sampling import Sampler, log_softmax
from inference.runtime.stops import StopStream
from inference.runtime.types import GenerationParams, GenerationResult

log = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 2048
DEFAULT_PREFILL_CHUNK = 64
MAIN_LANE = "main"

ChunkCallback = Callable[[str], None]
CancelCheck = Callable[[], bool]


class _Cancelled(Exception):
    pass


def common_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _never() -> bool:
    return False


class InferenceSession:
    """Generation and scoring over one backend. Not thread-safe: one thread (the worker) owns it."""

    def __init__(
        self,
        backend: Backend,
        *,
        max_length: int = DEFAULT_MAX_LENGTH,
        prefill_chunk: int = DEFAULT_PREFILL_CHUNK,
    ) -> None:
        self.backend = backend
        self.max_length = min(max_length, backend.context_length)
        self.prefill_chunk = max(1, prefill_chunk)
        # The current lane's cache; other lanes wait in ``_lanes``. ``_logits`` are the logits after
        # exactly ``_state.tokens`` (None when unknown).
        self._state: DecoderState | None = None
        self._logits: np.ndarray | None = None
        self._lane = MAIN_LANE
        self._lanes: dict[str, tuple[DecoderState | None, np.ndarray | None]] = {}

    @classmethod
    def open(cls, model_path: Path, backend: str = "ort", **kwargs: int) -> InferenceSession:
        """Load ``model_path`` (a store entry or a bare model folder) with the named backend."""
        return cls(load_backend(Path(model_path), backend), **kwargs)

    # -- helpers the AI layer uses to budget context --------------------------------------------

    def encode(self, text: str) -> list[int]:
        return self.backend.encode(text)

    def count_tokens(self, text: str) -> int:
        return len(self.backend.encode(text))

    def reset(self) -> None:
        """Forget every cache (the next request is a cold run)."""
        self._drop_current()
        for state, _ in self._lanes.values():
            if state is not None:
                state.close()
        self._lanes.clear()

    def _drop_current(self) -> None:
        if self._state is not None:
            self._state.close()
        self._state = None
        self._logits = None

    def _select(self, lane: str) -> str:
        """Switch to ``lane``'s cache (created on first use); returns the lane to switch back to.

        Lanes keep separate KV caches so that, say, a background summary does not evict the
        autocomplete context (and an autocomplete served between two summary tokens does not
        destroy the summary's).
        """
        previous = self._lane
        if lane != previous:
            self._lanes[previous] = (self._state, self._logits)
            self._state, self._logits = self._lanes.pop(lane, (None, None))
            self._lane = lane
        return previous

    def close(self) -> None:
        self.reset()
        self.backend.close()

    # -- prefill ----------------------------------------------------------------------------------

    def _prefill(self, ids: list[int], should_cancel: CancelCheck) -> tuple[np.ndarray, int]:
        """Make the cache hold exactly ``ids``; return (logits after them, tokens reused)."""
        if self._state is None:
            self._state = self.backend.new_state(self.max_length)
            self._logits = None
        state = self._state
        reused = common_prefix_length(state.tokens, ids)
        if reused == len(ids) == len(state.tokens) and self._logits is not None:
            return self._logits, reused
        # The logits of the last prompt position are not cached: recompute at least one token.
        reused = min(reused, len(ids) - 1)
        state.rewind_to(reused)
        self._logits = None
        logits: np.ndarray | None = None
        for start in range(reused, len(ids), self.prefill_chunk):
            if should_cancel():
                raise _Cancelled
            logits = self._append(ids[start : start + self.prefill_chunk])
        assert logits is not None
        return logits, reused

    def _append(self, ids: Sequence[int]) -> np.ndarray:
        assert self._state is not None
        try:
            logits = self._state.append(ids)
        except MemoryError as exc:
            self._drop_current()
            raise GenerationError(
                "The model ran out of memory.", "Close other programs or choose a smaller model."
            ) from exc
        except (RuntimeError, ValueError) as exc:
            self._drop_current()
            text = str(exc)
            if "alloc" in text.lower() or "memory" in text.lower():
                raise GenerationError(
                    "The model ran out of memory.", "Close other programs or choose a smaller model."
                ) from exc
            raise GenerationError(f"The model failed while reading the text: {text}") from exc
        self._logits = logits
        return logits

    def _fit(self, ids: list[int], max_new: int) -> tuple[list[int], int]:
        """Keep the prompt's tail when prompt + output would overflow ``max_length``."""
        max_new = min(max_new, self.max_length - 1)
        room = self.max_length - max_new
        if len(ids) > room:
            log.info("prompt of %d tokens cut to its last %d", len(ids), room)
            ids = ids[-room:]
        return ids, max_new

    # -- generation -------------------------------------------------------------------------------

    def generate(
        self,
        prompt: str | Sequence[int],
        params: GenerationParams | None = None,
        on_chunk: ChunkCallback | None = None,
        should_cancel: CancelCheck | None = None,
        lane: str = MAIN_LANE,
    ) -> GenerationResult:
        """Continue ``prompt``, streaming text through ``on_chunk`` as it becomes final.

        ``should_cancel`` is called between every two tokens (and prefill chunks); it may itself
        run a request on another lane (the worker serves urgent work that way).
        """
        previous = self._select(lane)
        try:
            return self._generate(prompt, params, on_chunk, should_cancel)
        finally:
            self._select(previous)

    def _generate(
        self,
        prompt: str | Sequence[int],
        params: GenerationParams | None,
        on_chunk: ChunkCallback | None,
        should_cancel: CancelCheck | None,
    ) -> GenerationResult:
        params = params or GenerationParams()
        should_cancel = should_cancel or _never
        start = time.perf_counter()
        ids = self.backend.encode(prompt) if isinstance(prompt, str) else [int(i) for i in prompt]
        if not ids:
            raise InferenceError("The prompt is empty.", "Give the model some text to continue.")
        ids, max_new = self._fit(ids, params.max_tokens)
        try:
            logits, reused = self._prefill(ids, should_cancel)
        except _Cancelled:
            total = time.perf_counter() - start
            return GenerationResult("", 0, 0.0, 0.0, total, "cancelled", [], len(ids), 0)

        sampler = Sampler(params)
        stream = StopStream(params.stop)
        eos = self.backend.eos_token_ids
        generated: list[int] = []
        ttft = 0.0
        first_at = last_at = start
        finish = "length"
        while len(generated) < max_new:
            if should_cancel():
                finish = "cancelled"
                break
            token = sampler.choose(logits, ids + generated if params.repetition_penalty != 1.0 else ())
            now = time.perf_counter()
            if not generated:
                ttft, first_at = now - start, now
            last_at = now
            if token in eos:
                finish = "eos"
                break
            generated.append(token)
            chunk = stream.feed(self.backend.decode(generated))
            if chunk and on_chunk is not None:
                on_chunk(chunk)
            if stream.stopped:
                finish = "stop"
                break
            if len(generated) >= max_new:
                break
            logits = self._append([token])
        if not stream.stopped:
            tail = stream.finish(self.backend.decode(generated))
            if tail and on_chunk is not None:
                on_chunk(tail)
        total = time.perf_counter() - start
        decode_span = last_at - first_at
        rate = (len(generated) - 1) / decode_span if len(generated) > 1 and decode_span > 0 else 0.0
        return GenerationResult(
            text=stream.final_text,
            tokens=len(generated),
            ttft_s=ttft,
            tokens_per_s=rate,
            total_s=total,
            finish_reason=finish,
            token_ids=generated,
            prompt_tokens=len(ids),
            reused_tokens=reused,
        )

    # -- scoring ----------------------------------------------------------------------------------

    def score(
        self,
        prompt: str,
        candidates: Sequence[str],
        should_cancel: CancelCheck | None = None,
        lane: str = MAIN_LANE,
    ) -> list[float]:
        """Log-probability (natural log, summed over tokens) of each candidate continuing ``prompt``.

        Candidates are scored exactly as given: to compare names where one is a prefix of another
        (``JO`` / ``JOHN``), give each a terminator (``"JO\\n"``).
        """
        previous = self._select(lane)
        try:
            return self._score(prompt, candidates, should_cancel or _never)
        finally:
            self._select(previous)

    def _score(self, prompt: str, candidates: Sequence[str], should_cancel: CancelCheck) -> list[float]:
        ids = self.backend.encode(prompt)
        if not ids:
            raise InferenceError("The prompt is empty.", "Give the model some text to score against.")
        longest = max((len(self.backend.encode(c)) for c in candidates), default=0)
        ids, _ = self._fit(ids, longest + 1)
        try:
            first_logits, _ = self._prefill(ids, should_cancel)
        except _Cancelled:
            raise InferenceError("Scoring was cancelled.") from None
        assert self._state is not None
        base = len(ids)
        first = log_softmax(first_logits)
        scores: list[float] = []
        try:
            for candidate in candidates:
                if should_cancel():
                    raise InferenceError("Scoring was cancelled.")
                cids = self._continuation(prompt, ids, candidate)
                if not cids:
                    scores.append(0.0)
                    continue
                total = float(first[cids[0]])
                self._state.rewind_to(base)
                for j in range(1, len(cids)):
                    total += float(log_softmax(self._append([cids[j - 1]]))[cids[j]])
                scores.append(total)
        finally:
            if self._state is not None:
                self._state.rewind_to(base)
                self._logits = first_logits
        return scores

    def _continuation(self, prompt: str, prompt_ids: list[int], candidate: str) -> list[int]:
        """Candidate tokens as the tokenizer would produce them after the prompt."""
        full = self.backend.encode(prompt + candidate)
        n = len(prompt_ids)
        if len(full) > n and full[:n] == prompt_ids:
            return full[n:]
        alone = self.backend.encode(candidate)
        # A tokenizer that adds a start token to every text adds it to the candidate too: drop it.
        start = self.backend.encode("x")
        if len(alone) > 1 and len(start) > 1 and alone[0] == start[0] == prompt_ids[0]:
            alone = alone[1:]
        return alone
