"""``screenwright export`` / ``screenwright import``: outputs, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.cli import main

SCENE = "Title: Test\n\nINT. KITCHEN - NIGHT\n\nJo waits.\n\nJO\nWell?\n"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "scene.fountain"
    path.write_text(SCENE, encoding="utf-8")
    return path


def one_line_error(err: str, prog: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith(prog)]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_export_fdx_and_html_next_to_the_script(script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(script), "--to", "fdx"]) == 0
    assert main(["export", str(script), "--to", "html", "--paper", "a4", "--scene-numbers"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {script.with_suffix('.fdx')}" in out
    assert "pages" in out
    assert "<FinalDraft" in script.with_suffix(".fdx").read_text(encoding="utf-8")
    html = script.with_suffix(".html").read_text(encoding="utf-8")
    assert "size: A4" in html and 'class="line scene_number"' in html


def test_export_pdf(qapp, script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "scene.pdf"
    out.parent.mkdir()
    assert main(["export", str(script), "--to", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "(2 pages)" in capsys.readouterr().out


def test_format_from_the_output_name_and_stdout(script: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(script), "-o", str(tmp_path / "x.fdx")]) == 0
    assert (tmp_path / "x.fdx").exists()
    capsys.readouterr()
    assert main(["export", str(script), "--to", "fdx", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<?xml")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["export", "{missing}", "--to", "pdf"], 1, "no such file or directory"),
        (["export", "{script}"], 1, "--to pdf|fdx|html"),
        (["export", "{script}", "--to", "docx"], 2, "invalid choice"),
        (["export", "{binary}", "--to", "fdx"], 1, "binary file"),
        (["export", "{script}", "--to", "pdf", "-o", "-"], 1, "standard output"),
        (["export", "{script}", "--to", "fdx", "-o", "{script}"], 1, "overwrite the script itself"),
        (["export", "{script}", "--to", "fdx", "-o", "{tmp}/no/such/dir/x.fdx"], 1, "no such file"),
        (["import", "{missing}"], 1, "no such file or directory"),
        (["import", "{badfdx}", "-o", "-"], 1, "not a Final Draft document"),
    ],
)
def test_errors_are_one_line_with_exit_codes(
    argv: list[str], code: int, message: str, script: Path, tmp_path: Path, capsys
) -> None:
    binary = tmp_path / "binary.fountain"
    binary.write_bytes(b"\x00\x01\x02\x03")
    badfdx = tmp_path / "bad.fdx"
    badfdx.write_text("<html/>", encoding="utf-8")
    names = {
        "missing": str(tmp_path / "missing.fountain"),
        "script": str(script),
        "binary": str(binary),
        "badfdx": str(badfdx),
        "tmp": str(tmp_path),
    }
    argv = [arg.format(**names) for arg in argv]
    assert main(argv) == code
    prog = f"screenwright {argv[0]}"
    assert message in one_line_error(capsys.readouterr().err, prog)


def test_import_round_trip_and_refuse_to_overwrite(script: Path, tmp_path: Path, capsys) -> None:
    fdx = tmp_path / "scene.fdx"
    assert main(["export", str(script), "--to", "fdx", "-o", str(fdx)]) == 0
    # scene.fountain exists already: import must not clobber the writer's file.
    assert main(["import", str(fdx)]) == 1
    assert "--force" in one_line_error(capsys.readouterr().err, "screenwright import")
    assert script.read_text(encoding="utf-8") == SCENE
    back = tmp_path / "back.fountain"
    assert main(["import", str(fdx), "-o", str(back)]) == 0
    assert back.read_text(encoding="utf-8") == SCENE
    assert main(["import", str(fdx), "-o", str(back), "--force"]) == 0


def test_help_exits_zero(capsys) -> None:
    assert main(["export", "--help"]) == 0
    assert "--scene-numbers" in capsys.readouterr().out
    assert main(["import", "--help"]) == 0


def test_encoding_option_reads_old_windows_files(tmp_path: Path, capsys) -> None:
    path = tmp_path / "old.fountain"
    path.write_bytes("INT. CAFÉ - DAY\n\nZoë orders a crème brûlée.\n".encode("cp1252"))
    assert main(["export", str(path), "--to", "fdx"]) == 1
    assert "cp1252" in one_line_error(capsys.readouterr().err, "screenwright export")  # the hint
    assert main(["export", str(path), "--to", "fdx", "--encoding", "cp1252"]) == 0
    assert "Zoë orders a crème brûlée." in path.with_suffix(".fdx").read_text(encoding="utf-8")
