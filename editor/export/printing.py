"""File ▸ Print: the PDF's pages, drawn on a printer.

Printing does not lay anything out again: it paginates with the same options as the PDF and hands
the pages to ``PdfRenderer.paint``, the code that draws the PDF, with the printer as the device. So
the printed page, the PDF and the page view (which breaks lines where this pagination does) agree.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from editor.export.common import ExportCancelled, title_field
from editor.export.pdf import PdfRenderer, ensure_gui_application, load_fonts
from editor.fountain.model import Script
from editor.fountain.pagination import PaginationCancelled, PaginationOptions, Paper, paginate


def prepare_printer(printer: QPrinter, paper: Paper) -> None:
    """Paper size and a full-page coordinate system (the pages carry their own margins)."""
    size = QPageSize(QPageSize.PageSizeId.Letter if paper is Paper.LETTER else QPageSize.PageSizeId.A4)
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Inch)
    )


def print_script(
    script: Script,
    printer: QPrinter,
    options: PaginationOptions,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print ``script`` on ``printer`` as the PDF would show it; returns the pages printed.

    The printer's page range (from the print dialog) is honoured; page numbers count the title page
    as the PDF viewer does.
    """
    ensure_gui_application()
    family = load_fonts()
    try:
        pagination = paginate(script, options, cancelled=cancelled)
    except PaginationCancelled:
        raise ExportCancelled from None
    title = title_field(script.title_page, "title")
    renderer = PdfRenderer(
        pagination, title=title, author=title_field(script.title_page, "author", "authors")
    )
    pages = renderer.pages()
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or len(pages)
        pages = pages[printer.fromPage() - 1 : last]
    prepare_printer(printer, Paper(options.paper))
    printer.setDocName(title or "Screenplay")
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        renderer.paint(
            painter, printer, pages, printer.resolution(), family, progress=progress, cancelled=cancelled
        )
    finally:
        painter.end()
    return len(pages)
