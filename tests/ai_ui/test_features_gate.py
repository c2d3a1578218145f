"""AI ▸ Features: the active model's report card turns features off with the reason; the writer can
turn any of them on anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.ai.gate import CARD_VERSION
from editor.config.settings import Key, Settings
from editor.window.main_window import MainWindow

CARD = {
    "version": CARD_VERSION,
    "model": "tiny-llama",
    "devset": "eval",
    "features": {
        "next_speaker": {"enabled": False, "reason": "", "evidence": "the model 50% vs the rules 60%"},
        "summaries": {"enabled": True, "reason": "", "evidence": "60% model-written"},
        "autocomplete": {"enabled": False, "reason": "", "evidence": "the next word right in 5%"},
        "suggestions": {"enabled": False, "reason": "", "evidence": "10% on topic (needs 50%)"},
        "rewrite": {"enabled": True, "reason": "", "evidence": "80% rewritten"},
        "draft": {"enabled": False, "reason": "", "evidence": "0% of briefs kept"},
    },
}


@pytest.fixture
def window(qtbot, make_window, tmp_path: Path, tiny_model_store) -> MainWindow:
    (tiny_model_store.path / "report_card.json").write_text(json.dumps(CARD), encoding="utf-8")
    win = make_window(Settings(tmp_path / "settings.ini"), size=None, show=False)
    path = tmp_path / "script.fountain"
    path.write_text("INT. DINER - NIGHT\n\nMARA\nHi.\n", encoding="utf-8")
    win.open_path(path)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.ai.controller.card is not None, timeout=5000)
    return win


def test_the_card_greys_out_what_the_model_has_not_earned_and_says_why(window) -> None:
    ai = window.ai
    assert not ai.controller.feature_enabled("suggestions")
    assert not ai.panel_action.isEnabled() and not ai.draft_action.isEnabled()
    assert ai.panel_action.toolTip().startswith("Dialogue suggestions need a larger model: AI ▸ Models…")
    assert ai.rewrite_menu.menuAction().isEnabled()  # earned
    item = ai.features_menu.items["suggestions"]
    assert not item.isChecked() and item.text().endswith("needs a larger model")
    assert "10% on topic" in item.toolTip()
    assert ai.features_menu.items["rewrite"].isChecked()


def test_the_writer_turns_a_feature_on_anyway_and_it_is_remembered(window) -> None:
    ai = window.ai
    ai.features_menu.items["suggestions"].trigger()
    assert ai.controller.feature_enabled("suggestions") and ai.panel_action.isEnabled()
    assert "suggestions=on" in window.settings.get(Key.AI_FEATURE_OVERRIDES)
    assert ai.features_menu.items["suggestions"].text().endswith("turned on anyway")
    ai.features_menu.items["rewrite"].trigger()  # and an earned one off
    assert not ai.controller.feature_enabled("rewrite") and not ai.rewrite_menu.menuAction().isEnabled()
    # Back to what the card says: no override left for it.
    ai.features_menu.items["suggestions"].trigger()
    assert "suggestions=on" not in window.settings.get(Key.AI_FEATURE_OVERRIDES)


def test_inline_completion_off_keeps_the_script_answers(qtbot, window) -> None:
    from editor.ai.autocomplete import complete_task
    from editor.fountain.parser import parse

    script = parse("INT. DINER - NIGHT\n\nMARA\nI told you not to come")
    task = complete_task(script, 3, model_text=window.ai.controller.feature_enabled("autocomplete"))
    try:
        next(task)
        raise AssertionError("no model step expected")
    except StopIteration as done:
        assert done.value.text == "" and "off for this model" in done.value.reason
