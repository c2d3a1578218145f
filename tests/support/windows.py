"""The assembled main window for tests, built the way the application builds it.

``editor.app.build_main_window`` installs every feature (recovery, export, AI), so a test sees the
window a writer sees. The ``make_window`` fixture (tests/conftest.py) wraps ``open_window`` and
closes every window it made without a "save changes?" prompt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.config.settings import Settings
    from editor.window.main_window import MainWindow


def open_window(
    settings: Settings | None = None, *, size: tuple[int, int] | None = (1000, 700), show: bool = True
) -> MainWindow:
    """A fully assembled main window, resized and shown (and exposed) unless told otherwise."""
    from PySide6.QtTest import QTest

    from editor.app import build_main_window
    from editor.config.resources import load_script_fonts
    from editor.config.settings import Settings

    load_script_fonts()
    window = build_main_window(settings if settings is not None else Settings())
    if size is not None:
        window.resize(*size)
    if show:
        window.show()
        QTest.qWaitForWindowExposed(window)
    return window


def paginate_and_wait(window: MainWindow, timeout_ms: int = 20_000) -> bool:
    """Run the window's debounced pagination now and wait until its pages are applied.

    The window paginates on a worker thread (``pages_changed`` announces the result); this waits
    with an event loop so queued signals are delivered. True when the pages arrived in time.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    arrived: list[object] = []

    def done(tab: object) -> None:
        arrived.append(tab)
        loop.quit()

    window.pages_changed.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    window._paginate_current()
    if not arrived:
        loop.exec()
    window.pages_changed.disconnect(done)
    return bool(arrived)


def discard_and_close(window: MainWindow) -> None:
    """Close without the "save changes?" prompt and stop the window's AI."""
    for tab in window.tabs_list():
        tab.document.qdoc.setModified(False)
    ai = getattr(window, "ai", None)
    if ai is not None:
        ai.shutdown()
    window.close()
    window.deleteLater()


def save_and_wait(qtbot, window: MainWindow, tab=None, timeout_ms: int = 10000) -> bool:
    """Save like Ctrl+S (on the writer thread) and wait for its answer; True when it succeeded."""
    tab = tab or window.current_tab()
    document = tab.document
    results: list[bool] = []

    def on_saved(_name: str) -> None:
        results.append(True)

    def on_failed(_name: str, _exc: object) -> None:
        results.append(False)

    document.saved.connect(on_saved)
    document.save_failed.connect(on_failed)
    try:
        if not window.save(tab):
            return False
        qtbot.waitUntil(lambda: bool(results), timeout=timeout_ms)
        return results[0]
    finally:
        document.saved.disconnect(on_saved)
        document.save_failed.disconnect(on_failed)
