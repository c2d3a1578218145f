"""Puts spell checking into a main window: the underline in every script, the right-click
suggestions, and the Edit menu's Check Spelling…, Check Spelling as You Type and Spelling Language.

``install_spelling(window)`` is called from ``editor.app.build_main_window``; the window itself knows
nothing about spelling. The same two settings are on the Spelling page of Edit ▸ Preferences.
The dictionary loads on a worker thread when the window is built (and again when the language
changes); until it is ready nothing is underlined and typing is never held up.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox
from shiboken6 import isValid

from editor.config.settings import Key
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor
from editor.spelling.checker import DEFAULT_LANGUAGE, LANGUAGES, SpellChecker, shared
from editor.spelling.dialog import SpellingDialog
from editor.spelling.document_spelling import _CHECKER, DocumentSpelling

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)


class WindowSpelling(QObject):
    """Spelling for one main window (``window.spelling``)."""

    #: The dictionary for the chosen language finished loading.
    dictionary_ready = Signal()
    _loaded = Signal(object, object)  # (SpellChecker, error message or None), from the worker

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        settings = window.settings
        language = str(settings.get(Key.SPELL_LANGUAGE))
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        self.checker = shared(language)
        self.enabled = bool(settings.get(Key.SPELL_CHECK))
        self.documents: dict[int, DocumentSpelling] = {}
        self.dialog: SpellingDialog | None = None
        self._loaded.connect(self._on_loaded)
        self._build_menu()
        window.document_added.connect(self.attach)
        window.document_removed.connect(self._detach)
        for tab in window.tabs_list():
            self.attach(tab.document)
        self._load(self.checker)

    # -- dictionary -------------------------------------------------------------------------------------
    def _load(self, checker: SpellChecker) -> None:
        emit = self._loaded.emit

        def run() -> None:
            error = None
            try:
                checker.load()
            except Exception as exc:  # a missing or broken dictionary: say so, never crash
                log.exception("loading the %s dictionary failed", checker.language)
                error = str(exc)
            with contextlib.suppress(RuntimeError):
                emit(checker, error)

        _CHECKER.submit(run)

    @Slot(object, object)
    def _on_loaded(self, checker: SpellChecker, error: str | None) -> None:
        if checker is not self.checker:
            return  # the writer chose another language meanwhile
        if error is not None:
            message = self.tr("Spelling dictionary unavailable: {0}").format(error)
            self.window.status.showMessage(message, 8000)
            return
        for spelling in self.documents.values():
            spelling.dictionary_loaded()
        self.dictionary_ready.emit()

    def set_language(self, language: str) -> None:
        """Switch every open script to ``language``'s dictionary (loaded in the background)."""
        if language == self.checker.language or language not in LANGUAGES:
            return
        self.window.settings.set(Key.SPELL_LANGUAGE, language)
        self.checker = shared(language)
        for spelling in self.documents.values():
            spelling.set_checker(self.checker.view())
        self._load(self.checker)

    # -- documents -----------------------------------------------------------------------------------------
    @Slot(object)
    def attach(self, document: ScriptDocument) -> DocumentSpelling:
        spelling = self.documents.get(id(document))
        if spelling is not None:
            return spelling
        spelling = DocumentSpelling(document, self.checker.view(), enabled=self.enabled)
        self.documents[id(document)] = spelling
        key = id(document)
        document.destroyed.connect(lambda _=None, k=key: self.documents.pop(k, None))
        for tab in self.window.tabs_list():
            if tab.document is document:
                tab.editor.menu_hooks.append(
                    lambda menu, pos, e=tab.editor, s=spelling: self._add_to_menu(e, s, menu, pos)
                )
        if self.checker.loaded:
            spelling.dictionary_loaded()
        return spelling

    @Slot(object)
    def _detach(self, document: ScriptDocument) -> None:
        self.documents.pop(id(document), None)

    def for_document(self, document: ScriptDocument) -> DocumentSpelling | None:
        return self.documents.get(id(document))

    def is_ready(self, document: ScriptDocument) -> bool:
        """True once the dictionary is loaded and ``document`` has had its whole-script check."""
        spelling = self.documents.get(id(document))
        return spelling is not None and self.checker.loaded and spelling.ready

    # -- the context menu ----------------------------------------------------------------------------------
    def _add_to_menu(
        self, editor: ScriptEditor, spelling: DocumentSpelling, menu: QMenu, pos: QPoint
    ) -> None:
        cursor = editor.cursorForPosition(pos)
        line = cursor.blockNumber()
        found = spelling.word_at(line, cursor.positionInBlock())
        if found is None:
            return
        start, end, word = found
        first = menu.actions()[0] if menu.actions() else None
        hints = spelling.suggestions_now(word)
        bold = QFont(menu.font())
        bold.setBold(True)

        def hint_actions(found: list[str]) -> list[QAction]:
            out: list[QAction] = []
            for hint in found:
                action = QAction(hint, menu)
                action.setFont(bold)
                action.triggered.connect(lambda _=False, h=hint: self._replace(editor, line, start, end, h))
                out.append(action)
            if not found:
                none = QAction(self.tr("(no spelling suggestions)"), menu)
                none.setEnabled(False)
                out.append(none)
            return out

        if hints is None:
            # Nothing one edit away: look further on the worker and fill the open menu when found.
            waiting = QAction(self.tr("Looking for suggestions…"), menu)
            waiting.setEnabled(False)
            top = [waiting]

            def arrived(found_word: str, found: object) -> None:
                if found_word != word or not isValid(menu) or waiting not in menu.actions():
                    return
                for action in hint_actions(list(found)):  # type: ignore[call-overload]
                    menu.insertAction(waiting, action)
                menu.removeAction(waiting)

            spelling.suggested.connect(arrived)
            menu.destroyed.connect(lambda _=None: _disconnect(spelling.suggested, arrived))
        else:
            top = hint_actions(hints)
        ignore = QAction(self.tr("Ignore “{0}”").format(word), menu)
        ignore.triggered.connect(lambda: self._ignore(spelling, word))
        add_user = QAction(self.tr("Add to Dictionary"), menu)
        add_user.triggered.connect(lambda: self._add_user(spelling, word))
        add_script = QAction(self.tr("Add to This Script"), menu)
        add_script.setToolTip(self.tr("Kept in the script as /* Screenwright dictionary: … */ at the end"))
        add_script.triggered.connect(lambda: spelling.add_to_script(word))
        added = [*top, ignore, add_user, add_script]
        for action in added:
            if first is not None:
                menu.insertAction(first, action)
            else:
                menu.addAction(action)
        if first is not None:
            menu.insertSeparator(first)
        menu.insertSeparator(ignore)

    def _replace(self, editor: ScriptEditor, line: int, start: int, end: int, text: str) -> None:
        block = editor.document().findBlockByNumber(line)
        cursor = editor.textCursor()
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, cursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        editor.setTextCursor(cursor)

    def _ignore(self, spelling: DocumentSpelling, word: str) -> None:
        spelling.checker.ignore(word)
        for other in self.documents.values():
            other.repaint_word(word)

    def _add_user(self, spelling: DocumentSpelling, word: str) -> None:
        try:
            spelling.checker.add_to_user_dictionary(word)
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                self.tr("Add to Dictionary"),
                self.tr("“{0}” is accepted for now, but your dictionary could not be saved: {1}").format(
                    word, exc.strerror or str(exc)
                ),
            )
        for other in self.documents.values():
            other.repaint_word(word)

    # -- the Edit menu ---------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.window
        tr = self.tr
        edit_menu = None
        for top in w.menuBar().actions():
            menu = top.menu()
            if menu is not None and w.actions_.undo in menu.actions():
                edit_menu = menu
        self.check_action = QAction(tr("Check &Spelling…"), w)
        self.check_action.setObjectName("checkSpellingAction")
        self.check_action.setShortcut(QKeySequence("F7"))
        self.check_action.triggered.connect(self.check_spelling)
        self.as_you_type_action = QAction(tr("Check Spelling as You &Type"), w)
        self.as_you_type_action.setCheckable(True)
        self.as_you_type_action.setChecked(self.enabled)
        self.as_you_type_action.toggled.connect(self.set_enabled)
        self.language_menu = QMenu(tr("Spelling &Language"), w)
        self.language_menu.setObjectName("spellingLanguageMenu")
        group = QActionGroup(self.language_menu)
        for code, (_dictionary, name) in LANGUAGES.items():
            action = QAction(name, self.language_menu)
            action.setCheckable(True)
            action.setChecked(code == self.checker.language)
            action.setData(code)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
        if edit_menu is None:
            edit_menu = w.menuBar().addMenu(tr("&Edit"))
        edit_menu.addSeparator()
        edit_menu.addAction(self.check_action)
        edit_menu.addAction(self.as_you_type_action)
        edit_menu.addMenu(self.language_menu)

    @Slot(bool)
    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.window.settings.set(Key.SPELL_CHECK, on)
        for spelling in self.documents.values():
            spelling.set_enabled(on)

    @Slot()
    def check_spelling(self) -> SpellingDialog | None:
        tab = self.window.current_tab()
        if tab is None:
            return None
        spelling = self.attach(tab.document)
        if not self.checker.loaded:
            self.window.status.showMessage(self.tr("The spelling dictionary is still loading…"), 4000)
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = SpellingDialog(tab.editor, spelling, self.window)
        self.dialog.show()
        return self.dialog


def _disconnect(signal, slot) -> None:
    with contextlib.suppress(RuntimeError, TypeError):
        signal.disconnect(slot)


def install_spelling(window: MainWindow) -> WindowSpelling:
    from editor.spelling.spelling_preferences import SpellingPage

    spelling = WindowSpelling(window)
    pages = getattr(window, "preference_pages", None)
    if pages is not None:
        pages.append(lambda settings: SpellingPage(settings, spelling))
    return spelling
