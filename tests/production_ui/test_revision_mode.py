"""Revision mode in the window: marks in colour, generations, save/reopen, locked numbers, compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from editor.page.document import ScriptDocument
from editor.production import storage

SCRIPT = """INT. KITCHEN - DAY

Maya pours coffee.

MAYA
Morning.

EXT. STREET - NIGHT

Rain.

DANIEL
Where were you?
"""


@pytest.fixture
def window(make_window, tmp_path: Path):
    path = tmp_path / "script.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    w = make_window()
    w.open_path(path)
    return w


def replace_line(editor, line: int, text: str) -> None:
    block = editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)


def lines_marked(session) -> dict[str, int]:
    lines = session.document.text().split("\n")
    return {lines[k]: g for k, g in session.marks.items()}


def test_two_generations_save_and_reopen(qtbot, window, tmp_path: Path) -> None:
    production = window.production
    session = production.current_session()
    editor = window.current_editor()
    session.start_revision(1, "2026-12-01")
    replace_line(editor, 2, "Maya pours cold coffee.")
    qtbot.waitUntil(lambda: lines_marked(session) == {"Maya pours cold coffee.": 1}, timeout=5000)
    session.start_revision(2, "2026-12-03")
    replace_line(editor, 9, "Rain, harder.")
    qtbot.waitUntil(
        lambda: lines_marked(session) == {"Maya pours cold coffee.": 1, "Rain, harder.": 2}, timeout=5000
    )
    # Next/previous change walk the marks.
    editor.go_to_line(0)
    production.go_to_change(True)
    assert editor.current_line() == 2
    production.go_to_change(True)
    assert editor.current_line() == 9
    path = session.document.path
    session.document.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(session.document.text() + "\n\n" + storage.BEAT_OPEN)
    reopened = ScriptDocument.open(path)
    assert reopened.text() == session.document.text()
    assert reopened.production.marks == session.marks
    assert reopened.production.recording == 2
    assert [(r.generation, r.date) for r in reopened.production.revisions] == [
        (1, "2026-12-01"),
        (2, "2026-12-03"),
    ]


def test_edits_outside_revision_mode_move_marks_with_their_lines(qtbot, window) -> None:
    session = window.production.current_session()
    editor = window.current_editor()
    session.start_revision(1, "2026-12-01")
    replace_line(editor, 9, "Rain, harder.")
    qtbot.waitUntil(lambda: bool(session.marks), timeout=5000)
    session.lock_revision()
    cursor = QTextCursor(editor.document())
    cursor.insertText("FADE IN:\n\n")
    qtbot.waitUntil(lambda: lines_marked(session) == {"Rain, harder.": 1}, timeout=5000)
    assert 11 in session.marks


def test_lock_and_unlock_scene_numbers_are_one_undo_step_each(qtbot, window) -> None:
    production = window.production
    session = production.current_session()
    editor = window.current_editor()
    production.lock_scene_numbers()
    text = session.document.text()
    assert "INT. KITCHEN - DAY #1#" in text and "EXT. STREET - NIGHT #2#" in text
    assert session.data.locked_numbers == ["1", "2"]
    editor.undo()
    assert session.document.text() == SCRIPT
    editor.redo()
    # A scene added between 1 and 2 becomes 1A; deleting scene 2 leaves it OMITTED.
    lines = session.document.text().split("\n")
    at = lines.index("EXT. STREET - NIGHT #2#")
    cursor = QTextCursor(editor.document().findBlockByNumber(at))
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("INT. ATTIC - DAY\n\nDust.\n")
    production.lock_scene_numbers()
    text = session.document.text()
    assert "INT. ATTIC - DAY #1A#" in text and ".OMITTED #2#" in text
    production.unlock_scene_numbers()
    assert "#" not in session.document.text() and "OMITTED" not in session.document.text()
    assert session.data.locked_numbers is None


def test_compare_with_an_older_draft_and_use_it_as_the_revision_base(qtbot, window, tmp_path: Path) -> None:
    session = window.production.current_session()
    editor = window.current_editor()
    old = tmp_path / "old.fountain"
    old.write_text(SCRIPT, encoding="utf-8")
    replace_line(editor, 5, "Morning, sunshine.")
    dialog = window.production.compare_with(old)
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=10000)
    assert "1 changed" in dialog.summary.text()
    assert dialog.scenes.topLevelItemCount() == 2
    dialog.use_as_base()
    assert lines_marked(session) == {"Morning, sunshine.": 1}
    assert session.recording == 1
    dialog.close()


def test_compare_with_itself_says_so(qtbot, window) -> None:
    session = window.production.current_session()
    dialog = window.production.compare_with(session.document.path)
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=10000)
    assert dialog.summary.text() == "No changes: the two drafts are the same."
    assert not dialog.base_button.isEnabled()
    dialog.close()


def test_a_broken_draft_gives_a_message(qtbot, window, tmp_path: Path) -> None:
    bad = tmp_path / "bad.fdx"
    bad.write_text("<FinalDraft><Content>", encoding="utf-8")
    dialog = window.production.compare_with(bad)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Could not compare"), timeout=10000)
    assert "well-formed" in dialog.summary.text()
    dialog.close()


def test_export_carries_the_marks_to_pdf_and_fdx_and_import_brings_them_back(
    qtbot, window, tmp_path: Path
) -> None:
    from editor.export.formats import Format, export_script, import_fdx
    from editor.fountain.parser import parse

    session = window.production.current_session()
    editor = window.current_editor()
    session.start_revision(3, "2026-12-05")
    replace_line(editor, 9, "Rain, harder.")
    qtbot.waitUntil(lambda: bool(session.marks), timeout=5000)
    menu = window.export_menu
    menu.changed_only_action.setChecked(True)
    options = menu.export_options(Format.PDF)
    assert options.revised is not None
    assert dict(options.revised.marks) == {9: 3} and options.revised.changed_pages_only
    assert options.revised.header == "Yellow Revision - 12/05/2026"
    assert menu.export_options(Format.HTML).revised is None
    fdx = tmp_path / "out.fdx"
    export_script(parse(session.document.text()), fdx, Format.FDX, menu.export_options(Format.FDX))
    assert 'RevisionID="4"' in fdx.read_text(encoding="utf-8")
    window.open_imported(import_fdx(fdx), fdx)
    imported = window.production.current_session()
    assert imported is not session
    assert lines_marked(imported) == {"Rain, harder.": 3}
    assert "BEAT" not in imported.document.text()


def test_reload_takes_the_marks_on_disk(qtbot, window) -> None:
    session = window.production.current_session()
    editor = window.current_editor()
    session.start_revision(1, "2026-12-01")
    replace_line(editor, 2, "Maya pours cold coffee.")
    qtbot.waitUntil(lambda: bool(session.marks), timeout=5000)
    session.document.save()
    on_disk = dict(session.marks)
    session.clear_marks()  # not saved either
    replace_line(editor, 9, "Rain, harder.")  # not saved
    session.document.reload()
    assert session.document.text().split("\n")[9] == "Rain."
    qtbot.wait(600)  # longer than the recompute delay: nothing stale comes back
    assert session.marks == on_disk


def test_the_margin_shows_each_generation_in_its_colour_and_the_ai_layer_on_demand(qtbot, window) -> None:
    from PySide6.QtGui import QColor

    from editor.production import colors
    from editor.production_ui.margin import AI_COLOR
    from editor.production_ui.provenance import record_ai_text

    session = window.production.current_session()
    editor = window.current_editor()
    session.start_revision(1, "2026-12-01")
    replace_line(editor, 2, "Maya pours cold coffee.")
    qtbot.waitUntil(lambda: 2 in session.marks, timeout=5000)
    session.start_revision(2, "2026-12-03")
    replace_line(editor, 5, "Morning, sunshine.")
    qtbot.waitUntil(lambda: session.marks.get(5) == 2, timeout=5000)
    block = editor.document().findBlockByNumber(5)
    record_ai_text(
        session.document, block.position() + block.length() - 1, "Morning, sunshine.", "ghost", "m"
    )
    window.production.set_show_ai(True)

    def pixel(line: int, x: int) -> str:
        geometry = editor.blockBoundingGeometry(editor.document().findBlockByNumber(line))
        y = int(geometry.translated(editor.contentOffset()).center().y())
        image = editor.viewport().grab().toImage()
        return QColor(image.pixel(x, y)).name()

    right = editor.viewport().width() - 3
    assert pixel(2, right) == colors.color(1).mark  # Blue
    assert pixel(5, right) == colors.color(2).mark  # Pink
    assert pixel(9, right) not in (colors.color(1).mark, colors.color(2).mark)  # unchanged line
    assert pixel(5, 3) == AI_COLOR and pixel(2, 3) != AI_COLOR
    window.production.set_show_ai(False)
    assert pixel(5, 3) != AI_COLOR


def test_start_revision_dialog_offers_the_next_colour_of_the_sequence(qtbot, window) -> None:
    from editor.production_ui.window_production import StartRevisionDialog

    session = window.production.current_session()
    assert session.next_generation() == 1
    session.start_revision(1, "2026-12-01")
    session.lock_revision()
    dialog = StartRevisionDialog(session.next_generation(), window)
    qtbot.addWidget(dialog)
    assert dialog.color_box.currentText() == "Pink" and dialog.generation() == 2
    names = [dialog.color_box.itemText(k) for k in range(10)]
    assert names == [
        "White",
        "Blue",
        "Pink",
        "Yellow",
        "Green",
        "Goldenrod",
        "Buff",
        "Salmon",
        "Cherry",
        "Double White",
    ]
    assert len(dialog.iso_date()) == 10
