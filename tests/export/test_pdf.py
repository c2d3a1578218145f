"""The rendered PDF, checked from outside with poppler (pdftotext, pdffonts, pdfinfo).

``qapp`` comes first in every test so the suite's QApplication exists before the renderer would
create a bare QGuiApplication of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from editor.export.common import ExportCancelled
from editor.export.pdf import export_pdf, fix_style_metadata
from editor.fountain.pagination import PaginationOptions, Paper
from editor.fountain.parser import parse

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) is not installed",
)


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdftotext(path: Path, *extra: str) -> str:
    return run("pdftotext", *extra, str(path), "-")


def page_texts(path: Path) -> list[str]:
    """Text of each page (pdftotext separates pages with form feeds)."""
    return pdftotext(path, "-layout").split("\f")[:-1]


def fonts(path: Path) -> list[list[str]]:
    lines = run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines]


SCENE = """\
Title: **THE TEST**
Credit: Written by
Author: Jo Smith
Draft date: 1 May 2026

INT. KITCHEN - NIGHT

Jo stands at the window. Rain.

JO
Where is it?

BOB (O.S.)
(muffled)
In the drawer.

CUT TO:

EXT. GARDEN - CONTINUOUS

Jo runs out into the storm.
"""


def long_script(pages: int = 3) -> str:
    scenes = []
    for k in range(pages * 4):
        scenes.append(
            f"INT. ROOM {k} - DAY\n\nMarker{k} walks in and looks around the room for a while.\n\n"
            f"ANNA\nLine {k}. I have been waiting for you. Sit down.\n"
        )
    return "\n".join(scenes)


def test_text_is_extractable_in_reading_order(qapp, tmp_path: Path) -> None:
    out = tmp_path / "scene.pdf"
    pages = export_pdf(parse(SCENE), out)
    assert pages == 2  # title page + one page
    text = pdftotext(out)
    expected = [
        "THE TEST",
        "Written by",
        "Jo Smith",
        "1 May 2026",
        "INT. KITCHEN - NIGHT",
        "Jo stands at the window. Rain.",
        "JO",
        "Where is it?",
        "BOB (O.S.)",
        "(muffled)",
        "In the drawer.",
        "CUT TO:",
        "EXT. GARDEN - CONTINUOUS",
        "Jo runs out into the storm.",
    ]
    positions = [text.find(item) for item in expected]
    assert -1 not in positions, [item for item, pos in zip(expected, positions, strict=True) if pos < 0]
    assert positions == sorted(positions)


def test_page_numbers_start_on_page_two(qapp, tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    export_pdf(parse(long_script(5)), out)
    texts = page_texts(out)
    assert len(texts) >= 3
    first_lines = [next(line.strip() for line in page.splitlines() if line.strip()) for page in texts]
    # Page 1 opens with its first scene heading, no number; then "2.", "3." at the top right.
    assert first_lines[0] == "INT. ROOM 0 - DAY"
    assert first_lines[1:] == [f"{n}." for n in range(2, len(texts) + 1)]
    assert not any(line.strip() == "1." for line in texts[0].splitlines())
    # Right-aligned: far to the right of the scene text on the layout.
    number_line = next(line for line in texts[1].splitlines() if line.strip() == "2.")
    assert len(number_line) - len(number_line.lstrip()) > 40


def test_paper_sizes(qapp, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed")
    letter, a4 = tmp_path / "letter.pdf", tmp_path / "a4.pdf"
    export_pdf(parse(SCENE), letter)
    export_pdf(parse(SCENE), a4, PaginationOptions(paper=Paper.A4))
    assert "612 x 792 pts" in run("pdfinfo", str(letter))
    assert "595" in run("pdfinfo", str(a4)) and "842" in run("pdfinfo", str(a4))


def test_more_and_contd_reach_the_pdf(qapp, tmp_path: Path) -> None:
    speech = " ".join(f"Sentence number {k} goes here." for k in range(60))
    out = tmp_path / "speech.pdf"
    export_pdf(parse(f"INT. ROOM - DAY\n\nMAYA\n{speech}\n"), out)
    texts = page_texts(out)
    assert "(MORE)" in texts[0]
    assert "MAYA (CONT'D)" in texts[1]
    words = pdftotext(out).split()
    assert sum(word == "Sentence" for word in words) == 60


def test_emphasis_uses_real_bold_and_italic_faces(qapp, tmp_path: Path) -> None:
    plain, styled = tmp_path / "plain.pdf", tmp_path / "styled.pdf"
    export_pdf(parse("Plain words only.\n"), plain)
    export_pdf(parse("Some **bold** and *italic* and _underlined_ words.\n"), styled)
    assert len(fonts(plain)) == 1
    assert len(fonts(styled)) == 3  # regular, bold, italic faces embedded (underline is a stroke)
    assert all(row[-5] == "yes" for row in fonts(styled))  # "emb" column
    assert "Some bold and italic and underlined words." in pdftotext(styled)


def test_embedded_fonts_carry_their_postscript_names(qapp, tmp_path: Path) -> None:
    # Issue 12 defect 6: pdffonts listed every embedded face without a name. The Courier Prime
    # files name all four faces "Courier Prime-Regular" (a space, which PostScript names may not
    # hold, so Qt wrote none): each face is named as its font file names it, made valid.
    from editor.export.pdf import PRIMARY_FAMILY, load_fonts

    if load_fonts() != PRIMARY_FAMILY:
        pytest.skip("Courier Prime is not installed")
    out = tmp_path / "styled.pdf"
    export_pdf(parse("INT. ROOM - DAY\n\nPlain **bold** *italic* ***both*** words.\n"), out)
    names = sorted(row[0] for row in fonts(out))
    assert names == [
        "CourierPrime-Bold",
        "CourierPrime-BoldItalic",
        "CourierPrime-Italic",
        "CourierPrime-Regular",
    ], run("pdffonts", str(out))


def test_postscript_names_are_valid_and_say_the_face() -> None:
    from editor.export.pdf import postscript_name

    assert postscript_name("Courier Prime-Regular", bold=True, italic=False) == "CourierPrime-Bold"
    assert postscript_name("Courier Prime-Regular", bold=True, italic=True) == "CourierPrime-BoldItalic"
    assert postscript_name("Courier Prime-Regular", bold=False, italic=False) == "CourierPrime-Regular"
    assert postscript_name("CourierPrime-Italic", bold=False, italic=True) == "CourierPrime-Italic"
    assert postscript_name("CourierPrime", bold=False, italic=False) == "CourierPrime"
    assert postscript_name("Odd (Font)/Name", bold=False, italic=True) == "OddFontName-Italic"


def test_style_metadata_fix_only_touches_flags() -> None:
    path = next(
        iter(sorted(Path("/usr/share/fonts/opentype/courier-prime").glob("Courier Prime Bold.otf"))), None
    )
    if path is None:
        pytest.skip("Courier Prime is not installed")
    data = path.read_bytes()
    fixed = fix_style_metadata(data, bold=True, italic=False)
    assert len(fixed) == len(data)
    assert sum(a != b for a, b in zip(data, fixed, strict=True)) <= 6
    assert fix_style_metadata(b"not a font", bold=True, italic=False) == b"not a font"


NON_LATIN = {
    "russian": "Привет, как дела?",
    "greek": "Γειά σου κόσμε",
    "hebrew": "שלום עולם",
    "chinese": "你好，世界",
    "japanese": "こんにちは、世界",
}


def test_non_latin_lines_print_with_real_glyphs(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QFontDatabase, QRawFont

    from editor.export.pdf import FALLBACK_FAMILIES, PRIMARY_FAMILY, _font, load_fonts

    families = set(QFontDatabase.families())
    if not {"DejaVu Sans", "WenQuanYi Micro Hei"} <= families:
        pytest.skip("fallback fonts missing: apt-get install fonts-dejavu-core fonts-wqy-microhei")
    load_fonts()
    # Every character has a glyph in some font of the chain the renderer uses.
    chain = [PRIMARY_FAMILY, *[f for f in FALLBACK_FAMILIES if f in families]]
    raws = [QRawFont.fromFont(_font(family, 12, False, False, False)) for family in chain]
    for text in NON_LATIN.values():
        for ch in text.replace(" ", ""):
            assert any(raw.supportsCharacter(ord(ch)) for raw in raws), f"no font has {ch!r}"

    body = "\n\n".join(f"{name.upper()}\n{line}" for name, line in NON_LATIN.items())
    out = tmp_path / "intl.pdf"
    export_pdf(parse("INT. EVERYWHERE - DAY\n\n" + body + "\n"), out)
    text = pdftotext(out)
    for name, line in NON_LATIN.items():
        if name == "hebrew":  # right-to-left: extraction order of the two words may flip
            assert all(word in text for word in line.split()), name
        else:
            assert line in text, name
    embedded = fonts(out)
    assert all(row[-5] == "yes" for row in embedded)
    names = " ".join(row[0] for row in embedded)
    # The fallbacks that carry the glyphs are embedded, not referenced: DejaVu for Cyrillic, Greek
    # and Hebrew (Courier Prime has none of them), WenQuanYi for Chinese and Japanese.
    assert "DejaVuSans" in names
    assert "WenQuanYi" in names
    assert len(embedded) >= 3


def test_progress_cancel_and_no_partial_file(qapp, tmp_path: Path) -> None:
    script = parse(long_script(20))
    seen: list[float] = []
    out = tmp_path / "p.pdf"
    export_pdf(script, out, progress=seen.append)
    assert seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    cancelled_out = tmp_path / "c.pdf"
    calls = iter(range(1000))
    with pytest.raises(ExportCancelled):
        export_pdf(script, cancelled_out, cancelled=lambda: next(calls) > 3)
    assert not cancelled_out.exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_renders_from_a_worker_thread(qapp, tmp_path: Path) -> None:
    out = tmp_path / "thread.pdf"
    result: list[object] = []

    def work() -> None:
        try:
            result.append(export_pdf(parse(SCENE), out))
        except Exception as exc:  # reported to the main thread below
            result.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert result == [2]
    assert "INT. KITCHEN - NIGHT" in pdftotext(out)


def test_unwritable_target_raises_oserror(qapp, tmp_path: Path) -> None:
    with pytest.raises(OSError, match="missing"):
        export_pdf(parse(SCENE), tmp_path / "missing" / "x.pdf")


def test_a_tab_prints_as_four_spaces_where_the_layout_counted_four(qapp, tmp_path: Path) -> None:
    # Fountain: "Tabs are converted to four spaces." Qt would draw a tab to its own stop instead,
    # off the cells the wrap counted.
    long_line = "\t" + " ".join(["word"] * 11) + " tail"  # 4 + 59 cells: "tail" wraps at 61
    out = tmp_path / "tab.pdf"
    export_pdf(
        parse(f"INT. A - DAY\n\n\tHe walks in.\n\n{long_line}\n"), out, PaginationOptions(title_page=False)
    )
    boxes = run("pdftotext", "-bbox", str(out), "-")
    x = {}
    for word in ("INT.", "He", "tail"):
        line = next(b for b in boxes.splitlines() if b.strip().endswith(f">{word}</word>"))
        x[word] = float(line.split('xMin="')[1].split('"')[0])
    cell = 72 / 10  # Courier 12 pt: ten characters an inch
    assert x["He"] - x["INT."] == pytest.approx(4 * cell, abs=0.5)
    assert x["tail"] == pytest.approx(x["INT."], abs=0.5)  # wrapped to the next line's start
