"""Journals from the real main window, and the recovery dialog a launch after a crash shows."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support.editor_testkit import type_text
from support.windows import save_and_wait

from editor.recovery import controller
from editor.recovery.dialog import RecoveryDialog
from editor.recovery.journal import JournalHeader, encode_journal, read_journal
from editor.recovery.store import OWNER_FILE, recovery_root

SCRIPT = "INT. DINER - NIGHT\n\nRain on the window.\n\nMARA\nI told you not to come.\n"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "night.fountain"
    path.write_bytes(SCRIPT.encode("utf-8"))
    return path


def _journals() -> list[Path]:
    return sorted(recovery_root().glob("*/*.journal"))


def test_typing_reaches_a_journal_within_two_seconds_and_never_the_file(qtbot, window, script) -> None:
    tab = window.open_path(script)
    assert tab is not None
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "\nHale walks in.")
    typed_at = time.monotonic()
    qtbot.waitUntil(lambda: len(_journals()) == 1 and "Hale walks in." in read_journal(_journals()[0]).text,
                    timeout=2000)  # fmt: skip
    assert time.monotonic() - typed_at < 2.0
    journal = read_journal(_journals()[0])
    assert journal.text == tab.document.text()
    assert journal.header.path == str(script)
    assert script.read_bytes() == SCRIPT.encode("utf-8")  # the writer's file is untouched
    # Saving makes the journal pointless.
    assert save_and_wait(qtbot, window, tab)
    qtbot.waitUntil(lambda: not _journals(), timeout=2000)


def test_closing_a_tab_or_the_window_removes_journals(qtbot, window, script, tmp_path: Path) -> None:
    tab = window.open_path(script)
    type_text(qtbot, tab.editor, "Edit ")
    other = window.new_document()
    type_text(qtbot, other.editor, "A new script.")
    qtbot.waitUntil(lambda: len(_journals()) == 2, timeout=2000)
    other.document.qdoc.setModified(False)  # "discard" in the save prompt
    window.close_tab(window.tabs.indexOf(other))
    qtbot.waitUntil(lambda: len(_journals()) == 1, timeout=2000)
    tab.document.qdoc.setModified(False)
    window.close()
    assert not recovery_root().exists() or not any(recovery_root().iterdir())


def test_undo_back_to_the_saved_text_removes_the_journal(qtbot, window, script) -> None:
    tab = window.open_path(script)
    type_text(qtbot, tab.editor, "x")
    qtbot.waitUntil(lambda: len(_journals()) == 1, timeout=2000)
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not tab.document.is_modified()
    qtbot.waitUntil(lambda: not _journals(), timeout=2000)


def _crashed_session(journals: list[tuple[str | None, str]]) -> Path:
    """A session directory as a SIGKILLed editor leaves it (its owner process no longer exists)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    session = recovery_root() / "20200101-000000-dead"
    session.mkdir(parents=True)
    (session / OWNER_FILE).write_text(json.dumps({"pid": child.pid, "started": 1.0}))
    for index, (path, text) in enumerate(journals):
        title = Path(path).name if path else "Untitled"
        header = JournalHeader(doc_id=f"doc{index}", path=path, title=title)
        (session / f"doc{index}.journal").write_bytes(encode_journal(header, text))
    return session


def test_launch_after_a_crash_offers_a_preview_and_restores(qtbot, window, script) -> None:
    recovered = SCRIPT.replace("I told you not to come.", "I told you to stay away.") + "\nHALE\nToo late.\n"
    session = _crashed_session([(str(script), recovered), (None, "EXT. ROOF - DAWN\n\nWind.")])
    dialog = controller.offer(window, window.recovery)
    assert isinstance(dialog, RecoveryDialog)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    titles = [dialog.list.item(i).text() for i in range(2)]
    row = next(i for i, t in enumerate(titles) if t.startswith("night.fountain"))
    dialog.list.setCurrentRow(row)
    preview = dialog.preview.toPlainText()
    # Rendered for writers (removed lines struck through, added ones coloured): no diff markers.
    assert "I told you not to come." in preview and "-I told you" not in preview
    assert "I told you to stay away." in preview
    assert "Too late." in preview and "+++" not in preview and "@@" not in preview
    assert "2 lines added" in dialog.summary.text() or "added" in dialog.summary.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    tab = window.current_tab()
    assert tab.document.path == script.resolve()
    assert tab.document.text() == recovered
    assert tab.document.is_modified()
    assert script.read_bytes() == SCRIPT.encode("utf-8")  # restoring writes nothing to the file
    # Undo shows the saved version: the recovered text is one undoable step on top of it.
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.document.text() == SCRIPT
    qtbot.keyClick(
        tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    # Discard the untitled one: its journal goes, the session directory with it.
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not any(session.glob("*.journal")), timeout=2000)
    # The restored script is journaled again by this session.
    qtbot.waitUntil(lambda: any(p.parent != session for p in _journals()), timeout=2000)


def test_decide_later_keeps_every_journal(qtbot, window) -> None:
    session = _crashed_session([(None, "Something unsaved.")])
    dialog = controller.offer(window, window.recovery)
    qtbot.addWidget(dialog)
    assert "Something unsaved." in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert len(list(session.glob("*.journal"))) == 1
    assert window.recovery.store.scan().journals  # offered again next time


def test_deleted_file_is_restored_as_a_whole_script(qtbot, window, tmp_path: Path) -> None:
    gone = tmp_path / "gone.fountain"
    _crashed_session([(str(gone), "INT. VOID - DAY\n")])
    dialog = controller.offer(window, window.recovery)
    qtbot.addWidget(dialog)
    assert "no longer exists" in dialog.summary.text()
    dialog.restore_all()
    tab = window.current_tab()
    assert tab.document.path == gone and tab.document.text() == "INT. VOID - DAY\n"
    assert save_and_wait(qtbot, window, tab)
    assert gone.read_text() == "INT. VOID - DAY\n"


def test_no_dialog_without_a_crash(window) -> None:
    assert controller.offer(window, window.recovery) is None


def test_a_journal_that_matches_the_file_is_dropped_without_asking(window, script) -> None:
    session = _crashed_session([(str(script), SCRIPT)])
    assert controller.offer(window, window.recovery) is None
    assert not session.exists()
