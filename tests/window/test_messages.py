"""What the writer reads: plain sentences, no command-line hints, no "1 pages", no runtime for nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from editor.files.encoding_dialog import EncodingDialog
from editor.fountain.source import SourceDecodeError, decode
from editor.window.status_bar import ScriptStatusBar


def test_encoding_dialog_speaks_to_the_writer_not_the_command_line(qtbot) -> None:
    data = "INT. CAF\u00c9 - DAY\n\nZo\u00eb waits.\n".encode("cp1252")
    try:
        decode(data)
    except SourceDecodeError as exc:
        reason = str(exc)
    dialog = EncodingDialog("old.fountain", data, reason)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "“old.fountain”" in text
    assert "line 1" in text
    for jargon in ("explicit encoding", "byte 0x", "cannot be decoded", "UTF-8 ("):
        assert jargon not in text


def test_an_empty_script_has_no_runtime(qtbot) -> None:
    bar = ScriptStatusBar()
    qtbot.addWidget(bar)
    bar.set_pages(1, 1, estimated=True)
    bar.set_words(0)
    assert bar.runtime_label.text() == "0 min"
    bar.set_words(12)
    assert bar.runtime_label.text() == "~1 min"
    bar.set_pages(3, 7, estimated=False)
    assert bar.runtime_label.text() == "~7 min"
    assert bar.words_label.text() == "12 words"
    bar.set_words(1)
    assert bar.words_label.text() == "1 word"


def test_export_report_counts_pages_in_english(qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from editor.export.ui import install_export_menu
    from editor.fountain.parser import parse

    window = QMainWindow()
    qtbot.addWidget(window)
    reports: list[str] = []
    menu = install_export_menu(
        window,
        QMenu("File", window),
        current_script=lambda: parse("Rain.\n"),
        current_path=lambda: tmp_path / "crlf.fountain",
        open_imported=lambda text, path: None,
    )
    menu.report = reports.append
    menu.controller.export_finished.emit(str(tmp_path / "crlf.pdf"), 1)
    menu.controller.export_finished.emit(str(tmp_path / "long.pdf"), 120)
    assert reports == ["Exported crlf.pdf (1 page)", "Exported long.pdf (120 pages)"]
