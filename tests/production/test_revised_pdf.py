"""Revised pages in PDF, read back with poppler's ``pdftotext -layout``.

Every changed line, and only those, ends with an asterisk in the right margin; changed pages carry
the revision colour and date at the top; "changed pages only" prints exactly those pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.drafts import revise
from support.synthetic import generate_script

from editor.export.pdf import export_pdf
from editor.fountain.pagination import LineKind, PaginationOptions, paginate
from editor.fountain.parser import parse
from editor.production.compare import changed_pages, compare_texts
from editor.production.revised import RevisedPrint

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_pages(path: Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [[line.rstrip() for line in page.split("\n")] for page in out.split("\f")[:-1]]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def expected_rows(page, marks: set[int]) -> tuple[list[str], list[str]]:
    """(marked row texts, unmarked row texts) of a paginated page, as pdftotext would show them."""
    rows: dict[int, list] = {}
    for line in page.lines:
        if line.kind is not LineKind.PAGE_NUMBER:
            rows.setdefault(line.row, []).append(line)
    marked, plain = [], []
    for _row, items in sorted(rows.items()):
        text = squash(" ".join(item.text for item in sorted(items, key=lambda i: i.x_in)))
        if not text:
            continue
        hit = any(
            i.source_line in marks and i.kind not in (LineKind.SCENE_NUMBER, LineKind.MORE) and i.text.strip()
            for i in items
        )
        (marked if hit else plain).append(text)
    return marked, plain


@pytest.fixture(scope="module")
def drafts() -> tuple[str, str]:
    old = generate_script(pages=14, seed=3)
    return old, revise(old, seed=4, line_edits=6).text


def test_every_changed_line_and_only_those_carry_an_asterisk(qapp, tmp_path: Path, drafts) -> None:
    old, new = drafts
    comparison = compare_texts(old, new)
    marks = set(comparison.changed_lines)
    assert len(marks) >= 10
    script = parse(new)
    options = PaginationOptions(scene_numbers=True)
    out = tmp_path / "revised.pdf"
    export_pdf(script, out, options, revised=RevisedPrint(dict.fromkeys(marks, 1), 1, "2026-12-03"))
    pagination = paginate(script, options)
    pages = pdf_pages(out)
    assert len(pages) == pagination.page_count + 1  # title page first
    assert "*" not in "".join(pages[0])
    seen = 0
    for page, text_lines in zip(pagination.pages, pages[1:], strict=True):
        want_marked, want_plain = expected_rows(page, marks)
        got_marked = [squash(line[:-1]) for line in text_lines if line.endswith("*")]
        got_plain = [squash(line) for line in text_lines if line.strip() and not line.endswith("*")]
        assert got_marked == want_marked, f"page {page.number}"
        for text in want_plain:
            assert any(text in line for line in got_plain), (page.number, text)
        header = [line for line in text_lines if "Blue Revision - 12/03/2026" in line]
        assert len(header) == (1 if want_marked else 0), f"page {page.number}"
        seen += len(want_marked)
    assert seen >= len(marks)


def test_changed_pages_only(qapp, tmp_path: Path, drafts) -> None:
    old, new = drafts
    comparison = compare_texts(old, new)
    script = parse(new)
    pages = changed_pages(paginate(script), comparison.changed_lines)
    assert 0 < len(pages) < paginate(script).page_count
    out = tmp_path / "changed.pdf"
    count = export_pdf(
        script, out, revised=RevisedPrint(dict.fromkeys(comparison.changed_lines, 2), 2, "2026-12-03", True)
    )
    assert count == len(pages)
    printed = pdf_pages(out)
    for number, text_lines in zip(pages, printed, strict=True):
        assert (
            any(
                "Pink Revision - 12/03/2026" in line and line.rstrip().endswith(f"{number}.")
                for line in text_lines
            )
            or number == 1
        )
        assert any(line.endswith("*") for line in text_lines)
