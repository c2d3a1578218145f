"""Fine-tune an installed model: run the niced trainer child, export its merge to int4, install it.

The parent side of :mod:`inference.finetune.trainer`. It reuses :class:`Converter` for the child
(progress parsed from ``PROGRESS`` lines, Cancel = terminate, output in the log) and for the int4
ONNX export, so a fine-tuned model is built and installed exactly like an imported one: in a
staging folder renamed into place at the end. Plain data in, :class:`ModelInfo` out; no editor import.

The trainer's work folder (checkpoints) lives under ``data_dir()/finetune/`` keyed by a hash of the
spec, so running the same fine-tune again after a cancel or a crash resumes from its last checkpoint.
It is removed once the model is installed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from inference.convert.conversion import Converter, parse_own_progress
from inference.errors import InferenceError
from inference.finetune.trainer import MERGED, RESULT_FILE
from inference.store.manifest import HF_SUBDIR, ORT_SUBDIR, Manifest
from inference.store.models import ModelInfo, install_staged, models_dir, staging_dir, validate_name
from inference.store.paths import data_dir

TRAINING_FILE = "training.json"


def training_available() -> str | None:
    """None when PyTorch, transformers and PEFT are importable here, else what to do about it."""
    import importlib.util

    missing = [m for m in ("torch", "transformers", "peft") if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    return (
        f"Fine-tuning needs {', '.join(missing)}, which this installation leaves out. "
        "Install the training add-on: `python -m pip install 'screenwright[convert]'` in a source "
        "install (or `make dev`); see README, 'Learn my voice'."
    )


def check_base(base: ModelInfo) -> Path:
    """The base's Hugging Face folder, or a clear refusal for a model that cannot be fine-tuned."""
    if base.error:
        raise InferenceError(f"Model '{base.name}' is damaged: {base.error}")
    hf = base.hf_dir
    if hf is None:
        raise InferenceError(
            f"Model '{base.name}' cannot be fine-tuned: it was imported as ONNX only, without the "
            "original weights (no hf/ folder).",
            "Import the model from a GGUF file or a Hugging Face folder, or fine-tune the default model.",
        )
    return hf


def work_dir_for(spec: dict[str, Any], name: str) -> Path:
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "finetune" / f"{name}-{digest}"


def finetune(
    converter: Converter,
    base: ModelInfo,
    name: str,
    training: dict[str, Any],
    settings: dict[str, Any] | None = None,
    *,
    root: Path | None = None,
) -> tuple[ModelInfo, dict[str, Any]]:
    """Train LoRA on ``training`` (texts, heldout_texts, speaker_items, word_items, sources), install.

    Returns the installed model and its training record (also saved as ``training.json`` beside its
    manifest). The new model is never selected: the caller decides, and a run whose held-out
    perplexity got worse says so in ``record["verdict"]``.
    """
    name = validate_name(name)
    root = root or models_dir()
    if (root / name).exists():
        raise InferenceError(f"A model named '{name}' is already installed.", "Choose another name.")
    hf = check_base(base)
    reason = training_available()
    if reason:
        raise InferenceError(reason)
    spec = {
        "base_hf": str(hf),
        "texts": training["texts"],
        "heldout_texts": training["heldout_texts"],
        "speaker_items": training["speaker_items"],
        "word_items": training["word_items"],
        **(settings or {}),
    }
    work = work_dir_for(spec, name)
    work.mkdir(parents=True, exist_ok=True)
    spec_path = work / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    converter.run_child(
        "Training",
        [sys.executable, "-m", "inference.finetune.trainer", str(spec_path), str(work)],
        parser=parse_own_progress,
    )
    result = json.loads((work / RESULT_FILE).read_text(encoding="utf-8"))
    staging = staging_dir(name, root)
    try:
        shutil.copytree(work / MERGED, staging / HF_SUBDIR)
        converter.hf_to_ort(staging / HF_SUBDIR, staging / ORT_SUBDIR, "int4")
        converter.check_cancelled()
        before, after = result["before"]["perplexity"], result["after"]["perplexity"]
        worse = after >= before
        record = {
            "base": base.name,
            "sources": training.get("sources", []),
            "kept_used": int(training.get("kept_used", 0)),
            **result,
            "verdict": (
                f"Held-out perplexity got WORSE ({before:.2f} -> {after:.2f}): keep using '{base.name}'."
                if worse
                else f"Held-out perplexity improved ({before:.2f} -> {after:.2f})."
            ),
            "worse": worse,
        }
        (staging / TRAINING_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        manifest = Manifest(
            name=name,
            source=f"finetune:{base.name}",
            license=base.manifest.license if base.manifest else "unknown",
            quantization="int4",
            description=f"{base.name} fine-tuned with LoRA on {len(record['sources'])} script(s)",
        )
        info = install_staged(staging, manifest, root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return info, record
