"""The page is the print: every screen line break is the pagination engine's (the PDF's) break.

Issue 13: the page view used to rewrap with the window (at 1000 px "Mara crosses to the window.
Headlights sweep the / yard." wrapped; in the PDF it is one line) and the Dialogue Suggestions dock
squeezed it. Now the layout takes each printed line from the engine and never looks at the width.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from support.page_wrap import PageWrapChecker
from support.synthetic import generate_script
from support.windows import paginate_and_wait

from editor.fountain.pagination import PaginationOptions, paginate
from editor.fountain.parser import parse

WIDTHS = (800, 1000, 1280, 1600, 2560)
ZOOMS = (80, 100, 150)


def _settle(qtbot) -> None:
    qtbot.wait(1)
    QApplication.sendPostedEvents()


@pytest.fixture
def window_with_script(make_window, tmp_path):
    path = tmp_path / "undertow.fountain"
    path.write_text(generate_script(120), encoding="utf-8")
    window = make_window(size=(1280, 860))
    tab = window.open_path(path)
    assert tab is not None
    assert paginate_and_wait(window)
    return window, tab


def test_every_line_break_is_the_print_break_at_every_width_zoom_and_dock(qtbot, window_with_script) -> None:
    window, tab = window_with_script
    layout = tab.document.layout
    checker = PageWrapChecker(paginate(tab.document.snapshot(), PaginationOptions(title_page=False)))
    docks = {"scenes": window.navigator_dock, "suggestions": window.ai.dock}
    configs = [(), ("scenes",), ("suggestions",), ("scenes", "suggestions")]
    checked = 0
    for zoom in ZOOMS:
        tab.editor.set_zoom(zoom)
        for width in WIDTHS:
            window.resize(width, 860)
            for shown in configs:
                for name, dock in docks.items():
                    dock.setVisible(name in shown)
                _settle(qtbot)
                report = checker.check(tab.document.qdoc, layout.blockBoundingRect)
                assert report.blocks > 3000 and report.printed_lines > report.blocks
                assert report.mismatches == 0, (zoom, width, shown, report.examples)
                checked += 1
    assert checked == len(ZOOMS) * len(WIDTHS) * len(configs)


def test_the_page_keeps_its_width_and_scrolls_sideways_when_the_window_is_narrow(
    qtbot, window_with_script
) -> None:
    window, tab = window_with_script
    editor = tab.editor
    window.ai.dock.show()
    window.navigator_dock.show()
    window.resize(800, 860)
    _settle(qtbot)
    page = tab.document.layout.page_width()
    assert editor.viewport().width() < page
    assert editor.horizontalScrollBar().maximum() >= page - editor.viewport().width() - 1
    window.resize(2560, 860)
    _settle(qtbot)
    assert editor.horizontalScrollBar().maximum() == 0
    assert abs(editor.viewport().width() - page) <= 1


def test_the_issue_line_is_one_line_at_1000_px_as_in_print(qtbot, make_editor) -> None:
    text = "INT. FARMHOUSE - NIGHT\n\nMara crosses to the window. Headlights sweep the yard.\n"
    (printed,) = [
        line.text for page in paginate(parse(text)).pages for line in page.lines if line.source_line == 2
    ]
    assert printed == "Mara crosses to the window. Headlights sweep the yard."
    for width in (500, 1000):
        editor = make_editor(text, width=width)
        block = editor.document().findBlockByNumber(2)
        editor.script_document.layout.blockBoundingRect(block)
        assert block.layout().lineCount() == 1


@pytest.mark.parametrize("estimate_only", [False, True])
def test_a4_page_view_breaks_where_a4_prints(qtbot, make_editor, estimate_only) -> None:
    """A4's action column is 58 characters: the page view follows the paper it prints on. Without
    a pagination (while typing) only split paragraphs and the first speech of dual dialogue may
    differ, and they are few."""
    from editor.fountain.page_geometry import A4
    from editor.fountain.pagination import Paper
    from editor.fountain.print_lines import printed_by_source_line

    editor = make_editor(generate_script(20), width=900)
    editor.set_paper(A4)
    document = editor.script_document
    pagination = paginate(document.snapshot(), PaginationOptions(paper=Paper.A4, title_page=False))
    if not estimate_only:
        document.layout.set_printed(printed_by_source_line(pagination))
    report = PageWrapChecker(pagination).check(document.qdoc, document.layout.blockBoundingRect)
    assert report.blocks > 500
    if estimate_only:
        assert report.mismatches <= report.printed_lines // 100, report.examples
    else:
        assert report.mismatches == 0, report.examples


def _page_of(make_editor, text: str, paginated: bool):
    """The page view of ``text`` at 1000 px (laid out from a pagination, or estimated while typing)
    and its line breaks checked against the print: ``(document, report)``."""
    from editor.fountain.print_lines import printed_by_source_line

    editor = make_editor(text, width=1000)
    document = editor.script_document
    pagination = paginate(document.snapshot(), PaginationOptions(title_page=False))
    if paginated:
        document.layout.set_printed(printed_by_source_line(pagination))
    return document, PageWrapChecker(pagination).check(document.qdoc, document.layout.blockBoundingRect)


@pytest.mark.parametrize("paginated", [True, False])
def test_tabs_break_where_they_print_and_a_dropped_tab_does_not_push_the_words(
    qtbot, make_editor, paginated
) -> None:
    """Some writers indent cues and dialogue with tabs (print drops them) or action (print keeps
    them, as four spaces). Qt counted a tab as its own stop and broke the line mid-word."""
    text = (
        "INT. A - DAY\n\n\t" + " ".join(["Mara"] * 14) + " crosses.\n\n"
        "\tBOB\n\tStory by Richard Alexander Hall, who wrote it.\n\n"
        "Plain action.\n"
    )
    document, report = _page_of(make_editor, text, paginated)
    assert report.blocks == 5 and report.printed_lines == 7
    assert report.mismatches == 0, report.examples

    def x_at(line: int, row: int, column: int) -> float:
        layout = document.qdoc.findBlockByNumber(line).layout()
        return layout.lineAt(row).cursorToX(column)[0]

    # Action keeps its indentation; the speech's words sit where they print, both lines at the
    # dialogue column (the tab the print drops hangs left of it).
    assert x_at(2, 0, 1) > x_at(7, 0, 0)
    second = document.qdoc.findBlockByNumber(5).layout().lineAt(1).textStart()
    assert x_at(5, 0, 1) == pytest.approx(x_at(5, 1, second), abs=1)


@pytest.mark.parametrize("paginated", [True, False])
def test_force_and_emphasis_markers_hang_left_so_the_words_sit_where_they_print(
    qtbot, make_editor, paginated
) -> None:
    """Print leaves out ``@``, ``> <``, ``.``, ``!`` and an opening ``**``; on screen they hang
    left of the column, so the first word starts where the PDF starts it."""
    text = (
        "INT. A - DAY\n\n"
        "Plain action.\n\n"
        "**BOOM** goes the door.\n\n"
        "!LOUD NOISES.\n\n"
        "BOB\nHi.\n\n"
        "@McCLANE\nHey.\n\n"
        "CUT TO:\n\n"
        "> CUT TO:\n\n"
        ".FLASHBACK\n\n"
        "> THE END <\n"
    )
    document, report = _page_of(make_editor, text, paginated)
    assert report.mismatches == 0, report.examples

    def x_of(line: int, word: str) -> float:
        block = document.qdoc.findBlockByNumber(line)
        document.layout.blockBoundingRect(block)
        return block.layout().lineAt(0).cursorToX(block.text().index(word))[0]

    assert x_of(4, "BOOM") == pytest.approx(x_of(2, "Plain"), abs=1)
    assert x_of(6, "LOUD") == pytest.approx(x_of(2, "Plain"), abs=1)
    assert x_of(11, "McCLANE") == pytest.approx(x_of(8, "BOB"), abs=1)
    assert x_of(16, "CUT") == pytest.approx(x_of(14, "CUT"), abs=1)
    assert x_of(18, "FLASHBACK") == pytest.approx(x_of(0, "INT"), abs=1)
    # Centred as printed: the words' middle is the page's middle, not shifted by the markers.
    end = document.qdoc.findBlockByNumber(20)
    middle = (x_of(20, "THE") + end.layout().lineAt(0).cursorToX(end.text().index("END") + 3)[0]) / 2
    assert middle == pytest.approx(x_of(2, "Plain") + document.layout.page_text_width() / 2, abs=6)
