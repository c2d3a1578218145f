"""Puts the AI features into a main window: the AI menu, the status slot, ghost text in every editor,
the suggestions dock, "Rewrite in Style" in the editor's context menu, "Draft Scene…", the outline,
and background summaries in the navigator.

One call, ``install_ai(window)``, so the main window needs no AI knowledge; everything here uses the
window's public parts (tabs, navigator, status bar, settings).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QDockWidget, QInputDialog, QMenu

from editor.ai.summary import without_place
from editor.ai_ui.ai_controller import ROLE_WRITING, AIController
from editor.ai_ui.ai_preferences import AIPage
from editor.ai_ui.draft_dialog import DraftDialog
from editor.ai_ui.features_menu import FeaturesMenu
from editor.ai_ui.ghost_text import GhostText
from editor.ai_ui.learning_preferences import LearningPage
from editor.ai_ui.outline_dialog import OutlineDialog
from editor.ai_ui.rewrite_preview import PRESETS, RewritePreviewDialog, selected_lines
from editor.ai_ui.status_view import AIStatusView
from editor.ai_ui.suggestions_panel import SuggestionsPanel
from editor.ai_ui.summaries import SceneSummarizer
from editor.config.settings import Key
from editor.page.script_editor import ScriptEditor
from editor.production_ui.provenance import record_ai_text

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)

# The provenance label of a summary taken from the scene's own text rather than written by a model.
EXTRACTED = "Screenwright, taken from the scene (no model)"


class WindowAI(QObject):
    """The AI layer of one main window (``window.ai``)."""

    def __init__(self, window: MainWindow, controller: AIController | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller or AIController(window.settings, parent=self)
        self.ghosts: dict[int, GhostText] = {}
        self.status_view = AIStatusView(window.status.ai_label, self.controller)
        self.panel = SuggestionsPanel(self.controller, window)
        self.dock = QDockWidget(self.tr("Dialogue Suggestions"), window)
        self.dock.setObjectName("suggestionsDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.summarizer = SceneSummarizer(self.controller, parent=self)
        self.summarizer.summary_ready.connect(lambda _key, _text: window.navigator.refresh())
        window.navigator.synopsis_provider = self.summarizer.synopsis_for
        window.navigator.synopsis_display = without_place
        nav_list = window.navigator.list
        nav_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        nav_list.customContextMenuRequested.connect(self._navigator_menu)
        self._build_menu()
        window.tabs.currentChanged.connect(self._on_current_tab)
        self._on_current_tab()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        # A closed window's AI is done: stop its model thread now, not when the application quits
        # (a second window, a test or a benchmark keeps the application running).
        window.closing.connect(self.shutdown)
        self._shut = False
        if self.controller.enabled and autostart():
            # Load the model in the background now, so the first suggestion does not wait for it.
            self.controller.preload()

    # -- menu ----------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.window
        tr = self.tr
        menu = QMenu(tr("&AI"), w)
        menu.setObjectName("aiMenu")
        help_menu = next((a for a in w.menuBar().actions() if a.text() == w.tr("&Help")), None)
        if help_menu is not None:
            w.menuBar().insertMenu(help_menu, menu)
        else:
            w.menuBar().addMenu(menu)
        self.menu = menu
        self.enable_action = QAction(tr("&Enable AI Features"), w)
        self.enable_action.setObjectName("aiEnable")
        self.enable_action.setCheckable(True)
        self.enable_action.setChecked(self.controller.enabled)
        self.enable_action.setShortcut(QKeySequence("Ctrl+Alt+A"))
        self.enable_action.toggled.connect(self.controller.set_enabled)
        self.controller.enabled_changed.connect(self._on_enabled_changed)
        self.suggest_action = QAction(tr("&Suggest Now\tAlt+\\"), w)
        self.suggest_action.triggered.connect(self._suggest_now)
        self.panel_action = self.dock.toggleViewAction()
        self.panel_action.setText(tr("&Dialogue Suggestions"))
        self.panel_action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self.rewrite_menu = self._rewrite_menu(menu)
        self.draft_action = QAction(tr("Draft &Scene…"), w)
        self.draft_action.setShortcut(QKeySequence("Ctrl+Alt+D"))
        self.draft_action.triggered.connect(self.draft_scene)
        self.outline_action = QAction(tr("&Outline…"), w)
        self.outline_action.triggered.connect(self.show_outline)
        self.summaries_action = QAction(tr("Summarize Scenes While &Idle"), w)
        self.summaries_action.setCheckable(True)
        self.summaries_action.setChecked(bool(w.settings.get(Key.AI_SUMMARIES)))
        self.summarizer.enabled = self.summaries_action.isChecked()
        self.summaries_action.toggled.connect(lambda on: w.settings.set(Key.AI_SUMMARIES, on))
        self.retry_action = QAction(tr("&Reload Model"), w)
        self.retry_action.triggered.connect(self.controller.retry)
        self.features_menu = FeaturesMenu(self.controller, menu)
        menu.setToolTipsVisible(True)
        for action in (self.enable_action, self.suggest_action, self.panel_action):
            w.addAction(action)
            menu.addAction(action)
        menu.addMenu(self.rewrite_menu)
        for action in (self.draft_action,):
            w.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.outline_action)
        menu.addAction(self.summaries_action)
        menu.addSeparator()
        self.models_action = QAction(tr("&Models…"), w)
        self.models_action.setObjectName("aiModels")
        self.models_action.triggered.connect(self.show_models)
        self.finetune_action = QAction(tr("&Learn From My Scripts…"), w)
        self.finetune_action.setObjectName("aiFinetune")
        self.finetune_action.triggered.connect(self.show_finetune)
        menu.addMenu(self.features_menu)
        menu.addAction(self.models_action)
        menu.addAction(self.finetune_action)
        menu.addAction(self.retry_action)
        self.controller.features_changed.connect(lambda: self._on_enabled_changed(self.controller.enabled))
        self._on_enabled_changed(self.controller.enabled)

    def _focus_page(self, *_args: object) -> None:
        editor = self.window.current_editor()
        if editor is not None:
            editor.setFocus()

    def show_models(self) -> None:
        """AI ▸ Models…: the model manager; any change applies at once (no restart)."""
        from editor.ai_ui.models_dialog import ModelsDialog

        dialog = ModelsDialog(self.window)
        dialog.models_changed.connect(self.controller.reload_models)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._focus_page)
        dialog.open()

    def show_finetune(self) -> None:
        """AI ▸ Learn From My Scripts…: fine-tune on the open script (and any others the writer adds)."""
        from editor.ai_ui.finetune_dialog import FinetuneDialog

        tab = self.window.current_tab()
        path = getattr(getattr(tab, "document", None), "path", None)
        dialog = FinetuneDialog(
            self.window,
            [path] if path else [],
            learn_kept=bool(self.window.settings.get(Key.AI_LEARN_FROM_KEPT)),
        )
        dialog.models_changed.connect(self.controller.reload_models)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._focus_page)
        dialog.open()

    def _rewrite_menu(self, parent: QMenu) -> QMenu:
        menu = QMenu(self.tr("&Rewrite in Style"), parent)
        menu.setObjectName("rewriteMenu")
        for preset in PRESETS:
            action = menu.addAction(self.tr(preset))
            action.triggered.connect(lambda _=False, p=preset: self.rewrite_selection(p))
        menu.addSeparator()
        custom = menu.addAction(self.tr("Custom…"))
        custom.triggered.connect(self._rewrite_custom)
        menu.aboutToShow.connect(lambda m=menu: self._update_rewrite_menu(m))
        return menu

    def _update_rewrite_menu(self, menu: QMenu) -> None:
        editor = self.window.current_editor()
        usable = (
            self.controller.feature_enabled("rewrite")
            and editor is not None
            and editor.textCursor().hasSelection()
        )
        for action in menu.actions():
            action.setEnabled(usable)

    @Slot(bool)
    def _on_enabled_changed(self, enabled: bool) -> None:
        self.enable_action.blockSignals(True)
        self.enable_action.setChecked(enabled)
        self.enable_action.blockSignals(False)
        for action in (self.suggest_action, self.retry_action):
            action.setEnabled(enabled)
        # A feature the model has not earned is greyed out with the reason (AI ▸ Features turns it on).
        for key, action in (("suggestions", self.panel_action), ("draft", self.draft_action)):
            self._gate(action, key)
        self._gate(self.rewrite_menu.menuAction(), "rewrite")

    def _gate(self, action: QAction, key: str) -> None:
        state = self.controller.features[key]
        usable = self.controller.enabled and state.enabled
        if action is self.panel_action and not usable and self.dock.isVisible():
            self.dock.hide()
        action.setEnabled(usable)
        tip = "" if state.enabled else state.reason
        action.setToolTip(tip or action.text().replace("&", ""))
        action.setStatusTip(tip)

    @Slot(bool)
    def _set_summaries(self, on: bool) -> None:
        self.summaries_action.blockSignals(True)
        self.summaries_action.setChecked(on)
        self.summaries_action.blockSignals(False)
        self.summarizer.enabled = on
        if not on:
            self.summarizer.cancel()

    @Slot(object)
    def setting_changed(self, key: Key) -> None:
        """Preferences turned a feature on or off (the AI switch itself goes through the controller)."""
        if key is Key.AI_SUMMARIES:
            self._set_summaries(bool(self.window.settings.get(key)))
        elif key is Key.AI_GHOST_TEXT:
            on = bool(self.window.settings.get(key))
            for ghost in self.ghosts.values():
                ghost.automatic = on
                if not on:
                    ghost.dismiss()

    # -- editors -------------------------------------------------------------------------------------
    @Slot()
    def _on_current_tab(self, _index: int = -1) -> None:
        editor = self.window.current_editor()
        for tab in self.window.tabs_list():
            self.ghost_for(tab.editor)
        self.panel.set_editor(editor)
        self.summarizer.set_document(editor.script_document if editor else None)

    def ghost_for(self, editor: ScriptEditor) -> GhostText:
        ghost = self.ghosts.get(id(editor))
        if ghost is None:
            ghost = GhostText(editor, self.controller)
            ghost.automatic = bool(self.window.settings.get(Key.AI_GHOST_TEXT))
            key = id(editor)
            self.ghosts[key] = ghost
            editor.destroyed.connect(lambda _=None, k=key: self.ghosts.pop(k, None))
            editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            editor.customContextMenuRequested.connect(lambda pos, e=editor: self._editor_menu(e, pos))
        return ghost

    def _editor_menu(self, editor: ScriptEditor, pos: QPoint) -> None:
        place_cursor_for_menu(editor, pos)
        menu = editor.context_menu(pos)
        menu.addSeparator()
        rewrite = self._rewrite_menu(menu)
        on = self.controller.feature_enabled
        rewrite.setEnabled(on("rewrite") and editor.textCursor().hasSelection())
        menu.addMenu(rewrite)
        suggestions = menu.addAction(self.tr("Dialogue Suggestions"))
        suggestions.setEnabled(on("suggestions"))
        suggestions.triggered.connect(self.show_suggestions)
        draft = menu.addAction(self.tr("Draft Scene Here…"))
        draft.setEnabled(on("draft"))
        draft.triggered.connect(self.draft_scene)
        menu.setToolTipsVisible(True)
        for action, key in (
            (rewrite.menuAction(), "rewrite"),
            (suggestions, "suggestions"),
            (draft, "draft"),
        ):
            if not self.controller.features[key].enabled:
                action.setToolTip(self.controller.features[key].reason)
        menu.exec(editor.viewport().mapToGlobal(pos))
        menu.deleteLater()

    @Slot()
    def _suggest_now(self) -> None:
        editor = self.window.current_editor()
        if editor is not None:
            self.ghost_for(editor).request_now()

    @Slot()
    def show_suggestions(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.request()

    # -- rewrite, draft, outline ---------------------------------------------------------------------
    @Slot()
    def _rewrite_custom(self) -> None:
        style, ok = QInputDialog.getText(
            self.window,
            self.tr("Rewrite in Style"),
            self.tr("Describe the style (e.g. “like a 1930s screwball comedy”):"),
        )
        if ok and style.strip():
            self.rewrite_selection(style.strip())

    def rewrite_selection(self, style: str) -> RewritePreviewDialog | None:
        editor = self.window.current_editor()
        if editor is None:
            return None
        lines = selected_lines(editor)
        if lines is None:
            self.window.status.showMessage(self.tr("Select the lines to rewrite first."), 4000)
            return None
        dialog = RewritePreviewDialog(editor, self.controller, lines[0], lines[1], style, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.start()
        return dialog

    @Slot()
    def draft_scene(self) -> DraftDialog | None:
        editor = self.window.current_editor()
        if editor is None:
            return None
        dialog = DraftDialog(editor, self.controller, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def show_outline(self) -> OutlineDialog | None:
        tab = self.window.current_tab()
        if tab is None:
            return None
        dialog = OutlineDialog(tab.document.snapshot(), self.summarizer.synopsis_for, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- navigator: insert a generated summary as the scene's synopsis ----------------------------
    def _navigator_menu(self, pos: QPoint) -> None:
        navigator = self.window.navigator
        row = navigator.list.indexAt(pos).row()
        entries = navigator.entries()
        if not 0 <= row < len(entries):
            return
        entry = entries[row]
        menu = QMenu(navigator)
        insert = menu.addAction(self.tr("Insert as Synopsis"))
        insert.setEnabled(entry.generated and bool(entry.synopsis))
        insert.triggered.connect(lambda _=False, e=entry: self.insert_synopsis(e.line, e.synopsis))
        menu.exec(navigator.list.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def insert_synopsis(self, heading_line: int, synopsis: str) -> bool:
        """Write ``= synopsis`` under the heading at ``heading_line`` (one undo step)."""
        editor = self.window.current_editor()
        if editor is None or not synopsis.strip():
            return False
        doc = editor.document()
        block = doc.findBlockByNumber(heading_line)
        if not block.isValid():
            return False
        author = self._synopsis_author(editor, heading_line, synopsis)
        following = block.next()
        text = "\n\n= " + " ".join(synopsis.split())
        if following.isValid() and following.text().strip():
            text += "\n"
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        words = " ".join(synopsis.split())
        end = cursor.position() - (1 if text.endswith("\n") else 0)
        record_ai_text(editor.script_document, end, words, "synopsis", author)
        return True

    def _synopsis_author(self, editor: ScriptEditor, heading_line: int, synopsis: str) -> str:
        """Who wrote a summary, for the provenance record: the model, or nobody when it is the
        extractive summary (the scene's own sentence, which the default model's card falls back
        to). Recording that as the model's writing would overstate what the AI wrote."""
        from editor.ai.summary import extractive_summary

        script = editor.script_document.snapshot()
        scene = next((s for s in script.scenes if s.line == heading_line), None)
        extracted = extractive_summary(script, scene) if scene is not None else ""
        if extracted and extracted.split() == synopsis.split():
            return EXTRACTED
        return self.controller.model_label(ROLE_WRITING)

    # -- lifetime ------------------------------------------------------------------------------------
    @Slot()
    def shutdown(self) -> None:
        """Stop background work and the model thread (at exit; safe to call twice)."""
        if self._shut:
            return
        self._shut = True
        self.summarizer.shutdown()
        self.panel.cancel()
        self.controller.shutdown()


def place_cursor_for_menu(editor: ScriptEditor, pos: QPoint) -> None:
    """Right-click moves the cursor to the click, as in every word processor, unless it falls inside
    the selection (then the selection is what the menu acts on). Without this, "Dialogue
    Suggestions" and "Draft Scene Here…" act on wherever the cursor was before, not where the writer
    clicked."""
    clicked = editor.cursorForPosition(pos)
    cursor = editor.textCursor()
    if cursor.hasSelection() and cursor.selectionStart() <= clicked.position() <= cursor.selectionEnd():
        return
    editor.setTextCursor(clicked)


def autostart() -> bool:
    """Whether a window starts the model at once (off in tests: ``SCREENWRIGHT_AI_AUTOSTART=0``)."""
    return os.environ.get("SCREENWRIGHT_AI_AUTOSTART", "1").strip().lower() not in ("0", "false", "no")


def install_ai(window: MainWindow) -> WindowAI:
    """Add the AI features to ``window``; returns the object that owns them (``window.ai``)."""
    ai = WindowAI(window)
    window.preference_pages.append(
        lambda settings: AIPage(settings, ai.controller, open_models=ai.show_models)
    )
    window.preference_pages.append(lambda settings: LearningPage(settings, ai.controller.kept_log))
    window.settings.changed.connect(ai.setting_changed)
    return ai
