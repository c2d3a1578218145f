"""Run onnxruntime-genai's model builder, adapting configs it reads in an older shape.

Why: transformers 5 stores the rotary-embedding settings of models that mix attention kinds (Gemma 3:
sliding-window and global layers) per layer kind, ``rope_parameters = {"full_attention": {...},
"sliding_attention": {...}}``, while the builder (``onnxruntime_genai.models.builder``) still reads the
flat form and the older attribute names (``rope_parameters["rope_type"]``, ``rope_theta``,
``rope_local_base_freq``) and fails with ``KeyError: 'rope_type'``. The loaded config is adapted in
memory, in this child process only: the global layers' parameters become the flat ones, the local
layers' base frequency becomes ``rope_local_base_freq``. Nothing on disk changes, and configs
already in the flat shape (Llama, SmolLM2) pass through untouched.

Usage (what ``Converter.hf_to_ort`` runs): ``python -m inference.convert.ort_builder BUILDER-ARGS...``.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any


def flatten_rope(config: Any) -> Any:
    """Give ``config`` the flat rope attributes the builder expects; returns it."""
    targets = [config]
    text = getattr(config, "text_config", None)
    if text is not None:
        targets.append(text)
    for target in targets:
        params = getattr(target, "rope_parameters", None)
        if not isinstance(params, dict) or "rope_type" in params:
            continue
        full = params.get("full_attention")
        if not isinstance(full, dict):
            continue
        sliding = params.get("sliding_attention")
        target.rope_parameters = dict(full)
        if "rope_theta" in full and not hasattr(target, "rope_theta"):
            target.rope_theta = full["rope_theta"]
        local = sliding.get("rope_theta") if isinstance(sliding, dict) else None
        if local is not None and not hasattr(target, "rope_local_base_freq"):
            target.rope_local_base_freq = local
    return config


def _install() -> None:
    import transformers

    original = transformers.AutoConfig.from_pretrained.__func__

    def from_pretrained(cls: Any, *args: Any, **kwargs: Any) -> Any:
        return flatten_rope(original(cls, *args, **kwargs))

    transformers.AutoConfig.from_pretrained = classmethod(from_pretrained)


def main(argv: list[str]) -> None:
    _install()
    sys.argv = ["onnxruntime_genai.models.builder", *argv]
    runpy.run_module("onnxruntime_genai.models.builder", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
