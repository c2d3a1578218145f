"""Page View shows where the printed pages turn: a rule and the page number, from the last pagination."""

from __future__ import annotations

from PySide6.QtGui import QColor
from support.editor_testkit import drain

from editor.config.resources import load_script_fonts
from editor.fountain.pagination import paginate
from editor.fountain.parser import parse
from editor.page.document import ScriptDocument
from editor.window.editor_tab import EditorTab

SCRIPT = "INT. A - DAY\n\n" + "".join(f"Line {k} of the action goes on.\n\n" for k in range(200))


def test_page_breaks_are_drawn_where_pagination_puts_them(qtbot) -> None:
    load_script_fonts()
    tab = EditorTab(ScriptDocument(SCRIPT))
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    qtbot.waitExposed(tab)
    pages = paginate(parse(SCRIPT))
    starts = [page.first_source_line for page in pages.pages]
    assert len(starts) >= 2
    assert tab.page_breaks.visible_breaks() == []  # nothing known yet: nothing drawn
    tab.page_starts = starts  # what the window's debounced pagination sets
    tab.editor.go_to_line(starts[1])
    drain()
    breaks = tab.page_breaks.visible_breaks()
    assert [page for page, _ in breaks] == [2]
    y = int(breaks[0][1])
    image = tab.editor.viewport().grab().toImage()
    page_color = QColor(tab.editor.colors.page)
    row = [QColor(image.pixel(x, y)) for x in range(0, image.width(), 3)]
    assert sum(1 for c in row if c != page_color) > len(row) // 4  # a rule across the page
    tab.editor.set_page_view(False)
    assert tab.page_breaks.visible_breaks() == []
