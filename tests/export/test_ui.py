"""The export controller runs jobs off the UI thread, reports progress, and cancels cleanly."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMenu

from editor.export.formats import ExportOptions, Format
from editor.export.ui import ExportController, install_export_menu
from editor.fountain.parser import parse

SCENE = "INT. KITCHEN - NIGHT\n\nJo waits.\n\nJO\nWell?\n"


def long_script() -> str:
    return "\n".join(f"INT. ROOM {k} - DAY\n\nSomebody enters and waits a while.\n" for k in range(400))


def test_export_runs_on_a_pool_thread_and_reports(qtbot, tmp_path: Path, monkeypatch) -> None:
    import editor.export.ui as ui

    controller = ExportController(show_progress=False)
    seen_threads: list[threading.Thread] = []
    out = tmp_path / "scene.fdx"
    original = ui.export_script

    def spy(*args, **kwargs):
        seen_threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(ui, "export_script", spy)
    with qtbot.waitSignal(controller.export_finished, timeout=30000) as blocker:
        assert controller.export(parse(SCENE), Format.FDX, out, ExportOptions())
        assert controller.busy
    assert blocker.args == [str(out), -1]
    assert seen_threads and seen_threads[0] is not threading.main_thread()
    assert "<FinalDraft" in out.read_text(encoding="utf-8")
    assert not controller.busy


def test_pdf_export_with_progress_dialog(qtbot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = ExportController(window)
    out = tmp_path / "scene.pdf"
    with qtbot.waitSignal(controller.export_finished, timeout=60000) as blocker:
        controller.export(parse(SCENE), "pdf", out, ExportOptions())
    assert blocker.args == [str(out), 1]
    assert out.read_bytes().startswith(b"%PDF")


def test_cancel_leaves_no_file(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The writer's Cancel reaches the running export, which stops and leaves no file.

    A 400-scene HTML export takes about 20 ms, less than a busy test process may keep the UI
    thread from calling ``cancel()``; the job therefore starts the real export only once the
    Cancel has reached it, so the test checks cancelling, never a race it could lose.
    """
    import editor.export.ui as ui

    original = ui.export_script

    def after_cancel(*args, **kwargs):
        cancelled = kwargs["cancelled"]
        deadline = time.monotonic() + 20
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.005)
        return original(*args, **kwargs)

    monkeypatch.setattr(ui, "export_script", after_cancel)
    controller = ExportController(show_progress=False)
    out = tmp_path / "long.html"
    with qtbot.waitSignal(controller.job_cancelled, timeout=30000):
        controller.export(parse(long_script()), Format.HTML, out, ExportOptions())
        controller.cancel()
    assert not out.exists()
    assert not controller.busy


def test_one_job_at_a_time_and_failures_are_messages(qtbot, tmp_path: Path) -> None:
    controller = ExportController(show_progress=False)
    with qtbot.waitSignal(controller.job_failed, timeout=30000) as blocker:
        assert controller.import_fdx(tmp_path / "missing.fdx")
        assert not controller.import_fdx(tmp_path / "other.fdx")  # busy
    assert "missing.fdx" in blocker.args[0]
    bad = tmp_path / "bad.fdx"
    bad.write_text("<FinalDraft><Content>", encoding="utf-8")
    with qtbot.waitSignal(controller.job_failed, timeout=30000) as blocker:
        controller.import_fdx(bad)
    assert "well-formed" in blocker.args[0]


def test_menu_installs_and_imports(qtbot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = QMenu("File", window)
    opened: list[tuple[str, Path]] = []
    menu = install_export_menu(
        window,
        file_menu,
        current_script=lambda: parse(SCENE),
        current_path=lambda: tmp_path / "scene.fountain",
        open_imported=lambda text, path: opened.append((text, path)),
    )
    titles = [action.text() for action in file_menu.actions() if action.text()]
    assert "&Import Final Draft…" in titles and "&Export" in titles
    assert [a.text() for a in menu.menu.actions() if a.text()][:3] == [
        "&PDF…",
        "&Final Draft (FDX)…",
        "&HTML…",
    ]
    menu.a4_action.setChecked(True)
    assert menu.options().paper == "a4"
    fdx = tmp_path / "in.fdx"
    from editor.fountain.fdx import to_fdx

    fdx.write_text(to_fdx(parse(SCENE)), encoding="utf-8")
    with qtbot.waitSignal(menu.controller.import_finished, timeout=30000):
        menu.controller.import_fdx(fdx)
    assert opened == [(SCENE, fdx)]


def test_main_window_has_export_menu_and_opens_imports(make_window, tmp_path: Path) -> None:
    from editor.config.settings import Settings

    window = make_window(Settings(tmp_path / "settings.ini"), size=None, show=False)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "&Import Final Draft…" in texts and "&Export" in texts
    assert texts.index("&Export") < texts.index("&Close")
    before = window.tabs.count()
    window.open_imported(SCENE, tmp_path / "in.fdx")
    assert window.tabs.count() == before + 1
    tab = window.current_tab()
    assert tab is not None and tab.document.text() == SCENE
    assert tab.document.is_modified()
    assert window.export_menu.current_script() is not None
    # Closing the window would ask whether to save the import; this test has nothing to save.
    tab.document.qdoc.setModified(False)


def test_export_options_and_folder_are_remembered(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    """Defect: paper, scene numbers, notes, title page and the export folder reset every launch."""
    from PySide6.QtWidgets import QFileDialog

    from editor.config.settings import Settings
    from editor.fountain.pagination import Paper

    settings_file = tmp_path / "settings.ini"
    script = tmp_path / "drafts" / "pilot.fountain"
    script.parent.mkdir()
    script.write_text(SCENE, encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    window = make_window(Settings(settings_file), size=None, show=False)
    window.open_path(script)
    menu = window.export_menu
    assert menu.options() == ExportOptions()  # first launch: the defaults
    menu.a4_action.setChecked(True)
    menu.scene_numbers_action.setChecked(True)
    menu.notes_action.setChecked(True)
    menu.title_page_action.setChecked(False)
    offered: list[str] = []

    def choose(_parent, _title, default, _filter):
        offered.append(default)
        return str(exports / "pilot.html"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    with qtbot.waitSignal(menu.controller.export_finished, timeout=30000):
        menu.ask_export(Format.HTML)
    assert offered == [(script.parent / "pilot.html").as_posix()]  # beside the script at first
    window.settings.sync()

    again = make_window(Settings(settings_file), size=None, show=False)
    again.open_path(script)
    expected = ExportOptions(paper=Paper.A4, scene_numbers=True, print_notes=True, title_page=False)
    assert again.export_menu.options() == expected
    with qtbot.waitSignal(again.export_menu.controller.export_finished, timeout=30000):
        again.export_menu.ask_export(Format.HTML)
    assert offered[-1] == (exports / "pilot.html").as_posix()  # where the writer exported last
