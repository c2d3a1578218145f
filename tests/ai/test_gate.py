from __future__ import annotations

import json

from editor.ai.gate import (
    DEFAULT_CARD,
    FEATURES,
    feature_states,
    format_overrides,
    load_active_card,
    parse_overrides,
    read_card,
)

CARD = {
    "version": 1,
    "model": "small",
    "features": {
        "next_speaker": {"enabled": False, "reason": "x", "evidence": "the model 55% vs the rules 60%"},
        "suggestions": {"enabled": False, "reason": "x", "evidence": "10% on topic (needs 50%)"},
        "rewrite": {"enabled": True, "reason": "", "evidence": "80% rewritten"},
    },
}


def test_a_feature_the_card_turns_off_says_what_it_needs() -> None:
    states = feature_states(CARD)
    assert not states["suggestions"].enabled
    assert states["suggestions"].reason.startswith("Dialogue suggestions need a larger model: AI ▸ Models…")
    assert "10% on topic" in states["suggestions"].reason
    assert "turn-taking" in states["next_speaker"].reason  # what stands in for it
    assert states["rewrite"].enabled and states["rewrite"].reason == "80% rewritten"
    # Not measured: on, and it says so.
    assert states["draft"].enabled and "not measured" in states["draft"].reason
    assert all(s.enabled for s in feature_states(None).values())


def test_the_writer_can_turn_any_feature_on_or_off_anyway() -> None:
    overrides = parse_overrides(("suggestions=on", "rewrite=off", "bogus=on", "draft=maybe"))
    assert overrides == {"suggestions": True, "rewrite": False}
    states = feature_states(CARD, overrides)
    assert states["suggestions"].enabled and states["suggestions"].overridden
    assert not states["rewrite"].enabled and "turned off" in states["rewrite"].reason
    assert parse_overrides(format_overrides(overrides)) == overrides


def test_cards_are_read_by_version_and_the_default_model_has_one(tmp_path) -> None:
    path = tmp_path / "report_card.json"
    assert read_card(path) is None
    path.write_text(json.dumps(CARD), encoding="utf-8")
    assert read_card(path) == CARD
    path.write_text(json.dumps({**CARD, "version": 99}), encoding="utf-8")
    assert read_card(path) is None
    shipped = read_card(DEFAULT_CARD)
    assert shipped is not None and set(shipped["features"]) == set(FEATURES)
    assert shipped["devset"] == "eval"


def test_load_active_card_for_a_model_folder(tmp_path) -> None:
    assert load_active_card(tmp_path) is None
    (tmp_path / "report_card.json").write_text(json.dumps(CARD), encoding="utf-8")
    assert load_active_card(tmp_path)["model"] == "small"
