"""Files: byte-identical round trips, atomic saves, reload, external changes, settings, recent files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support.editor_testkit import type_text
from support.windows import save_and_wait

from editor.config.resources import load_script_fonts
from editor.config.settings import Key, Settings, Theme, config_dir
from editor.fountain.source import SourceDecodeError
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor

ODD_BYTES = [
    b"INT. HOUSE - DAY\r\n\r\nBOB\r\nHi.  \r\n\tTabbed action\r\n",  # CRLF, trailing spaces, tabs
    b"\xef\xbb\xbfTitle: BOM\n\nEXT. SEA - NIGHT\n\nWaves.",  # UTF-8 BOM, no final newline
    b"INT. A - DAY\r\nmixed\nendings\r\n",  # mixed line endings
    "INT. CAF\u00c9 - DAY\n\nZO\u00cb\nBonjour\u00a0!\n".encode(),  # non-ASCII, no-break space
]


@pytest.mark.parametrize("data", ODD_BYTES)
def test_open_and_save_without_edits_is_byte_identical(qtbot, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "odd.fountain"
    path.write_bytes(data)
    load_script_fonts()
    doc = ScriptDocument.open(path)
    editor = ScriptEditor(doc)
    qtbot.addWidget(editor)
    assert not doc.is_modified()
    doc.save()
    assert path.read_bytes() == data


def test_edited_save_keeps_encoding_bom_and_line_endings(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "crlf.fountain"
    path.write_bytes(b"\xef\xbb\xbfINT. HOUSE - DAY\r\n\r\nBOB\r\nHi.\r\n")
    doc = ScriptDocument.open(path)
    editor = ScriptEditor(doc)
    qtbot.addWidget(editor)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, editor, "Bye.")
    assert doc.is_modified()
    doc.save()
    assert path.read_bytes() == b"\xef\xbb\xbfINT. HOUSE - DAY\r\n\r\nBOB\r\nHi.\r\nBye."
    assert not doc.is_modified()
    # Save, reopen: the same text.
    again = ScriptDocument.open(path)
    assert again.text() == doc.text()


def test_binary_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "image.fountain"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(SourceDecodeError, match="binary"):
        ScriptDocument.open(path)


def test_external_change_is_detected_and_reload_offered(qtbot, make_window, tmp_path: Path) -> None:
    load_script_fonts()
    path = tmp_path / "shared.fountain"
    path.write_text("INT. A - DAY\n\nHi.\n", encoding="utf-8")
    window = make_window(size=None)
    tab = window.open_path(path)
    assert tab is not None
    # Our own save must not look like someone else's change.
    with qtbot.assertNotEmitted(tab.document.changed_on_disk, wait=300):
        tab.document.save()
    with qtbot.waitSignal(tab.document.changed_on_disk, timeout=5000):
        other = tmp_path / "other-editor.tmp"
        other.write_text("INT. B - NIGHT\n\nChanged elsewhere.\n", encoding="utf-8")
        os.replace(other, path)  # the way most editors save
    assert tab.reload_bar.isVisible()
    qtbot.mouseClick(tab.reload_bar.reload_button, Qt.MouseButton.LeftButton)
    assert tab.document.text() == "INT. B - NIGHT\n\nChanged elsewhere.\n"
    assert not tab.document.is_modified()
    tab.editor.undo()  # the reload itself is undoable
    assert tab.document.text() == "INT. A - DAY\n\nHi.\n"
    # Still watched after the replace: a second change is seen too.
    with qtbot.waitSignal(tab.document.changed_on_disk, timeout=5000):
        path.write_text("INT. C - DAY\n", encoding="utf-8")


def test_saving_puts_away_the_reload_bar(qtbot, make_window, tmp_path: Path) -> None:
    """After the writer saves, "reload it?" is moot (the file holds their text): the bar used to stay
    up, offering to reload what they had just written."""
    load_script_fonts()
    path = tmp_path / "gone.fountain"
    path.write_text("INT. A - DAY\n\nHi.\n", encoding="utf-8")
    window = make_window(size=None)
    tab = window.open_path(path)
    assert tab is not None
    with qtbot.waitSignal(tab.document.changed_on_disk, timeout=5000):
        path.unlink()  # deleted (or moved) by another program
    qtbot.waitUntil(tab.reload_bar.isVisible, timeout=5000)  # after a second look at the disk
    type_text(qtbot, tab.editor, "x")
    with qtbot.waitSignal(tab.document.saved, timeout=5000):
        window.actions_.save.trigger()
    assert path.read_text(encoding="utf-8").startswith("xINT. A - DAY")
    assert not tab.reload_bar.isVisible()


def test_save_as_and_recent_files(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    load_script_fonts()
    settings = Settings()
    window = make_window(settings, size=None, show=False)
    tab = window.new_document()
    type_text(qtbot, tab.editor, "int. attic - day\nDust.")
    target = tmp_path / "attic"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert save_and_wait(qtbot, window)
    saved = target.with_suffix(".fountain")
    assert saved.read_text(encoding="utf-8") == "INT. ATTIC - DAY\n\nDust."
    assert settings.recent_files()[0] == str(saved.resolve())
    assert tab.document.path == saved
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "attic.fountain"


def test_typed_settings_round_trip_in_the_config_dir(tmp_path: Path) -> None:
    assert config_dir() == Path(os.environ["SCREENWRIGHT_CONFIG_DIR"])
    settings = Settings()
    assert settings.get(Key.THEME) is Theme.SYSTEM
    assert settings.get(Key.ZOOM) == 100
    settings.set(Key.THEME, Theme.DARK)
    settings.set(Key.ZOOM, 125)
    settings.set(Key.PAGE_VIEW, False)
    settings.sync()
    again = Settings()
    assert again.get(Key.THEME) is Theme.DARK
    assert again.get(Key.ZOOM) == 125
    assert again.get(Key.PAGE_VIEW) is False
    assert settings.path.parent == config_dir()
    for i in range(15):
        again.add_recent_file(str(tmp_path / f"{i}.fountain"))
    recent = again.recent_files()
    assert len(recent) == 10 and recent[0].endswith("14.fountain")


def test_bad_setting_value_falls_back_to_the_default(tmp_path: Path) -> None:
    settings = Settings()
    settings._qs.setValue(Key.ZOOM.ini_key, "lots")
    settings._qs.setValue(Key.THEME.ini_key, "purple")
    assert settings.get(Key.ZOOM) == 100
    assert settings.get(Key.THEME) is Theme.SYSTEM


@pytest.mark.parametrize(
    ("answer", "closed", "saved"), [("Discard", True, False), ("Cancel", False, False), ("Save", True, True)]
)
def test_unsaved_changes_prompt(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer, closed, saved
) -> None:
    from PySide6.QtWidgets import QMessageBox

    load_script_fonts()
    path = tmp_path / "draft.fountain"
    path.write_text("INT. A - DAY\n", encoding="utf-8")
    window = make_window(size=None, show=False)
    tab = window.open_path(path)
    type_text(qtbot, tab.editor, "\nMore.")
    asked: list[str] = []

    def fake_warning(*args, **kwargs):
        asked.append(args[2])
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "warning", fake_warning)
    tabs = window.tabs.count()
    # "Save" closes once the writer thread has saved (the prompt does not wait by blocking).
    assert window.close_tab(window.tabs.indexOf(tab)) is (closed and not saved)
    qtbot.waitUntil(lambda: window.tabs.count() == tabs - closed, timeout=5000)
    assert asked and "draft.fountain" in asked[0]
    assert (path.read_text(encoding="utf-8") != "INT. A - DAY\n") is saved


def test_a_new_file_named_on_the_command_line_saves_there(qtbot, make_window, tmp_path: Path) -> None:
    load_script_fonts()
    window = make_window(size=None, show=False)
    target = tmp_path / "pilot.fountain"
    tab = window.new_document_at(target)
    type_text(qtbot, tab.editor, "ext. road - day")
    assert save_and_wait(qtbot, window)
    assert target.read_text(encoding="utf-8") == "EXT. ROAD - DAY"


def test_ctrl_s_saves_on_the_writer_thread_and_typing_goes_on(qtbot, make_window, tmp_path: Path) -> None:
    load_script_fonts()
    path = tmp_path / "bg.fountain"
    path.write_text("INT. A - DAY\n", encoding="utf-8")
    window = make_window(size=None, show=False)
    tab = window.open_path(path)
    doc = tab.document
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "\nDust.")
    with qtbot.waitSignal(doc.saved, timeout=5000), qtbot.assertNotEmitted(doc.changed_on_disk, wait=200):
        window.actions_.save.trigger()
        assert doc.save_pending()
    assert path.read_text(encoding="utf-8") == "INT. A - DAY\n\nDust."
    assert not doc.is_modified() and not doc.save_pending()
    # Typing while the save runs: the file gets the text as it was; the document stays modified.
    with qtbot.waitSignal(doc.saved, timeout=5000):
        window.actions_.save.trigger()
        tab.editor.insertPlainText(" More.")
    assert doc.is_modified()
    assert path.read_text(encoding="utf-8") == "INT. A - DAY\n\nDust."


def test_background_save_failure_is_reported_and_nothing_is_lost(qtbot, tmp_path: Path) -> None:
    load_script_fonts()
    doc = ScriptDocument("INT. A - DAY\n")
    editor = ScriptEditor(doc)
    qtbot.addWidget(editor)
    type_text(qtbot, editor, "x")
    with qtbot.waitSignal(doc.save_failed, timeout=5000) as failed:
        doc.save_in_background(tmp_path / "no-such-folder" / "a.fountain")
    assert isinstance(failed.args[1], OSError)
    assert doc.is_modified() and doc.text() == "xINT. A - DAY\n"


def test_closing_right_after_ctrl_s_does_not_ask_again(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    load_script_fonts()
    path = tmp_path / "c.fountain"
    path.write_text("INT. A - DAY\n", encoding="utf-8")
    window = make_window(size=None, show=False)
    tab = window.open_path(path)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "\nLast words.")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("asked to save a saved script"))
    tabs = window.tabs.count()
    window.actions_.save.trigger()
    window.close_tab(window.tabs.indexOf(tab))  # closes when that save has succeeded
    qtbot.waitUntil(lambda: window.tabs.count() == tabs - 1, timeout=5000)
    assert path.read_text(encoding="utf-8") == "INT. A - DAY\n\nLast words."


@pytest.fixture
def replaces(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every ``os.replace`` target with whether the UI (main) thread made it."""
    import threading

    made: list[tuple[str, bool]] = []
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        made.append((str(dst), threading.current_thread() is threading.main_thread()))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return made


def test_save_as_writes_on_the_writer_thread(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replaces
) -> None:
    """Defect: Save As wrote (backup, fsync, rename) on the UI thread, unlike Ctrl+S."""
    from PySide6.QtWidgets import QFileDialog

    window = make_window(size=None, show=False)
    tab = window.new_document()
    type_text(qtbot, tab.editor, "int. attic - day")
    target = tmp_path / "attic.fountain"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(tab.document.saved, timeout=5000):
        window.actions_.save_as.trigger()
    assert target.read_text(encoding="utf-8") == "INT. ATTIC - DAY"
    assert (str(target), False) in replaces and (str(target), True) not in replaces


def test_the_close_prompt_saves_on_the_writer_thread_then_closes(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replaces
) -> None:
    """Defect: "Save" in the close prompt wrote on the UI thread and blocked the window."""
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "draft.fountain"
    path.write_text("INT. A - DAY\n", encoding="utf-8")
    window = make_window(size=None)
    tab = window.open_path(path)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "\nMore.")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    window.close()  # the window waits for the save by signal, then closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert path.read_text(encoding="utf-8") == "INT. A - DAY\n\nMore."
    assert (str(path), False) in replaces and (str(path), True) not in replaces


def test_a_failed_save_from_the_close_prompt_keeps_the_window_open(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from editor.window import main_window as main_window_module

    folder = tmp_path / "gone"
    folder.mkdir()
    path = folder / "draft.fountain"
    path.write_text("INT. A - DAY\n", encoding="utf-8")
    window = make_window(size=None)
    tab = window.open_path(path)
    type_text(qtbot, tab.editor, "\nMore.")
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(main_window_module.QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
    shutil.rmtree(folder)  # the save cannot write there now
    window.close()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert window.isVisible() and tab.document.is_modified()
    assert "your text is still here" in errors[0]
