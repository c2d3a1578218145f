"""Issue 13 item 7 and 6: Preferences, reopening last session, File ▸ Print, bold headings, the dock.

Each test drives the assembled window as a writer would and checks what they would see or get.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from editor.config.settings import Key, Settings
from editor.export.formats import ExportOptions
from editor.export.printing import print_script
from editor.fountain.model import LineType
from editor.fountain.page_geometry import A4, LETTER
from editor.fountain.pagination import LineKind, PaginationOptions, paginate
from editor.fountain.parser import parse
from editor.page.highlighter import _is_bold

SCRIPT = """Title: The Undertow
Author: Alex Morgan

INT. HARBOR OFFICE - NIGHT

Fog rolls off black water. A single lamp swings over the pier and the gulls settle on the rail.

MAYA
The Marguerite is still tied up.

TOM
Then she never left.
"""


@pytest.fixture
def script_path(tmp_path: Path) -> Path:
    path = tmp_path / "undertow.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_preferences_has_the_builtin_pages_and_features_add_theirs(qtbot, make_window) -> None:
    window = make_window()
    dialog = window.show_preferences()
    titles = [page.title for page in dialog.pages]
    assert titles[:4] == ["General", "Page and Print", "Editing", "Saving and Backups"]
    assert "AI" in titles  # installed by editor.ai_ui.window_ai, not known to the window
    dialog.reject()


def test_preferences_paper_changes_the_page_view_the_export_menu_and_the_page_count(
    qtbot, make_window, script_path
) -> None:
    window = make_window()
    tab = window.open_path(script_path)
    dialog = window.show_preferences("Page and Print")
    page = dialog.page("Page and Print")
    page.paper.setCurrentIndex(page.paper.findData("a4"))
    dialog.accept()
    assert window.settings.get(Key.PAPER) == "a4"
    assert tab.document.layout.paper() is A4
    assert window.export_menu.a4_action.isChecked()
    # The export menu's check is the same setting: unchecking it brings the page view back to Letter.
    window.export_menu.a4_action.setChecked(False)
    assert tab.document.layout.paper() is LETTER
    assert QApplication.focusWidget() is tab.editor or not window.isActiveWindow()


def test_bold_scene_headings_agree_on_screen_and_in_print(qtbot, make_window, script_path) -> None:
    window = make_window()
    tab = window.open_path(script_path)
    heading = tab.document.qdoc.findBlockByNumber(3)
    assert tab.document.line_type(3) is LineType.SCENE_HEADING

    def screen_bold() -> bool:
        return any(_is_bold(f.format) for f in heading.layout().formats())

    def print_bold() -> bool:
        options = window.export_menu.options().pagination()
        lines = [ln for p in paginate(tab.document.snapshot(), options).pages for ln in p.lines]
        (line,) = [ln for ln in lines if ln.kind is LineKind.SCENE_HEADING]
        return all(run.bold for run in line.runs)

    assert not screen_bold() and not print_bold()  # the default: plain capitals, as afterwriting prints
    window.settings.set(Key.BOLD_SCENE_HEADINGS, True)
    assert screen_bold() and print_bold()


def test_reopen_last_session_restores_tabs_and_cursors(qtbot, make_window, tmp_path, script_path) -> None:
    other = tmp_path / "pilot.fountain"
    other.write_text("EXT. ROOF - DAY\n\nWind.\n", encoding="utf-8")
    settings = Settings()
    first = make_window(settings)
    for path, line, column in ((script_path, 5, 4), (other, 2, 3)):
        tab = first.open_path(path)
        cursor = tab.editor.textCursor()
        block = tab.document.qdoc.findBlockByNumber(line)
        cursor.setPosition(block.position() + column)
        tab.editor.setTextCursor(cursor)
    first.tabs.setCurrentIndex(first.tabs.count() - 2)  # the undertow tab is current
    first.close()
    gone = tmp_path / "gone.fountain"
    settings.set(Key.SESSION, (*settings.get(Key.SESSION), f"0\t0\t{gone}"))

    second = make_window(settings)
    assert second.restore_session() == 2
    names = [tab.document.path.name for tab in second.tabs_list()]
    assert names == ["undertow.fountain", "pilot.fountain"]
    assert second.current_tab().document.path.name == "undertow.fountain"
    positions = [
        (t.editor.textCursor().blockNumber(), t.editor.textCursor().positionInBlock())
        for t in second.tabs_list()
    ]
    assert positions == [(5, 4), (2, 3)]
    assert "gone.fountain" in second.status.currentMessage()


def test_reopen_session_is_on_by_default_and_a_setting() -> None:
    assert Key.REOPEN_SESSION.default is True


def _pdf_streams(path: Path) -> list[bytes]:
    """Every stream of a PDF, inflated (page contents, fonts), without the XMP metadata packet
    (it carries the document's title and creation time)."""
    out: list[bytes] = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.S):
        raw = match.group(1)
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw.strip()
        if not data.startswith(b"<?xpacket"):
            out.append(data)
    return out


def test_print_draws_exactly_the_pdf_pages_on_the_printer(qtbot, tmp_path) -> None:
    """A printer printing to a PDF file receives the same drawing, page by page, as the PDF export."""
    from editor.export.pdf import export_pdf

    script = parse(SCRIPT + "\n" + "\n\n".join(f"Line {i} of the long scene." for i in range(80)))
    options = ExportOptions(scene_numbers=True).pagination()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = print_script(script, printer, options)
    exported = tmp_path / "exported.pdf"
    assert export_pdf(script, exported, options) == pages
    assert pages == len(paginate(script, PaginationOptions(scene_numbers=True)).pages) + 1  # + title page
    streams = _pdf_streams(printed)
    assert len(streams) > pages and streams == _pdf_streams(exported)
    assert printer.pageLayout().margins(QPageLayout.Unit.Inch) == QMarginsF(0, 0, 0, 0)
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter


def test_file_print_opens_the_print_dialog(qtbot, make_window, script_path) -> None:
    window = make_window()
    window.open_path(script_path)
    dialog = window.export_menu.ask_print()
    assert dialog is not None and dialog.isVisible()
    assert window.actions_.print_.text().replace("&", "") == "Print…"
    dialog.reject()


def test_long_suggestions_wrap_inside_the_dock_which_keeps_its_width(
    qtbot, make_window, script_path, tmp_path
) -> None:
    from editor.ai.gate import FEATURES
    from editor.config.settings import Key, Settings

    settings = Settings(tmp_path / "dock.ini")
    # The dock is greyed out and hidden where the default model's card turns suggestions off.
    settings.set(Key.AI_FEATURE_OVERRIDES, tuple(f"{key}=on" for key in FEATURES))
    window = make_window(settings, size=(1280, 860))
    window.open_path(script_path)
    dock = window.ai.dock
    dock.show()
    qtbot.wait(20)
    before = dock.width()
    long_line = "I kept the key because it was the only thing of his they did not take from me, " * 3
    for card in window.ai.panel.cards:
        card.set_line(long_line.strip())
    window.ai.panel.status.setText("A very long status line that should wrap, " * 5)
    qtbot.wait(20)
    QApplication.sendPostedEvents()
    assert dock.width() <= before + 1
    card = window.ai.panel.cards[0]
    assert card.text.height() > 2 * card.text.fontMetrics().height()  # wrapped, not cut
    editor = window.current_editor()
    assert (
        editor.viewport().width() >= min(editor.script_document.layout.page_width(), editor.width() - 40) - 1
    )


def test_title_page_shows_as_the_printed_one_and_stays_editable_fountain(qtbot, make_editor) -> None:
    text = (
        "Title: **THE UNDERTOW**\nAuthor: Alex Morgan\nDraft date: 28 March 2026\n"
        "Contact:\n    12 Harbor Lane\n\nFADE IN:\n"
    )
    editor = make_editor(text)
    layout = editor.script_document.layout
    cw = layout._char_width
    left = layout._left
    paper = layout.paper()
    doc = editor.document()

    def first_x(line: int) -> float:
        block = doc.findBlockByNumber(line)
        layout.blockBoundingRect(block)
        return block.layout().lineAt(0).x()

    title = "THE UNDERTOW"
    visible_start = first_x(0) + len("Title: **") * cw  # where the printed characters begin
    assert abs(visible_start - (left + (paper.action_width - len(title)) / 2 * cw)) <= 1.5
    author_start = first_x(1) + len("Author: ") * cw
    assert abs(author_start - (left + (paper.action_width - len("Alex Morgan")) / 2 * cw)) <= 1.5
    date_end = first_x(2) + len("Draft date: 28 March 2026") * cw
    assert abs(date_end - (left + paper.action_width * cw)) <= 1.5  # flush right, as printed
    assert first_x(3) == first_x(4) == float(int(left))  # contact flush left
    assert doc.toPlainText() == text  # the Fountain text is untouched: only its placement changed
