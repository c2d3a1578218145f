"""Generation backends. ``load_backend`` picks one by name and imports it lazily."""

from __future__ import annotations

from pathlib import Path

from inference.errors import BackendUnavailableError, InferenceError
from inference.runtime.backends.base import Backend, DecoderState
from inference.store.manifest import HF_SUBDIR, ORT_SUBDIR

BACKENDS = ("ort", "torch")

__all__ = ["BACKENDS", "Backend", "DecoderState", "load_backend"]


def load_backend(model_path: Path, backend: str = "ort") -> Backend:
    """Load the model folder (a store entry, or a bare onnxruntime-genai / HF folder) with ``backend``."""
    if backend == "ort":
        from inference.runtime.backends.ort import OrtBackend

        ort_dir = model_path / ORT_SUBDIR if (model_path / ORT_SUBDIR).is_dir() else model_path
        return OrtBackend(ort_dir)
    if backend == "torch":
        from inference.runtime.backends.torch_backend import TorchBackend

        hf_dir = model_path / HF_SUBDIR if (model_path / HF_SUBDIR).is_dir() else model_path
        if not (hf_dir / "config.json").is_file():
            raise BackendUnavailableError(
                f"The model in {model_path} has no Hugging Face weights for the PyTorch backend.",
                "Use the onnxruntime backend, or import the model from a GGUF file or Hugging Face folder.",
            )
        return TorchBackend(hf_dir)
    raise InferenceError(f"Unknown backend '{backend}'.", f"Choose one of: {', '.join(BACKENDS)}.")
