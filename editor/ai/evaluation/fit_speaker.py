"""Fit the next-speaker weights on the TUNE half of the development set (never on EVAL).

    python -m editor.ai.evaluation.fit_speaker [--model NAME|PATH] [--write]

A conditional logit: each case's candidates get ``w · features``, a softmax over them is the
probability of each being the next speaker, and ``w`` maximises the log-likelihood of the right
ones with an L2 penalty (plain gradient ascent in numpy; ~22 weights, ~270 cases). The penalty is
chosen by leave-one-script-out cross-validation on TUNE (a script's turn-taking habits should not
be learnt as everyone's). Two sets are fitted: with the model's score as a feature, and for the
rules alone. The result is
written to ``editor/ai/data/speaker_weights.json`` with the TUNE accuracy it reached, so the file
says where the numbers came from.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from editor.ai.evaluation.devset import speaker_cases
from editor.ai.evaluation.speaker_eval import SpeakerExample, accuracy, examples
from editor.ai.speaker import FEATURES, WEIGHTS_PATH

L2_GRID = (0.02, 0.05, 0.2, 0.5, 1.0, 2.0)
STEPS = 1500
RATE = 0.5


def fit(items: list[SpeakerExample], columns: list[str], l2: float) -> dict[str, float]:
    """Weights for ``columns`` (the others stay 0) maximising the penalised log-likelihood.

    All cases at once: candidates padded to the longest list and masked out of the softmax, so
    leave-one-script-out cross-validation over the whole L2 grid takes seconds, not minutes."""
    usable = [e for e in items if e.label is not None]
    if not usable:
        return dict.fromkeys(columns, 0.0)
    index = [FEATURES.index(c) for c in columns]
    width = max(len(e.rows) for e in usable)
    x = np.zeros((len(usable), width, len(columns)))
    mask = np.full((len(usable), width), -np.inf)
    for n, e in enumerate(usable):
        x[n, : len(e.rows)] = np.asarray(e.rows, dtype=np.float64)[:, index]
        mask[n, : len(e.rows)] = 0.0
    labels = np.array([e.label for e in usable])
    chosen = x[np.arange(len(usable)), labels].sum(axis=0)
    w = np.zeros(len(columns))
    for _ in range(STEPS):
        s = x @ w + mask
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = chosen - np.einsum("nk,nkf->f", p, x) - l2 * w
        w += RATE * grad / len(usable)
    return {c: round(float(v), 4) for c, v in zip(columns, w, strict=True)}


def cross_validated(items: list[SpeakerExample], columns: list[str], use_model: bool) -> tuple[float, float]:
    """(best L2, its leave-one-script-out top-1 accuracy) over :data:`L2_GRID`."""
    scripts = sorted({e.case.script_name for e in items})
    best = (L2_GRID[0], -1.0)
    for l2 in L2_GRID:
        hits = 0.0
        for held in scripts:
            train = [e for e in items if e.case.script_name != held]
            test = [e for e in items if e.case.script_name == held]
            hits += accuracy(test, fit(train, columns, l2), use_model=use_model)[0] * len(test)
        score = hits / max(1, len(items))
        if score > best[1]:
            best = (l2, score)
    return best


def _entry(
    weights: dict[str, float], acc: tuple[float, float, list[str]], l2: float, cv: float
) -> dict[str, object]:
    return {
        "weights": weights,
        "l2": l2,
        "tune_cv_top1": round(cv, 4),
        "tune_top1": round(acc[0], 4),
        "tune_top3": round(acc[1], 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m editor.ai.evaluation.fit_speaker")
    parser.add_argument("--model", default=None, help="model folder or installed name (default: active)")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_PATH.name}")
    args = parser.parse_args(argv)
    from editor.ai.runner import open_backend

    backend = open_backend(args.model)
    items = examples(speaker_cases("tune"), backend)
    rules_columns = [f for f in FEATURES if f != "model"]
    rules_l2, rules_cv = cross_validated(items, rules_columns, use_model=False)
    model_l2, model_cv = cross_validated(items, list(FEATURES), use_model=True)
    rules = fit(items, rules_columns, rules_l2)
    with_model = fit(items, list(FEATURES), model_l2)
    result = {
        "about": "Next-speaker weights fitted on the TUNE half of editor/ai/devset by "
        "editor.ai.evaluation.fit_speaker (conditional logit; L2 by leave-one-script-out CV).",
        "model": backend.name,
        "tune_cases": len(items),
        "with_model": _entry(with_model, accuracy(items, with_model, use_model=True), model_l2, model_cv),
        "rules": _entry(rules, accuracy(items, rules, use_model=False), rules_l2, rules_cv),
    }
    backend.close()
    text = json.dumps(result, indent=2) + "\n"
    if args.write:
        WEIGHTS_PATH.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
