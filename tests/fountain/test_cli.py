"""``python -m editor.fountain``: JSON output, stdin, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.fountain.__main__ import main as cli_main
from editor.fountain.parser import parse

TEXT = "Title: X\n\nINT. HOUSE - DAY #3#\n\nBOB\n(beat)\nHi.\n\nALICE ^\nHello.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "editor.fountain", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_parse_json_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.fountain"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode())
    done = run("parse", str(path), "--json")
    assert done.returncode == 0, done.stderr
    elements = json.loads(done.stdout)["elements"]
    assert elements[0] == {
        "type": "title_page",
        "text": "",
        "line": 1,
        "end_line": 1,
        "start": 0,
        "end": 8,
        "fields": {"Title": "X"},
    }
    heading = elements[1]
    assert (heading["type"], heading["text"], heading["line"], heading["scene_number"]) == (
        "scene_heading",
        "INT. HOUSE - DAY",
        3,
        "3",
    )
    assert [e["type"] for e in elements[2:]] == [
        "character",
        "parenthetical",
        "dialogue",
        "character",
        "dialogue",
    ]
    assert elements[5]["dual"] is True and "dual" not in elements[2]


def test_parse_and_stats_from_stdin() -> None:
    done = run("parse", "-", "--json", stdin=TEXT.encode())
    assert done.returncode == 0 and len(json.loads(done.stdout)["elements"]) == 7
    done = run("stats", "-", "--json", stdin=TEXT.encode())
    stats = json.loads(done.stdout)
    assert stats["scenes"] == 1 and stats["speeches_per_character"] == {"BOB": 1, "ALICE": 1}
    assert stats["element_counts"]["character"] == 2 and stats["locations"] == ["HOUSE"]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "img.fountain"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    bad_utf8 = tmp_path / "old.fountain"
    bad_utf8.write_bytes(b"Caf\xe9\n")
    for args in (
        ("parse", str(binary), "--json"),
        ("stats", str(bad_utf8), "--json"),
        ("parse", str(tmp_path / "missing.fountain"), "--json"),
    ):
        done = run(*args)
        assert done.returncode == 2
        err = done.stderr.decode()
        assert err.count("\n") == 1 and err.startswith("error:") and "Traceback" not in err
        assert done.stdout == b""
    done = run("parse", "-", "--json", stdin=b"ab\x00cd")
    assert done.returncode == 2 and b"binary" in done.stderr


def test_explicit_encoding_and_human_output(tmp_path: Path) -> None:
    path = tmp_path / "old.fountain"
    path.write_bytes(b"INT. CAF\xc9 - DAY\n\nAction.\n")
    done = run("parse", str(path), "--encoding", "cp1252")
    assert done.returncode == 0 and "scene_heading" in done.stdout.decode()
    done = run("types", str(path), "--encoding", "cp1252")
    assert "SCENE_HEADING" in done.stdout.decode()


RICH = (
    'Title: **Ünïcode** "quoted"\nAuthor: A\\B\n\n'
    "# ACT ONE\n\n= A synopsis.\n\n.FLASHBACK #12A#\n\n"
    'MAYA (V.O.)\n(whispering)\nCafé — "naïve" \\ tab\there 東京。\n\n'
    "BOB ^\nYes.\n\n[[A note]]\n\n===\n\n> THE END <\n"
)


def test_parse_json_output_is_the_standard_indented_json_without_its_slow_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # json.dump(..., indent=1) encodes every value with the pure-Python generator encoder
    # (json.encoder._make_iterencode): 3.9 s for a 118k-line script whose parse takes 0.27 s.
    # The bytes tools read must stay the same.
    path = tmp_path / "rich.fountain"
    path.write_text(RICH, encoding="utf-8")
    script = parse(RICH)
    expected_parse = (
        json.dumps({"elements": [e.to_json() for e in script.elements]}, ensure_ascii=False, indent=1) + "\n"
    )
    stats = script.stats.to_json()
    stats["locations"] = script.locations
    stats["times_of_day"] = script.times_of_day
    expected_stats = json.dumps(stats, ensure_ascii=False, indent=1) + "\n"

    def slow_encoder(*args: object, **kwargs: object) -> object:
        raise AssertionError("the indented output went through json's pure-Python encoder")

    monkeypatch.setattr(json.encoder, "_make_iterencode", slow_encoder)
    assert cli_main(["parse", str(path), "--json"]) == 0
    assert capsys.readouterr().out == expected_parse
    assert cli_main(["stats", str(path), "--json"]) == 0
    assert capsys.readouterr().out == expected_stats
