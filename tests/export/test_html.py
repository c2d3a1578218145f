"""HTML export: same pages as the PDF, escaped text, emphasis tags, nothing fetched from outside."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from editor.export.html import export_html, render_html
from editor.fountain.pagination import PaginationOptions, Paper, paginate
from editor.fountain.parser import parse

SCENE = """\
Title: Fish & <Chips>
Author: Jo

INT. KITCHEN - NIGHT

Jo reads the **menu** & *sighs*.

JO
Where is it?

BOB
Here.

ANN ^
There.
"""


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pages = 0
        self.lines: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self._current: list[str] | None = None
        self._class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append(tag)
        self.urls.extend(v for k, v in attrs if k in ("src", "href") and v)
        if tag == "section":
            self.pages += 1
        if tag == "p":
            self._current = []
            self._class = attr.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._current is not None:
            self.lines.append((self._class, "".join(self._current)))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def collect(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def test_html_has_the_pdf_pages_and_lines(tmp_path: Path) -> None:
    script = parse(SCENE)
    out = tmp_path / "scene.html"
    pages = export_html(script, out)
    html = out.read_text(encoding="utf-8")
    doc = collect(html)
    assert pages == 2 and doc.pages == 2  # title page + one page
    texts = [text for _cls, text in doc.lines]
    assert texts[:2] == ["Fish & <Chips>", "Jo"]
    assert "Jo reads the menu & sighs." in texts
    assert ("line character", "JO") in doc.lines
    assert {"b", "i"} <= set(doc.tags)
    assert "<title>Fish &amp; &lt;Chips&gt;</title>" in html
    assert doc.urls == []  # self-contained: nothing to fetch


def test_dual_dialogue_sits_side_by_side() -> None:
    pagination = paginate(parse(SCENE))
    html = render_html(pagination)
    bob = next(line for line in pagination.pages[0].lines if line.text == "BOB")
    ann = next(line for line in pagination.pages[0].lines if line.text == "ANN")
    assert bob.row == ann.row and ann.x_in > bob.x_in
    assert f"left:{ann.x_in:.4f}in" in html


def test_a4_sheet_size() -> None:
    html = render_html(paginate(parse(SCENE), PaginationOptions(paper=Paper.A4)))
    assert "width: 8.27in" in html and "size: A4" in html


def test_emphasis_across_a_line_break_prints_no_markers() -> None:
    html = render_html(paginate(parse("INT. HOUSE - DAY\n\nJo **runs\nfast** and _very\nfar_.\n")))
    body = html[html.index("<body") :]
    assert "**" not in body and "_very" not in body and "far_" not in body
    assert "runs" in body and "fast" in body
