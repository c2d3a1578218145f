"""The report card's second opinion on rewrites: the sentence embedder, not the rewrite's own checks."""

from __future__ import annotations

import pytest

from editor.ai.evaluation.card import SAID_ELSE_BELOW, meaning_kept


def _encoder_or_skip() -> None:
    from inference.embed.provision import embedder_status

    ready, why = embedder_status()
    if not ready:
        pytest.skip(f"the search model is not installed ({why}); `make test` provisions it")


def test_a_paraphrase_keeps_the_meaning_and_word_salad_does_not() -> None:
    _encoder_or_skip()
    original = "I said a lot of things. Most of them to make you leave."
    kept = meaning_kept([(original, "I said plenty. Most of it just to get you out the door.")])
    salad_text = "I'm going to give you a bunch of things. You're going to make good things."
    salad = meaning_kept([(original, salad_text)])
    assert kept["ai.rewrite_said_something_else"] == 0
    assert kept["ai.rewrite_meaning_similarity"] >= SAID_ELSE_BELOW
    assert salad["ai.rewrite_said_something_else"] == 1
    assert salad["ai.rewrite_meaning_similarity"] < kept["ai.rewrite_meaning_similarity"]


def test_no_rewrites_no_opinion() -> None:
    assert meaning_kept([]) == {}
