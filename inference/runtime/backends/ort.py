"""onnxruntime-genai backend: the default, int4 ONNX on CPU.

One ``og.Generator`` per decoder state, kept alive and rewound rather than recreated (creating one
costs ~16 ms; rewinding is free).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from inference.errors import ModelCorruptError
from inference.runtime.backends.base import Backend, DecoderState

log = logging.getLogger(__name__)

# Positions a sliding-window KV cache keeps beyond its window, so that short rewinds still work.
SLIDING_SLACK = 64


class OrtState(DecoderState):
    def __init__(self, backend: OrtBackend, max_length: int) -> None:
        super().__init__(max_length)
        self._backend = backend
        self._restart()

    def _append(self, ids: Sequence[int]) -> np.ndarray:
        self._generator.append_tokens(np.asarray(ids, dtype=np.int32))
        return np.array(self._generator.get_logits()[0, -1], dtype=np.float32)

    def _rewind(self, length: int) -> None:
        self._generator.rewind_to(length)

    def _restart(self) -> None:
        """A new, empty generator (at creation, and to replay after a failed rewind)."""
        import onnxruntime_genai as og

        params = og.GeneratorParams(self._backend.model)
        params.set_search_options(max_length=self.max_length, do_sample=False, batch_size=1)
        self._generator = og.Generator(self._backend.model, params)

    def close(self) -> None:
        self._generator = None


class OrtBackend(Backend):
    name = "ort"

    def __init__(self, ort_dir: Path) -> None:
        import onnxruntime_genai as og

        config_path = ort_dir / "genai_config.json"
        hint = "Remove the model and install or import it again (`screenwright-model remove NAME`)."
        if not config_path.is_file():
            raise ModelCorruptError(f"{ort_dir} has no genai_config.json.", hint)
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            self._context_length = int(config["model"].get("context_length", 2048))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelCorruptError(f"{config_path} is unreadable ({exc}).", hint) from exc
        try:
            self.model = og.Model(self._config(og, ort_dir, config))
            self.tokenizer = og.Tokenizer(self.model)
        except Exception as exc:  # onnxruntime raises plain RuntimeError for every load problem
            raise ModelCorruptError(f"The model in {ort_dir} could not be loaded: {exc}", hint) from exc
        self._eos = frozenset(int(i) for i in self.tokenizer.eos_token_ids)

    @staticmethod
    def _config(og: object, ort_dir: Path, config: dict) -> object:
        """The model's config, with room to rewind where a sliding-window cache would not have it.

        Gemma 3's local layers keep only their last ``window_size`` positions; with no slack a
        rewind of even one token past the window fails (scoring the next speaker after a long
        scene did). :data:`SLIDING_SLACK` positions cover the rewinds the session does on every
        keystroke and candidate; longer ones replay the prefix (``DecoderState.rewind_to``).
        """
        sliding = config.get("model", {}).get("decoder", {}).get("sliding_window")
        if not isinstance(sliding, dict) or int(sliding.get("cache_slack", 0) or 0) >= SLIDING_SLACK:
            return str(ort_dir)
        loaded = og.Config(str(ort_dir))  # type: ignore[attr-defined]
        # The overlay replaces the whole object: send every field, the slack changed.
        window = {**sliding, "cache_slack": SLIDING_SLACK}
        loaded.overlay(json.dumps({"model": {"decoder": {"sliding_window": window}}}))
        return loaded

    def encode(self, text: str) -> list[int]:
        return [int(i) for i in self.tokenizer.encode(text)] if text else []

    def decode(self, ids: Sequence[int]) -> str:
        if not ids:
            return ""
        return self.tokenizer.decode(np.asarray(ids, dtype=np.int32))

    @property
    def eos_token_ids(self) -> frozenset[int]:
        return self._eos

    @property
    def context_length(self) -> int:
        return self._context_length

    def new_state(self, max_length: int) -> DecoderState:
        return OrtState(self, min(max_length, self._context_length))

    def close(self) -> None:
        self.tokenizer = None
        self.model = None
