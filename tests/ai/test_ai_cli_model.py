"""``screenwright ai ...`` with the real default model (SmolLM2-135M-Instruct int4), marked ``model``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.ai_testkit import DINER, line_of

from editor.ai.cli import main
from editor.ai.draft import check_draft
from editor.ai.rewrite import structure
from editor.fountain.parser import parse

pytestmark = pytest.mark.model

REAL_NAMES = {"ROSS", "ELLEN", "SAL"}


@pytest.fixture(scope="module")
def default_model():
    from inference.store.models import DEFAULT_MODEL_NAME, get_model
    from inference.store.provision import default_model_status

    ok, reason = default_model_status()
    if not ok:
        pytest.skip(f"default model not provisioned ({reason}); run `make model`")
    return get_model(DEFAULT_MODEL_NAME)


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "diner.fountain"
    path.write_text(DINER, encoding="utf-8")
    return path


def ai(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    payload = json.loads(out)
    assert payload["model"] in (None, "smollm2-135m-instruct")
    return payload


def test_next_speaker_is_a_real_character(capsys, default_model, script_file: Path) -> None:
    line = line_of(DINER, "Sal, you were here that night.") + 3
    # The model as judge, which the default model's card turns off: --any-feature turns it on.
    payload = ai(capsys, "next-speaker", str(script_file), "--line", str(line), "--any-feature")
    assert payload["model"] == "smollm2-135m-instruct" and payload["judge"] == "model"
    # Ross just spoke (no action between): he is never offered again; the others are.
    assert {c["name"] for c in payload["candidates"]} == REAL_NAMES - {"ROSS"}
    # Ross just spoke, to Sal: the model + turn-taking must not pick Ross again.
    assert payload["text"] in {"SAL", "ELLEN"}
    assert payload["timings"]["ttft_s"] is not None and payload["timings"]["total_s"] > 0


def test_complete_is_valid_fountain_and_deterministic(capsys, default_model, tmp_path: Path) -> None:
    text = DINER.replace("Don't drag me into this.", "Don't drag me")
    path = tmp_path / "partial.fountain"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "Don't drag me") + 1
    first = ai(capsys, "complete", str(path), "--line", str(line))
    second = ai(capsys, "complete", str(path), "--line", str(line))
    assert first["element"] == "dialogue" and first["text"] == second["text"]
    if first["text"]:
        lines = text.split("\n")
        lines[line - 1] += first["text"]
        assert parse("\n".join(lines)).line_types[line - 1].name == "DIALOGUE"


def test_suggest_gives_distinct_lines_reproducibly(capsys, default_model, script_file: Path) -> None:
    line = line_of(DINER, "Sal, you were here that night.") + 3
    # The default model's card turns suggestions off; --any-feature is the writer's "on anyway".
    args = ("suggest", str(script_file), "--line", str(line), "--seed", "11", "--any-feature")
    a, b = ai(capsys, *args), ai(capsys, *args)
    assert a["alternatives"] == b["alternatives"] and a["alternatives"]
    assert len({s.lower() for s in a["alternatives"]}) == len(a["alternatives"])
    assert a["speaker"] in REAL_NAMES


def test_summaries_name_only_real_people(capsys, default_model, script_file: Path) -> None:
    payload = ai(capsys, "summarize", str(script_file), "--any-feature")
    assert len(payload["scenes"]) == 3
    for scene in payload["scenes"]:
        assert scene["characters"], scene
        assert set(scene["characters"]) <= REAL_NAMES
        assert "\n" not in scene["text"]


def test_rewrite_keeps_the_skeleton(capsys, default_model, script_file: Path) -> None:
    first = line_of(DINER, "ROSS") + 1
    last = line_of(DINER, "I never touched it. Ask Sal.") + 1
    argv = ["rewrite", str(script_file), "--lines", f"{first}-{last}", "--style", "Tighter", "--any-feature"]
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    if code != 0:  # an honest refusal is allowed, broken text is not
        assert "nothing was changed" in err
        return
    payload = json.loads(out)
    assert structure(payload["text"]) != [] and [t for t, _ in structure(payload["text"])] == [
        t for t, _ in structure(payload["original"])
    ]
    fixed_new = [f for _, f in structure(payload["text"]) if f is not None]
    fixed_old = [f for _, f in structure(payload["original"]) if f is not None]
    assert fixed_new == fixed_old


def test_draft_is_valid_or_refused(capsys, default_model) -> None:
    describe = "A detective questions a waitress in a diner."
    argv = ["draft", "--describe", describe, "--characters", "Ross,Ellen", "--seed", "2", "--any-feature"]
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    if code == 0:
        payload = json.loads(out)
        assert check_draft(payload["text"], ["ROSS", "ELLEN"])[1] == ""
        assert payload["text"].startswith(("INT. DINER", "EXT. DINER"))
    else:
        assert "could not draft" in err


def test_the_default_model_steps_aside_where_its_card_says_so(capsys, default_model, script_file: Path):
    """Without --any-feature the command line answers as the editor does with the default model:
    the next speaker from the script's turn-taking, and a reason instead of suggestions."""
    line = line_of(DINER, "Sal, you were here that night.") + 2
    payload = ai(capsys, "next-speaker", str(script_file), "--line", str(line))
    assert payload["judge"] == "rules" and payload["why_rules"]
    code = main(["suggest", str(script_file), "--line", str(line + 1), "--json"])
    assert code == 1 and "need a larger model" in capsys.readouterr().err
