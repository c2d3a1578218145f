"""Hostile and unusual files: they open (losslessly) or are refused with a clear message, never a crash."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from support.editor_testkit import type_text
from support.windows import save_and_wait

from editor.files.encoding_dialog import EncodingDialog, looks_binary, workable_encodings

SCRIPT = "INT. CAFÉ - NIGHT\n\nZoë orders a crème brûlée.\n\nZOË\nNaïve, c'est ça.\n"


def _answer_encoding_dialog(encoding: str | None, seen: dict) -> None:
    """Answer the modal encoding dialog once it is up (choose ``encoding``, or cancel)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EncodingDialog):
            QTimer.singleShot(20, answer)
            return
        seen["choices"] = [dialog.combo.itemData(i) for i in range(dialog.combo.count())]
        if encoding is None:
            dialog.reject()
            return
        assert dialog.select(encoding)
        seen["preview"] = dialog.preview.toPlainText()
        dialog.accept()

    QTimer.singleShot(20, answer)


def test_invalid_utf8_opens_only_with_an_explicit_encoding_and_saves_back_the_same(
    qtbot, window, tmp_path: Path, message_boxes: list[str]
) -> None:
    path = tmp_path / "old.fountain"
    original = SCRIPT.encode("cp1252")
    path.write_bytes(original)
    seen: dict = {}
    _answer_encoding_dialog("cp1252", seen)
    tab = window.open_path(path)
    assert tab is not None and not message_boxes
    assert seen["choices"][0] == "cp1252" and "latin-1" in seen["choices"]
    assert "Zoë orders a crème brûlée." in seen["preview"]
    assert tab.document.text() == SCRIPT
    assert tab.document.source.encoding == "cp1252"
    assert save_and_wait(qtbot, window, tab)
    assert path.read_bytes() == original  # never silently converted


def test_cancelled_encoding_choice_opens_nothing_and_changes_nothing(
    window, tmp_path: Path, message_boxes
) -> None:
    path = tmp_path / "old.fountain"
    path.write_bytes(SCRIPT.encode("latin-1"))
    seen: dict = {}
    _answer_encoding_dialog(None, seen)
    assert window.open_path(path) is None
    assert seen["choices"]
    assert all(t.document.path != path for t in window.tabs_list())
    assert path.read_bytes() == SCRIPT.encode("latin-1")


def test_utf16_with_bom_opens_and_round_trips(qtbot, window, tmp_path: Path, message_boxes) -> None:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        path = tmp_path / f"{encoding}.fountain"
        data = bom + SCRIPT.replace("\n", "\r\n").encode(encoding)
        path.write_bytes(data)
        tab = window.open_path(path)
        assert tab is not None and not message_boxes
        assert tab.document.text() == SCRIPT
        tab.document.qdoc.setModified(True)
        assert save_and_wait(qtbot, window, tab)
        assert path.read_bytes() == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        ("elf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500),
        ("nul_in_text", b"INT. HOUSE - DAY\n\nShe waits.\x00\nMore text.\n"),
        ("utf16_without_bom", SCRIPT.encode("utf-16-le")),
    ],
)
def test_binary_files_and_nul_bytes_are_refused_with_a_clear_message(
    window, tmp_path: Path, message_boxes: list[str], name: str, data: bytes
) -> None:
    path = tmp_path / f"{name}.fountain"
    path.write_bytes(data)
    assert looks_binary(data)
    assert window.open_path(path) is None
    assert len(message_boxes) == 1
    assert "binary file" in message_boxes[0] and "NUL byte at line" in message_boxes[0]
    assert path.read_bytes() == data


def test_unreadable_and_missing_files_are_refused_clearly(window, tmp_path: Path, message_boxes) -> None:
    assert window.open_path(tmp_path / "nowhere.fountain") is None
    assert "No such file" in message_boxes[-1]
    folder = tmp_path / "a-folder.fountain"
    folder.mkdir()
    assert window.open_path(folder) is None
    assert "could not be opened" in message_boxes[-1]


def test_cr_only_line_endings_open_as_lines_and_are_kept(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    path = tmp_path / "classic-mac.fountain"
    data = SCRIPT.replace("\n", "\r").encode("utf-8")
    path.write_bytes(data)
    tab = window.open_path(path)
    assert tab.document.line_count() == SCRIPT.count("\n") + 1
    assert tab.document.qdoc.blockCount() == tab.document.line_count()
    tab.document.qdoc.setModified(True)
    assert save_and_wait(qtbot, window, tab)
    assert path.read_bytes() == data
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(qtbot, tab.editor, "\nTHE END")
    assert save_and_wait(qtbot, window, tab)
    assert path.read_bytes() == (SCRIPT + "\nTHE END").replace("\n", "\r").encode()


def test_a_100000_character_line_opens_and_typing_stays_responsive(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    path = tmp_path / "long-line.fountain"
    line = ("She runs and runs " * 6000)[:100_000]
    path.write_text(f"INT. ROAD - DAY\n\n{line}\n\nTHE END\n", "utf-8")
    started = time.perf_counter()
    tab = window.open_path(path)
    assert tab is not None
    opened_s = time.perf_counter() - started
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    worst = 0.0
    for ch in "And stops.":
        t0 = time.perf_counter()
        qtbot.keyClicks(tab.editor, ch)
        worst = max(worst, time.perf_counter() - t0)
    assert tab.document.text().endswith("THE END\nAnd stops.")
    # Generous bounds for a loaded 2-core machine: a frozen window takes many seconds.
    assert opened_s < 10, opened_s
    assert worst < 1.0, worst


def test_file_deleted_while_open_keeps_the_text_and_saves_it_back(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    path = tmp_path / "gone.fountain"
    path.write_text(SCRIPT, "utf-8")
    tab = window.open_path(path)
    type_text(qtbot, tab.editor, "X")
    with qtbot.waitSignal(tab.document.changed_on_disk, timeout=5000):
        path.unlink()
    assert tab.reload_bar.isVisible()
    assert tab.document.text().startswith("X")  # nothing was dropped
    assert save_and_wait(qtbot, window, tab)
    assert path.read_text("utf-8") == tab.document.text()


def test_file_changed_on_disk_while_open_is_offered_never_forced(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    path = tmp_path / "shared.fountain"
    path.write_text(SCRIPT, "utf-8")
    tab = window.open_path(path)
    type_text(qtbot, tab.editor, "Mine. ")
    with qtbot.waitSignal(tab.document.changed_on_disk, timeout=5000):
        path.write_text("INT. SOMEWHERE ELSE - DAY\n", "utf-8")
    assert tab.reload_bar.isVisible()
    assert tab.document.text().startswith("Mine. ")  # the writer's version stays until they choose
    qtbot.mouseClick(tab.reload_bar.keep_button, Qt.MouseButton.LeftButton)
    assert tab.document.text().startswith("Mine. ")


def test_workable_encodings_lists_only_encodings_that_decode_the_whole_file() -> None:
    # 0x98 is undefined in cp1251, 0x81 in cp1252: neither may be offered.
    data = "Ярослав говорит".encode("cp1251") + b"\x98\x81"
    names = [name for name, _ in workable_encodings(data)]
    assert "cp1251" not in names and "cp1252" not in names
    assert "latin-1" in names  # decodes any byte: the writer can always see something
    for name in names:
        data.decode(name)


# Bounds on the UI thread's own CPU time (other processes on a loaded test machine do not count),
# generous: the old behaviour (everything highlighted, modelled and paginated on the UI thread while
# opening) took 11-39 s and then froze for seconds after every pause in typing.
OPEN_BUDGET_S = 8.0
WORST_FREEZE_S = 1.5


def test_a_10mb_script_opens_and_typing_and_journaling_stay_responsive(
    qtbot, window, tmp_path: Path, message_boxes
) -> None:
    from support.synthetic import generate_script

    from editor.recovery.journal import read_journal
    from editor.recovery.store import recovery_root

    text = (generate_script(120) + "\n\n") * 90
    assert len(text.encode()) >= 9_500_000
    path = tmp_path / "huge.fountain"
    path.write_text(text, "utf-8")
    started = time.thread_time()
    tab = window.open_path(path)
    opened_s = time.thread_time() - started
    assert tab is not None and not message_boxes
    assert opened_s < OPEN_BUDGET_S, f"opening a 10 MB script took {opened_s:.1f} s"
    assert tab.document.text() == text
    # After opening, the event loop keeps turning while highlighting and the model finish in the
    # background: the UI thread never works long between two beats of a 20 ms heartbeat.
    gaps: list[float] = []
    last = [time.thread_time()]

    def beat() -> None:
        now = time.thread_time()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    qtbot.waitUntil(lambda: tab.document.snapshot_if_ready() is not None, timeout=30000)
    qtbot.wait(500)
    heartbeat.stop()
    assert max(gaps) < WORST_FREEZE_S, f"the window froze for {max(gaps):.2f} s after opening"
    print(f"10 MB: opened in {opened_s:.2f} s CPU, longest busy stretch after {max(gaps) * 1000:.0f} ms")
    visible = tab.editor.firstVisibleBlock()
    qtbot.waitUntil(lambda: visible.userState() >= 0, timeout=5000)  # what is on screen is painted
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    worst_key = worst_tick = 0.0
    for ch in "THE END":
        t0 = time.perf_counter()
        qtbot.keyClicks(tab.editor, ch)
        worst_key = max(worst_key, time.perf_counter() - t0)
        t0 = time.perf_counter()
        window.recovery._tick()  # what the journal timer costs the UI thread
        worst_tick = max(worst_tick, time.perf_counter() - t0)
    assert worst_key < 0.5, worst_key
    assert worst_tick < 0.1, worst_tick
    qtbot.waitUntil(lambda: any(recovery_root().glob("*/*.journal")), timeout=10000)
    journal = next(recovery_root().glob("*/*.journal"))
    qtbot.waitUntil(lambda: read_journal(journal).text.endswith("THE END"), timeout=10000)
    assert read_journal(journal).text == tab.document.text()
