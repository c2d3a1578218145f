"""The search model's conversion path on a tiny random BERT built at test time.

The same child step that provisioning runs (``python -m inference.embed.export_step``, torch only
there) turns a Hugging Face BERT folder into int8 ONNX; ``SentenceEncoder`` (onnxruntime +
tokenizers) must then give the embeddings torch gives: mean pooling over the mask, L2-normalised,
for a padded batch of texts of different lengths.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from inference.store.manifest import Manifest, write_manifest

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "the boat sank in the storm and the old sailor swam to the pier where the girl waited with a "
    "lantern while her mother baked bread in the kitchen above the harbor"
)


def _tiny_bert(folder: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    words = sorted(set(TEXT.split()))
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words])}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
    )
    folder.mkdir(parents=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    transformers.BertModel(config).eval().save_pretrained(folder, safe_serialization=True)


def _reference(folder: Path, texts: list[str]) -> np.ndarray:
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    enc = [tok.encode(t).ids for t in texts]
    width = max(map(len, enc))
    ids = torch.tensor([e + [0] * (width - len(e)) for e in enc])
    mask = torch.tensor([[1] * len(e) + [0] * (width - len(e)) for e in enc])
    model = BertModel.from_pretrained(str(folder)).eval()
    with torch.no_grad():
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
    pooled = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
    return torch.nn.functional.normalize(pooled, dim=1).numpy()


def test_export_step_and_encoder_match_torch(tmp_path: Path) -> None:
    src, out = tmp_path / "hf", tmp_path / "onnx"
    _tiny_bert(src)
    done = subprocess.run(
        [sys.executable, "-m", "inference.embed.export_step", str(src), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "PROGRESS 4 4 done" in done.stdout
    assert (out / "model.onnx").is_file() and not (out / "model-fp32.onnx").exists()
    write_manifest(out, Manifest(name="tiny", source="test", format="onnx-sentence-embedding"))

    from inference.embed import encoder as encoder_module

    texts = ["the boat sank", TEXT, "girl", "the old sailor swam to the pier"]
    enc = encoder_module.SentenceEncoder(out)
    assert enc.dimensions == 32
    got = enc.embed(texts, batch_tokens=64)  # several batches, each padded differently
    want = _reference(src, texts)
    cosines = (got * want).sum(axis=1)
    assert cosines.min() > 0.95, cosines
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-3)
    # A torch-free process can load and run it.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; import inference.embed.encoder as e; "
            f"v = e.SentenceEncoder(Path({str(out)!r})).embed(['the boat']); "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules; print(v.shape)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr[-2000:]
    assert check.stdout.strip() == "(1, 32)"
