"""Find shows every match on screen as the writer types, and the current one stands out."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.config.resources import load_script_fonts
from editor.config.theme import DARK
from editor.page.document import ScriptDocument
from editor.window.editor_tab import EditorTab

SCRIPT = (
    "INT. A - DAY\n\nRain falls. More rain.\n\nBOB\nI hate rain.\n\n" + "Filler line.\n\n" * 300 + "Rain.\n"
)


def _tab(qtbot) -> EditorTab:
    load_script_fonts()
    tab = EditorTab(ScriptDocument(SCRIPT))
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _backgrounds(tab: EditorTab) -> list[tuple[int, str]]:
    return [
        (s.cursor.selectionStart(), s.format.background().color().name())
        for s in tab.editor.extraSelections()
    ]


def test_typing_in_find_highlights_the_matches_on_screen(qtbot) -> None:
    tab = _tab(qtbot)
    tab.find_bar.open_bar(replace=False)
    qtbot.keyClicks(tab.find_bar.find_edit, "rain")
    # The three on the first screen; the one 300 paragraphs down is not on screen.
    qtbot.waitUntil(lambda: len(tab.editor.extraSelections()) == 3, timeout=3000)
    assert tab.find_bar.status.text() == "4 matches"
    qtbot.keyClick(tab.find_bar.find_edit, Qt.Key.Key_Return)  # find next: the first match
    qtbot.waitUntil(lambda: len({color for _, color in _backgrounds(tab)}) == 2, timeout=3000)
    current = tab.editor.textCursor().selectionStart()
    colors = dict(_backgrounds(tab))
    others = {color for start, color in colors.items() if start != current}
    assert colors[current] not in others
    tab.find_bar.close_bar()
    assert tab.editor.extraSelections() == []


def test_the_current_match_is_clearly_visible_in_the_dark_theme(qtbot) -> None:
    tab = _tab(qtbot)
    tab.editor.apply_colors(DARK)
    tab.find_bar.open_bar(replace=False)
    qtbot.keyClicks(tab.find_bar.find_edit, "rain")
    qtbot.keyClick(tab.find_bar.find_edit, Qt.Key.Key_Return)
    current = tab.editor.textCursor().selectionStart()
    qtbot.waitUntil(lambda: current in dict(_backgrounds(tab)), timeout=3000)
    selections = tab.editor.extraSelections()
    fmt = next(s.format for s in selections if s.cursor.selectionStart() == current)
    page = tab.editor.palette().base().color()
    # Far brighter than the dark page (the selection colour alone was a dim blue on dark grey).
    assert fmt.background().color().value() - page.value() > 150
