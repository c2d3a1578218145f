"""Which generative AI features the active model has earned, from its report card.

A feature the model does not do better than the script alone is noise that costs the writer
attention, so the editor turns it off and says why ("Dialogue suggestions need a larger model:
AI ▸ Models…"). The evidence is the model's report card (:mod:`editor.ai.evaluation.card`,
stored next to its manifest by ``screenwright-model eval``); the default model's card ships with
the editor. A writer can turn any feature on (or off) anyway: :func:`feature_states` takes those
overrides. A model that has never been measured keeps every feature on, and says so.

Qt-free: the controller calls :func:`load_active_card` on a worker thread (it reads the store).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The features a card can turn off, with the names the editor shows.
FEATURES: dict[str, str] = {
    "next_speaker": "Next speaker judged by the model",
    "summaries": "Model-written scene summaries",
    "autocomplete": "Inline completions",
    "suggestions": "Dialogue suggestions",
    "rewrite": "Rewrite in style",
    "draft": "Draft scene",
}
# What stands in when a feature is off: the script's own answer, or nothing.
FALLBACK: dict[str, str] = {
    "next_speaker": "the script's turn-taking picks the speaker",
    "summaries": "summaries are extracted from the scene",
    "autocomplete": "names, places and transitions still complete from the script",
    "suggestions": "",
    "rewrite": "",
    "draft": "",
}
# Judged by the "fast" role's model (ghost text); the others by the "writing" role's.
FAST_FEATURES = frozenset({"next_speaker", "autocomplete"})
DEFAULT_CARD = Path(__file__).resolve().parent / "data" / "default_model_card.json"
CARD_VERSION = 1


@dataclass(frozen=True, slots=True)
class FeatureState:
    """Whether a feature is on for the active model, and the sentence that says why."""

    key: str
    enabled: bool
    reason: str  # for a feature that is off: what it needs; for one that is on: the evidence
    overridden: bool = False  # the writer's setting decided, not the card
    short: str = ""  # the evidence in a few words, for a menu item ("7% on topic, needs 50%")


def parse_overrides(values: Iterable[str]) -> dict[str, bool]:
    """``("suggestions=on", "draft=off")`` -> ``{"suggestions": True, "draft": False}``."""
    out: dict[str, bool] = {}
    for value in values:
        key, _, state = str(value).partition("=")
        if key in FEATURES and state in ("on", "off"):
            out[key] = state == "on"
    return out


def format_overrides(overrides: dict[str, bool]) -> tuple[str, ...]:
    return tuple(f"{k}={'on' if v else 'off'}" for k, v in sorted(overrides.items()))


def feature_states(
    card: dict[str, Any] | None, overrides: dict[str, bool] | None = None
) -> dict[str, FeatureState]:
    """Each feature's state from the model's card (None: not measured) and the writer's overrides."""
    verdicts = (card or {}).get("features", {}) if isinstance(card, dict) else {}
    out: dict[str, FeatureState] = {}
    for key, title in FEATURES.items():
        verdict = verdicts.get(key)
        if not isinstance(verdict, dict):
            earned, why = True, "not measured for this model yet (screenwright-model eval)"
        elif verdict.get("enabled"):
            earned, why = True, str(verdict.get("evidence", ""))
        else:
            fallback = FALLBACK.get(key, "")
            earned = False
            verb = "need" if title.endswith("s") else "needs"
            why = f"{title} {verb} a larger model: AI ▸ Models…"
            evidence = str(verdict.get("evidence", ""))
            if evidence:
                why += f" ({evidence}" + (f"; {fallback})" if fallback else ")")
        short = str(verdict.get("short", "")) if isinstance(verdict, dict) else ""
        wanted = (overrides or {}).get(key)
        if wanted is not None and wanted != earned:
            state = "turned on" if wanted else "turned off"
            out[key] = FeatureState(key, wanted, f"{title}: {state} in AI ▸ Features ({why})", True, short)
        else:
            out[key] = FeatureState(key, earned, why, False, short)
    return out


def read_card(path: Path) -> dict[str, Any] | None:
    """A stored card, or None (missing, unreadable, another version)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == CARD_VERSION else None


def load_active_card(model_path: Path | None = None) -> dict[str, Any] | None:
    """The card of the model the editor runs (``model_path`` or the store's active model); the
    shipped card for the default model when it has none of its own. Reads the disk: call it off
    the UI thread."""
    from inference.errors import InferenceError
    from inference.store import models

    try:
        if model_path is not None:
            path, name = Path(model_path) / models.REPORT_CARD_FILE, Path(model_path).name
        else:
            info = models.active_model()
            path, name = models.report_card_path(info), info.name
    except (InferenceError, OSError):
        return None
    card = read_card(path)
    if card is None and name == models.DEFAULT_MODEL_NAME:
        card = read_card(DEFAULT_CARD)
    return card


def merge_cards(
    fast: dict[str, Any] | None, writing: dict[str, Any] | None, fast_features: frozenset[str]
) -> dict[str, Any] | None:
    """One card for the features as the editor runs them: ``fast_features`` from the fast model's
    card, the rest from the writing model's (the same card when both roles use one model)."""
    if fast is None and writing is None:
        return None
    features: dict[str, Any] = {}
    for key in FEATURES:
        source = fast if key in fast_features else writing
        verdict = (source or {}).get("features", {}).get(key)
        if verdict is not None:
            features[key] = verdict
    names = {c.get("model") for c in (fast, writing) if c}
    return {"version": CARD_VERSION, "model": " + ".join(sorted(str(n) for n in names)), "features": features}
