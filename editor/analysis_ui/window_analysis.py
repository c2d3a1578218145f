"""Install script analysis into the main window: Script ▸ Reports…, Edit ▸ Find by Meaning…, and
"Scenes Like This" in the scene navigator's context menu.

``install(window)`` is called from ``editor.app.build_main_window`` like the other features. The
search index of the current script is built in the background when Find by Meaning or Scenes Like
This is first used, and kept up to date (debounced on the document's structure changes) from then
on: nothing is embedded for a writer who never searches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QMenu

from editor.analysis.search import Hit
from editor.analysis_ui.find_meaning import FindByMeaningDialog, highlight_lines
from editor.analysis_ui.search_service import SearchService
from editor.export.ui import menu_containing

if TYPE_CHECKING:
    from editor.window.editor_tab import EditorTab
    from editor.window.main_window import MainWindow


class WindowAnalysis(QObject):
    """What ``install`` adds; kept on ``window.analysis``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = SearchService(self)
        self.reports_action = QAction(self.tr("&Reports…"), window)
        self.reports_action.setObjectName("reportsAction")
        self.reports_action.setShortcut(QKeySequence("Ctrl+Alt+R"))
        self.find_action = QAction(self.tr("Find by &Meaning…"), window)
        self.find_action.setObjectName("findByMeaningAction")
        self.find_action.setShortcut(QKeySequence("Ctrl+Alt+F"))
        self.reports_action.triggered.connect(self.show_reports)
        self.find_action.triggered.connect(self.show_find)
        self.reports_window = None
        self.dialog: FindByMeaningDialog | None = None
        self._active = False  # indexing starts with the first search
        self._request = -1
        self._pending_query = ""
        self._like_scene = -1
        self._unavailable = ""  # why search failed last (the model missing ...), until it works
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(1500)
        self._refresh.timeout.connect(self._index_current)
        self.service.index_ready.connect(self._on_index_ready)
        self.service.index_progress.connect(self._on_progress)
        self.service.results_ready.connect(self._on_results)
        self.service.failed.connect(self._on_failed)
        window.document_added.connect(self._watch)
        window.document_removed.connect(lambda document: self.service.forget(id(document)))
        window.closing.connect(self._close)
        for tab in window.tabs_list():
            self._watch(tab.document)
        nav = window.navigator.list
        nav.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        nav.customContextMenuRequested.connect(self._navigator_menu)

    def _close(self) -> None:
        self._active = False
        self._refresh.stop()
        self.service.close()

    # -- reports -----------------------------------------------------------------------------------

    @Slot()
    def show_reports(self) -> None:
        from editor.analysis_ui.reports_window import ReportsWindow

        tab = self.window.current_tab()
        if tab is None:
            return
        document = tab.document
        script = document.snapshot_if_ready()
        if script is None:
            if document.is_large():  # never model a huge script on the UI thread
                document.request_snapshot()
                message = self.tr("Reading the script; choose Reports… again in a moment.")
                self.window.status.showMessage(message, 5000)
                return
            script = document.snapshot()
        title = document.path.name if document.path else ""
        # Clusters by meaning when this script's search index is ready (Find by Meaning built it).
        index = self.service.index_for(id(document))
        embeddings = index.scene_vectors if index is not None and index.script is script else None
        self.reports_window = ReportsWindow(
            script, dark=self.window.colors.dark, title=title, parent=self.window, embeddings=embeddings
        )
        self.reports_window.scene_clicked.connect(self._jump)
        self.reports_window.show()

    # -- find by meaning ---------------------------------------------------------------------------

    def _watch(self, document) -> None:  # type: ignore[no-untyped-def]
        document.structure_changed.connect(self._structure_changed)

    @Slot()
    def _structure_changed(self) -> None:
        if self._active:
            self._refresh.start()

    def _index_current(self) -> bool:
        tab = self.window.current_tab()
        if tab is None:
            return False
        document = tab.document
        if document.is_large() and document.snapshot_if_ready() is None:
            document.request_snapshot()
            return False
        script = document.snapshot_if_ready() or document.snapshot()
        self.service.update(id(document), document.revision, script)
        return True

    @Slot()
    def show_find(self) -> None:
        if self.dialog is None:
            self.dialog = FindByMeaningDialog(self.window)
            self.dialog.query_entered.connect(self.search)
            self.dialog.hit_chosen.connect(self._go_to_hit)
        self._active = True
        self._index_current()
        tab = self.window.current_tab()
        if tab is not None and self.service.ready_revision(id(tab.document)) < 0:
            self.dialog.set_status(self.tr("Reading the script for meaning…"))
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.query.setFocus()

    @Slot(str)
    def search(self, text: str) -> None:
        tab = self.window.current_tab()
        if tab is None:
            return
        self._like_scene = -1
        if self.dialog is not None and self.dialog.all_scripts.isChecked():
            self._search_all(text)
            return
        if self.service.ready_revision(id(tab.document)) < 0:
            self._pending_query = text  # runs when the index is ready
            if self._unavailable and self.dialog is not None:
                self.dialog.set_status(self._unavailable)
                self.service.forget(id(tab.document))
                self._index_current()  # try again: the model may have been installed since
            return
        self._request = self.service.search([id(tab.document)], text, 10)

    def _all_keys(self) -> list[int]:
        return [id(tab.document) for tab in self.window.tabs_list()]

    def _search_all(self, text: str) -> None:
        """Every open script: index those not ready yet, then search them together."""
        for tab in self.window.tabs_list():
            document = tab.document
            if self.service.ready_revision(id(document)) < 0:
                script = document.snapshot_if_ready() or (
                    None if document.is_large() else document.snapshot()
                )
                if script is not None:
                    self.service.update(id(document), document.revision, script)
        self._active = True
        if all(self.service.ready_revision(k) >= 0 for k in self._all_keys()):
            self._request = self.service.search(self._all_keys(), text, 10)
        else:
            self._pending_query = text  # asked again when the last index is ready

    def _names(self) -> dict[str, str]:
        return {
            str(id(tab.document)): (tab.document.path.name if tab.document.path else self.tr("Untitled"))
            for tab in self.window.tabs_list()
        }

    def scenes_like(self, scene: int) -> None:
        tab = self.window.current_tab()
        if tab is None:
            return
        self.show_find()
        assert self.dialog is not None
        scenes = tab.document.snapshot().scenes
        heading = scenes[scene].heading if scene < len(scenes) else ""
        self.dialog.setWindowTitle(self.tr("Scenes Like This: %1").replace("%1", heading))
        self._like_scene = scene
        self._pending_query = ""
        if self.service.ready_revision(id(tab.document)) >= 0:
            self._request = self.service.scenes_like(id(tab.document), scene)

    @Slot(object, object)
    def _on_index_ready(self, key: int, _revision: int) -> None:
        self._unavailable = ""
        tab = self.window.current_tab()
        if self.dialog is None or tab is None:
            return
        if self.dialog.all_scripts.isChecked() and self._pending_query:
            if all(self.service.ready_revision(k) >= 0 for k in self._all_keys()):
                text, self._pending_query = self._pending_query, ""
                self._request = self.service.search(self._all_keys(), text, 10)
            return
        if id(tab.document) != key:
            return
        if self._like_scene >= 0:
            self._request = self.service.scenes_like(key, self._like_scene)
        elif self._pending_query:
            text, self._pending_query = self._pending_query, ""
            self._request = self.service.search([key], text, 10)
        elif not self.dialog.hit_items():
            self.dialog.set_status(self.tr("Ready. Describe what happens and press Enter."))

    @Slot(object, int, int)
    def _on_progress(self, _key: int, done: int, total: int) -> None:
        if self.dialog is not None and total:
            self.dialog.set_status(
                self.tr("Reading the script for meaning… %1%").replace("%1", str(100 * done // total))
            )

    @Slot(int, object)
    def _on_results(self, request: int, hits: list[Hit]) -> None:
        if request != self._request or self.dialog is None:
            return  # an older query's answer
        several = self.dialog.all_scripts.isChecked() and len(self.window.tabs_list()) > 1
        self.dialog.show_hits(hits, names=self._names() if several else None)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        text = self.tr("Search by meaning is unavailable: %1").replace("%1", message)
        self._unavailable = text
        if self.dialog is not None:
            self.dialog.set_status(text)
        self.window.status.showMessage(text, 8000)

    def _go_to_hit(self, hit: Hit) -> None:
        tab: EditorTab | None = next(
            (t for t in self.window.tabs_list() if str(id(t.document)) == hit.path), self.window.current_tab()
        )
        if tab is None:
            return
        self.window.tabs.setCurrentWidget(tab)
        first = hit.matching_lines[0][0] if hit.matching_lines else hit.line
        tab.editor.go_to_line(first)
        color = QColor(self.window.colors.selection)
        color.setAlpha(200)
        highlight_lines(tab.editor, hit.matching_lines or [(hit.line, hit.line)], color)

    def _jump(self, line: int) -> None:
        editor = self.window.current_editor()
        if editor is not None:
            editor.go_to_line(line)
            self.window.activateWindow()

    # -- navigator ---------------------------------------------------------------------------------

    def _navigator_menu(self, pos: QPoint) -> None:
        nav = self.window.navigator
        item = nav.list.itemAt(pos)
        if item is None:
            return
        row = nav.list.row(item)
        entries = nav.entries()
        if not 0 <= row < len(entries):
            return
        tab = self.window.current_tab()
        if tab is None:
            return
        script = tab.document.snapshot()
        scene = next((s.index for s in script.scenes if s.line == entries[row].line), None)
        menu = QMenu(nav.list)
        like = menu.addAction(self.tr("Scenes Like This"))
        like.setEnabled(scene is not None)
        chosen = menu.exec(nav.list.viewport().mapToGlobal(pos))
        if chosen is like and scene is not None:
            self.scenes_like(scene)


def install(window: MainWindow) -> WindowAnalysis:
    analysis = WindowAnalysis(window)
    script_menu = menu_containing(window.menuBar(), window.actions_.title_page)
    if script_menu is not None:
        script_menu.addSeparator()
        script_menu.addAction(analysis.reports_action)
    edit_menu = menu_containing(window.menuBar(), window.actions_.find)
    if edit_menu is not None:
        actions = edit_menu.actions()
        after_find = next(
            (a for a in actions[actions.index(window.actions_.find) + 1 :] if a.isSeparator()), None
        )
        if after_find is not None:
            edit_menu.insertAction(after_find, analysis.find_action)
        else:
            edit_menu.addAction(analysis.find_action)
    return analysis
