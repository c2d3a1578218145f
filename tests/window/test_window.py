"""The main window: navigator, status bar, find and replace, tabs, go to, title page."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support.editor_testkit import drain, type_text

from editor.fountain.find_replace import ElementFilter, find_all
from editor.fountain.model import LineType
from editor.window.main_window import MainWindow
from editor.window.status_bar import AI_STATUS_OBJECT_NAME
from editor.window.title_page_dialog import apply_title_page, build_title_page, read_title_page

SCRIPT = """Title: Night Shift
Author: A. Writer

INT. DINER - NIGHT

= Tom asks Maya for a favour.

TOM
Can you cover for me?

MAYA
Again? Tom, no.

EXT. PARKING LOT - NIGHT

MAYA smokes. TOM walks to his car.

TOM (V.O.)
She always says no.

INT. TOM'S CAR - CONTINUOUS

JUNE
Where to?
"""


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window(size=(1300, 850))


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path):
    path = tmp_path / "night.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    tab = window.open_path(path)
    assert tab is not None
    return tab


def test_navigator_lists_numbered_scenes_with_synopses(window: MainWindow, opened) -> None:
    entries = window.navigator.entries()
    assert [(e.number, e.heading) for e in entries] == [
        ("1", "INT. DINER - NIGHT"),
        ("2", "EXT. PARKING LOT - NIGHT"),
        ("3", "INT. TOM'S CAR - CONTINUOUS"),
    ]
    assert entries[0].synopsis == "Tom asks Maya for a favour."


def test_navigator_follows_the_cursor_and_jumps_on_click(qtbot, window: MainWindow, opened) -> None:
    editor = opened.editor
    editor.go_to_line(16)
    assert window.navigator.current_scene_row() == 1
    item = window.navigator.list.item(2)
    rect = window.navigator.list.visualItemRect(item)
    qtbot.mouseClick(window.navigator.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_line() == 20
    assert window.navigator.current_scene_row() == 2


def test_navigator_filters_by_text_and_character(window: MainWindow, opened) -> None:
    nav = window.navigator
    nav.filter_edit.setText("parking")
    assert [e.number for e in nav.visible_entries()] == ["2"]
    nav.filter_edit.setText("")
    nav.character_combo.setCurrentIndex(nav.character_combo.findData("JUNE"))
    assert [e.number for e in nav.visible_entries()] == ["3"]
    nav.character_combo.setCurrentIndex(nav.character_combo.findData("TOM"))
    assert [e.number for e in nav.visible_entries()] == ["1", "2"]


def test_navigator_updates_after_typing_a_new_scene(qtbot, window: MainWindow, opened) -> None:
    editor = opened.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(opened.document.structure_changed, timeout=3000):
        type_text(qtbot, editor, "\next. roof - dawn\nThe sun comes up.")
    headings = [e.heading for e in window.navigator.entries()]
    assert headings[-1] == "EXT. ROOF - DAWN"
    assert window.navigator.current_scene_row() == 3


def test_status_bar_shows_element_pages_runtime_words_and_ai_slot(qtbot, window: MainWindow, opened) -> None:
    editor = opened.editor
    editor.go_to_line(8)
    status = window.status
    assert status.element_label.text() == "Dialogue"
    assert "Page 1 of" in status.page_label.text()
    assert status.runtime_label.text().endswith("min")
    assert "word" in status.words_label.text()
    assert window.findChild(type(status.ai_label), AI_STATUS_OBJECT_NAME) is status.ai_label
    with qtbot.waitSignal(window.pages_changed, timeout=10000):
        window._paginate_current()
    assert status.page_label.text() == "Page 1 of 1"


def test_pagination_runs_off_the_ui_thread_and_a_stale_result_is_dropped(
    qtbot, window: MainWindow, opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 12 defect 2: the status bar's page count paginated on the UI thread (11 s for a long
    # paragraph). It runs on a worker; what it finds is applied only if the script has not
    # changed meanwhile (the next pause in typing paginates again).
    from editor.window import main_window as window_module

    real = window_module.paginate
    on_ui_thread: list[bool] = []
    entered, release = threading.Event(), threading.Event()

    def paginate_on_a_worker(*args, **kwargs):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        entered.set()
        release.wait(5)  # the writer types while the pages are being counted
        return real(*args, **kwargs)

    monkeypatch.setattr(window_module, "paginate", paginate_on_a_worker)
    opened.page_starts = []
    applied: list[object] = []
    window.pages_changed.connect(applied.append)
    window._paginate_current()
    assert entered.wait(5) and on_ui_thread == [False]
    opened.editor.go_to_line(8)
    opened.editor.insertPlainText("x")  # a new revision while the worker counts
    release.set()
    window_module._PAGINATOR.submit(lambda: None).result(timeout=10)  # the worker is done
    qtbot.wait(50)
    assert applied == [] and opened.page_starts == []
    with qtbot.waitSignal(window.pages_changed, timeout=10000):
        window._paginate_current()  # the current revision: applied
    assert applied == [opened] and len(opened.page_starts) == 1


def test_find_with_element_filter_renames_a_character_in_cues_only(qtbot, window: MainWindow, opened) -> None:
    doc = opened.document
    bar = opened.find_bar
    window.actions_.replace.trigger()
    assert bar.isVisible()
    bar.find_edit.setText("Tom")
    bar.replace_edit.setText("RAY")
    bar.set_element(ElementFilter.CHARACTER)
    bar.word_box.setChecked(True)
    assert len(bar.matches()) == 2
    assert bar.replace_everywhere() == 2
    text = doc.text()
    assert "RAY\nCan you cover for me?" in text
    assert "RAY (V.O.)" in text
    assert "Again? Tom, no." in text  # dialogue untouched
    assert "TOM walks" in text  # action untouched
    assert "INT. TOM'S CAR" in text  # heading untouched
    opened.editor.undo()  # one step undoes the whole rename
    assert doc.text() == SCRIPT


def test_find_next_selects_matches_in_order_and_wraps(window: MainWindow, opened) -> None:
    bar = opened.find_bar
    bar.open_bar(replace=False)
    bar.find_edit.setText("maya")
    lines = []
    for _ in range(4):
        assert bar.find_next()
        lines.append(opened.editor.textCursor().blockNumber())
    assert lines == [5, 10, 15, 5]
    doc = opened.document
    matches = find_all(doc.parser.lines, doc.parser.line_types, "MAYA", element=ElementFilter.ACTION)
    assert [m.line for m in matches] == [15]


def test_several_scripts_in_tabs(window: MainWindow, opened, tmp_path: Path) -> None:
    other = tmp_path / "other.fountain"
    other.write_text("EXT. SEA - DAY\n\nWaves.\n", encoding="utf-8")
    window.open_path(other)
    assert window.tabs.count() == 2
    assert [e.heading for e in window.navigator.entries()] == ["EXT. SEA - DAY"]
    window.tabs.setCurrentIndex(0)
    assert len(window.navigator.entries()) == 3
    # Opening the same file again switches to its tab.
    window.open_path(other)
    assert window.tabs.count() == 2 and window.tabs.currentIndex() == 1


def test_title_page_editor_round_trip(window: MainWindow, opened) -> None:
    doc = opened.document
    fields, end = read_title_page(doc.parser.lines, doc.parser.line_types)
    assert fields == [("Title", "Night Shift"), ("Author", "A. Writer")]
    assert end == 2
    new = [
        ("Title", "Night Shift"),
        ("Credit", "Written by"),
        ("Author", "A. Writer"),
        ("Contact", "a@b.c\n555"),
    ]
    apply_title_page(doc, new)
    assert doc.parser.lines[:6] == [
        "Title: Night Shift",
        "Credit: Written by",
        "Author: A. Writer",
        "Contact:",
        "    a@b.c",
        "    555",
    ]
    assert doc.line_type(6) is LineType.EMPTY and doc.line_type(7) is LineType.SCENE_HEADING
    opened.editor.undo()
    assert doc.text() == SCRIPT
    assert build_title_page([("Title", ""), ("Notes", "x")]) == ["Notes:", "    x"]


def test_title_page_added_to_a_script_without_one(make_editor) -> None:
    editor = make_editor("INT. A - DAY\n\nHi.\n")
    apply_title_page(editor.script_document, [("Title", "New")])
    assert editor.script_document.text() == "Title: New\n\nINT. A - DAY\n\nHi.\n"
    assert editor.script_document.line_type(0) is LineType.TITLE_PAGE


def test_zoom_focus_typewriter_and_page_view(window: MainWindow, opened) -> None:
    editor = opened.editor
    width = editor.char_width()
    window.actions_.zoom_in.trigger()
    assert editor.zoom() == 110 and editor.char_width() > width
    assert window.status.zoom_label.text() == "110%"
    window.actions_.zoom_reset.trigger()
    assert editor.zoom() == 100
    window.actions_.page_view.setChecked(False)
    drain()
    cue = opened.document.qdoc.findBlockByNumber(7)
    editor.document().documentLayout().blockBoundingRect(cue)
    assert cue.layout().lineAt(0).x() == opened.document.layout._geo[int(LineType.ACTION)][0]
    window.actions_.page_view.setChecked(True)
    editor.document().documentLayout().blockBoundingRect(cue)
    assert cue.layout().lineAt(0).x() > opened.document.layout._geo[int(LineType.ACTION)][0]
    window.actions_.focus_mode.setChecked(True)
    assert editor.focus_mode() and not window.navigator_dock.isVisible()
    window.actions_.focus_mode.setChecked(False)
    assert window.navigator_dock.isVisible()
    window.actions_.typewriter_mode.setChecked(True)
    assert editor.typewriter_mode() and editor.centerOnScroll()
    window.apply_theme()
    assert opened.document.is_modified() is False  # none of this touched the text


def test_dark_theme_applies_to_page_and_highlighter(window: MainWindow, opened) -> None:
    from editor.config.settings import Key, Theme

    window.settings.set(Key.THEME, Theme.DARK)
    window.apply_theme()
    assert opened.editor.colors.dark
    assert opened.document.highlighter.colors.dark
    assert opened.document.is_modified() is False


@pytest.mark.parametrize(("first", "second"), [("light", "dark"), ("dark", "light")])
def test_switching_theme_repaints_the_paper(window: MainWindow, opened, first: str, second: str) -> None:
    """Switching the theme from the View menu used to leave the paper in the old colour while the text
    took the new one: light text on white paper, a page a writer cannot read."""
    from PySide6.QtGui import QPalette

    from editor.config.settings import Key, Theme

    for choice in (first, second):
        window.settings.set(Key.THEME, Theme(choice))
        window.apply_theme()
        drain()
        viewport = opened.editor.viewport()
        expected = opened.editor.colors.page
        assert viewport.palette().color(QPalette.ColorRole.Base).name() == expected
        image = viewport.grab().toImage()
        assert image.pixelColor(image.width() // 2, 2).name() == expected
