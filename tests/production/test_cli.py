"""``screenwright compare`` and ``screenwright provenance`` from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support.drafts import revise
from support.synthetic import generate_script

from editor.cli import main
from editor.fountain.fdx import to_fdx
from editor.fountain.parser import parse
from editor.production import storage
from editor.production.marks import Span
from editor.production.storage import ProductionData


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("drafts")
    old = generate_script(pages=12, seed=5)
    (folder / "old.fountain").write_text(old, encoding="utf-8")
    (folder / "new.fountain").write_text(revise(old, seed=6, line_edits=5).text, encoding="utf-8")
    return folder / "old.fountain", folder / "new.fountain"


def test_compare_with_itself_says_no_changes(drafts, capsys) -> None:
    old, _new = drafts
    assert main(["compare", str(old), str(old)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No changes: the two drafts are the same.")
    assert "Changed pages: none" in out


def test_compare_json_lists_changed_scenes_and_pages(drafts, capsys) -> None:
    old, new = drafts
    assert main(["compare", str(old), str(new), "--json", "--color", "pink", "--date", "2026-12-03"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (
        payload["counts"]["added"] == 1
        and payload["counts"]["omitted"] == 1
        and payload["counts"]["moved"] == 2
    )
    assert payload["changed_pages"] and all(isinstance(p, int) for p in payload["changed_pages"])
    assert payload["revision"] == {"color": "Pink", "date": "2026-12-03"}
    statuses = {scene["status"] for scene in payload["scenes_changed"]}
    assert statuses <= {"changed", "moved", "added", "omitted"}


def test_compare_with_an_fdx_draft(drafts, tmp_path: Path, capsys) -> None:
    old, new = drafts
    fdx = tmp_path / "old.fdx"
    fdx.write_text(to_fdx(parse(old.read_text(encoding="utf-8"))), encoding="utf-8")
    assert main(["compare", str(fdx), str(new), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["related"] and payload["counts"]["added"] == 1


def test_compare_different_scripts_and_bad_input(drafts, tmp_path: Path, capsys) -> None:
    old, _new = drafts
    other = tmp_path / "other.fountain"
    other.write_text(generate_script(pages=4, seed=77), encoding="utf-8")
    assert main(["compare", str(old), str(other)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("These look like different scripts")
    assert len(out.splitlines()) <= 3
    assert main(["compare", str(old), str(tmp_path / "missing.fountain")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.fountain" in err and "no such file" in err
    assert main(["compare", str(old), str(old), "--color", "mauve"]) == 1
    assert "unknown revision colour 'mauve'" in capsys.readouterr().err
    binary = tmp_path / "x.fountain"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["compare", str(old), str(binary)]) == 1
    assert "binary file" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_compare_to_pdf_changed_pages_only(drafts, tmp_path: Path, capsys, qapp) -> None:
    old, new = drafts
    out = tmp_path / "revised.pdf"
    assert main(["compare", str(old), str(new), "--to", "pdf", "-o", str(out), "--changed-pages-only"]) == 0
    said = capsys.readouterr().out
    pages = [int(p) for p in said.split("changed pages: ")[1].rstrip(")\n").split(", ")]
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    printed = text.split("\f")[:-1]
    assert len(printed) == len(pages)
    assert all(any(line.rstrip().endswith("*") for line in page.split("\n")) for page in printed)
    assert main(["compare", str(old), str(old), "--to", "pdf", "-o", str(out), "--changed-pages-only"]) == 1
    assert "no line changed" in capsys.readouterr().err


def test_compare_a_ten_megabyte_draft_gives_a_clear_answer(drafts, tmp_path: Path, capsys) -> None:
    old, _new = drafts
    big = tmp_path / "big.fountain"
    big.write_text(generate_script(pages=10500, seed=2), encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    assert main(["compare", str(old), str(big)]) == 0
    assert capsys.readouterr().out.startswith("These look like different scripts")


def test_provenance(tmp_path: Path, capsys) -> None:
    body = "INT. KITCHEN - DAY\n\nMaya pours coffee.\n\nMAYA\nMorning, sunshine.\n"
    start = body.index("Morning")
    data = ProductionData(spans=[Span(start, start + 18, "SmolLM2-135M-Instruct", "2026-12-03", "ghost")])
    path = tmp_path / "s.fountain"
    path.write_text(storage.join(body, data), encoding="utf-8")
    assert main(["provenance", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ai_words"] == 2 and payload["lines"] == [6]
    assert payload["models"] == {"SmolLM2-135M-Instruct": 2}
    assert main(["provenance", str(path)]) == 0
    assert "line 6: 2 words by SmolLM2-135M-Instruct (2026-12-03)" in capsys.readouterr().out
