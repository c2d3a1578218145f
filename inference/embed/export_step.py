"""Export a sentence-transformers BERT checkpoint to ONNX int8, run as a child process:

    python -m inference.embed.export_step SRC_DIR OUT_DIR

SRC_DIR is a Hugging Face folder (config.json, model.safetensors, tokenizer.json). The graph that is
exported is the whole sentence encoder: BERT, mean pooling over the attention mask and L2
normalisation (what all-MiniLM-L6-v2's ``modules.json`` declares), so the runtime only tokenizes and
runs one graph. Weights of the MatMuls are then quantized to int8 per channel (dynamic activation
quantization); embeddings and LayerNorms stay fp32. Measured on all-MiniLM-L6-v2: cosine with the
fp32 encoder >= 0.98 per sentence, where per-tensor int8 of every op gave 0.91-0.97.

torch and transformers are imported only here, in the child: the editor never loads them.
Progress goes to stdout as ``PROGRESS <done> <total> <label>`` lines.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from inference.store.paths import set_offline_switches

ONNX_NAME = "model.onnx"
TOKENIZER_FILES = ("tokenizer.json", "config.json", "special_tokens_map.json", "tokenizer_config.json")


def _progress(done: int, total: int, label: str) -> None:
    print(f"PROGRESS {done} {total} {label}", flush=True)


def export(src: Path, out: Path) -> None:
    set_offline_switches()
    _progress(0, 4, "loading libraries")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertModel

    _progress(1, 4, "reading weights")
    bert = BertModel.from_pretrained(str(src), local_files_only=True).eval()

    class SentenceEncoder(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model-fp32.onnx"
    _progress(2, 4, "exporting ONNX")
    ids = torch.ones(2, 8, dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            SentenceEncoder(bert),
            (ids, torch.ones_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    _progress(3, 4, "quantizing to int8")
    quantize_dynamic(
        str(fp32),
        str(out / ONNX_NAME),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
    )
    fp32.unlink()
    for name in TOKENIZER_FILES:
        if (src / name).is_file():
            shutil.copyfile(src / name, out / name)
    _progress(4, 4, "done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inference.embed.export_step")
    parser.add_argument("src", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    export(args.src, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
