"""Render a paginated screenplay to PDF with Qt (QPdfWriter + QPainter).

Only drawing happens here; where every line goes was decided by ``editor.fountain.pagination``, the
same engine that gives the status bar its page count. The PDF carries real text (selectable,
searchable, extractable) in embedded fonts: Courier Prime for Latin text, and for the scripts it
lacks (Cyrillic, Greek, Hebrew, Chinese, Japanese...) an explicit fallback list of fonts that have
them, so a line of Russian or Japanese dialogue prints as glyphs instead of empty boxes, the most
common complaint writers have about open screenwriting tools.

Works headless (``QT_QPA_PLATFORM=offscreen``) with only a ``QGuiApplication``, and from a worker
thread: QPainter on a QPdfWriter is thread-safe as long as each thread has its own painter.
"""

from __future__ import annotations

import io
import logging
import os
import re
import struct
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QMarginsF, QPointF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from editor.export.common import ExportCancelled, title_field
from editor.fountain.model import Script
from editor.fountain.pagination import (
    TAB_CELLS,
    LineKind,
    Page,
    PageGeometry,
    Pagination,
    PaginationCancelled,
    PaginationOptions,
    Paper,
    paginate,
)
from editor.production.revised import MARK, UNMARKED_KINDS, RevisedPrint
from inference.fsio import replacing

log = logging.getLogger(__name__)

PRIMARY_FAMILY = "Courier Prime"
# Tried in order for characters Courier Prime lacks; Qt then falls back through fontconfig.
FALLBACK_FAMILIES = (
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "DejaVu Sans",
    "WenQuanYi Micro Hei Mono",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Droid Sans Fallback",
)
_FONT_DIRS = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/courier-prime"),
    Path("/usr/share/fonts/opentype/courier-prime"),
)
_DPI = 1200
_fonts_lock = threading.Lock()
_fonts_loaded = False


def ensure_gui_application() -> None:
    """QPdfWriter needs a QGuiApplication for fonts; the command line has none yet."""
    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def courier_prime_files() -> list[Path]:
    """The four Courier Prime faces from the first folder that has them (bundled fonts first)."""
    for folder in _FONT_DIRS:
        if not folder.is_dir():
            continue
        found = [
            path
            for path in sorted(folder.iterdir())
            if path.suffix.lower() in (".otf", ".ttf")
            and "courier" in path.name.lower()
            and "prime" in path.name.lower()
            and not any(word in path.name.lower() for word in ("code", "sans"))
        ]
        if found:
            return found
    return []


def fix_style_metadata(data: bytes, bold: bool, italic: bool) -> bytes:
    """Make a font file say which face it is (weight, bold and italic flags).

    Debian's Courier Prime files all declare themselves "Regular", weight 300, so Qt cannot tell
    the four faces apart and prints every line in whichever it found first (bold italic, here).
    The three fixed-size fields that font matchers read are rewritten in memory: OS/2
    ``usWeightClass`` and ``fsSelection`` and head ``macStyle``. Table checksums are not used
    by FreeType.
    """
    buf = bytearray(data)
    try:
        (count,) = struct.unpack_from(">H", buf, 4)
        tables: dict[bytes, int] = {}
        for k in range(count):
            tag, _checksum, offset, _length = struct.unpack_from(">4sIII", buf, 12 + 16 * k)
            tables[tag] = offset
        os2, head = tables[b"OS/2"], tables[b"head"]
        struct.pack_into(">H", buf, os2 + 4, 700 if bold else 400)
        (selection,) = struct.unpack_from(">H", buf, os2 + 62)
        selection &= ~(0x01 | 0x20 | 0x40)
        selection |= (0x20 if bold else 0) | (0x01 if italic else 0) or 0x40
        struct.pack_into(">H", buf, os2 + 62, selection)
        (mac_style,) = struct.unpack_from(">H", buf, head + 44)
        struct.pack_into(">H", buf, head + 44, (mac_style & ~3) | (1 if bold else 0) | (2 if italic else 0))
    except (KeyError, struct.error):
        log.warning("unexpected font layout; using the font as it is")
        return data
    return bytes(buf)


# PostScript names are printable ASCII without spaces or the PDF delimiters (Adobe TN #5088).
_NOT_IN_PS_NAME = re.compile(r"[^!-~]|[\[\](){}<>/%]")


def postscript_name(name: str, *, bold: bool, italic: bool) -> str:
    """A face's PostScript name from the one its file gives, made valid and true to the face.

    Qt writes no name at all into a PDF for a face whose name is not a valid PostScript name, and
    Debian's Courier Prime files call all four faces "Courier Prime-Regular": the space goes, and a
    style suffix that says another face is replaced (``CourierPrime-Bold``).
    """
    clean = _NOT_IN_PS_NAME.sub("", name)
    family, dash, style = clean.rpartition("-")
    if not dash:
        family, style = clean, ""
    lowered = style.lower()
    says = ("bold" in lowered, "italic" in lowered or "oblique" in lowered)
    if says != (bold, italic):
        style = "BoldItalic" if bold and italic else "Bold" if bold else "Italic" if italic else "Regular"
    return f"{family}-{style}" if style else family


def with_postscript_name(data: bytes, *, bold: bool, italic: bool) -> bytes:
    """The font file with a valid PostScript name for its face (name table and CFF), via fontTools.

    What ``pdffonts`` and prepress tools show for each embedded font; unchanged if it already has it.
    """
    from fontTools.ttLib import TTFont  # only when fonts are loaded for printing

    try:
        font = TTFont(io.BytesIO(data))
        current = font["name"].getDebugName(6) or ""
        if not current and "CFF " in font:
            current = font["CFF "].cff.fontNames[0]
        wanted = postscript_name(current, bold=bold, italic=italic)
        if wanted == current or not wanted:
            return data
        for record in font["name"].names:
            if record.nameID == 6:
                record.string = wanted
        if "CFF " in font:
            font["CFF "].cff.fontNames = [wanted]
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # a font fontTools cannot read still prints, only without a clean name
        log.warning("could not name the font's face; embedding it as it is", exc_info=True)
        return data


def load_fonts() -> str:
    """Register Courier Prime's four faces with Qt (once) and return the family to print with."""
    global _fonts_loaded
    with _fonts_lock:
        if not _fonts_loaded:
            for path in courier_prime_files():
                name = path.stem.lower()
                bold, italic = "bold" in name, "italic" in name
                data = fix_style_metadata(path.read_bytes(), bold, italic)
                data = with_postscript_name(data, bold=bold, italic=italic)
                if QFontDatabase.addApplicationFontFromData(QByteArray(data)) < 0:
                    log.warning("could not load font %s", path)
            _fonts_loaded = True
    if PRIMARY_FAMILY not in QFontDatabase.families():
        log.warning("Courier Prime is not installed; printing with the system's Courier")
        return "Courier"
    return PRIMARY_FAMILY


def _font(family: str, size_pt: float, bold: bool, italic: bool, underline: bool) -> QFont:
    font = QFont(family)
    font.setFamilies([family, *FALLBACK_FAMILIES])
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    font.setItalic(italic)
    font.setUnderline(underline)
    font.setKerning(False)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


class PdfRenderer:
    """Draws pages of a ``Pagination`` onto a QPdfWriter."""

    def __init__(
        self,
        pagination: Pagination,
        *,
        title: str = "",
        author: str = "",
        revised: RevisedPrint | None = None,
    ):
        self.pagination = pagination
        self.title = title
        self.author = author
        # Revised pages: asterisks on marked lines and the revision header on their pages.
        self.revised = revised if revised is not None and revised.marks else None
        if revised is not None and revised.changed_pages_only and self.revised is None:
            self.revised = revised

    def _marked_rows(self, page: Page) -> set[int]:
        if self.revised is None or page.is_title:
            return set()
        marks = self.revised.marks
        return {
            line.row
            for line in page.lines
            if line.source_line in marks and line.kind.value not in UNMARKED_KINDS and line.text.strip()
        }

    def render(
        self,
        path: str | Path,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write the PDF to ``path`` (atomically) and return the number of pages written."""
        ensure_gui_application()
        family = load_fonts()
        g = self.pagination.geometry
        target = Path(path)
        pages = self.pages()
        # A missing folder or a refused permission fails here with the system's reason, naming the
        # target (Qt would only say "false").
        with replacing(target) as tmp:
            writer = QPdfWriter(str(tmp))
            writer.setResolution(_DPI)
            writer.setCreator("Screenwright")
            writer.setTitle(self.title)
            if self.author:
                writer.setAuthor(self.author)
            page_size = (
                QPageSize(QPageSize.PageSizeId.Letter)
                if g.paper is Paper.LETTER
                else QPageSize(QPageSize.PageSizeId.A4)
            )
            portrait = QPageLayout.Orientation.Portrait
            writer.setPageLayout(
                QPageLayout(page_size, portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Inch)
            )
            painter = QPainter()
            if not painter.begin(writer):
                raise OSError(f"cannot write a PDF to {target}")
            try:
                self.paint(painter, writer, pages, _DPI, family, progress=progress, cancelled=cancelled)
            finally:
                painter.end()
            del writer  # closes the file before it is fsynced and renamed
        return len(pages)

    def pages(self) -> list[Page]:
        """The pages this renderer prints: the title page (if any), then the body."""
        pages: list[Page] = []
        if self.pagination.title_page is not None and not (self.revised and self.revised.changed_pages_only):
            pages.append(self.pagination.title_page)
        if self.revised is not None and self.revised.changed_pages_only:
            pages.extend(page for page in self.pagination.pages if self._marked_rows(page))
        else:
            pages.extend(self.pagination.pages)
        if not pages:
            raise ValueError("no page has a changed line: there is nothing to print")
        return pages

    def paint(
        self,
        painter: QPainter,
        device: QPagedPaintDevice,
        pages: list[Page],
        dpi: float,
        family: str,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Draw ``pages`` on ``device`` (a PDF writer or a printer), ``dpi`` device pixels per inch
        from the paper's top-left corner. The printer gets exactly the PDF's drawing."""
        g = self.pagination.geometry
        fonts: dict[tuple[bool, bool, bool], tuple[QFont, QFontMetricsF]] = {}

        def font_for(bold: bool, italic: bool, underline: bool) -> tuple[QFont, QFontMetricsF]:
            key = (bold, italic, underline)
            if key not in fonts:
                font = _font(family, g.font_size_pt, bold, italic, underline)
                fonts[key] = (font, QFontMetricsF(font, device))
            return fonts[key]

        _plain, metrics = font_for(False, False, False)
        line_h = dpi / g.lpi
        # Centre the font's ascent+descent in the 1/6" row.
        baseline_offset = (line_h + metrics.ascent() - metrics.descent()) / 2
        for index, page in enumerate(pages):
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if index:
                device.newPage()
            self._draw_page(painter, page, g, font_for, baseline_offset, dpi)
            if progress is not None:
                progress((index + 1) / len(pages))

    def _draw_page(
        self,
        painter: QPainter,
        page: Page,
        g: PageGeometry,
        font_for: Callable[[bool, bool, bool], tuple[QFont, QFontMetricsF]],
        baseline_offset: float,
        dpi: float = _DPI,
    ) -> None:
        for line in page.lines:
            x = line.x_in * dpi
            y = (g.top_in * dpi) + line.row * dpi / g.lpi + baseline_offset
            if line.kind is LineKind.PAGE_NUMBER:
                y = g.page_number_top_in * dpi + baseline_offset
            for run in line.runs:
                if not run.text:
                    continue
                font, fm = font_for(run.bold, run.italic, run.underline)
                painter.setFont(font)
                # A tab is four cells in the layout: drawn as a tab, Qt would jump to its own stop.
                text = run.text.replace("\t", " " * TAB_CELLS) if "\t" in run.text else run.text
                painter.drawText(QPointF(x, y), text)
                x += fm.horizontalAdvance(text)
        rows = self._marked_rows(page)
        if rows and self.revised is not None:
            font, fm = font_for(False, False, False)
            painter.setFont(font)
            # Right margin, clear of a right-hand scene number on the same row.
            number_end = {
                line.row: line.x_in + len(line.text) / g.cpi
                for line in page.lines
                if line.kind is LineKind.SCENE_NUMBER and line.x_in > g.left_in
            }
            for row in sorted(rows):
                x_in = min(max(g.width_in - 0.35, number_end.get(row, 0.0) + 0.1), g.width_in - 0.15)
                y = (g.top_in * dpi) + row * dpi / g.lpi + baseline_offset
                painter.drawText(QPointF(x_in * dpi, y), MARK)
            header_y = g.page_number_top_in * dpi + baseline_offset
            painter.drawText(QPointF(g.left_in * dpi, header_y), self.revised.header)


def export_pdf(
    script: Script,
    path: str | Path,
    options: PaginationOptions | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    revised: RevisedPrint | None = None,
) -> int:
    """Paginate and render ``script`` to a PDF at ``path``; returns the number of PDF pages.

    With ``revised``, changed lines carry an asterisk and changed pages the revision header (and
    only those pages are printed when it says so).

    Safe to call from a worker thread (the UI passes a progress callback and a cancel flag). The
    file appears only when complete; a cancelled export raises ``ExportCancelled`` and leaves no file.
    """

    def paginate_progress(value: float) -> None:
        if progress is not None:
            progress(0.2 * value)

    def render_progress(value: float) -> None:
        if progress is not None:
            progress(0.2 + 0.8 * value)

    try:
        pagination = paginate(script, options, progress=paginate_progress, cancelled=cancelled)
    except PaginationCancelled:
        raise ExportCancelled from None
    title = title_field(script.title_page, "title")
    author = title_field(script.title_page, "author", "authors")
    renderer = PdfRenderer(pagination, title=title, author=author, revised=revised)
    return renderer.render(path, progress=render_progress, cancelled=cancelled)
