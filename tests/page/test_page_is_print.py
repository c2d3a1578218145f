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
