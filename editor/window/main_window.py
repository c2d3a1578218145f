"""The main window: scripts in tabs, the scene navigator, the status bar, files and settings.

It knows no optional feature: AI, export and crash recovery install themselves on it in
``editor.app.build_main_window`` and follow it through its signals (``document_added``,
``document_removed``, ``closing``) and public parts (see docs/ARCHITECTURE.md, "How a feature
installs itself").

Whole-script work (navigator, word count, pagination) runs on the documents' debounced signals;
the pagination that gives the real page count runs later still (``PAGINATE_DELAY_MS``), on its own
thread, and a cheap estimate stands in until it has.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from editor import __version__, gc_guard
from editor.config import theme
from editor.config.resources import script_font
from editor.config.settings import Key, Settings, Theme
from editor.files.backups import backup_before_save, describe_save_error
from editor.files.encoding_dialog import open_with_encoding_choice
from editor.fountain.model import LineType
from editor.fountain.page_geometry import LETTER, PageGeometry, geometry_for
from editor.fountain.pagination import PaginationOptions, paginate
from editor.fountain.print_lines import printed_by_source_line
from editor.fountain.source import SourceDecodeError, SourceEncodeError
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor
from editor.window.actions import build_actions
from editor.window.editor_tab import EditorTab
from editor.window.navigator import SceneNavigator
from editor.window.preferences import BUILTIN_PAGES, PageFactory, PreferencesDialog
from editor.window.status_bar import ScriptStatusBar
from editor.window.title_page_dialog import TitlePageDialog

log = logging.getLogger(__name__)

PAGINATE_DELAY_MS = 1200
# The real page count: pure Python, on its own thread, so the UI thread never waits for it.
_PAGINATOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-pages")
#: Settings each editor applies (``_apply_editor_settings``) when they change.
_EDITOR_KEYS = frozenset(
    {
        Key.PAGE_VIEW,
        Key.SMART_TYPING,
        Key.SMART_TYPE_COMPLETION,
        Key.AUTO_UPPERCASE,
        Key.PAPER,
        Key.BOLD_SCENE_HEADINGS,
    }
)
LINES_PER_PAGE = LETTER.lines_per_page
FILE_FILTER = "Fountain (*.fountain *.spmd *.txt);;All files (*)"


def estimate_pages(lines: list[str], types: list[LineType], paper: PageGeometry = LETTER) -> int:
    """A quick page count: printed lines (wrapped at each element's width) over 55 per page."""
    rows = 0
    for text, kind in zip(lines, types, strict=False):
        if kind in (
            LineType.NOTE,
            LineType.BONEYARD,
            LineType.SECTION,
            LineType.SYNOPSIS,
            LineType.TITLE_PAGE,
        ):
            continue
        dialogue = kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE)
        width = paper.dialogue_width if dialogue else paper.action_width
        rows += 1 + len(text) // width
    return max(1, -(-rows // paper.lines_per_page))


class MainWindow(QMainWindow):
    #: A document got its tab (after it is shown and current).
    document_added = Signal(object)  # ScriptDocument
    #: A document's tab was closed by the writer.
    document_removed = Signal(object)  # ScriptDocument
    #: The window accepted its close: features shut down cleanly.
    closing = Signal()
    #: A tab's page count and page breaks are up to date (``EditorTab``).
    pages_changed = Signal(object)
    # (tab, revision, paper, (page starts, printed lines)) from the paginator thread.
    _pages_counted = Signal(object, int, object, object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.settings = settings
        self.setWindowTitle("Screenwright")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("scriptTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.setCentralWidget(self.tabs)
        #: Preferences pages; features append their own (``editor.window.preferences``).
        self.preference_pages: list[PageFactory] = list(BUILTIN_PAGES)
        self.navigator = SceneNavigator(self)
        self.navigator_dock = QDockWidget(self.tr("Scenes"), self)
        self.navigator_dock.setObjectName("navigatorDock")
        self.navigator_dock.setWidget(self.navigator)
        self.navigator_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator_dock)
        self.colors = theme.LIGHT
        self.status = ScriptStatusBar(self)
        self.setStatusBar(self.status)
        self.actions_ = build_actions(self)
        self._paginate_timer = QTimer(self)
        self._paginate_timer.setSingleShot(True)
        self._paginate_timer.setInterval(PAGINATE_DELAY_MS)
        self._paginate_timer.timeout.connect(self._paginate_current)
        self._pages_counted.connect(self._apply_pages)
        self._connect()
        self._load_settings()
        self.resize(1280, 860)

    def restore_layout(self) -> None:
        """Size, position and docks as the writer left them; after the features added their docks."""
        geometry = self.settings.get(Key.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        state = self.settings.get(Key.WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))

    # -- wiring --------------------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.actions_
        a.new.triggered.connect(self.new_document)
        a.open.triggered.connect(self.open_dialog)
        a.save.triggered.connect(lambda: self.save())
        a.save_as.triggered.connect(self.save_as)
        a.revert.triggered.connect(self.revert)
        a.close_tab.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(lambda: self.editor_call("undo"))
        a.redo.triggered.connect(lambda: self.editor_call("redo"))
        a.find.triggered.connect(lambda: self._find_bar(replace=False))
        a.replace.triggered.connect(lambda: self._find_bar(replace=True))
        a.find_next.triggered.connect(lambda: self.current_tab() and self.current_tab().find_bar.find_next())
        a.find_previous.triggered.connect(
            lambda: self.current_tab() and self.current_tab().find_bar.find_previous()
        )
        a.go_to_scene.triggered.connect(self.go_to_scene)
        a.go_to_page.triggered.connect(self.go_to_page)
        a.page_view.toggled.connect(self._set_page_view)
        a.zoom_in.triggered.connect(lambda: self.editor_call("zoom_in"))
        a.zoom_out.triggered.connect(lambda: self.editor_call("zoom_out"))
        a.zoom_reset.triggered.connect(lambda: self.current_editor() and self.current_editor().set_zoom(100))
        a.focus_mode.toggled.connect(self._set_focus_mode)
        a.typewriter_mode.toggled.connect(self._set_typewriter_mode)
        a.title_page.triggered.connect(self.edit_title_page)
        a.preferences.triggered.connect(self.show_preferences)
        self.settings.changed.connect(self._on_setting_changed)
        a.smart_typing.toggled.connect(lambda on: self._set_bool(Key.SMART_TYPING, on))
        a.smart_type.toggled.connect(lambda on: self._set_bool(Key.SMART_TYPE_COMPLETION, on))
        a.theme_group.triggered.connect(self._theme_chosen)
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.navigator.scene_activated.connect(self._jump_to_line)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply_theme())

    def _load_settings(self) -> None:
        s = self.settings
        a = self.actions_
        for action, key in (
            (a.page_view, Key.PAGE_VIEW),
            (a.focus_mode, Key.FOCUS_MODE),
            (a.typewriter_mode, Key.TYPEWRITER_MODE),
            (a.smart_typing, Key.SMART_TYPING),
            (a.smart_type, Key.SMART_TYPE_COMPLETION),
        ):
            action.blockSignals(True)
            action.setChecked(bool(s.get(key)))
            action.blockSignals(False)
        for action in a.theme_group.actions():
            action.setChecked(action.data() == s.get(Key.THEME).value)
        self.navigator_dock.setVisible(bool(s.get(Key.SHOW_NAVIGATOR)))
        self.apply_theme()

    # -- preferences ---------------------------------------------------------------------------
    def show_preferences(self, page: str | None = None) -> PreferencesDialog:
        """Edit ▸ Preferences: the built-in pages and those features added (``preference_pages``)."""
        dialog = PreferencesDialog(self.settings, list(self.preference_pages), self)
        if page:
            dialog.show_page(page)
        dialog.finished.connect(lambda _result: self._refocus_editor())
        dialog.open()
        return dialog

    def _refocus_editor(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.setFocus()

    @Slot(object)
    def _on_setting_changed(self, key: Key) -> None:
        """Bring a changed setting to the screen, whoever changed it (Preferences, a menu)."""
        if key is Key.THEME:
            for action in self.actions_.theme_group.actions():
                action.setChecked(action.data() == self.settings.get(Key.THEME).value)
            self.apply_theme()
        elif key in _EDITOR_KEYS:
            checkable = {
                Key.PAGE_VIEW: self.actions_.page_view,
                Key.SMART_TYPING: self.actions_.smart_typing,
                Key.SMART_TYPE_COMPLETION: self.actions_.smart_type,
            }
            if key in checkable:
                action = checkable[key]
                action.blockSignals(True)
                action.setChecked(bool(self.settings.get(key)))
                action.blockSignals(False)
            for tab in self.tabs_list():
                self._apply_editor_settings(tab)
            if key is Key.PAPER:
                for tab in self.tabs_list():
                    tab.page_starts = []
                    tab.paged_revision = -1
                tab = self.current_tab()
                if tab is not None:
                    self._on_structure_changed(tab)

    def _set_bool(self, key: Key, on: bool) -> None:
        self.settings.set(key, on)
        for tab in self.tabs_list():
            self._apply_editor_settings(tab)

    def _apply_editor_settings(self, tab: EditorTab) -> None:
        s = self.settings
        editor = tab.editor
        editor.set_page_view(bool(s.get(Key.PAGE_VIEW)))
        editor.set_focus_mode(bool(s.get(Key.FOCUS_MODE)))
        editor.set_typewriter_mode(bool(s.get(Key.TYPEWRITER_MODE)))
        editor.smart.enabled = bool(s.get(Key.SMART_TYPING))
        editor.smart.auto_uppercase = bool(s.get(Key.AUTO_UPPERCASE))
        editor.completer.enabled = bool(s.get(Key.SMART_TYPE_COMPLETION))
        editor.set_zoom(int(s.get(Key.ZOOM)))
        editor.set_paper(geometry_for(s.get(Key.PAPER)))
        tab.document.highlighter.set_bold_headings(bool(s.get(Key.BOLD_SCENE_HEADINGS)))

    # -- theme ---------------------------------------------------------------------------------
    def apply_theme(self) -> None:
        colors = theme.resolve(self.settings.get(Key.THEME))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(theme.palette_for(colors))
            app.setStyleSheet(theme.stylesheet_for(colors))
        for tab in self.tabs_list():
            tab.editor.apply_colors(colors)
        self.colors = colors

    @Slot(QAction)
    def _theme_chosen(self, action: QAction) -> None:
        self.settings.set(Key.THEME, Theme(action.data()))
        self.apply_theme()

    # -- tabs ----------------------------------------------------------------------------------
    def tabs_list(self) -> list[EditorTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def current_tab(self) -> EditorTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, EditorTab) else None

    def current_editor(self) -> ScriptEditor | None:
        tab = self.current_tab()
        return tab.editor if tab else None

    def editor_call(self, name: str) -> None:
        editor = self.current_editor()
        if editor is not None:
            getattr(editor, name)()

    def add_document(self, document: ScriptDocument) -> EditorTab:
        tab = EditorTab(document, self.tabs)
        tab.editor.apply_colors(self.colors)
        self._apply_editor_settings(tab)
        document.structure_changed.connect(lambda t=tab: self._on_structure_changed(t))
        document.qdoc.modificationChanged.connect(lambda _m, t=tab: self._update_tab_title(t))
        document.path_changed.connect(lambda t=tab: self._update_tab_title(t))
        document.saved.connect(lambda name, t=tab: self._on_saved(t, name))
        document.save_failed.connect(lambda name, exc, t=tab: self._on_save_failed(t, name, exc))
        tab.editor.cursor_context_changed.connect(
            lambda line, col, kind, t=tab: self._on_cursor(t, line, kind)
        )
        tab.editor.zoom_changed.connect(lambda z, t=tab: self._on_zoom(t, z))
        index = self.tabs.addTab(tab, tab.title())
        self.tabs.setCurrentIndex(index)
        self._update_tab_title(tab)
        self._on_structure_changed(tab)
        tab.editor.setFocus()
        self.document_added.emit(document)
        # Kept current as tabs come and go (not only at quit), so a crash still reopens them.
        document.path_changed.connect(self.save_session)
        self.save_session()
        return tab

    def new_document(self) -> EditorTab:
        return self.add_document(ScriptDocument("", font=script_font(), colors=self.colors))

    def open_imported(self, text: str, source: Path) -> None:
        """An imported Final Draft script opens as a new, unsaved Fountain document."""
        tab = self.add_document(ScriptDocument.from_file_text(text, font=script_font(), colors=self.colors))
        tab.document.qdoc.setModified(True)  # closing asks to save: the import exists nowhere else
        message = self.tr("Imported %1: save it as a Fountain file").replace("%1", source.name)
        self.status.showMessage(message, 8000)

    def new_document_at(self, path: Path) -> EditorTab:
        """A new, empty script that Save writes to ``path`` (which does not exist yet)."""
        document = ScriptDocument("", path=path, font=script_font(), colors=self.colors)
        return self.add_document(document)

    def _update_tab_title(self, tab: EditorTab) -> None:
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        title = tab.title() + (" •" if tab.document.is_modified() else "")
        self.tabs.setTabText(index, title)
        self.tabs.setTabToolTip(index, str(tab.document.path or tab.title()))
        if tab is self.current_tab():
            self.setWindowTitle(f"{tab.title()}[*] — Screenwright")
            self.setWindowModified(tab.document.is_modified())

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if tab is None:
            self.setWindowTitle("Screenwright")
            self.navigator.set_script(None)
            return
        self._update_tab_title(tab)
        self._on_structure_changed(tab)
        editor = tab.editor
        self._on_cursor(tab, editor.current_line(), editor.element_at_cursor())
        self.status.set_zoom(editor.zoom())

    def _on_cursor(self, tab: EditorTab, line: int, kind: LineType) -> None:
        if tab is not self.current_tab():
            return
        self.status.set_element(kind)
        self.navigator.set_current_line(line)
        self._show_pages(tab)

    def _on_zoom(self, tab: EditorTab, percent: int) -> None:
        self.settings.set(Key.ZOOM, percent)
        if tab is self.current_tab():
            self.status.set_zoom(percent)

    def _on_structure_changed(self, tab: EditorTab) -> None:
        if tab is not self.current_tab():
            return
        document = tab.document
        script = document.snapshot_if_ready()
        if script is None:
            if document.is_large():
                # A very long script is modelled on a worker thread: this runs again when it is.
                document.request_snapshot()
                return
            script = document.snapshot()
        self.navigator.set_script(script)
        self.navigator.set_current_line(tab.editor.current_line())
        self.status.set_words(script.stats.words)
        if tab.paged_revision != tab.document.revision:  # not again for a tab switch
            tab.paged_revision = tab.document.revision
            tab.page_starts = []
            lines = document.parser.lines
            if document.is_large():  # a rough count: the exact one would freeze the window
                tab.page_estimate = max(1, -(-len(lines) // LINES_PER_PAGE))
            else:
                paper = tab.document.layout.paper()
                tab.page_estimate = estimate_pages(lines, document.parser.line_types, paper)
        if not tab.page_starts and not document.is_large():
            self._paginate_timer.start()
        self._show_pages(tab)

    def _show_pages(self, tab: EditorTab) -> None:
        line = tab.editor.current_line()
        if tab.page_starts:
            total = len(tab.page_starts)
            current = max(1, bisect.bisect_right(tab.page_starts, line))
            self.status.set_pages(current, total, estimated=False)
            return
        doc = tab.document
        total = tab.page_estimate or 1
        current = max(1, min(total, 1 + line * total // max(1, doc.line_count())))
        self.status.set_pages(current, total, estimated=True)

    @Slot()
    def _paginate_current(self) -> None:
        """Count the current script's pages on the paginator thread (``pages_changed`` when done)."""
        tab = self.current_tab()
        if tab is None:
            return
        paper = tab.editor.script_document.layout.paper().paper
        script = tab.document.snapshot()
        revision = tab.document.revision
        emit = self._pages_counted.emit

        def count() -> None:
            try:
                result = paginate(script, PaginationOptions(paper=paper, title_page=False))
                starts = [max(0, page.first_source_line) for page in result.pages]
                starts = [s if i == 0 else max(s, starts[i - 1]) for i, s in enumerate(starts)]
                pages = (starts, printed_by_source_line(result))
            except Exception:
                log.exception("pagination failed; keeping the estimate")
                return
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                emit(tab, revision, paper, pages)

        _PAGINATOR.submit(count)

    @Slot(object, int, object, object)
    def _apply_pages(self, tab: EditorTab, revision: int, paper: object, pages: tuple) -> None:
        if not any(open_tab is tab for open_tab in self.tabs_list()):
            return  # closed meanwhile
        if tab.document.revision != revision or tab.editor.script_document.layout.paper().paper != paper:
            return  # out of date: the next pause in typing counts again
        starts, printed = pages
        # The page view breaks its lines where this pagination does (a split paragraph, the first
        # speech of dual dialogue): the screen shows what prints.
        tab.document.layout.set_printed(printed)
        tab.page_starts = starts
        if tab is self.current_tab():
            self._show_pages(tab)
        self.pages_changed.emit(tab)

    # -- files ---------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = self.settings.get(Key.LAST_DIRECTORY) or str(Path.home())
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Open Script"), start, FILE_FILTER)
        for name in names:
            self.open_path(name)

    def open_path(self, path: str | Path) -> EditorTab | None:
        path = Path(path).expanduser().resolve()
        for tab in self.tabs_list():
            if tab.document.path == path:
                self.tabs.setCurrentWidget(tab)
                return tab
        try:
            document = ScriptDocument.open(path, font=script_font(), colors=self.colors)
        except (OSError, SourceDecodeError) as exc:
            # Not UTF-8 but text: the writer picks the encoding from a preview (never a silent guess).
            chosen, asked = open_with_encoding_choice(self, path, exc, script_font(), self.colors)
            if chosen is None:
                if not asked:
                    QMessageBox.warning(
                        self,
                        self.tr("Cannot Open Script"),
                        self.tr("“%1” could not be opened:\n%2")
                        .replace("%1", path.name)
                        .replace("%2", str(exc)),
                    )
                    self.settings.remove_recent_file(str(path))
                return None
            document = chosen
        self.settings.add_recent_file(str(path))
        self.settings.set(Key.LAST_DIRECTORY, str(path.parent))
        current = self.current_tab()
        tab = self.add_document(document)
        if (
            current is not None
            and current.document.path is None
            and not current.document.is_modified()
            and not current.document.text()
        ):
            # Opening a file replaces the untouched blank script the window started with.
            self.tabs.removeTab(self.tabs.indexOf(current))
            current.deleteLater()
        return tab

    def save(self, tab: EditorTab | None = None) -> bool:
        """Save ``tab`` (Save As when it has no file yet) on the writer thread; the window keeps
        responding. True when a save was started: ``saved``/``save_failed`` on its document say
        how it ended (``_on_saved`` / ``_on_save_failed`` tell the writer)."""
        tab = tab or self.current_tab()
        if tab is None:
            return False
        if tab.document.path is None:
            return self.save_as(tab)
        return self._save_to(tab, tab.document.path)

    def save_as(self, tab: EditorTab | None = None) -> bool:
        """Ask for a file name, then save there like ``save`` (never on the UI thread)."""
        tab = tab or self.current_tab()
        if tab is None:
            return False
        start = str(
            tab.document.path
            or Path(self.settings.get(Key.LAST_DIRECTORY) or Path.home()) / "Untitled.fountain"
        )
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save Script As"), start, FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".fountain")
        return self._save_to(tab, path)

    def _save_to(self, tab: EditorTab, path: Path) -> bool:
        """Hand the text to the save queue (backup first, on the writer thread too)."""
        generations = int(self.settings.get(Key.BACKUP_GENERATIONS))
        try:
            tab.document.save_in_background(path, before_write=lambda p: backup_before_save(p, generations))
        except (SourceEncodeError, ValueError) as exc:
            self._on_save_failed(tab, str(path), exc)
            return False
        self.status.showMessage(self.tr("Saving %1…").replace("%1", path.name), 3000)
        return True

    def _on_saved(self, tab: EditorTab, name: str) -> None:
        path = Path(name)
        self.settings.add_recent_file(str(path))
        self.settings.set(Key.LAST_DIRECTORY, str(path.parent))
        self.status.showMessage(self.tr("Saved %1").replace("%1", path.name), 3000)

    def _on_save_failed(self, tab: EditorTab, name: str, exc: BaseException) -> None:
        path = Path(name)
        # The edits stay in the editor and in the recovery journal: nothing is lost.
        message = describe_save_error(exc, path)
        QMessageBox.critical(
            self,
            self.tr("Cannot Save Script"),
            self.tr("“%1” could not be saved; your text is still here:\n%2")
            .replace("%1", path.name)
            .replace("%2", message),
        )

    def revert(self) -> None:
        tab = self.current_tab()
        if tab is None or tab.document.path is None or not tab.document.is_modified():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Revert to Saved"),
            self.tr("Discard your changes to “%1” and go back to the saved file?").replace("%1", tab.title()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            tab.reload()

    def _fill_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        files = self.settings.recent_files()
        for name in files:
            action = menu.addAction(Path(name).name)
            action.setToolTip(name)
            action.triggered.connect(lambda _=False, n=name: self.open_path(n))
        if not files:
            empty = menu.addAction(self.tr("No Recent Scripts"))
            empty.setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear Menu")).triggered.connect(
                lambda: self.settings.set(Key.RECENT_FILES, ())
            )

    def _settle(self, tab: EditorTab) -> Literal["close", "cancel", "wait"]:
        """May ``tab`` close now? Asks about unsaved changes; "wait" while a save of them runs."""
        document = tab.document
        if not document.is_modified():
            return "close"
        if document.save_covers_current_text():
            return "wait"  # Ctrl+S just now: its result decides, no question asked
        self.tabs.setCurrentWidget(tab)
        answer = QMessageBox.warning(
            self,
            self.tr("Unsaved Changes"),
            self.tr("Save your changes to “%1” before closing?").replace("%1", tab.title()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return "wait" if self.save(tab) else "cancel"
        return "close" if answer == QMessageBox.StandardButton.Discard else "cancel"

    def _after_save(self, tab: EditorTab, then: Callable[[], object]) -> None:
        """Run ``then`` once the save of ``tab``'s document succeeds (nothing when it fails: the
        error dialog has told the writer, and the tab stays open with their text)."""
        document = tab.document

        def done(ok: bool) -> None:
            document.saved.disconnect(on_saved)
            document.save_failed.disconnect(on_failed)
            if ok or document.save_pending():
                then()  # asks again: closes, or waits for a later save still running

        def on_saved(_name: str) -> None:
            done(True)

        def on_failed(_name: str, _exc: object) -> None:
            done(False)

        document.saved.connect(on_saved)
        document.save_failed.connect(on_failed)

    @Slot(int)
    def close_tab(self, index: int) -> bool:
        """True when the tab closed now; after "Save" it closes once the save has succeeded."""
        tab = self.tabs.widget(index)
        if not isinstance(tab, EditorTab):
            return False
        state = self._settle(tab)
        if state == "wait":
            self._after_save(tab, lambda: self._close_if_open(tab))
        if state != "close":
            return False
        self.tabs.removeTab(index)
        self.document_removed.emit(tab.document)
        tab.deleteLater()
        gc_guard.collect_soon()  # the closed script's objects, on this thread
        self.save_session()
        return True

    def _close_if_open(self, tab: EditorTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.close_tab(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        for tab in self.tabs_list():
            state = self._settle(tab)
            if state == "wait":
                self._after_save(tab, self.close)  # asks again about the other tabs, then closes
            if state != "close":
                event.ignore()
                return
        self.save_session()
        self.settings.set(Key.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(Key.WINDOW_STATE, bytes(self.saveState().data()))
        self.settings.set(Key.SHOW_NAVIGATOR, self.navigator_dock.isVisible())
        self.settings.sync()
        self.closing.emit()
        event.accept()

    # -- session -------------------------------------------------------------------------------
    def save_session(self) -> None:
        """Remember the open scripts (those with a file) and each cursor, for the next start."""
        entries: list[str] = []
        current = 0
        for tab in self.tabs_list():
            path = tab.document.path
            if path is None:
                continue
            if tab is self.current_tab():
                current = len(entries)
            cursor = tab.editor.textCursor()
            entries.append(f"{cursor.blockNumber()}\t{cursor.positionInBlock()}\t{path}")
        self.settings.set(Key.SESSION, tuple(entries))
        self.settings.set(Key.SESSION_CURRENT, current)

    def restore_session(self) -> int:
        """Reopen last time's scripts at their cursors; returns how many opened. A script that is
        gone is skipped and named in the status bar (nothing else is lost)."""
        opened: list[EditorTab] = []
        missing: list[str] = []
        entries = self.settings.get(Key.SESSION)
        current = int(self.settings.get(Key.SESSION_CURRENT))  # opening a tab saves a new session
        for entry in entries:
            parts = str(entry).split("\t", 2)
            if len(parts) != 3:
                continue
            line_text, column_text, name = parts
            path = Path(name)
            if not path.is_file():
                missing.append(path.name)
                continue
            tab = self.open_path(path)
            if tab is None:
                continue
            opened.append(tab)
            try:
                line, column = int(line_text), int(column_text)
            except ValueError:
                continue
            tab.editor.go_to_line(line)
            cursor = tab.editor.textCursor()
            block = cursor.block()
            cursor.setPosition(block.position() + max(0, min(column, block.length() - 1)))
            tab.editor.setTextCursor(cursor)
        if opened:
            index = max(0, min(current, len(opened) - 1))
            self.tabs.setCurrentWidget(opened[index])
            opened[index].editor.setFocus()
        if missing:
            self.status.showMessage(
                self.tr("Not reopened (no longer there): %1").replace("%1", ", ".join(missing)), 10000
            )
        return len(opened)

    # -- navigation and tools ------------------------------------------------------------------
    def _find_bar(self, *, replace: bool) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.find_bar.open_bar(replace=replace)

    @Slot(int)
    def _jump_to_line(self, line: int) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.go_to_line(line)

    def go_to_scene(self) -> None:
        entries = self.navigator.entries()
        if not entries:
            return
        editor = self.current_editor()
        line = editor.current_line() if editor is not None else 0
        here = max(1, bisect.bisect_right([e.line for e in entries], line))  # the scene you are in
        number, ok = QInputDialog.getInt(
            self, self.tr("Go to Scene"), self.tr("Scene:"), here, 1, len(entries)
        )
        if ok:
            self._jump_to_line(entries[number - 1].line)

    def go_to_page(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        starts = tab.page_starts
        total = len(starts) or estimate_pages(tab.document.parser.lines, tab.document.parser.line_types)
        # It starts at the page the cursor is on: the writer's question is usually "two pages on".
        line = tab.editor.current_line()
        if starts:
            here = bisect.bisect_right(starts, line)
        else:
            here = 1 + line * total // max(1, tab.document.line_count())
        here = max(1, min(total, here))
        page, ok = QInputDialog.getInt(self, self.tr("Go to Page"), self.tr("Page:"), here, 1, total)
        if not ok:
            return
        if starts:
            self._jump_to_line(starts[page - 1])
        else:
            self._jump_to_line((page - 1) * tab.document.line_count() // max(1, total))

    def edit_title_page(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        dialog = TitlePageDialog(tab.document, self)
        if dialog.exec():
            dialog.apply()

    def _set_page_view(self, on: bool) -> None:
        self._set_bool(Key.PAGE_VIEW, on)

    def _set_focus_mode(self, on: bool) -> None:
        """Focus mode: only the page and the paragraph being written."""
        self.settings.set(Key.FOCUS_MODE, on)
        if on:
            self._navigator_was_visible = self.navigator_dock.isVisible()
            self.navigator_dock.hide()
        elif getattr(self, "_navigator_was_visible", False):
            self.navigator_dock.show()
        self.tabs.tabBar().setVisible(not on or self.tabs.count() > 1)
        for tab in self.tabs_list():
            tab.editor.set_focus_mode(on)

    def _set_typewriter_mode(self, on: bool) -> None:
        self._set_bool(Key.TYPEWRITER_MODE, on)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Screenwright"),
            self.tr("Screenwright %1\nAn offline screenwriting editor for Fountain.").replace(
                "%1", __version__
            ),
        )
