"""Every AI feature on Gemma 3 270M: a second architecture, imported like a writer's own model.

SmolLM2 (the default) is a Llama. Gemma 3 has another tokenizer, attention layout and vocabulary
(262k tokens). Nothing in the features names a model: the same context, prompts, validation and
runtime must give real characters, valid Fountain and honest refusals on it too. The model is
provisioned by ``make gemma`` (tests/support/gemma.py) into the user cache; without it these skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.ai_testkit import DINER, line_of

from editor.ai.cli import main
from editor.ai.draft import check_draft
from editor.ai.rewrite import structure

pytestmark = pytest.mark.model

REAL_NAMES = {"ROSS", "ELLEN", "SAL"}


@pytest.fixture(scope="module")
def gemma() -> Path:
    from support.gemma import Unavailable, installed

    try:
        return installed()
    except Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "diner.fountain"
    path.write_text(DINER, encoding="utf-8")
    return path


def ai(capsys: pytest.CaptureFixture[str], gemma: Path, *argv: str) -> dict:
    """Every feature on the second architecture, whatever its card says (--any-feature): these
    tests are about the code paths working on another model, not about what the card enables."""
    code = main([*argv, "--model", str(gemma), "--any-feature", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    payload = json.loads(out)
    assert payload["model"] in (None, gemma.name)  # None: answered from the script alone
    return payload


def test_next_speaker_is_a_real_character(capsys, gemma: Path, script_file: Path) -> None:
    line = line_of(DINER, "Sal, you were here that night.") + 3
    payload = ai(capsys, gemma, "next-speaker", str(script_file), "--line", str(line))
    assert payload["text"] in REAL_NAMES
    assert {c["name"] for c in payload["candidates"]} <= REAL_NAMES | {"NEW CHARACTER"}


def test_completion_is_valid_for_its_element_or_nothing(capsys, gemma: Path, tmp_path: Path) -> None:
    text = DINER.replace("Don't drag me into this.", "Don't drag me")
    path = tmp_path / "partial.fountain"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "Don't drag me")
    payload = ai(capsys, gemma, "complete", str(path), "--line", str(line))
    assert "\n" not in payload["text"]
    if not payload["text"]:
        assert payload.get("reason")


def _ai_or_refusal(capsys: pytest.CaptureFixture[str], gemma: Path, *argv: str) -> dict | None:
    """The JSON answer, or None after checking the refusal is one clear line (never a traceback)."""
    code = main([*argv, "--model", str(gemma), "--any-feature", "--json"])
    out, err = capsys.readouterr()
    if code != 0:
        assert code == 1, err
        assert err.startswith("screenwright ai: error: ") and err.count("\n") == 1
        return None
    return json.loads(out)


def test_suggestions_are_lines_or_an_honest_none(capsys, gemma: Path, script_file: Path) -> None:
    line = line_of(DINER, "Sal, you were here that night.")
    payload = _ai_or_refusal(capsys, gemma, "suggest", str(script_file), "--line", str(line), "--seed", "1")
    if payload is None:
        return
    assert payload["alternatives"]
    for text in payload["alternatives"]:
        assert text.strip() and "\n" not in text.strip()
        assert text.strip().upper() not in REAL_NAMES


def test_summaries_end_as_sentences_and_name_only_real_people(capsys, gemma: Path, script_file: Path) -> None:
    payload = ai(capsys, gemma, "summarize", str(script_file))
    assert payload["scenes"]
    for scene in payload["scenes"]:
        assert scene["text"].rstrip().endswith((".", "!", "?", '"'))
        assert set(scene["characters"]) <= REAL_NAMES


def test_rewrite_keeps_the_structure_or_refuses(capsys, gemma: Path, script_file: Path) -> None:
    start = line_of(DINER, "Sal, you were here that night.") - 1
    payload = _ai_or_refusal(
        capsys, gemma, "rewrite", str(script_file), "--lines", f"{start}-{start + 1}", "--style", "Tighter",
        "--seed", "2",
    )  # fmt: skip
    if payload is None:
        return
    assert [t for t, _ in structure(payload["text"])] == [t for t, _ in structure(payload["original"])]


def test_draft_keeps_the_brief_or_refuses(capsys, gemma: Path) -> None:
    payload = _ai_or_refusal(
        capsys, gemma, "draft", "--describe", "Two thieves argue in a getaway car", "--characters", "Vic,Lou",
        "--seed", "3",
    )  # fmt: skip
    if payload is None:
        return
    assert check_draft(payload["text"], ["VIC", "LOU"])[1] == ""
