"""``screenwright ai ...`` end to end with the tiny test model (the real runtime, a small model)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.tiny_model import PLANTED_LINE, PLANTED_SPEAKER

from editor.ai.cli import main

SCRIPT = f"""Title: Tiny

INT. DINER - NIGHT

Rain streaks the window. A neon sign buzzes overhead.

MARA
I told you not to come here.

HALE
{PLANTED_LINE}

{PLANTED_SPEAKER}
At the docks, counting crates.

MARA
The money is gone.

JUNE
Nobody saw a thing.

EXT. ROOFTOP - DAWN

She lights a cigarette and waits.

HALE
{PLANTED_LINE}

"""
LINES = SCRIPT.split("\n")
AFTER_PLANTED = len(LINES) - 1  # 1-based number of the last (empty) line, after the blank


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.fountain"
    path.write_bytes(SCRIPT.encode("utf-8"))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, tiny_model, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json", "--model", str(tiny_model.path))
    assert code == 0, err
    assert out.count("\n") == 1, "one JSON object on one line"
    payload = json.loads(out)
    assert {"command", "text", "element", "model", "timings"} <= payload.keys()
    assert {"ttft_s", "total_s"} <= payload["timings"].keys()
    return payload


def test_next_speaker_ranks_real_characters_with_scores(capsys, tiny_model, script_file: Path) -> None:
    payload = run_json(capsys, tiny_model, "next-speaker", str(script_file), "--line", str(AFTER_PLANTED))
    names = [c["name"] for c in payload["candidates"]]
    # HALE just spoke: not offered again across a blank line; everyone else in the script is.
    assert set(names) == {"MARA", PLANTED_SPEAKER, "JUNE"}
    assert payload["element"] == "character" and payload["text"] in (names[0], "")
    assert payload["model"] == tiny_model.name
    assert all(isinstance(c["model_logprob"], float) for c in payload["candidates"])
    # The fitted ranking's scores are log-probabilities over the candidates and a new character.
    import math

    total = sum(math.exp(c["score"]) for c in payload["candidates"])
    assert 0.0 < total <= 1.0 + 1e-6
    assert len(payload["choices"]) == 3
    # Without the model: the same candidates, ranked by turn-taking alone, no model loaded.
    code, out, _ = run(
        capsys, "next-speaker", str(script_file), "--line", str(AFTER_PLANTED), "--json", "--no-model"
    )
    plain = json.loads(out)
    assert code == 0 and plain["model"] is None
    assert {c["name"] for c in plain["candidates"]} == set(names)
    assert all(c["model_logprob"] is None for c in plain["candidates"])


def test_each_command_uses_the_model_only_where_its_card_says_so(capsys, tiny_model_store, script_file):
    """As in the editor: a card that says the script alone does better turns the model judge off
    (the answer says so) and makes the generative commands step aside with the reason;
    ``--any-feature`` is the writer's "on anyway"."""
    from editor.ai.gate import DEFAULT_CARD, FEATURES
    from inference.store.models import REPORT_CARD_FILE

    card = json.loads(DEFAULT_CARD.read_text(encoding="utf-8"))
    card["model"] = tiny_model_store.name
    for key in FEATURES:
        card["features"][key]["enabled"] = False
    (tiny_model_store.path / REPORT_CARD_FILE).write_text(json.dumps(card), encoding="utf-8")
    where = ("--line", str(AFTER_PLANTED), "--json")

    code, out, _ = run(capsys, "next-speaker", str(script_file), *where)
    payload = json.loads(out)
    assert code == 0 and payload["judge"] == "rules" and "larger model" in payload["why_rules"]
    assert all(c["model_logprob"] is None for c in payload["candidates"])
    code, out, _ = run(capsys, "next-speaker", str(script_file), *where, "--any-feature")
    assert code == 0 and json.loads(out)["judge"] == "model"

    code, _, err = run(capsys, "suggest", str(script_file), *where)
    assert code == 1 and "Dialogue suggestions need a larger model" in err and "--any-feature" in err
    code, _, err = run(capsys, "suggest", str(script_file), *where, "--any-feature", "--seed", "3")
    assert "larger model" not in err


def test_complete_at_cue_slot_and_in_dialogue(capsys, tiny_model, script_file: Path) -> None:
    payload = run_json(capsys, tiny_model, "complete", str(script_file), "--line", str(AFTER_PLANTED))
    assert payload["element"] == "character" and payload["text"] in {
        "\nMARA",
        "\nHALE",
        "\n" + PLANTED_SPEAKER,
        "\nJUNE",
    }
    # In dialogue: whatever the tiny model says, it is dialogue or nothing, never another element.
    number = LINES.index("At the docks, counting crates.") + 1
    payload = run_json(
        capsys, tiny_model, "complete", str(script_file), "--line", str(number), "--column", "8"
    )
    assert payload["element"] is None and payload["text"] == ""  # mid-line: no ghost text
    assert (payload["line"], payload["column"]) == (number, 8)  # both 1-based, as given
    partial = SCRIPT.replace("At the docks, counting crates.", "At the docks,")
    script_file.write_text(partial, encoding="utf-8")
    first = run_json(capsys, tiny_model, "complete", str(script_file), "--line", str(number))
    second = run_json(capsys, tiny_model, "complete", str(script_file), "--line", str(number))
    assert first["element"] == "dialogue"
    assert first["text"] == second["text"], "greedy output is deterministic"


def test_heading_completion_needs_no_model(capsys, tmp_path: Path) -> None:
    path = tmp_path / "h.fountain"
    path.write_text(SCRIPT + "INT. DI", encoding="utf-8")
    code, out, err = run(
        capsys,
        "complete",
        str(path),
        "--line",
        str(SCRIPT.count("\n") + 1),
        "--json",
        "--model",
        "/nonexistent",
    )
    assert code == 0, err
    payload = json.loads(out)
    assert (payload["text"], payload["element"], payload["model"]) == ("NER", "scene_heading", None)


def test_suggest_is_reproducible_with_a_seed(capsys, tiny_model, script_file: Path) -> None:
    args = ("suggest", str(script_file), "--line", str(AFTER_PLANTED), "--count", "2", "--seed", "7")
    argv = (*args, "--json", "--model", str(tiny_model.path))
    first, second = run(capsys, *argv), run(capsys, *argv)
    # The same seed gives the same answer: the same lines, or the same honest refusal (the tiny
    # random model's speeches rarely pass the word checks once the speaker's voice is in the prompt).
    code, out, err = first
    assert code == second[0]
    if code == 0:
        a = json.loads(out)
        assert a["alternatives"] == json.loads(second[1])["alternatives"]
        assert 1 <= len(a["alternatives"]) <= 2 and a["element"] == "dialogue"
        assert a["speaker"] in {"MARA", PLANTED_SPEAKER, "JUNE"}  # not HALE, who just spoke
        assert len({s.lower() for s in a["alternatives"]}) == len(a["alternatives"])
    else:
        assert err == second[2] and err.startswith("screenwright ai: error: ") and err.count("\n") == 1


def test_summarize_json_and_write_changes_only_synopses(capsys, tiny_model, script_file: Path) -> None:
    crlf = SCRIPT.replace("\n", "\r\n").encode("utf-8")
    script_file.write_bytes(crlf)
    payload = run_json(capsys, tiny_model, "summarize", str(script_file), "--write")
    assert payload["element"] == "synopsis" and len(payload["scenes"]) == 2
    assert payload["written"] == [1, 2]
    for scene in payload["scenes"]:
        assert scene["source"] in ("model", "extractive") and scene["text"]
    data = script_file.read_bytes()
    lines = data.split(b"\r\n")
    added = [line for line in lines if line.startswith(b"= ")]
    assert len(added) == 2
    # Remove the inserted synopsis lines (and the blank line each brought): the original bytes.
    out: list[bytes] = []
    for line in lines:
        if line.startswith(b"= "):
            out.pop()  # the blank line inserted before it
            continue
        out.append(line)
    assert b"\r\n".join(out) == crlf
    # Running again adds nothing (the writer's/previous synopses are kept).
    again = run_json(capsys, tiny_model, "summarize", str(script_file), "--write")
    assert again["written"] == [] and script_file.read_bytes() == data


def test_summarize_one_scene_from_stdin(capsys, monkeypatch, tiny_model) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SCRIPT.encode("utf-8"))))
    payload = run_json(capsys, tiny_model, "summarize", "-", "--scene", "2")
    assert [s["scene"] for s in payload["scenes"]] == [2]
    assert payload["text"] == payload["scenes"][0]["text"]


def test_rewrite_keeps_structure_or_refuses(capsys, tiny_model, script_file: Path) -> None:
    first = LINES.index("MARA") + 1
    last = LINES.index("Nobody saw a thing.") + 1
    code, out, err = run(
        capsys,
        "rewrite",
        str(script_file),
        "--lines",
        f"{first}-{last}",
        "--style",
        "Noir",
        "--json",
        "--model",
        str(tiny_model.path),
        "--seed",
        "1",
    )
    if code == 0:
        payload = json.loads(out)
        assert payload["status"] in ("ok", "partial")
        new, old = payload["text"].split("\n"), payload["original"].split("\n")
        assert len(new) == len(old)
        for a, b in zip(new, old, strict=True):
            if b.isupper() or not b:  # cues and blank lines are untouched
                assert a == b
    else:
        assert code == 1 and err.startswith("screenwright ai: error:") and err.count("\n") == 1


def test_draft_is_valid_fountain_or_an_honest_refusal(capsys, tiny_model) -> None:
    code, out, err = run(
        capsys,
        "draft",
        "--describe",
        "Mara meets Hale in a diner.",
        "--characters",
        "Mara,Hale",
        "--seed",
        "3",
        "--json",
        "--model",
        str(tiny_model.path),
    )
    if code == 0:
        from editor.ai.draft import check_draft

        payload = json.loads(out)
        assert check_draft(payload["text"], ["MARA", "HALE"]) == (payload["characters"], "")
    else:
        assert err.startswith("screenwright ai: error: the model could not draft") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["complete", "{file}", "--line", "999"], "line 999 is outside the file"),
        (["complete", "{file}", "--line", "3", "--column", "99"], "column 99 is outside line 3"),
        (["next-speaker", "{file}", "--line", "3"], "is not empty"),
        (["summarize", "{file}", "--scene", "9"], "scene 9 does not exist"),
        (["rewrite", "{file}", "--lines", "9-3", "--style", "Noir"], "first line comes after the last"),
        (["complete", "{missing}", "--line", "1"], "cannot read"),
        (["complete", "{binary}", "--line", "1"], "binary"),
        (["next-speaker", "{file}", "--line", str(AFTER_PLANTED), "--model", "{missing}"], "No model at"),
        (["summarize", "-", "--write"], "--write needs a file"),
        (["summarize", "{headless}"], "no scene headings: a heading starts with INT."),
        (["complete", "{file}"], "--line"),
    ],
)
def test_errors_are_one_line_and_non_zero(capsys, tmp_path: Path, script_file: Path, argv, message) -> None:
    binary = tmp_path / "x.fountain"
    binary.write_bytes(b"\x00\x01\x02ELF\x00" * 10)
    headless = tmp_path / "play.fountain"
    headless.write_text("DINING ROOM - DAY\n\nKELLY\nHi.\n\nJAMIE\nHello.\n", encoding="utf-8")
    names = {"file": script_file, "missing": tmp_path / "nope", "binary": binary, "headless": headless}
    code, out, err = run(capsys, *[a.format(**names) for a in argv])
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith("screenwright ai: error:") and message in err


def test_missing_default_model_is_a_clear_error(
    capsys, monkeypatch, tmp_path: Path, script_file: Path
) -> None:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "empty-store"))
    code, _, err = run(capsys, "next-speaker", str(script_file), "--line", str(AFTER_PLANTED))
    assert code == 1 and "model" in err.lower() and err.count("\n") == 1


def test_no_window_and_no_qt_widgets(tiny_model, script_file: Path) -> None:
    code = (
        "import sys; from editor.ai.cli import main; "
        f"rc = main(['next-speaker', {str(script_file)!r}, '--line', '{AFTER_PLANTED}', "
        f"'--model', {str(tiny_model.path)!r}]); assert rc == 0; "
        "assert 'PySide6.QtWidgets' not in sys.modules and 'PySide6.QtGui' not in sys.modules; "
        "assert 'torch' not in sys.modules"
    )
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"MARA", "HALE", PLANTED_SPEAKER, "JUNE"}


def test_write_keeps_mixed_line_endings_byte_for_byte(capsys, tmp_path: Path) -> None:
    data = b"INT. A - DAY\r\n\r\nBob waits by the door.\n\nBOB\r\nHi.\n\n"
    data += b"EXT. B - NIGHT\n\nRain falls on BOB.\r\n"
    path = tmp_path / "mixed.fountain"
    path.write_bytes(data)
    code, out, err = run(capsys, "summarize", str(path), "--write", "--no-model", "--json")
    assert code == 0, err
    assert json.loads(out)["written"] == [1, 2]
    new = path.read_bytes()
    assert new.startswith(b"INT. A - DAY\r\n\r\n= ")
    # Take out each inserted synopsis line and the blank line before it: the original bytes.
    kept: list[bytes] = []
    for line in new.splitlines(keepends=True):
        if line.startswith(b"= "):
            kept.pop()
            continue
        kept.append(line)
    assert b"".join(kept) == data


def test_eval_stores_the_report_card_next_to_the_manifest(capsys, tiny_model_store) -> None:
    code, out, err = run(capsys, "eval", "--only", "summaries", "--json")
    assert code == 0, err
    card = json.loads(out)
    assert card["model"] == tiny_model_store.name and card["devset"] == "eval"
    assert set(card["features"]) == {"summaries"}
    verdict = card["features"]["summaries"]
    assert isinstance(verdict["enabled"], bool) and verdict["evidence"]
    stored = tiny_model_store.path / "report_card.json"
    assert card["stored"] == str(stored)
    assert json.loads(stored.read_text(encoding="utf-8"))["metrics"] == card["metrics"]
    # Summaries are never cut mid-phrase, whoever wrote them.
    assert card["metrics"]["ai.summary_truncated_rate"] == 0.0
    code, _, err = run(capsys, "eval", "--only", "bogus")
    assert code == 1 and "unknown feature 'bogus'" in err


def test_screenwright_model_eval_runs_the_editors_evaluation(tiny_model_store) -> None:
    # inference never imports editor: `screenwright-model eval` runs `screenwright ai eval` in a child.
    done = subprocess.run(
        [sys.executable, "-m", "inference.cli", "eval", "--only", "summaries", "--json", "--no-store"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert card["model"] == tiny_model_store.name and "stored" not in card
    assert not (tiny_model_store.path / "report_card.json").exists()
