"""LoRA fine-tuning, run as ``python -m inference.finetune.trainer SPEC.json`` in a niced child process.

Why a child: torch and transformers never load into the editor's process, Cancel is a plain process
termination, and the OS scheduler (nice 10) keeps the editor responsive while it trains.

Why PEFT LoRA with a short hand-rolled step loop instead of ``transformers.Trainer``: PEFT does the
LoRA part (adapters, ``merge_and_unload``); the loop itself is ten lines, and owning it gives exact
progress lines, checkpoint timing and a resume that restores optimizer state from safetensors
(``Trainer`` checkpoints pickle the optimizer, which Screenwright never loads).

Input: a JSON spec (plain data built by the editor: texts, held-out texts and items, settings).
Output: ``PROGRESS <done> <total> <label>`` lines on stdout, adapter checkpoints in
``<work>/checkpoint/`` every ``checkpoint_every`` steps, the merged fp32 model in safetensors in
``<work>/merged/``, and ``<work>/result.json`` (loss curve, held-out metrics before and after).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from inference.store.paths import set_offline_switches

CHECKPOINT = "checkpoint"
STATE_FILE = "state.json"
OPTIMIZER_FILE = "optimizer.safetensors"
RESULT_FILE = "result.json"
MERGED = "merged"
DEFAULTS: dict[str, Any] = {
    "steps": 40,
    "seq_len": 256,
    "batch_size": 2,
    "lr": 1e-3,
    "rank": 16,
    "alpha": 32,
    "checkpoint_every": 10,
    "threads": 1,
    "seed": 0,
    "max_eval_texts": 8,
    "max_eval_items": 20,
    # Memory (the whole run must fit in 3 GB beside the editor): recompute each layer's
    # activations in the backward pass instead of keeping them, and score held-out text two
    # windows at a time (eight 256-token windows' logits are 400 MB of floats, and the loss
    # makes copies of them).
    "gradient_checkpointing": True,
    "eval_batch": 2,
}


def _progress(done: int, total: int, label: str) -> None:
    print(f"PROGRESS {done} {total} {label}", flush=True)


def _fmt_eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s"


def _blocks(tokenizer: Any, texts: list[str], seq_len: int) -> list[list[int]]:
    """Each window tokenized on its own (a window is what the model is asked), cut to ``seq_len``."""
    eos = tokenizer.eos_token_id
    blocks: list[list[int]] = []
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        if eos is not None:
            ids = [*ids, eos]
        for start in range(0, max(1, len(ids) - 1), seq_len):
            chunk = ids[start : start + seq_len]
            if len(chunk) >= 8:
                blocks.append(chunk)
    return blocks


def _batch(blocks: list[list[int]], pad: int) -> tuple[Any, Any, Any]:
    import torch

    width = max(len(b) for b in blocks)
    ids = torch.full((len(blocks), width), pad, dtype=torch.long)
    mask = torch.zeros((len(blocks), width), dtype=torch.long)
    for row, block in enumerate(blocks):
        ids[row, : len(block)] = torch.tensor(block)
        mask[row, : len(block)] = 1
    labels = ids.masked_fill(mask == 0, -100)
    return ids, mask, labels


def perplexity(model: Any, tokenizer: Any, texts: list[str], seq_len: int, batch: int = 2) -> float:
    """exp(mean token NLL) over the texts, every token counted once, ``batch`` windows at a time."""
    import torch

    blocks = _blocks(tokenizer, texts, seq_len)
    if not blocks:
        return float("nan")
    total, count = 0.0, 0
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    with torch.no_grad():
        for i in range(0, len(blocks), batch):
            ids, mask, labels = _batch(blocks[i : i + batch], pad)
            logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
            target = labels[:, 1:]
            nll = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100, reduction="sum"
            )
            total += float(nll)
            count += int((target != -100).sum())
    return math.exp(total / max(1, count))


def _candidate_scores(
    model: Any, tokenizer: Any, prompt: str, candidates: list[str], seq_len: int
) -> list[float]:
    """Summed log-probability of each candidate after ``prompt``; the prompt runs once (KV cache)."""
    import torch

    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"][-seq_len:]
    with torch.no_grad():
        out = model(input_ids=torch.tensor([prompt_ids]), use_cache=True)
        cache = out.past_key_values
        first = torch.log_softmax(out.logits[0, -1].float(), dim=-1)
        scores: list[float] = []
        for candidate in candidates:
            ids = tokenizer(candidate, add_special_tokens=False)["input_ids"]
            total = float(first[ids[0]])
            if len(ids) > 1:
                logits = model(
                    input_ids=torch.tensor([ids[:-1]]), past_key_values=cache, use_cache=True
                ).logits
                logp = torch.log_softmax(logits[0].float(), dim=-1)
                total += float(sum(logp[i, ids[i + 1]] for i in range(len(ids) - 1)))
                cache.crop(-(len(ids) - 1))  # drop this candidate's tokens, keep the prompt
            scores.append(total)
    return scores


def speaker_accuracy(model: Any, tokenizer: Any, items: list[dict[str, Any]], seq_len: int) -> float:
    """Share of held-out cues where the right name has the highest log-probability.

    The candidates start with the blank line (``editor.ai.prompts.speaker_candidates``) and the
    prompt ends on a visible character, so tokenizing them apart splits where the whole text would.
    """
    if not items:
        return float("nan")
    right = 0
    for item in items:
        scores = _candidate_scores(model, tokenizer, item["prompt"], item["candidates"], seq_len)
        right += int(max(range(len(scores)), key=scores.__getitem__) == item["answer"])
    return right / len(items)


def next_word_match(model: Any, tokenizer: Any, items: list[dict[str, Any]], seq_len: int) -> float:
    """Share of held-out cuts where greedy decoding's first word is the writer's word."""
    import torch

    if not items:
        return float("nan")
    right = 0
    for item in items:
        ids = tokenizer(item["prompt"], add_special_tokens=False)["input_ids"][-seq_len:]
        with torch.no_grad():
            out = model.generate(
                input_ids=torch.tensor([ids]),
                attention_mask=torch.ones((1, len(ids)), dtype=torch.long),
                max_new_tokens=4,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0,
            )
        text = tokenizer.decode(out[0][len(ids) :], skip_special_tokens=True)
        words = text.strip().split()
        first = words[0].strip(".,!?;:\"'") if words else ""
        right += int(bool(text) and not text[0].isspace() and first == item["answer"])
    return right / len(items)


def evaluate(
    model: Any, tokenizer: Any, spec: dict[str, Any], label: str, at: int, total: int
) -> dict[str, float]:
    """Held-out metrics; progress units ``at``..``at + 3`` of ``total`` (one scale for the whole run,
    so the parent's bar, which never moves back, follows training too)."""
    model.eval()
    seq = int(spec["seq_len"])
    n_items = int(spec["max_eval_items"])
    _progress(at, total, f"{label}: held-out perplexity")
    texts = spec["heldout_texts"][: int(spec["max_eval_texts"])]
    ppl = perplexity(model, tokenizer, texts, seq, int(spec["eval_batch"]))
    _progress(at + 1, total, f"{label}: next speaker")
    speaker = speaker_accuracy(model, tokenizer, spec["speaker_items"][:n_items], seq)
    _progress(at + 2, total, f"{label}: next word")
    word = next_word_match(model, tokenizer, spec["word_items"][:n_items], seq)
    return {"perplexity": ppl, "next_speaker_accuracy": speaker, "next_word_match": word}


def _save_checkpoint(model: Any, optimizer: Any, work: Path, state: dict[str, Any]) -> None:
    """Adapter and optimizer tensors in safetensors, written beside and renamed in (never half-written)."""
    from safetensors.torch import save_file

    tmp = work / f".{CHECKPOINT}-tmp"
    final = work / CHECKPOINT
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    model.save_pretrained(tmp, safe_serialization=True)
    tensors: dict[str, Any] = {}
    opt_state = optimizer.state_dict()
    for index, values in opt_state["state"].items():
        for key, value in values.items():
            tensors[f"{index}.{key}"] = value.detach().clone().contiguous().reshape(value.shape or (1,))
    save_file(tensors, str(tmp / OPTIMIZER_FILE))
    (tmp / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    old = work / f".{CHECKPOINT}-old"
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        import shutil

        shutil.rmtree(old)


def _load_optimizer(optimizer: Any, folder: Path) -> None:
    from safetensors.torch import load_file

    tensors = load_file(str(folder / OPTIMIZER_FILE))
    opt_state = optimizer.state_dict()
    params = opt_state["param_groups"][0]["params"]
    state: dict[int, dict[str, Any]] = {}
    for name, tensor in tensors.items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = tensor.reshape(()) if key == "step" else tensor
    if set(state) - set(params):
        raise ValueError("the optimizer checkpoint does not match the model")
    opt_state["state"] = state
    optimizer.load_state_dict(opt_state)


def train(spec: dict[str, Any], work: Path, stop_after: int | None = None) -> dict[str, Any] | None:
    """Train (resuming from ``work``'s checkpoint), evaluate, merge; None when stopped at ``stop_after``.

    ``stop_after`` ends the process right after the checkpoint of that step, exactly as a crash or
    a Cancel after it would: training a long run in sessions, and how tests check the resume.
    """
    spec = {**DEFAULTS, **spec}
    set_offline_switches()
    steps = int(spec["steps"])
    # Progress units: 3 for the evaluation before, one per step, 3 for the one after, 1 to merge.
    total = steps + 7
    _progress(0, total, "loading libraries")
    import torch
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # One thread by default: on a 2-core laptop it leaves a core to the editor, and with two threads
    # on a busy machine the small forwards of scoring spent most of their time spinning at OpenMP
    # barriers (measured: ~5x the CPU time of one thread for the same held-out items).
    torch.set_num_threads(int(spec["threads"]))
    torch.manual_seed(int(spec["seed"]))
    base = spec["base_hf"]
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32, local_files_only=True)
    work.mkdir(parents=True, exist_ok=True)
    checkpoint = work / CHECKPOINT
    state: dict[str, Any] = {"step": 0, "losses": [], "before": None, "resumed": 0, "seconds": 0.0}
    if (checkpoint / STATE_FILE).is_file():
        state = json.loads((checkpoint / STATE_FILE).read_text(encoding="utf-8"))
    if state.get("before") is None:
        state["before"] = evaluate(model, tokenizer, spec, "before", 0, total)
    if state["step"] > 0:
        model = PeftModel.from_pretrained(model, str(checkpoint), is_trainable=True)
        state["resumed"] = int(state.get("resumed", 0)) + 1
    else:
        config = LoraConfig(
            r=int(spec["rank"]),
            lora_alpha=int(spec["alpha"]),
            lora_dropout=0.0,
            target_modules="all-linear",
            task_type="CAUSAL_LM",
        )
        model = get_peft_model(model, config)
    if spec["gradient_checkpointing"]:
        # Non-reentrant checkpointing needs no input that requires grad (the base is frozen).
        # transformers 5 renamed it (the old name warns); older releases have only the old one.
        kwargs = {"use_reentrant": False}
        enable = getattr(model, "activation_checkpointing_enable", None)
        if enable is not None:
            enable(activation_checkpointing_kwargs=kwargs)
        else:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
        model.config.use_cache = False
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=float(spec["lr"]), weight_decay=0.0)
    if state["step"] > 0:
        _load_optimizer(optimizer, checkpoint)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / 10) * max(0.05, 1 - s / max(1, steps))
    )
    for _ in range(state["step"]):
        scheduler.step()
    blocks = _blocks(tokenizer, spec["texts"], int(spec["seq_len"]))
    if not blocks:
        raise ValueError("no training text")
    rng = random.Random(int(spec["seed"]))
    order: list[int] = []
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    batch_size = int(spec["batch_size"])
    # Replay the shuffle up to the resumed step so a resumed run sees the same batches.
    for _ in range(state["step"]):
        for _ in range(batch_size):
            if not order:
                order = list(range(len(blocks)))
                rng.shuffle(order)
            order.pop()
    model.train()
    started = time.monotonic()
    first_step = state["step"]
    while state["step"] < steps:
        picked = []
        for _ in range(batch_size):
            if not order:
                order = list(range(len(blocks)))
                rng.shuffle(order)
            picked.append(blocks[order.pop()])
        ids, mask, labels = _batch(picked, pad)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        state["step"] += 1
        state["losses"].append(round(float(loss), 4))
        elapsed = time.monotonic() - started
        eta = elapsed / (state["step"] - first_step) * (steps - state["step"])
        _progress(
            3 + state["step"],
            total,
            f"step {state['step']}/{steps} loss {float(loss):.3f} ETA {_fmt_eta(eta)}",
        )
        if state["step"] % int(spec["checkpoint_every"]) == 0 or state["step"] == steps:
            state["seconds"] = float(state.get("seconds", 0.0)) + (time.monotonic() - started)
            started = time.monotonic()
            first_step = state["step"]
            _save_checkpoint(model, optimizer, work, state)
            if stop_after is not None and state["step"] >= stop_after:
                return None
    model.config.use_cache = True  # for the evaluation's decoding and in the merged model's config
    after = evaluate(model, tokenizer, spec, "after", 3 + steps, total)
    _progress(total - 1, total, "merging")
    merged = model.merge_and_unload()
    out = work / MERGED
    merged.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    result = {
        "steps": steps,
        "losses": state["losses"],
        "before": state["before"],
        "after": after,
        "resumed": state["resumed"],
        "train_seconds": round(float(state.get("seconds", 0.0)), 1),
        "train_blocks": len(blocks),
        "settings": {k: spec[k] for k in DEFAULTS},
        "optimizer_resume": "restored from safetensors",
    }
    (work / RESULT_FILE).write_text(json.dumps(result, indent=2), encoding="utf-8")
    _progress(total, total, "done")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inference.finetune.trainer")
    parser.add_argument("spec", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--stop-after", type=int, default=None, help="stop after this step's checkpoint")
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    # The child lowers its own priority (the editor's UI thread must win a core); train() itself
    # leaves the priority alone, so calling it in a process that has other work does not slow it.
    with contextlib.suppress(OSError):
        os.nice(int(spec.get("nice", 10)))
    train(spec, args.work, args.stop_after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
