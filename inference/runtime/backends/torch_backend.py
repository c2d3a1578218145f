"""PyTorch/transformers backend: fp32, eager attention; the reference and the fallback.

torch and transformers are imported here only, when this backend is chosen, never on the editor's
startup path. Weights load from safetensors only (``use_safetensors=True``), never from pickles.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from inference.errors import BackendUnavailableError, ModelCorruptError
from inference.runtime.backends.base import Backend, DecoderState
from inference.store.paths import set_offline_switches

log = logging.getLogger(__name__)


class TorchState(DecoderState):
    def __init__(self, backend: TorchBackend, max_length: int) -> None:
        super().__init__(max_length)
        from transformers import DynamicCache

        self._backend = backend
        self._cache = DynamicCache(config=backend.model.config)

    def _append(self, ids: Sequence[int]) -> np.ndarray:
        torch = self._backend.torch
        with torch.inference_mode():
            out = self._backend.model(
                input_ids=torch.tensor([list(ids)], dtype=torch.long),
                past_key_values=self._cache,
                use_cache=True,
                logits_to_keep=1,
            )
        return out.logits[0, -1].float().numpy().copy()

    def _rewind(self, length: int) -> None:
        if length == 0:
            from transformers import DynamicCache

            self._cache = DynamicCache(config=self._backend.model.config)
        else:
            # transformers 5 takes the number of tokens to drop, as a negative count.
            self._cache.crop(length - len(self.tokens))


class TorchBackend(Backend):
    name = "torch"

    def __init__(self, hf_dir: Path) -> None:
        set_offline_switches()
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise BackendUnavailableError(
                f"The PyTorch backend needs torch and transformers ({exc.name} is missing).",
                "Install them with `pip install -e .[convert]`, or use the default onnxruntime backend.",
            ) from exc
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a progress bar per load is noise in the editor's log
        hint = "Re-import the model, or use the onnxruntime backend."
        if not (hf_dir / "config.json").is_file():
            raise ModelCorruptError(f"{hf_dir} has no config.json for the PyTorch backend.", hint)
        self.torch = torch
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(hf_dir, local_files_only=True)
            self.model = AutoModelForCausalLM.from_pretrained(
                hf_dir,
                dtype=torch.float32,
                attn_implementation="eager",
                use_safetensors=True,
                local_files_only=True,
            )
        except (OSError, ValueError) as exc:
            raise ModelCorruptError(
                f"The PyTorch model in {hf_dir} could not be loaded: {exc}", hint
            ) from exc
        self.model.eval()
        config = self.model.config
        eos = self.model.generation_config.eos_token_id if self.model.generation_config else None
        eos = eos if eos is not None else config.eos_token_id
        ids = eos if isinstance(eos, list) else ([eos] if eos is not None else [])
        self._eos = frozenset(int(i) for i in ids)
        self._context_length = int(getattr(config, "max_position_embeddings", 2048) or 2048)

    def encode(self, text: str) -> list[int]:
        # Special tokens as the tokenizer's own post-processor adds them (e.g. a Llama BOS), which
        # is what onnxruntime-genai's tokenizer does too: both backends see the same ids.
        return list(self.tokenizer.encode(text, add_special_tokens=True)) if text else []

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=False, clean_up_tokenization_spaces=False)

    @property
    def eos_token_ids(self) -> frozenset[int]:
        return self._eos

    @property
    def context_length(self) -> int:
        return self._context_length

    def new_state(self, max_length: int) -> DecoderState:
        return TorchState(self, min(max_length, self._context_length))

    def close(self) -> None:
        self.model = None
