"""A tiny Llama built at test time and pushed through the real conversion code.

It is random-initialised, then trained for a few seconds on a short screenplay until it knows it by
heart, so its output is peaked (greedy decoding is robust to int4 rounding, so both backends agree
token for token) and it has learnt one planted fact that scoring tests look for: after the line
``PLANTED_LINE`` the next speaker is always ``PLANTED_SPEAKER``.

Build cost: tokenizer ~0.2 s, training ~3 s, ONNX export (child process) ~6 s; the fixture in
``tests/conftest.py`` builds it once per test session.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

TINY_MODEL_NAME = "tiny-llama"
PLANTED_LINE = "Where were you last night?"
PLANTED_SPEAKER = "VICTOR"
SPEAKERS = ("MARA", "VICTOR", "HALE", "JUNE")
SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")

# A short script the model learns by heart: every line is unique, so each next token is decided
# by the text before it and greedy decoding has a clear winner at every step (int4 rounding cannot
# flip it). The planted exchange appears twice, answered by the planted speaker both times.
SCRIPT = f"""INT. DINER - NIGHT

Rain streaks the window. A neon sign buzzes overhead.

MARA
I told you not to come here.

HALE
{PLANTED_LINE}

{PLANTED_SPEAKER}
At the docks, counting crates.

MARA
The money is gone.

JUNE
Nobody saw a thing.

CUT TO:

EXT. ROOFTOP - DAWN

She lights a cigarette and waits.

HALE
{PLANTED_LINE}

{PLANTED_SPEAKER}
Asleep, like honest people.

JUNE
We should leave before the rain.

MARA
Keep your voice down.

SMASH CUT TO:

INT. WAREHOUSE - DAY

He slides a folded note across the table.

JUNE
That is not what happened.

HALE
Sit down and eat something.

"""


def screenplay_corpus(repeats: int = 12) -> str:
    """The training text: ``SCRIPT`` repeated (the model learns it by heart)."""
    return SCRIPT * repeats


def train_tokenizer(folder: Path, text: str, vocab_size: int = 384) -> None:
    """A byte-level BPE like SmolLM2's, saved in the Hugging Face layout both runtimes read."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator([text], trainer=trainer)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    config = {
        "tokenizer_class": "GPT2Tokenizer",
        "bos_token": "<|im_start|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "add_prefix_space": False,
        "model_max_length": 512,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def build_hf_checkpoint(folder: Path, *, steps: int = 150, seed: int = 0) -> None:
    """Write a trained tiny Llama (safetensors) plus its tokenizer into ``folder``."""
    import torch
    from tokenizers import Tokenizer
    from transformers import LlamaConfig, LlamaForCausalLM

    text = screenplay_corpus()
    train_tokenizer(folder, text)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    ids = tokenizer.encode(text).ids
    vocab = tokenizer.get_vocab_size()

    # One thread: on a shared, oversubscribed CPU two spinning threads are several times slower.
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=vocab,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=1024,
        rms_norm_eps=1e-5,
        bos_token_id=SPECIAL_TOKENS.index("<|im_start|>"),
        eos_token_id=SPECIAL_TOKENS.index("<|endoftext|>"),
        pad_token_id=SPECIAL_TOKENS.index("<|endoftext|>"),
        tie_word_embeddings=True,
    )
    model = LlamaForCausalLM(config)
    data = torch.tensor(ids, dtype=torch.long)
    seq, batch = 64, 16
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    generator = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(steps):
        starts = torch.randint(0, len(data) - seq - 1, (batch,), generator=generator)
        x = torch.stack([data[s : s + seq] for s in starts.tolist()])
        loss = model(input_ids=x, labels=x).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    torch.set_num_threads(previous_threads)
    model.save_pretrained(folder, safe_serialization=True)
    (folder / "final_loss.txt").write_text(f"{loss.item():.4f}\n", encoding="utf-8")


def build_tiny_model(root: Path, name: str = TINY_MODEL_NAME, precision: str = "int4"):
    """Build the checkpoint under ``root/src`` (once) and import it into the store at ``root/models``.

    Returns the installed ``inference.store.models.ModelInfo``; the import is the same code path a user's
    Hugging Face folder goes through (copy, ONNX export, manifest, atomic install). ``precision``
    ``fp32`` gives an ONNX graph numerically equivalent to the PyTorch backend, for tests that
    compare the two runtimes token for token without int4 rounding in the way.
    """
    from inference.convert.conversion import Converter

    source = root / "src" / TINY_MODEL_NAME
    if not (source / "model.safetensors").is_file():
        build_hf_checkpoint(source)
    converter = Converter(log_path=root / f"convert-{name}.log", env={"OMP_NUM_THREADS": "1"})
    return converter.import_model(
        source, name, license="Apache-2.0", precision=precision, root=root / "models"
    )


def cache_key() -> str:
    """Changes whenever the tiny model or the conversion code (or the libraries) change."""
    import hashlib
    from importlib import metadata

    import inference.convert.conversion

    digest = hashlib.sha256()
    inference_dir = Path(inference.convert.conversion.__file__).parents[1]
    sources = [
        "convert/conversion.py",
        "convert/steps.py",
        "store/manifest.py",
        "store/models.py",
        "errors.py",
        "store/paths.py",
    ]
    for path in [Path(__file__), *(inference_dir / name for name in sources)]:
        digest.update(path.read_bytes())
    for dist in ("torch", "transformers", "onnxruntime-genai", "tokenizers"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(metadata.version(dist).encode())
    return digest.hexdigest()[:16]


def cached_tiny_model(cache_dir: Path, name: str = TINY_MODEL_NAME, precision: str = "int4"):
    """``build_tiny_model`` with a cache across test sessions keyed by ``cache_key()``.

    Built in a private folder and renamed into place, so concurrent test sessions never see a
    half-built model (the loser of a race simply uses the winner's).
    """
    import os
    import shutil
    import tempfile

    from inference.errors import InferenceError
    from inference.store.models import get_model

    root = cache_dir / cache_key()
    try:
        return get_model(name, root / "models")
    except InferenceError:
        pass
    cache_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    try:
        if (root / "src" / TINY_MODEL_NAME / "model.safetensors").is_file():
            shutil.copytree(root / "src", scratch / "src")
        build_tiny_model(scratch, name, precision)
        for part in ("src", f"models/{name}"):
            target = root / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                with contextlib.suppress(OSError):  # another session installed it first
                    os.replace(scratch / part, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return get_model(name, root / "models")


def _permute_for_gguf(weights: Any, n_head: int) -> Any:
    """llama.cpp stores Q/K rows interleaved for its RoPE layout; transformers undoes this on load."""
    return (
        weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def write_tiny_gguf(hf_dir: Path, out: Path) -> Path:
    """Write the tiny checkpoint as an F32 GGUF file, the way llama.cpp's converter lays out a Llama.

    Lets tests import a GGUF (the bring-your-own path the default model also takes) in seconds.
    """
    import gguf
    import numpy as np
    from safetensors.numpy import load_file

    config = json.loads((hf_dir / "config.json").read_text(encoding="utf-8"))
    tok = json.loads((hf_dir / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = sorted(tok["model"]["vocab"].items(), key=lambda kv: kv[1])
    added = {t["content"]: t["id"] for t in tok.get("added_tokens", [])}
    tokens = [text for text, _ in vocab]
    merges = [m if isinstance(m, str) else " ".join(m) for m in tok["model"]["merges"]]
    types = [gguf.TokenType.CONTROL if text in added else gguf.TokenType.NORMAL for text in tokens]

    n_head, n_kv = config["num_attention_heads"], config["num_key_value_heads"]
    writer = gguf.GGUFWriter(str(out), "llama")
    writer.add_name("tiny-llama")
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_kv)
    writer.add_layer_norm_rms_eps(config["rms_norm_eps"])
    writer.add_rope_freq_base(
        float(config.get("rope_theta") or config.get("rope_parameters", {}).get("rope_theta", 10000.0))
    )
    writer.add_rope_dimension_count(config["hidden_size"] // n_head)
    writer.add_vocab_size(len(tokens))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    writer.add_bos_token_id(config["bos_token_id"])
    writer.add_eos_token_id(config["eos_token_id"])
    writer.add_pad_token_id(config["pad_token_id"])
    writer.add_add_bos_token(False)

    weights = load_file(str(hf_dir / "model.safetensors"))
    names = {
        "model.embed_tokens.weight": "token_embd.weight",
        "model.norm.weight": "output_norm.weight",
    }
    per_layer = {
        "input_layernorm": "attn_norm",
        "self_attn.q_proj": "attn_q",
        "self_attn.k_proj": "attn_k",
        "self_attn.v_proj": "attn_v",
        "self_attn.o_proj": "attn_output",
        "post_attention_layernorm": "ffn_norm",
        "mlp.gate_proj": "ffn_gate",
        "mlp.up_proj": "ffn_up",
        "mlp.down_proj": "ffn_down",
    }
    for i in range(config["num_hidden_layers"]):
        for hf, gg in per_layer.items():
            names[f"model.layers.{i}.{hf}.weight"] = f"blk.{i}.{gg}.weight"
    for hf_name, gguf_name in names.items():
        tensor = np.ascontiguousarray(weights[hf_name].astype(np.float32))
        if gguf_name.endswith("attn_q.weight"):
            tensor = _permute_for_gguf(tensor, n_head)
        elif gguf_name.endswith("attn_k.weight"):
            tensor = _permute_for_gguf(tensor, n_kv)
        writer.add_tensor(gguf_name, tensor)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out
