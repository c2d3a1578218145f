"""Puts the writer's desk into a main window: View ▸ Index Cards, View ▸ Outline, View ▸ Characters,
View ▸ Notes, Script ▸ Add Note… and the notes' margin comments.
``install_desk(window)`` is called from ``build_main_window``.

The views are docks: the cards along the bottom (a corkboard wants width, and the page above keeps
its printed width), the outline on the left beside the scene navigator. They read one ``DeskModel``,
which paginates only while one of them is showing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from editor.desk.cards import IndexCardsView
from editor.desk.characters_dock import CharactersView
from editor.desk.desk_model import DeskModel
from editor.desk.notes_view import NotesMargin, NotesView, ask_add_note
from editor.desk.outline_view import OutlineView

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow


class WindowDesk(QObject):
    """The desk of one main window (``window.desk``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = DeskModel(window)
        self.cards = IndexCardsView(self.model)
        self.outline = OutlineView(self.model)
        self.characters = CharactersView(self.model)
        self.notes = NotesView(self.model)
        self.margins: dict[int, NotesMargin] = {}
        self.cards_dock = self._dock("indexCardsDock", self.tr("Index Cards"), self.cards)
        self.cards_dock.setMinimumHeight(200)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.cards_dock)
        self.outline_dock = self._dock("outlineDock", self.tr("Outline"), self.outline)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        window.tabifyDockWidget(window.navigator_dock, self.outline_dock)
        window.navigator_dock.raise_()
        self.characters_dock = self._dock("charactersDock", self.tr("Characters"), self.characters)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.characters_dock)
        self.notes_dock = self._dock("notesDock", self.tr("Notes"), self.notes)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)
        window.tabifyDockWidget(self.characters_dock, self.notes_dock)
        for dock in (self.cards_dock, self.outline_dock, self.characters_dock, self.notes_dock):
            dock.hide()
            dock.visibilityChanged.connect(self._on_visibility)
            dock.visibilityChanged.connect(lambda on, d=dock: self._on_shown(d, on))
        self._build_menu()
        window.document_added.connect(self._attach)
        for tab in window.tabs_list():
            self._attach(tab.document)

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_menu(self) -> None:
        w = self.window
        view_menu = None
        for top in w.menuBar().actions():
            menu = top.menu()
            if menu is not None and w.actions_.page_view in menu.actions():
                view_menu = menu
        if view_menu is None:
            view_menu = w.menuBar().addMenu(self.tr("&View"))
        self.cards_action = self.cards_dock.toggleViewAction()
        self.cards_action.setText(self.tr("&Index Cards"))
        self.cards_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.outline_action = self.outline_dock.toggleViewAction()
        self.outline_action.setText(self.tr("&Outline"))
        self.outline_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.characters_action = self.characters_dock.toggleViewAction()
        self.characters_action.setText(self.tr("&Characters"))
        self.characters_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        view_menu.addSeparator()
        view_menu.addAction(self.cards_action)
        view_menu.addAction(self.outline_action)
        view_menu.addAction(self.characters_action)
        self.notes_action = self.notes_dock.toggleViewAction()
        self.notes_action.setText(self.tr("&Notes"))
        view_menu.addAction(self.notes_action)
        self.add_note_action = QAction(self.tr("Add &Note…"), w)
        self.add_note_action.setObjectName("addNoteAction")
        self.add_note_action.setShortcut(QKeySequence("Ctrl+Alt+M"))
        self.add_note_action.triggered.connect(self.add_note)
        w.addAction(self.add_note_action)
        script_menu = None
        for top in w.menuBar().actions():
            menu = top.menu()
            if menu is not None and w.actions_.title_page in menu.actions():
                script_menu = menu
        (script_menu or view_menu).addSeparator()
        (script_menu or view_menu).addAction(self.add_note_action)

    def _attach(self, document) -> None:
        for tab in self.window.tabs_list():
            if tab.document is document and id(tab.editor) not in self.margins:
                editor = tab.editor
                self.margins[id(editor)] = NotesMargin(editor)
                key = id(editor)
                editor.destroyed.connect(lambda _=None, k=key: self.margins.pop(k, None))
                editor.menu_hooks.append(lambda menu, _pos, e=editor: self._menu(e, menu))

    def _menu(self, editor, menu) -> None:
        menu.addSeparator()
        action = menu.addAction(self.tr("Add Note…"))
        action.triggered.connect(lambda: ask_add_note(editor))

    def add_note(self) -> None:
        editor = self.window.current_editor()
        if editor is not None:
            ask_add_note(editor)

    def show_notes(self) -> None:
        self.notes_dock.show()
        self.notes_dock.raise_()

    def show_characters(self) -> None:
        self.characters_dock.show()
        self.characters_dock.raise_()

    def _on_visibility(self, _visible: bool) -> None:
        docks = (self.cards_dock, self.outline_dock, self.characters_dock, self.notes_dock)
        wanted = self.cards_dock.isVisible() or self.outline_dock.isVisible()
        if wanted and not self.model.want_pages:
            self.model._stale = True  # paginate now that page lengths are shown
        self.model.want_pages = wanted
        self.model.set_active(any(dock.isVisible() for dock in docks))

    def show_cards(self) -> None:
        self.cards_dock.show()
        self.cards_dock.raise_()

    def show_outline(self) -> None:
        self.outline_dock.show()
        self.outline_dock.raise_()

    def _on_shown(self, dock: QDockWidget, visible: bool) -> None:
        """The first time a view opens, give it room: two rows of cards, a readable outline."""
        if not visible or dock.property("sized") or dock.isFloating():
            return
        dock.setProperty("sized", True)
        if dock is self.cards_dock:
            self.window.resizeDocks([dock], [340], Qt.Orientation.Vertical)
        elif dock is self.characters_dock:
            self.window.resizeDocks([dock], [480], Qt.Orientation.Horizontal)
        else:
            self.window.resizeDocks([dock], [440], Qt.Orientation.Horizontal)


def install_desk(window: MainWindow) -> WindowDesk:
    return WindowDesk(window)
