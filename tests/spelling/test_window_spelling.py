"""Spelling in the window: the underline, the right-click menu, Add to This Script, Check Spelling…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor
from support.editor_testkit import type_text

from editor.config.settings import Key

SCRIPT = """INT. GRIMSBECK QUARRY - NIGHT

Zara Vellacott walks in. The wind is freezng.

ZARA VELLACOTT
(whisperd)
Grimsbeck never sleeps. Recieve this.

She leaves.
"""


def _underlined(document, line: int) -> list[str]:
    """Words of ``line`` painted with the wavy underline (what the writer sees)."""
    block = document.qdoc.findBlockByNumber(line)
    words = []
    for fr in block.layout().formats():
        if fr.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
            words.append(block.text()[fr.start : fr.start + fr.length])
    return words


def _open(make_window, qtbot, tmp_path: Path, text: str = SCRIPT):
    path = tmp_path / "quarry.fountain"
    path.write_text(text, encoding="utf-8")
    window = make_window()
    tab = window.open_path(path)
    qtbot.waitUntil(lambda: window.spelling.is_ready(tab.document), timeout=20000)
    return window, tab


def test_underlines_prose_typos_but_not_names_places_or_cues(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    doc = tab.document
    assert _underlined(doc, 0) == []  # the heading: GRIMSBECK QUARRY is a place
    assert _underlined(doc, 2) == ["freezng"]  # Zara Vellacott is a character
    assert _underlined(doc, 4) == []  # the cue
    assert _underlined(doc, 5) == ["whisperd"]
    assert _underlined(doc, 6) == ["Recieve"]
    # Typing a typo underlines it at once (the edited block is checked on the UI thread).
    cursor = tab.editor.textCursor()
    cursor.setPosition(doc.qdoc.findBlockByNumber(8).position() + len("She leaves"))
    tab.editor.setTextCursor(cursor)
    type_text(qtbot, tab.editor, " quikly")
    assert _underlined(doc, 8) == ["quikly"]
    window.spelling.as_you_type_action.setChecked(False)
    assert _underlined(doc, 8) == [] and _underlined(doc, 2) == []


def test_context_menu_offers_suggestions_and_replaces(make_window, qtbot, tmp_path) -> None:
    _window, tab = _open(make_window, qtbot, tmp_path)
    editor = tab.editor
    block = tab.document.qdoc.findBlockByNumber(6)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index("Recieve") + 2)
    editor.setTextCursor(cursor)
    pos = editor.cursorRect(cursor).center()
    menu = editor.context_menu(pos)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Receive"
    assert "Ignore “Recieve”" in texts and "Add to Dictionary" in texts and "Add to This Script" in texts
    assert any("Copy" in t for t in texts)  # the standard actions are still there, below
    menu.actions()[0].trigger()
    assert tab.document.line_text(6) == "Grimsbeck never sleeps. Receive this."
    assert _underlined(tab.document, 6) == []
    editor.undo()
    assert "Recieve" in tab.document.line_text(6)


def test_add_to_this_script_writes_the_boneyard_block(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    spelling = window.spelling.for_document(tab.document)
    spelling.add_to_script("freezng")
    text = tab.document.text()
    assert text == SCRIPT + "\n/* Screenwright dictionary: freezng */\n"
    qtbot.waitUntil(lambda: _underlined(tab.document, 2) == [])  # repainted from the worker's find
    tab.editor.undo()  # one undo step takes it out again
    assert tab.document.text() == SCRIPT


def test_ignore_and_user_dictionary(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    spelling = window.spelling.for_document(tab.document)
    window.spelling._ignore(spelling, "whisperd")
    qtbot.waitUntil(lambda: _underlined(tab.document, 5) == [])
    window.spelling._add_user(spelling, "freezng")
    qtbot.waitUntil(lambda: _underlined(tab.document, 2) == [])
    assert "freezng" in spelling.checker.user_path.read_text(encoding="utf-8").split()


def test_check_spelling_dialog_walks_and_changes(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    tab.editor.moveCursor(QTextCursor.MoveOperation.Start)
    dialog = window.spelling.check_spelling()
    assert dialog is not None
    assert dialog.current_word() == "freezng"
    assert tab.editor.textCursor().selectedText() == "freezng"
    assert dialog.change_to.text() == "freezing"
    dialog.change()
    assert "The wind is freezing." in tab.document.line_text(2)
    assert dialog.current_word() == "whisperd"
    dialog.ignore_once()
    assert dialog.current_word() == "Recieve"
    dialog.add_to_script()
    assert dialog.current_word() is None  # done: the walk wrapped around to where it started
    assert "/* Screenwright dictionary: Recieve */" in tab.document.text()
    dialog.close()


def test_spelling_language_switch(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path, "INT. A - DAY\n\nThe colour of the color.\n")
    assert _underlined(tab.document, 2) == ["colour"]
    window.spelling.set_language("en_GB")
    qtbot.waitUntil(lambda: window.spelling.is_ready(tab.document) and window.spelling.checker.loaded)
    qtbot.waitUntil(lambda: _underlined(tab.document, 2) == ["color"], timeout=20000)


@pytest.mark.parametrize(
    ("prose", "word", "naming"),
    [
        # A new character: their cue makes the name known.
        ("Quorble waves.", "Quorble", "QUORBLE\nBye.\n"),
        # Introduced in the action in capitals, with an age: the script vouches for the surname
        # although only LOU ever speaks.
        (
            "The door opens on Lou Quistrander.",
            "Quistrander",
            "Her partner, LOU QUISTRANDER (50s), sits.\n\nLOU\nHey.\n",
        ),
    ],
)
def test_a_name_the_script_gives_becomes_known_after_a_pause(
    make_window, qtbot, tmp_path, prose: str, word: str, naming: str
) -> None:
    _window, tab = _open(make_window, qtbot, tmp_path)
    doc = tab.document
    cursor = QTextCursor(doc.qdoc)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(f"\n{prose}\n")
    line = doc.line_count() - 2
    assert doc.line_text(line) == prose
    assert _underlined(doc, line) == [word]
    cursor.insertText(f"\n{naming}")
    qtbot.waitUntil(lambda: _underlined(doc, line) == [], timeout=5000)  # after the debounced snapshot


def test_preferences_spelling_page(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path, "INT. A - DAY\n\nThe colour of the color.\n")
    dialog = window.show_preferences("Spelling")
    page = dialog.page("Spelling")
    assert page.language.currentData() == "en_US" and page.as_you_type.isChecked()
    page.language.setCurrentIndex(page.language.findData("en_GB"))
    dialog.accept()
    assert window.settings.get(Key.SPELL_LANGUAGE) == "en_GB"
    qtbot.waitUntil(lambda: _underlined(tab.document, 2) == ["color"], timeout=20000)


def test_far_suggestions_come_from_the_worker_into_the_open_menu(make_window, qtbot, tmp_path) -> None:
    """A word with nothing one edit away ('maintainance') would take the dictionary seconds to
    search two edits deep: the menu opens at once and the suggestions arrive in it."""
    _window, tab = _open(make_window, qtbot, tmp_path, "INT. A - DAY\n\nThe maintainance man.\n")
    editor = tab.editor
    block = tab.document.qdoc.findBlockByNumber(2)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 7)
    editor.setTextCursor(cursor)
    menu = editor.context_menu(editor.cursorRect(cursor).center())
    assert menu.actions()[0].text() == "Looking for suggestions…"
    qtbot.waitUntil(lambda: menu.actions()[0].text() == "maintenance", timeout=60000)
    assert "Looking for suggestions…" not in [a.text() for a in menu.actions()]


def test_windows_share_one_dictionary_and_the_session_ignores(make_window, qtbot, tmp_path) -> None:
    first, tab = _open(make_window, qtbot, tmp_path)
    second = make_window()
    assert second.spelling.checker is first.spelling.checker  # loaded once per process
    qtbot.waitUntil(lambda: second.spelling.checker.loaded)
    first.spelling._ignore(first.spelling.for_document(tab.document), "whisperd")
    other = second.spelling.checker.view()
    assert other.is_known("whisperd")
