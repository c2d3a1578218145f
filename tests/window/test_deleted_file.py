"""A script deleted or moved on disk while open: say so, and offer to write it back, not to reload."""

from __future__ import annotations

from pathlib import Path

from support.editor_testkit import type_text

from editor.config.resources import load_script_fonts
from editor.page.document import ScriptDocument
from editor.window.editor_tab import EditorTab


def _tab(qtbot, path: Path) -> EditorTab:
    load_script_fonts()
    tab = EditorTab(ScriptDocument.open(path))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_a_deleted_file_is_reported_as_deleted_and_save_writes_it_back(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "pilot.fountain"
    path.write_text("INT. A - DAY\n\nRain.\n", encoding="utf-8")
    tab = _tab(qtbot, path)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "Wind.")
    path.unlink()
    tab.document.changed_on_disk.emit()  # what the file watcher reports
    bar = tab.reload_bar
    assert bar.isVisible() and "deleted" not in bar.label.text()  # not declared before a second look
    qtbot.waitUntil(lambda: bar.isVisible() and "deleted" in bar.label.text(), timeout=5000)
    assert bar.label.text() == (
        "“pilot.fountain” was deleted or moved on disk. Your text is still here: Save to write it "
        "back, or Close."
    )
    assert not bar.reload_button.isVisible()
    assert [b.text() for b in (bar.save_button, bar.save_as_button, bar.dismiss_button)] == [
        "Save",
        "Save As…",
        "Dismiss",
    ]
    bar.save_button.click()
    qtbot.waitUntil(
        lambda: path.exists() and path.read_text(encoding="utf-8").endswith("Wind."), timeout=5000
    )
    assert not bar.isVisible()


def test_a_save_by_delete_then_rename_is_not_a_deletion(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "pilot.fountain"
    path.write_text("Rain.\n", encoding="utf-8")
    tab = _tab(qtbot, path)
    path.unlink()
    tab.document.changed_on_disk.emit()
    path.write_text("Rain and wind.\n", encoding="utf-8")  # the other editor's rename lands
    bar = tab.reload_bar
    qtbot.waitUntil(lambda: "changed by another program" in bar.label.text(), timeout=5000)
    assert bar.isVisible()
    assert bar.reload_button.isVisible()
