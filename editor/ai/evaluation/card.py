"""The report card: how a model does on the held-out EVAL half of the development set, per feature,
against the answer the script alone gives; and which generative features it has earned.

Why a card per model: a feature that does not beat the script-only answer is noise that costs the
writer attention (DESIGN section 5). The same code runs for the 135M default and for a 7B model a
writer imports, so each model enables exactly what it is good at, without code changes. The card
is stored next to the model's ``manifest.json`` (``report_card.json``); the editor reads it
(:func:`feature_states`) and greys out the rest with the reason.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.ai.context import mentions, scene_facts
from editor.ai.evaluation.devset import scripts, speaker_cases
from editor.ai.runner import ModelBackend, run_task
from editor.fountain.parser import parse

CARD_FILE = "report_card.json"
CARD_VERSION = 1

# The features a card can enable, with the name the editor shows.
FEATURES: dict[str, str] = {
    "next_speaker": "Next speaker judged by the model",
    "summaries": "Model-written scene summaries",
    "autocomplete": "Inline completions",
    "suggestions": "Dialogue suggestions",
    "rewrite": "Rewrite in style",
    "draft": "Draft a scene",
}
LARGER_MODEL = "{what} need a larger model: AI ▸ Models…"


@dataclass(slots=True)
class FeatureState:
    """Whether a feature is on for the active model and why (shown greyed out with ``reason``)."""

    key: str
    enabled: bool
    reason: str
    forced: bool = False  # on because the writer turned it on anyway


def speaker_metrics(backend: ModelBackend | None, log: Callable[[str], None]) -> dict[str, float]:
    from editor.ai.evaluation.speaker_eval import accuracy, examples

    items = examples(speaker_cases("eval"), backend)
    rules1, rules3, _ = accuracy(items, None, use_model=False)
    out = {
        "ai.next_speaker_rules_acc": rules1,
        "ai.next_speaker_rules_top3_acc": rules3,
        "speaker_cases": len(items),
    }
    if backend is not None:
        model1, model3, _ = accuracy(items, None, use_model=True)
        out |= {"ai.next_speaker_model_acc": model1, "ai.next_speaker_model_top3_acc": model3}
    log(f"next speaker: {len(items)} cases, rules {rules1:.3f}/{rules3:.3f}"
        + (f", with the model {out['ai.next_speaker_model_acc']:.3f}" if backend else ""))  # fmt: skip
    return out


def summary_metrics(backend: ModelBackend | None, log: Callable[[str], None]) -> dict[str, float]:
    from editor.ai.summary import extractive_summary, is_truncated, main_characters, summarize_task

    shown: list[tuple[str, list[str], str]] = []  # (text, main characters, source)
    rules_recall: list[float] = []
    for _, text in scripts("eval"):
        script = parse(text)
        for index, scene in enumerate(script.scenes):
            facts = scene_facts(script, scene)
            main = main_characters(facts, 2)
            summary = run_task(summarize_task(script, index), backend) if backend is not None else None
            extract = extractive_summary(script, scene)
            rules_recall.append(_recall(extract, main))
            if summary is None:
                shown.append((extract, main, "extractive"))
            else:
                shown.append((summary.text, main, summary.source))
    n = max(1, len(shown))
    model_written = [s for s in shown if s[2] == "model"]
    out = {
        "ai.summary_truncated_rate": sum(is_truncated(t) for t, _, _ in shown) / n,
        "ai.summary_character_recall": sum(_recall(t, m) for t, m, _ in shown) / n,
        "ai.summary_rules_character_recall": sum(rules_recall) / max(1, len(rules_recall)),
        "ai.summary_model_share": len(model_written) / n,
        "summary_scenes": len(shown),
    }
    recall, truncated = out["ai.summary_character_recall"], out["ai.summary_truncated_rate"]
    log(f"summaries: {len(shown)} scenes, model-written {len(model_written)}, "
        f"recall {recall:.3f}, truncated {truncated:.3f}")  # fmt: skip
    return out


def _recall(text: str, names: list[str]) -> float:
    return sum(mentions(text, n) for n in names) / len(names) if names else 1.0


def decide(metrics: dict[str, float]) -> dict[str, dict[str, object]]:
    """Each feature's verdict from the metrics: enabled only where the model beats the rules."""
    out: dict[str, dict[str, object]] = {}

    def verdict(key: str, enabled: bool, why: str) -> None:
        out[key] = {"enabled": enabled, "reason": "" if enabled else why, "evidence": why}

    if "ai.next_speaker_model_acc" in metrics:
        model, rules = metrics["ai.next_speaker_model_acc"], metrics["ai.next_speaker_rules_acc"]
        verdict(
            "next_speaker",
            model > rules,
            f"the model's judgement {model:.0%} vs the script's turn-taking {rules:.0%}: "
            + ("the model helps" if model > rules else "the script's answer is used"),
        )
    if "ai.summary_model_share" in metrics:
        share = metrics["ai.summary_model_share"]
        ok = share >= 0.5 and metrics["ai.summary_truncated_rate"] == 0
        verdict(
            "summaries",
            ok,
            f"{share:.0%} of the model's summaries passed the checks; the rest are extracted from the scene",
        )
    return out


def evaluate(backend: ModelBackend | None, *, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Score ``backend`` (None: the script-only answers) on EVAL; returns the card as a dict."""
    started = time.perf_counter()
    metrics: dict[str, float] = {}
    metrics |= speaker_metrics(backend, log)
    metrics |= summary_metrics(backend, log)
    if "ai.next_speaker_model_acc" in metrics:
        best = max(metrics["ai.next_speaker_model_acc"], metrics["ai.next_speaker_rules_acc"])
        metrics["ai.next_speaker_acc"] = best
        metrics["ai.next_speaker_top3_acc"] = (
            metrics["ai.next_speaker_model_top3_acc"]
            if best == metrics["ai.next_speaker_model_acc"] and best > metrics["ai.next_speaker_rules_acc"]
            else metrics["ai.next_speaker_rules_top3_acc"]
        )
    else:
        metrics["ai.next_speaker_acc"] = metrics["ai.next_speaker_rules_acc"]
        metrics["ai.next_speaker_top3_acc"] = metrics["ai.next_speaker_rules_top3_acc"]
    return {
        "version": CARD_VERSION,
        "model": getattr(backend, "name", None) if backend is not None else None,
        "devset": "eval",
        "scripts": [name for name, _ in scripts("eval")],
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(time.perf_counter() - started, 1),
        "metrics": {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()},
        "features": decide(metrics),
    }


def save_card(card: dict[str, Any], model_dir: Path) -> Path:
    """Write the card next to the model's manifest (atomically: the editor may be reading it)."""
    from editor.files.atomic import atomic_write

    path = model_dir / CARD_FILE
    atomic_write(path, (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def load_card(model_dir: Path | None) -> dict[str, Any] | None:
    if model_dir is None:
        return None
    try:
        data = json.loads((model_dir / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == CARD_VERSION else None
