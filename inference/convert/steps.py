"""Heavy conversion steps, run as ``python -m inference.convert.steps`` in a child process.

They live in a child so the caller can cancel them at any point (terminate the child, delete its
temp folder) and so torch/transformers never load into the editor's process. Progress goes to
stdout as ``PROGRESS <done> <total> <label>`` lines; everything else the libraries print goes to
stderr, which the parent sends to a log file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inference.store.paths import set_offline_switches


def _progress(done: int, total: int, label: str) -> None:
    print(f"PROGRESS {done} {total} {label}", flush=True)


def gguf_to_hf(gguf_path: Path, out_dir: Path) -> None:
    """Dequantize a GGUF checkpoint into an fp32 Hugging Face folder (safetensors).

    transformers reads GGUF through ``gguf_file=`` and dequantizes into a regular model, but it
    keeps a GGUF "quantizer" attached that refuses ``save_pretrained``; dropping it is safe because
    the weights in memory are already plain fp32 tensors.
    """
    set_offline_switches()
    _progress(0, 4, "loading libraries")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = str(gguf_path.parent), gguf_path.name
    _progress(1, 4, "reading tokenizer")
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name, local_files_only=True)
    _progress(2, 4, "dequantizing weights")
    model = AutoModelForCausalLM.from_pretrained(
        folder, gguf_file=name, dtype=torch.float32, local_files_only=True
    )
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    _progress(3, 4, "writing safetensors")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    _progress(4, 4, "done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inference.convert.steps")
    sub = parser.add_subparsers(dest="step", required=True)
    step = sub.add_parser("gguf-to-hf")
    step.add_argument("gguf", type=Path)
    step.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    gguf_to_hf(args.gguf, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
