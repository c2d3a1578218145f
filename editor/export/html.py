"""HTML export: the paginated screenplay as a standalone web page, for sharing and preview.

The page is built from the same ``Pagination`` as the PDF, so it breaks where the PDF breaks and
shows the same page numbers, ``(MORE)``/``(CONT'D)`` and dual-dialogue columns. Each printed line
is an absolutely positioned element on a US Letter / A4 sheet, measured in inches, so browsers
render (and print) it at the real scale. One self-contained file: inline CSS, no scripts, nothing
fetched from the network; pure Python, no Qt.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from editor.export.common import ExportCancelled, title_field
from editor.fountain.model import Script
from editor.fountain.pagination import (
    Page,
    PageLine,
    Pagination,
    PaginationCancelled,
    PaginationOptions,
    paginate,
)
from inference.fsio import atomic_write

_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #e8e8e8; }
.page {
  position: relative; box-sizing: border-box; overflow: hidden;
  width: %(width)sin; height: %(height)sin; margin: 0.3in auto; background: #fff;
  box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25);
  font-family: "Courier Prime", "Courier New", Courier, "DejaVu Sans Mono", monospace;
  font-size: 12pt; line-height: %(line)sin; color: #000;
}
.line { position: absolute; white-space: pre; tab-size: 4; margin: 0; }
.note { color: #555; }
b { font-weight: bold; } i { font-style: italic; } u { text-decoration: underline; }
@page { size: %(paper)s; margin: 0; }
@media print {
  body { background: none; }
  .page { margin: 0; box-shadow: none; page-break-after: always; break-after: page; }
}
"""


def _line_html(line: PageLine, top_in: float, lpi: float, page_number_top_in: float) -> str:
    parts: list[str] = []
    for run in line.runs:
        text = html.escape(run.text, quote=False)
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    y = page_number_top_in if line.kind == "page_number" else top_in + line.row / lpi
    return (
        f'<p class="line {line.kind}" style="top:{y:.4f}in;left:{line.x_in:.4f}in" '
        f'data-source-line="{line.source_line + 1 if line.source_line >= 0 else ""}">{"".join(parts)}</p>'
    )


def _page_html(page: Page, pagination: Pagination) -> str:
    g = pagination.geometry
    label = "title page" if page.is_title else f"page {page.number}"
    lines = "\n".join(_line_html(line, g.top_in, g.lpi, g.page_number_top_in) for line in page.lines)
    return f'<section class="page" aria-label="{label}">\n{lines}\n</section>'


def render_html(
    pagination: Pagination,
    *,
    title: str = "",
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """The whole document as one HTML string."""
    g = pagination.geometry
    css = _CSS % {
        "width": g.width_in,
        "height": g.height_in,
        "line": round(1 / g.lpi, 4),
        "paper": "letter" if g.paper == "letter" else "A4",
    }
    pages = ([pagination.title_page] if pagination.title_page is not None else []) + pagination.pages
    body: list[str] = []
    for index, page in enumerate(pages):
        if cancelled is not None and cancelled():
            raise ExportCancelled
        body.append(_page_html(page, pagination))
        if progress is not None:
            progress((index + 1) / len(pages))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="generator" content="Screenwright">\n'
        f"<title>{html.escape(title or 'Screenplay')}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def export_html(
    script: Script,
    path: str | Path,
    options: PaginationOptions | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write ``script`` as HTML to ``path`` (atomically); returns the number of pages."""
    try:
        pagination = paginate(script, options, cancelled=cancelled)
    except PaginationCancelled:
        raise ExportCancelled from None
    title = title_field(script.title_page, "title")
    text = render_html(pagination, title=title, progress=progress, cancelled=cancelled)
    atomic_write(Path(path), text.encode("utf-8"))
    return pagination.page_count + (1 if pagination.title_page is not None else 0)
