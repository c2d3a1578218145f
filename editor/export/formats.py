"""One entry point per direction for the editor's menus and the command line.

``export_script`` and ``import_fdx`` are plain functions that a Qt worker (QRunnable) can call off
the UI thread: they report progress through a callback (0..1) and stop when ``cancelled()`` turns
true, raising ``ExportCancelled`` and leaving no partial file behind.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.export.common import ExportCancelled
from editor.fountain.fdx import FdxOptions, to_fdx
from editor.fountain.model import Script
from editor.fountain.pagination import PaginationOptions, Paper
from editor.production import storage
from editor.production.fdx_revisions import fdx_to_fountain_with_marks, revision_options
from editor.production.revised import RevisedPrint
from editor.production.storage import ProductionData, Revision
from inference.fsio import atomic_write

__all__ = ["ExportCancelled", "ExportOptions", "ExportResult", "Format", "export_script", "import_fdx"]


class Format(enum.StrEnum):
    PDF = "pdf"
    FDX = "fdx"
    HTML = "html"

    @property
    def suffix(self) -> str:
        return "." + self.value


@dataclass(frozen=True, slots=True)
class ExportOptions:
    paper: Paper = Paper.LETTER
    scene_numbers: bool = False
    print_notes: bool = False
    title_page: bool = True
    bold_headings: bool = False
    # Revised pages: PDF asterisks and headers (and changed pages only); FDX revision marks.
    revised: RevisedPrint | None = None

    def pagination(self) -> PaginationOptions:
        return PaginationOptions(
            paper=self.paper,
            scene_numbers=self.scene_numbers,
            print_notes=self.print_notes,
            title_page=self.title_page,
            bold_headings=self.bold_headings,
        )


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    pages: int | None  # printed pages (title page included) for PDF and HTML


def export_script(
    script: Script,
    path: str | Path,
    fmt: Format | str,
    options: ExportOptions | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write ``script`` to ``path`` as PDF, FDX or HTML."""
    fmt = Format(fmt)
    options = options or ExportOptions()
    target = Path(path)
    if fmt is Format.PDF:
        from editor.export.pdf import export_pdf  # Qt only when a PDF is asked for

        pages = export_pdf(
            script,
            target,
            options.pagination(),
            progress=progress,
            cancelled=cancelled,
            revised=options.revised,
        )
        return ExportResult(target, pages)
    if fmt is Format.HTML:
        from editor.export.html import export_html

        pages = export_html(script, target, options.pagination(), progress=progress, cancelled=cancelled)
        return ExportResult(target, pages)
    if cancelled is not None and cancelled():
        raise ExportCancelled
    fdx_options = FdxOptions(scene_numbers=options.scene_numbers)
    if options.revised is not None and options.revised.marks:
        fdx_options = revision_options(options.revised.marks, fdx_options)
    xml = to_fdx(script, fdx_options)
    atomic_write(target, xml.encode("utf-8"))
    if progress is not None:
        progress(1.0)
    return ExportResult(target, None)


def import_fdx(path: str | Path) -> str:
    """Fountain text for the FDX file at ``path`` (``FdxError`` or ``OSError`` on failure).

    Final Draft's revision marks come along in the trailing settings block the editor reads
    (``editor.production.storage``); a file without marks gives plain Fountain.
    """
    return fdx_bytes_to_fountain(Path(path).read_bytes())


def fdx_bytes_to_fountain(data: bytes) -> str:
    """``import_fdx`` for bytes already read (the command line reads them itself)."""
    text, marks = fdx_to_fountain_with_marks(data)
    if not marks:
        return text
    revisions = [Revision(generation, "") for generation in sorted(set(marks.values()))]
    return storage.join(text, ProductionData(revisions=revisions, marks=marks))
