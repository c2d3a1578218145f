"""The builder shim: per-layer-kind rope settings (transformers 5, Gemma 3) in the builder's flat shape."""

from __future__ import annotations

import pytest

from inference.convert.ort_builder import flatten_rope

transformers = pytest.importorskip("transformers")


def test_gemma3_rope_is_flattened_to_the_global_layers_with_the_local_base_kept() -> None:
    config = transformers.Gemma3TextConfig()
    assert "rope_type" not in config.rope_parameters  # the shape the builder fails on
    flatten_rope(config)
    assert config.rope_parameters == {"rope_type": "default", "rope_theta": 1_000_000.0}
    assert config.rope_theta == 1_000_000.0
    assert config.rope_local_base_freq == 10_000.0


def test_flat_configs_pass_through_untouched() -> None:
    config = transformers.LlamaConfig()
    before = dict(config.rope_parameters)
    flatten_rope(config)
    assert config.rope_parameters == before
    assert not hasattr(config, "rope_local_base_freq")
