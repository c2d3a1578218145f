"""File ▸ Export (PDF, Final Draft, HTML) and File ▸ Import Final Draft, run off the UI thread.

``install`` puts the menus into the main window (``editor.app.build_main_window`` calls it);
``install_export_menu`` does the same for any ``QMainWindow`` given three callables (the current
script snapshot, the current file path, and what to do with imported Fountain text). Exports and imports
run as ``QRunnable`` jobs on the global thread pool; their progress reaches a ``QProgressDialog``
through queued signals, Cancel sets a flag the job checks between pages, and the UI thread never
waits on the disk. A snapshot ``Script`` is plain immutable data, so handing it to a worker is safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QMessageBox, QProgressDialog, QWidget

from editor.config.settings import Key
from editor.export.common import ExportCancelled
from editor.export.formats import ExportOptions, Format, export_script, import_fdx
from editor.export.printing import prepare_printer, print_script
from editor.fountain.model import Script
from editor.fountain.pagination import Paper
from editor.production.revised import RevisedPrint

if TYPE_CHECKING:
    from editor.config.settings import Settings
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    progress = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Job(QRunnable):
    """Runs ``work(progress, cancelled)`` on a pool thread and reports through signals."""

    def __init__(self, work: Callable[[Callable[[float], None], Callable[[], bool]], object]):
        super().__init__()
        self.signals = _JobSignals()
        self.stop = threading.Event()
        self._work = work
        # The pool deletes the runnable when run() returns; the controller keeps only the
        # signals object and the stop flag, which it owns, so nothing is freed under a thread.
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work(self.signals.progress.emit, self.stop.is_set)
        except ExportCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the writer, never a crash of the worker thread
            log.warning("export/import job failed", exc_info=True)
            self.signals.failed.emit(str(exc) or exc.__class__.__name__)
        else:
            self.signals.succeeded.emit(result)


class ExportController(QObject):
    """Starts export/import jobs and shows their progress; one job at a time."""

    export_finished = Signal(str, int)  # path, printed pages (-1 when not paginated, e.g. FDX)
    print_finished = Signal(int)  # pages sent to the printer
    import_finished = Signal(str, str)  # Fountain text, path of the FDX it came from
    job_failed = Signal(str)  # a human-readable message
    job_cancelled = Signal()

    def __init__(self, parent_widget: QWidget | None = None, *, show_progress: bool = True):
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._show_progress = show_progress
        self._signals: _JobSignals | None = None
        self._stop: threading.Event | None = None
        self._dialog: QProgressDialog | None = None
        self._pool = QThreadPool.globalInstance()

    @property
    def busy(self) -> bool:
        return self._signals is not None

    def export(self, script: Script, fmt: Format | str, path: str | Path, options: ExportOptions) -> bool:
        """Start exporting; False if another job is still running."""
        fmt = Format(fmt)
        target = Path(path)

        def work(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> object:
            return export_script(script, target, fmt, options, progress=progress, cancelled=cancelled)

        return self._start(work, self.tr("Exporting %1…").replace("%1", target.name), self._export_done)

    def print_script(self, script: Script, printer: QPrinter, options: ExportOptions) -> bool:
        """Print on a worker thread (Qt prints from any thread); False if a job is running."""
        pagination = options.pagination()

        def work(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> object:
            return print_script(script, printer, pagination, progress=progress, cancelled=cancelled)

        return self._start(work, self.tr("Printing…"), self._print_done)

    @Slot(object)
    def _print_done(self, result: object) -> None:
        self._finish()
        self.print_finished.emit(int(result))  # type: ignore[call-overload]

    def import_fdx(self, path: str | Path) -> bool:
        source = Path(path)

        def work(progress: Callable[[float], None], cancelled: Callable[[], bool]) -> object:
            text = import_fdx(source)
            if cancelled():
                raise ExportCancelled
            progress(1.0)
            return (text, str(source))

        return self._start(work, self.tr("Importing %1…").replace("%1", source.name), self._import_done)

    @Slot()
    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until pool jobs finish (tests and shutdown only; never from a UI handler)."""
        return self._pool.waitForDone(msecs)

    # -- internals -------------------------------------------------------------------------------
    def _start(self, work: Callable, label: str, on_success: Callable[[object], None]) -> bool:
        if self._signals is not None:
            return False
        job = _Job(work)
        job.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        job.signals.succeeded.connect(on_success, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        job.signals.cancelled.connect(self._on_cancelled, Qt.ConnectionType.QueuedConnection)
        self._signals = job.signals
        self._stop = job.stop
        if self._show_progress and self._widget is not None:
            dialog = QProgressDialog(label, self.tr("Cancel"), 0, 1000, self._widget)
            dialog.setWindowTitle(self.tr("Screenwright"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)  # short jobs finish before it would flash up
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        self._pool.start(job)
        return True

    def _finish(self) -> None:
        self._signals = None
        self._stop = None
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    @Slot(float)
    def _on_progress(self, value: float) -> None:
        if self._dialog is not None:
            self._dialog.setValue(int(value * 1000))

    @Slot(object)
    def _export_done(self, result: object) -> None:
        self._finish()
        pages = getattr(result, "pages", None)
        self.export_finished.emit(str(getattr(result, "path", "")), -1 if pages is None else int(pages))

    @Slot(object)
    def _import_done(self, result: object) -> None:
        self._finish()
        text, source = result  # type: ignore[misc]
        self.import_finished.emit(text, source)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish()
        self.job_failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish()
        self.job_cancelled.emit()


class ExportMenu(QObject):
    """The File ▸ Export submenu and the Import Final Draft action, wired to a controller."""

    def __init__(
        self,
        window: QWidget,
        current_script: Callable[[], Script | None],
        current_path: Callable[[], Path | None],
        open_imported: Callable[[str, Path], None],
        report: Callable[[str], None] | None = None,
        settings: Settings | None = None,
    ):
        super().__init__(window)
        self.settings = settings
        self.window = window
        self.current_script = current_script
        self.current_path = current_path
        self.open_imported = open_imported
        self.report = report
        self._printer: QPrinter | None = None
        self.controller = ExportController(window)
        self.controller.export_finished.connect(self._exported)
        self.controller.print_finished.connect(self._printed)
        self.controller.import_finished.connect(self._imported)
        self.controller.job_failed.connect(self._failed)

        self.menu = QMenu(self.tr("&Export"), window)
        self.pdf_action = self.menu.addAction(self.tr("&PDF…"))
        self.fdx_action = self.menu.addAction(self.tr("&Final Draft (FDX)…"))
        self.html_action = self.menu.addAction(self.tr("&HTML…"))
        self.menu.addSeparator()
        self.a4_action = self.menu.addAction(self.tr("A4 Paper"))
        self.a4_action.setCheckable(True)
        self.scene_numbers_action = self.menu.addAction(self.tr("Scene Numbers"))
        self.scene_numbers_action.setCheckable(True)
        self.notes_action = self.menu.addAction(self.tr("Print Notes"))
        self.notes_action.setCheckable(True)
        self.title_page_action = self.menu.addAction(self.tr("Title Page"))
        self.title_page_action.setCheckable(True)
        self.title_page_action.setChecked(True)
        self.changed_only_action = self.menu.addAction(self.tr("Changed Pages Only"))
        self.changed_only_action.setObjectName("exportChangedPagesOnly")
        self.changed_only_action.setCheckable(True)
        self.changed_only_action.setToolTip(self.tr("With revision marks: print only the pages that changed"))
        #: Revision marks of the current script for PDF asterisks and FDX marks (set by the
        #: production drafts feature; None prints plain pages).
        self.revisions_provider: Callable[[], RevisedPrint | None] | None = None
        self._remember_options()
        self.import_action = QAction(self.tr("&Import Final Draft…"), window)
        self.pdf_action.triggered.connect(lambda: self.ask_export(Format.PDF))
        self.fdx_action.triggered.connect(lambda: self.ask_export(Format.FDX))
        self.html_action.triggered.connect(lambda: self.ask_export(Format.HTML))
        self.import_action.triggered.connect(self.ask_import)

    def install(self, file_menu: QMenu, before: QAction | None = None) -> None:
        """Add "Import Final Draft…" and the Export submenu to ``file_menu`` (before ``before``)."""
        if before is None:
            file_menu.addSeparator()
            file_menu.addAction(self.import_action)
            file_menu.addMenu(self.menu)
        else:
            file_menu.insertAction(before, self.import_action)
            file_menu.insertMenu(before, self.menu)
            file_menu.insertSeparator(before)

    def _remember_options(self) -> None:
        """With settings, the options start as the writer last left them and are kept on change."""
        settings = self.settings
        if settings is None:
            return
        toggles = (
            (self.scene_numbers_action, Key.EXPORT_SCENE_NUMBERS),
            (self.notes_action, Key.EXPORT_NOTES),
            (self.title_page_action, Key.EXPORT_TITLE_PAGE),
        )
        for action, key in toggles:
            action.setChecked(bool(settings.get(key)))
            action.toggled.connect(lambda on, k=key: settings.set(k, on))
        self.a4_action.setChecked(str(settings.get(Key.PAPER)).lower() == Paper.A4.value)
        self.a4_action.toggled.connect(
            lambda on: settings.set(Key.PAPER, Paper.A4.value if on else Paper.LETTER.value)
        )
        checks = {key: action for action, key in toggles}

        def show(key: Key) -> None:
            # Preferences ▸ Page and Print changes the same settings: the checks follow it.
            if key is Key.PAPER:
                self.a4_action.setChecked(str(settings.get(Key.PAPER)).lower() == Paper.A4.value)
            elif key in checks:
                checks[key].setChecked(bool(settings.get(key)))

        settings.changed.connect(show)

    def options(self) -> ExportOptions:
        settings = self.settings
        return ExportOptions(
            paper=Paper.A4 if self.a4_action.isChecked() else Paper.LETTER,
            scene_numbers=self.scene_numbers_action.isChecked(),
            print_notes=self.notes_action.isChecked(),
            title_page=self.title_page_action.isChecked(),
            bold_headings=bool(settings.get(Key.BOLD_SCENE_HEADINGS)) if settings is not None else False,
        )

    def export_options(self, fmt: Format) -> ExportOptions:
        """The options, with the script's revision marks for PDF and FDX when it has any."""
        options = self.options()
        revised = self.revisions_provider() if self.revisions_provider is not None else None
        if revised is None or fmt is Format.HTML:
            return options
        return replace(
            options, revised=replace(revised, changed_pages_only=self.changed_only_action.isChecked())
        )

    def _default_target(self, fmt: Format) -> Path:
        """Beside the script, or in the folder the writer exported to last."""
        source = self.current_path()
        name = (source.stem if source else "Untitled") + fmt.suffix
        folder = str(self.settings.get(Key.EXPORT_DIRECTORY)) if self.settings is not None else ""
        if folder and Path(folder).is_dir():
            return Path(folder) / name
        return source.with_name(name) if source else Path.home() / name

    @Slot()
    def ask_export(self, fmt: Format) -> None:
        script = self.current_script()
        if script is None:
            return
        if self.controller.busy:
            QMessageBox.information(self.window, self.tr("Export"), self.tr("An export is already running."))
            return
        default = self._default_target(fmt).as_posix()
        filters = {
            Format.PDF: self.tr("PDF (*.pdf)"),
            Format.FDX: self.tr("Final Draft (*.fdx)"),
            Format.HTML: self.tr("Web page (*.html)"),
        }
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export"), default, filters[fmt])
        if name:
            if self.settings is not None:
                self.settings.set(Key.EXPORT_DIRECTORY, str(Path(name).parent))
            self.controller.export(script, fmt, name, self.export_options(fmt))

    @Slot()
    def ask_print(self) -> QPrintDialog | None:
        """File ▸ Print: the system's print dialog, then the PDF's pages on the chosen printer."""
        script = self.current_script()
        if script is None:
            return None
        if self.controller.busy:
            QMessageBox.information(self.window, self.tr("Print"), self.tr("An export is already running."))
            return None
        options = self.options()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, options.paper)
        dialog = QPrintDialog(printer, self.window)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        self._printer = printer  # alive until the job ends

        def chosen(result: int) -> None:
            if result == QPrintDialog.DialogCode.Accepted:
                self.controller.print_script(script, printer, options)
            self._refocus()

        dialog.finished.connect(chosen)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # QPrintDialog.open() wants a receiver in PySide
        return dialog

    def _refocus(self) -> None:
        focus = getattr(self.window, "current_editor", None)
        editor = focus() if callable(focus) else None
        if editor is not None:
            editor.setFocus()

    @Slot()
    def ask_import(self) -> None:
        start = self.current_path()
        folder = str(start.parent) if start else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import Final Draft"), folder, self.tr("Final Draft (*.fdx);;All files (*)")
        )
        if name:
            self.controller.import_fdx(name)

    @Slot(str, int)
    @Slot(int)
    def _printed(self, pages: int) -> None:
        self._printer = None
        if self.report is not None:
            self.report(
                self.tr("Sent 1 page to the printer")
                if pages == 1
                else self.tr("Sent %1 pages to the printer").replace("%1", str(pages))
            )

    def _exported(self, path: str, pages: int) -> None:
        if self.report is None:
            return
        if pages >= 0:
            self.report(
                # Qt resolves "%n page(s)" only through a loaded translation: spell both forms.
                (self.tr("Exported %1 (1 page)") if pages == 1 else self.tr("Exported %1 (%2 pages)"))
                .replace("%1", Path(path).name)
                .replace("%2", str(pages))
            )
        else:
            self.report(self.tr("Exported %1").replace("%1", Path(path).name))

    @Slot(str, str)
    def _imported(self, text: str, source: str) -> None:
        self.open_imported(text, Path(source))

    @Slot(str)
    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Export or Import Failed"), message)


def menu_containing(menu_bar: QMenuBar, action: QAction) -> QMenu | None:
    """The top-level menu that holds ``action`` (the File menu, for its Close action)."""
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is not None and action in menu.actions():
            return menu
    return None


def install_export_menu(
    window: QWidget,
    file_menu: QMenu,
    *,
    current_script: Callable[[], Script | None],
    current_path: Callable[[], Path | None],
    open_imported: Callable[[str, Path], None],
    report: Callable[[str], None] | None = None,
    before: QAction | None = None,
    settings: Settings | None = None,
) -> ExportMenu:
    """Adds the menus and returns the object that owns them; with ``settings`` the options and
    the last export folder are remembered."""
    menu = ExportMenu(window, current_script, current_path, open_imported, report, settings)
    menu.install(file_menu, before)
    return menu


def install(window: MainWindow) -> ExportMenu | None:
    """File ▸ Export and Import in ``window``'s File menu, before Close; None without a File menu."""
    close = window.actions_.close_tab
    file_menu = menu_containing(window.menuBar(), close)
    if file_menu is None:
        return None

    def current_script() -> Script | None:
        tab = window.current_tab()
        return tab.document.snapshot() if tab else None

    def current_path() -> Path | None:
        tab = window.current_tab()
        return tab.document.path if tab else None

    menu = install_export_menu(
        window,
        file_menu,
        current_script=current_script,
        current_path=current_path,
        open_imported=window.open_imported,
        report=lambda message: window.status.showMessage(message, 6000),
        before=close,
        settings=window.settings,
    )
    window.actions_.print_.triggered.connect(menu.ask_print)
    return menu
