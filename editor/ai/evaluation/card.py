"""The report card: how a model does on the held-out EVAL half of the development set, per feature,
against the answer the script alone gives; and which generative features it has earned.

Why a card per model: a feature that does not beat the script-only answer is noise that costs the
writer attention (docs/ARCHITECTURE.md). The same code runs for the 135M default and for a 7B model a
writer imports, so each model enables exactly what it is good at, without code changes. The card
is stored next to the model's ``manifest.json`` (``report_card.json``); the editor reads it
(:func:`feature_states`) and greys out the rest with the reason.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor.ai.context import mentions, scene_facts
from editor.ai.evaluation.devset import scripts, speaker_cases
from editor.ai.gate import CARD_VERSION, FEATURES
from editor.ai.runner import ModelBackend, run_task
from editor.fountain.model import LineType
from editor.fountain.parser import parse


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


def completion_positions(per_script: int = 8) -> list[tuple[str, int, str, str]]:
    """(script text cut at the cursor, cursor line, kind, the true next word) for mid-sentence
    positions with a trailing space: a writer who paused after a word, in dialogue and action.
    Spread evenly over each EVAL script; the cursor line is cut after about half its words."""
    out: list[tuple[str, int, str, str]] = []
    for _, text in scripts("eval"):
        script = parse(text)
        lines = text.split("\n")
        found: list[tuple[str, int, str, str]] = []
        for index, kind in enumerate(script.line_types):
            words = lines[index].split()
            if kind not in (LineType.DIALOGUE, LineType.ACTION) or len(words) < 5:
                continue
            keep = len(words) // 2
            if words[keep - 1].endswith((".", "!", "?")):
                continue  # a sentence end, not mid-sentence
            cut = "\n".join([*lines[:index], " ".join(words[:keep]) + " "])
            truth = re.sub(r"[^\w']", "", words[keep]).lower()
            found.append((cut, index, kind.name.lower(), truth))
        step = max(1, len(found) // per_script)
        out += found[::step][:per_script]
    return out


def autocomplete_metrics(backend: ModelBackend, log: Callable[[str], None]) -> dict[str, float]:
    from editor.ai.autocomplete import complete_task

    positions = completion_positions()
    shown = right = gibberish = 0
    for cut, line, _, truth in positions:
        script = parse(cut)
        suggestion = run_task(complete_task(script, line), backend)
        if not suggestion.text:
            continue
        shown += 1
        first = re.sub(r"[^\w']", "", suggestion.text.split()[0]).lower() if suggestion.text.split() else ""
        right += first == truth
        gibberish += not _plausible(suggestion.text, cut)
    n = max(1, len(positions))
    out = {
        "ai.complete_after_space_rate": shown / n,
        "ai.complete_next_word_acc": right / max(1, shown),
        "complete_positions": len(positions),
        "gibberish.autocomplete": gibberish,
    }
    log(f"autocomplete: {shown}/{len(positions)} positions after a space got a suggestion; "
        f"next word right in {right}")  # fmt: skip
    return out


def _plausible(text: str, context: str) -> bool:
    from editor.ai.words import plausible, vocabulary

    script = parse(context)
    return plausible(text, vocabulary(context, names=list(script.characters)))


def suggestion_metrics(backend: ModelBackend, log: Callable[[str], None]) -> dict[str, float]:
    """Dialogue suggestions where a speech starts (the first speech after the third in each scene):
    shown at all, and sharing a content word with the line the writer wrote (on topic)."""
    from editor.ai.suggestions import suggest_task
    from editor.ai.validate import content_words

    positions = 0
    shown = on_topic = gibberish = 0
    for _, text in scripts("eval"):
        script = parse(text)
        lines = text.split("\n")
        for scene in script.scenes:
            cues = [
                i for i in range(scene.line, scene.end_line + 1) if script.line_types[i] == LineType.CHARACTER
            ]
            if len(cues) < 4:
                continue
            cue = cues[3]
            truth = lines[cue + 1]
            cut = "\n".join(lines[: cue + 1]) + "\n"
            partial = parse(cut)
            positions += 1
            result = run_task(suggest_task(partial, cue + 1, count=2, seed=positions), backend)
            if not result.lines:
                continue
            shown += 1
            stems = {w[:5] for w in content_words(truth)}
            on_topic += any({w[:5] for w in content_words(line)} & stems for line in result.lines)
            gibberish += sum(not _plausible(line, cut) for line in result.lines)
    out = {
        "ai.suggestion_shown_rate": shown / max(1, positions),
        "ai.suggestion_on_topic_rate": on_topic / max(1, shown),
        "suggestion_positions": positions,
        "gibberish.suggestions": gibberish,
    }
    log(f"dialogue suggestions: {shown}/{positions} shown, {on_topic} on topic")
    return out


REWRITE_STYLES = ("Tighter", "Noir", "More visual", "Period voice", "More subtext")


def rewrite_metrics(backend: ModelBackend, log: Callable[[str], None]) -> dict[str, float]:
    """One rewrite per EVAL scene (the first action paragraph and the speech after it), styles in
    turn. Every rewritten line shown is checked again for meaning flips and non-words."""
    from editor.ai.meaning import meaning_flip
    from editor.ai.rewrite import rewrite_task

    flips = gibberish = units = changed = attempted = 0
    pairs: list[tuple[str, str]] = []
    for number, (_, text) in enumerate(scripts("eval")):
        script = parse(text)
        names = list(script.characters)
        for index, scene in enumerate(script.scenes):
            first = next((i for i in range(scene.line + 1, scene.end_line + 1)
                          if script.line_types[i] == LineType.ACTION), None)  # fmt: skip
            if first is None:
                continue
            last = min(scene.end_line, first + 5)
            style = REWRITE_STYLES[(number + index) % len(REWRITE_STYLES)]
            result = run_task(rewrite_task(script, first, last, style, seed=index), backend)
            attempted += 1
            for unit in result.units:
                units += 1
                if not unit.changed or unit.rewritten is None:
                    continue
                changed += 1
                flips += bool(meaning_flip(unit.original, unit.rewritten, names))
                gibberish += not _plausible(unit.rewritten, text)
                pairs.append((unit.original, unit.rewritten))
    out = {
        "ai.rewrite_meaning_flips": float(flips),
        "ai.rewrite_eval_changed_rate": changed / max(1, units),
        "rewrite_selections": attempted,
        "gibberish.rewrite": gibberish,
    }
    out |= meaning_kept(pairs)
    log(f"rewrites: {attempted} selections, {changed}/{units} lines rewritten, {flips} meaning flips"
        + (f", meaning kept {out['ai.rewrite_meaning_similarity']:.2f}"
           if "ai.rewrite_meaning_similarity" in out else ""))  # fmt: skip
    return out


# Below this cosine similarity (all-MiniLM-L6-v2) a rewrite says something else: paraphrases of one
# line score about 0.7-0.95, two lines from one scene about 0.2-0.5.
SAID_ELSE_BELOW = 0.5


def meaning_kept(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """A second opinion on meaning, independent of the checks that filter rewrites: the sentence
    embedder's similarity of each shown rewrite to its original (mean, and how many fall below
    :data:`SAID_ELSE_BELOW`). Empty when the search model is not installed."""
    if not pairs:
        return {}
    try:
        from inference.embed.encoder import SentenceEncoder

        encoder = SentenceEncoder()
    except Exception:  # not provisioned (a checkout without `make`): the card says nothing
        return {}
    import numpy as np

    a = encoder.embed([o for o, _ in pairs])
    b = encoder.embed([r for _, r in pairs])
    a /= np.linalg.norm(a, axis=1, keepdims=True) + 1e-9
    b /= np.linalg.norm(b, axis=1, keepdims=True) + 1e-9
    similarity = (a * b).sum(axis=1)
    return {
        "ai.rewrite_meaning_similarity": float(similarity.mean()),
        "ai.rewrite_said_something_else": float((similarity < SAID_ELSE_BELOW).sum()),
    }


# Briefs for the draft check, written for the EVAL half (none of them is used in any prompt).
DRAFT_BRIEFS = (
    ("A detective questions a nervous bookkeeper about a fire in a warehouse.", ["Ruiz", "Finch"]),
    ("Two brothers argue about who forgot their mother's birthday in the kitchen.", ["Sam", "Leo"]),
    ("A goalkeeper tells her coach she wants to quit at the training ground.", ["Donna", "Barry"]),
    (
        "A night-shift radio host talks a frightened caller through a blackout in the studio.",
        ["Miles", "Ellen"],
    ),
)


def draft_metrics(backend: ModelBackend, log: Callable[[str], None]) -> dict[str, float]:
    from editor.ai.draft import brief_problem, draft_task

    shown = kept = gibberish = 0
    for seed, (description, characters) in enumerate(DRAFT_BRIEFS):
        draft = run_task(draft_task(description, characters, seed=seed), backend)
        if not draft.ok:
            continue
        shown += 1
        kept += brief_problem(draft.text, description, [c.upper() for c in characters]) == ""
        gibberish += not _plausible(draft.text, description + "\n" + "\n".join(characters))
    out = {
        "ai.draft_brief_kept_rate": kept / shown if shown else 1.0,
        "ai.draft_shown_rate": shown / len(DRAFT_BRIEFS),
        "draft_briefs": len(DRAFT_BRIEFS),
        "gibberish.draft": gibberish,
    }
    log(f"drafts: {shown}/{len(DRAFT_BRIEFS)} shown, {kept} kept the brief (the rest refused)")
    return out


def _recall(text: str, names: list[str]) -> float:
    return sum(mentions(text, n) for n in names) / len(names) if names else 1.0


def decide(metrics: dict[str, float]) -> dict[str, dict[str, object]]:
    """Each feature's verdict from the metrics: enabled only where the model beats the rules."""
    out: dict[str, dict[str, object]] = {}

    def verdict(key: str, enabled: bool, why: str, short: str = "") -> None:
        out[key] = {"enabled": enabled, "reason": "" if enabled else why, "evidence": why, "short": short}

    if "ai.next_speaker_model_acc" in metrics:
        model, rules = metrics["ai.next_speaker_model_acc"], metrics["ai.next_speaker_rules_acc"]
        verdict(
            "next_speaker",
            model > rules,
            f"the model's judgement {model:.0%} vs the script's turn-taking {rules:.0%}: "
            + ("the model helps" if model > rules else "the script's answer is used"),
            f"{model:.0%} vs the script's {rules:.0%}",
        )
    if "ai.summary_model_share" in metrics:
        share = metrics["ai.summary_model_share"]
        ok = share >= 0.5 and metrics["ai.summary_truncated_rate"] == 0
        verdict(
            "summaries",
            ok,
            f"{share:.0%} of the model's summaries passed the checks; the rest are extracted from the scene",
            f"{share:.0%} passed the checks",
        )
    if "ai.complete_next_word_acc" in metrics:
        acc, rate = metrics["ai.complete_next_word_acc"], metrics["ai.complete_after_space_rate"]
        verdict(
            "autocomplete",
            acc >= NEXT_WORD_ACC_MIN and metrics.get("gibberish.autocomplete", 0) == 0,
            f"the next word was right in {acc:.0%} of the completions shown "
            f"(needs {NEXT_WORD_ACC_MIN:.0%}); {rate:.0%} of pauses after a space got one",
            f"next word right {acc:.0%}, needs {NEXT_WORD_ACC_MIN:.0%}",
        )
    if "ai.suggestion_on_topic_rate" in metrics:
        topic = metrics["ai.suggestion_on_topic_rate"]
        verdict(
            "suggestions",
            topic >= ON_TOPIC_MIN and metrics.get("gibberish.suggestions", 0) == 0,
            f"{topic:.0%} of suggested speeches were on the scene's topic (needs {ON_TOPIC_MIN:.0%})",
            f"{topic:.0%} on topic, needs {ON_TOPIC_MIN:.0%}",
        )
    if "ai.rewrite_eval_changed_rate" in metrics:
        changed, flips = metrics["ai.rewrite_eval_changed_rate"], metrics["ai.rewrite_meaning_flips"]
        verdict(
            "rewrite",
            changed >= REWRITE_CHANGED_MIN and flips == 0 and metrics.get("gibberish.rewrite", 0) == 0,
            f"{changed:.0%} of selected lines got a rewrite that kept their meaning "
            f"(needs {REWRITE_CHANGED_MIN:.0%})",
            f"{changed:.0%} rewritten, needs {REWRITE_CHANGED_MIN:.0%}",
        )
    if "ai.draft_shown_rate" in metrics:
        shown, kept = metrics["ai.draft_shown_rate"], metrics["ai.draft_brief_kept_rate"]
        verdict(
            "draft",
            shown >= DRAFT_SHOWN_MIN and kept >= 0.9,
            f"{shown:.0%} of briefs got a scene that kept the brief (needs {DRAFT_SHOWN_MIN:.0%})",
            f"{shown:.0%} of briefs kept, needs {DRAFT_SHOWN_MIN:.0%}",
        )
    return out


# Thresholds a generative feature must meet to be on by default: the script alone offers nothing
# there, so the model's output must be right often enough to be worth the writer's attention.
NEXT_WORD_ACC_MIN = 0.3  # an inline completion whose next word is right a third of the time
ON_TOPIC_MIN = 0.5  # half of the suggested speeches share a content word with what was written
REWRITE_CHANGED_MIN = 0.5  # most selected lines actually get rewritten
DRAFT_SHOWN_MIN = 0.5  # most briefs get a scene, not a refusal


def evaluate(
    backend: ModelBackend | None,
    *,
    log: Callable[[str], None] = lambda _: None,
    only: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Score ``backend`` (None: the script-only answers) on EVAL; returns the card as a dict.
    ``only`` limits the features measured (the others are left out of the card)."""
    started = time.perf_counter()
    wanted = set(only or FEATURES)
    metrics: dict[str, float] = {}
    if "next_speaker" in wanted:
        metrics |= speaker_metrics(backend, log)
    if "summaries" in wanted:
        metrics |= summary_metrics(backend, log)
    if backend is not None:
        for key, measure in (
            ("autocomplete", autocomplete_metrics),
            ("suggestions", suggestion_metrics),
            ("rewrite", rewrite_metrics),
            ("draft", draft_metrics),
        ):
            if key in wanted:
                metrics |= measure(backend, log)
        metrics["ai.gibberish_shown"] = float(
            sum(v for k, v in metrics.items() if k.startswith("gibberish."))
        )
    if "ai.next_speaker_rules_acc" in metrics:
        rules = metrics["ai.next_speaker_rules_acc"]
        model = metrics.get("ai.next_speaker_model_acc", -1.0)
        # What the editor shows: the model's ranking only where it beats the rules.
        use_model = model > rules
        metrics["ai.next_speaker_acc"] = model if use_model else rules
        metrics["ai.next_speaker_top3_acc"] = metrics[
            "ai.next_speaker_model_top3_acc" if use_model else "ai.next_speaker_rules_top3_acc"
        ]
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


def save_card(card: dict[str, Any], path: Path) -> Path:
    """Write the card (atomically: the editor may be reading it); returns ``path``."""
    from inference.fsio import atomic_write

    atomic_write(path, (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
