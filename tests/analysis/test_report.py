"""The report's figures, checked against counts made independently from ``python -m editor.fountain parse
--json`` (a subprocess, and a test-side name normalisation), plus bad input and the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from support.synthetic import generate_script

from editor.analysis.report import build_report
from editor.fountain.parser import parse

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def _parse_json(path: Path) -> list[dict]:
    out = subprocess.run(
        [sys.executable, "-m", "editor.fountain", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)["elements"]


def _person(cue: str) -> str:
    """Test-side normalisation, written separately from editor.fountain.names."""
    cue = re.sub(r"\([^)]*\)", "", cue).replace("^", "").strip().lstrip("@")
    return " ".join(cue.split()).upper()


def _independent(elements: list[dict]) -> dict:
    speeches: Counter[str] = Counter()
    words: Counter[str] = Counter()
    scenes_of: dict[str, set[int]] = {}
    int_ext: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    scene = -1
    speaker = None
    last: tuple[int, str] | None = None
    for e in elements:
        kind = e["type"]
        if kind == "scene_heading":
            scene += 1
            head = e["text"].upper()
            int_ext[
                "INT/EXT" if head.startswith(("INT./EXT", "INT/EXT")) else head.split(".")[0].split()[0]
            ] += 1
            speaker = None
        elif kind == "character":
            speaker = _person(e["text"])
            speeches[speaker] += 1
            if scene >= 0:
                scenes_of.setdefault(speaker, set()).add(scene)
                if last and last[0] == scene and last[1] != speaker:
                    pairs[tuple(sorted((last[1], speaker)))] += 1
                last = (scene, speaker)
        elif kind == "dialogue":
            if speaker:
                words[speaker] += len(e["text"].split())
        elif kind != "parenthetical":
            speaker = None
    return {
        "scenes": scene + 1,
        "speeches": speeches,
        "words": words,
        "scenes_of": {k: len(v) for k, v in scenes_of.items()},
        "int_ext": int_ext,
        "pairs": pairs,
    }


@pytest.fixture(scope="module", params=["harbor", "synthetic"])
def script_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "harbor":
        return DATA / "harbor_lights.fountain"
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.fountain"
    path.write_text(generate_script(30), encoding="utf-8")
    return path


def test_figures_match_independent_counts(script_file: Path) -> None:
    expected = _independent(_parse_json(script_file))
    report = build_report(parse(script_file.read_text(encoding="utf-8")))
    assert len(report.scenes) == expected["scenes"]
    assert {c.name: c.speeches for c in report.characters} == dict(expected["speeches"])
    assert {c.name: c.words for c in report.characters} == {
        k: expected["words"].get(k, 0) for k in expected["speeches"]
    }
    assert {c.name: c.scenes for c in report.characters} == {
        k: expected["scenes_of"].get(k, 0) for k in expected["speeches"]
    }
    int_ext = {k.replace(".", ""): v for k, v in expected["int_ext"].items()}
    assert report.int_ext == {("I/E" if k == "I/E" else k): v for k, v in int_ext.items()}
    assert {(e.a, e.b): e.count for e in report.exchanges} == dict(expected["pairs"])
    shares = sum(c.dialogue_share for c in report.characters)
    assert shares == pytest.approx(1.0, abs=0.01)
    # Scene lengths add up to the printed length: each page is 8 eighths (rounding per scene).
    total = sum(s.eighths for s in report.scenes)
    assert abs(total - 8 * report.pages) <= max(8, len(report.scenes) // 2)
    assert sum(p.dialogue_rows for p in report.page_balance) > 0


def test_harbor_lights_known_answers() -> None:
    report = build_report(parse((DATA / "harbor_lights.fountain").read_text(encoding="utf-8")))
    assert report.title == "Harbor Lights"
    by = {c.name: c for c in report.characters}
    assert by["MAYA"].speeches == 9 and report.characters[0].name == "MAYA"  # counted by hand
    assert by["ELENA"].first_scene == 0 and by["ELENA"].last_scene == len(report.scenes) - 1
    assert report.day_night == {"day": 8, "night": 5}  # DAY, DAWN, MORNING are day
    assert report.locations[0].location == "HARBOR DOCKS"
    assert report.locations[0].scenes == 3
    # The emotional arc: the storm at sea laughs ("I've got it!") above the lie at the kitchen table.
    sea = next(s for s in report.scenes if s.location == "OPEN SEA")
    lie = next(s for s in report.scenes if s.location == "KITCHEN" and s.time_of_day == "MORNING")
    assert report.sentiment_available
    assert sea.sentiment > lie.sentiment
    terms = [t.term for t in report.themes]
    assert "maya" not in terms and "the" not in terms
    clustered = [i for c in report.clusters for i in c.scenes]
    assert report.clusters and len(clustered) == len(set(clustered))
    # Every scene that shares a word with another is grouped; one with none cannot be (cluster -1).
    assert set(clustered) == {s.index for s in report.scenes if s.keywords}
    assert all((s.cluster >= 0) == bool(s.keywords) for s in report.scenes)


def test_no_scenes_no_dialogue_empty() -> None:
    for text in ("", "Just a paragraph of action with no heading.\n\nAnother one.\n"):
        report = build_report(parse(text))
        assert report.scenes == [] and report.characters == []
        assert any("No scene headings" in n for n in report.notes)
        assert any("No dialogue" in n for n in report.notes)
        assert not report.sentiment_available
        json.dumps(report.to_json())
    silent = "INT. ROOM - DAY\n\nRain.\n\nEXT. ROAD - NIGHT\n\nA car passes.\n"
    report = build_report(parse(silent))
    assert len(report.scenes) == 2 and report.characters == [] and report.exchanges == []
    assert any("No dialogue" in n for n in report.notes)


def test_non_english_says_it_cannot_score() -> None:
    scenes = []
    for i in range(6):
        scenes.append(
            f"INT. 台所 {i} - 夜\n\n母が請求書を整理している。\n\n"
            "マヤ\n図書館にいたの。ジューンと勉強してた。\n\n"
            f"エレナ\nジューンのお母さんから電話があったわ。一日中家で寝ていたそうよ。\n"
        )
    report = build_report(parse("\n".join(scenes)))
    assert len(report.scenes) == 6
    assert {c.name for c in report.characters} == {"マヤ", "エレナ"}
    assert not report.sentiment_available
    assert any("English" in n for n in report.notes)


def test_ten_thousand_scenes_render() -> None:
    parts = [
        f"INT. ROOM {i % 300} - {'DAY' if i % 2 else 'NIGHT'}\n\nSomeone waits by door {i}.\n\n"
        f"BOB\nWhere were you, {i}?\n\nALICE\nOut. It was lovely.\n"
        for i in range(10_000)
    ]
    report = build_report(parse("\n".join(parts)))  # its time is a benchmark key, not asserted here
    assert len(report.scenes) == 10_000
    assert report.characters[0].speeches == 10_000
    assert report.exchanges[0].count == 10_000
    assert len(report.locations) == 300 and report.day_night == {"day": 5000, "night": 5000}


def test_cli_json_html_pdf(tmp_path: Path) -> None:
    src = DATA / "harbor_lights.fountain"
    run = [sys.executable, "-m", "editor.cli", "report", str(src)]
    out = subprocess.run([*run, "--json"], capture_output=True, text=True, check=True, cwd=ROOT)
    data = json.loads(out.stdout)
    assert data["scenes"][0]["line"] == 4  # 1-based, like parse --json
    html_path = tmp_path / "r.html"
    subprocess.run([*run, "--html", "-o", str(html_path), "--theme", "dark"], check=True, cwd=ROOT)
    html = html_path.read_text(encoding="utf-8")
    assert html.count("<svg") >= 9 and "Harbor Lights" in html and "MAYA" in html
    pdf_path = tmp_path / "r.pdf"
    subprocess.run([*run, "--pdf", "-o", str(pdf_path)], check=True, cwd=ROOT)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    bad = subprocess.run(
        [sys.executable, "-m", "editor.cli", "report", str(tmp_path / "missing.fountain")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1 and "error" in bad.stderr and "Traceback" not in bad.stderr
