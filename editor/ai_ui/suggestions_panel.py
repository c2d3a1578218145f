"""Dialogue suggestions: three different lines for the current or next speaker, in a dock.

The panel follows the cursor: when the writer settles on another line (a speech, the line under a
cue, the empty line after a speech) it asks ``editor.ai.suggestions.suggest_task`` again, at
suggestion priority, so ghost text still comes first. Each line is inserted with a click on its
card or Alt+1..3; Regenerate asks for lines different from the ones shown. An insertion is one undo
step and lands where it was asked for, even if the writer has typed elsewhere since (a
``QTextCursor`` kept on the spot moves with edits).
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.ai.context import script_lines
from editor.ai.kept_log import context_at
from editor.ai.suggestions import Alternatives, suggest_task
from editor.ai_ui.ai_controller import ROLE_WRITING, AIController
from editor.ai_ui.task_driver import TaskSlot
from editor.config.resources import script_font
from editor.fountain.model import Script
from editor.page.script_editor import ScriptEditor
from editor.production_ui.provenance import record_ai_text

log = logging.getLogger(__name__)

COUNT = 3
FOLLOW_DELAY_MS = 800
_STYLE = """
QFrame#suggestionCard {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
QFrame#suggestionCard:hover, QFrame#suggestionCard:focus { border: 1px solid palette(highlight); }
QLabel#suggestionNumber { color: palette(highlight); font-weight: 600; }
QLabel#suggestionsStatus { color: palette(placeholder-text); }
"""


#: The dock's preferred and smallest widths in pixels; its lines wrap inside.
PANEL_WIDTH = 300
PANEL_MIN_WIDTH = 200


class SuggestionCard(QFrame):
    """One suggested line: number, speaker, the line in the script font; the whole card is a button."""

    clicked = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.number = number
        self.badge = QLabel(str(number), self)
        self.badge.setObjectName("suggestionNumber")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedWidth(22)
        self.text = QLabel(self)
        self.text.setObjectName("suggestionText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # Ignored, not Expanding: a word-wrapped label asks for the width of its longest line, and
        # the dock grew with every long suggestion until it squeezed the page (issue 13). The dock
        # sets the width; the line wraps inside it.
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setMinimumWidth(60)
        font = QFont(script_font(10.5))
        self.text.setFont(font)
        self.insert_button = QToolButton(self)
        self.insert_button.setObjectName("suggestionInsert")
        self.insert_button.setText(self.tr("Insert"))
        self.insert_button.setToolTip(self.tr("Insert this line (Alt+%1)").replace("%1", str(number)))
        self.insert_button.clicked.connect(self.clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignTop)
        self.set_line("")

    def set_line(self, line: str, *, pending: bool = False) -> None:
        self.line = "" if pending else line
        self.text.setText(line)
        self.text.setEnabled(not pending)
        self.insert_button.setEnabled(bool(self.line))
        self.setVisible(bool(line) or pending)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.line:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.line:
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class SuggestionsPanel(QWidget):
    """Dock contents. ``inserted(text)`` after a line went into the script."""

    inserted = Signal(str)
    ready = Signal()

    def __init__(self, controller: AIController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SuggestionsPanel")
        self.controller = controller
        self.editor: ScriptEditor | None = None
        self.result: Alternatives | None = None
        self._slot = TaskSlot(
            controller,
            "suggestions",
            supersede=True,
            on_done=self._on_done,
            on_failed=self._on_failed,
            on_step=self._on_step,
            on_chunk=self._on_chunk,
        )
        self._target: QTextCursor | None = None
        # The script and line the shown lines were asked for: the context of the writer's verdict
        # on them in the kept-suggestions log (``editor.ai.kept_log``).
        self._asked_script: Script | None = None
        self._asked_line = -1
        self._streaming = ""
        self.title = QLabel(self)
        self.title.setObjectName("suggestionsTitle")
        title_font = QFont(self.title.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("suggestionsStatus")
        self.status.setWordWrap(True)
        for label in (self.title, self.status):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cards = [SuggestionCard(i + 1, self) for i in range(COUNT)]
        self.regenerate_button = QPushButton(self.tr("Regenerate"), self)
        self.regenerate_button.setObjectName("suggestionsRegenerate")
        self.regenerate_button.setToolTip(self.tr("Three new lines, different from these"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        for card in self.cards:
            layout.addWidget(card)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.regenerate_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for index, card in enumerate(self.cards):
            card.clicked.connect(lambda i=index: self.insert(i))
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            # Help ▸ Keyboard Shortcuts lists it with this text.
            shortcut.setWhatsThis(self.tr("Insert suggestion %1").replace("%1", str(index + 1)))
            shortcut.activated.connect(lambda i=index: self._insert_if_shown(i))
        self.regenerate_button.clicked.connect(self.regenerate)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self._follow_cursor)
        controller.enabled_changed.connect(self._on_enabled_changed)
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(PANEL_MIN_WIDTH)
        self._show_idle()

    def sizeHint(self) -> QSize:
        """A fixed preferred width: what the suggestions say never widens the dock."""
        return QSize(PANEL_WIDTH, super().sizeHint().height())

    # -- wiring ------------------------------------------------------------------------------------
    def set_editor(self, editor: ScriptEditor | None) -> None:
        if editor is self.editor:
            return
        if self.editor is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.editor.cursor_context_changed.disconnect(self._on_cursor)
        self.cancel()
        self.editor = editor
        self._asked_line = -1
        if editor is not None:
            editor.cursor_context_changed.connect(self._on_cursor)
            if self.isVisible():
                self._follow.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.editor is not None and not self._slot.busy:
            self._follow.start(0)

    @Slot(int, int, object)
    def _on_cursor(self, line: int, _column: int, _kind: object) -> None:
        if line != self._asked_line and self.isVisible():
            self._follow.start()

    @Slot()
    def _follow_cursor(self) -> None:
        if self.editor is not None and self.editor.current_line() != self._asked_line:
            self.request()

    @Slot(bool)
    def _on_enabled_changed(self, enabled: bool) -> None:
        """Off stops any request but keeps the lines already shown (they are the writer's to use);
        back on shows them again, or asks anew if none had arrived. They go only when the cursor
        moves to another line."""
        if not enabled:
            self.cancel()
            if self.result is not None and self.result.lines:
                self.status.setText(self.tr("AI is off. These lines can still be inserted."))
            else:
                self._show_idle()
            return
        if self.result is not None:
            self._show_result(self.result)
            return
        self._show_idle()
        if self.editor is not None and self.isVisible():
            self._asked_line = -1
            self._follow.start(0)

    # -- asking --------------------------------------------------------------------------------------
    @Slot()
    def regenerate(self) -> None:
        shown = list(self.result.lines) if self.result else []
        self._record_rejected("regenerate")
        self.request(exclude=shown)

    def _verdict_context(self, result: Alternatives) -> str | None:
        """The text before the line the writer would insert: the scene window and the line so far."""
        script, line = self._asked_script, self._asked_line
        if script is None or line < 0:
            return None
        try:
            if result.replace_line:
                return context_at(script, line)
            existing = script_lines(script)[line]
            return context_at(script, line, len(existing)) + result.insert_prefix
        except IndexError:
            return None

    def _record_rejected(self, how: str) -> None:
        """Lines shown and not taken: regenerated, or passed over (the writer moved to another line)."""
        result, log_ = self.result, self.controller.kept_log
        if result is None or not result.lines or not log_.enabled():
            return
        context = self._verdict_context(result)
        if context is None:
            return
        model = self.controller.model_label(ROLE_WRITING)
        for line in result.lines:
            log_.rejected("suggestion", how, context, line, model=model)

    def request(self, *, exclude: list[str] | None = None) -> None:
        """Ask for lines for the cursor's position (cancels a request still running)."""
        self.cancel()
        editor = self.editor
        if editor is None:
            return
        if not self.controller.enabled:
            self.result, self._target = None, None
            self._show_idle()
            return
        line = editor.current_line()
        if exclude is None and line != self._asked_line:
            self._record_rejected("passed over")
        self._asked_line = line
        script = editor.script_document.script()
        self._asked_script = script
        try:
            task = suggest_task(script, line, count=COUNT, exclude=exclude)
        except IndexError:
            return

        def prepare() -> None:
            block = editor.document().findBlockByNumber(line)
            self._target = QTextCursor(block)
            self._target.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            self.result = None
            self._streaming = ""
            self.title.setText(self.tr("Dialogue suggestions"))
            self.status.setText(self.tr("Writing alternatives…"))
            for card in self.cards:
                card.set_line("")
            self.regenerate_button.setEnabled(False)

        if not self._slot.start(task, prepare):
            self._show_idle()

    def cancel(self) -> None:
        self._follow.stop()
        if self._slot.cancel():
            self.regenerate_button.setEnabled(True)

    def is_busy(self) -> bool:
        return self._slot.busy

    @Slot(str, str)
    def _on_step(self, purpose: str, _prompt: str) -> None:
        self._streaming = ""
        if purpose == "next speaker":
            self.status.setText(self.tr("Choosing who speaks next…"))

    @Slot(str)
    def _on_chunk(self, text: str) -> None:
        self._streaming += text
        shown = [c for c in self.cards if c.line]
        if len(shown) < COUNT:
            preview = self._streaming.split("\n", 1)[0].strip()
            self.cards[len(shown)].set_line(preview + " ▍", pending=True)

    def _on_done(self, result: object) -> None:
        self.regenerate_button.setEnabled(True)
        assert isinstance(result, Alternatives)
        self.result = result
        self._show_result(result)
        self.ready.emit()

    def _show_result(self, result: Alternatives) -> None:
        speaker = result.speaker or ""
        if speaker:
            self.title.setText(self.tr("Lines for %1").replace("%1", speaker))
        for index, card in enumerate(self.cards):
            card.set_line(result.lines[index] if index < len(result.lines) else "")
        if result.lines:
            self.status.setText(
                self.tr("Click a line or press Alt+1–%1 to insert it.").replace("%1", str(len(result.lines)))
            )
        else:
            self.status.setText(_reason_text(self, result.reason))

    def _on_failed(self, reason: str) -> None:
        self.regenerate_button.setEnabled(True)
        for card in self.cards:
            card.set_line("")
        if reason:
            self.status.setText(self.tr("No suggestions: %1").replace("%1", reason))
        self.ready.emit()

    def _show_idle(self) -> None:
        self.title.setText(self.tr("Dialogue suggestions"))
        if not self.controller.enabled:
            self.status.setText(self.tr("AI is off. Turn it on in the AI menu to get suggestions."))
        else:
            self.status.setText(
                self.tr("Put the cursor in a speech, or on the empty line after one, for three alternatives.")
            )
        for card in self.cards:
            card.set_line("")

    # -- inserting -----------------------------------------------------------------------------------
    def _insert_if_shown(self, index: int) -> None:
        if self.isVisible():
            self.insert(index)

    def insert(self, index: int) -> bool:
        """Put suggestion ``index`` into the script as one undo step; False when there is none."""
        result, editor, target = self.result, self.editor, self._target
        if result is None or editor is None or target is None or index >= len(result.lines):
            return False
        line = result.lines[index]
        context = self._verdict_context(result)
        cursor = QTextCursor(target)
        cursor.beginEditBlock()
        if result.replace_line:
            # Replace the speech line's text, keeping its indentation.
            original = cursor.selectedText()
            indent = original[: len(original) - len(original.lstrip())]
            cursor.insertText(indent + line)
        else:
            cursor.clearSelection()
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            existing = cursor.selectedText()
            cursor.insertText(existing + result.insert_prefix + line)
        cursor.endEditBlock()
        editor.setTextCursor(cursor)
        record_ai_text(
            editor.script_document,
            cursor.position(),
            line,
            "suggestion",
            self.controller.model_label(ROLE_WRITING),
        )
        if context is not None:
            self.controller.kept_log.kept(
                "suggestion",
                "inserted",
                context,
                line,
                others=[other for i, other in enumerate(result.lines) if i != index],
                model=self.controller.model_label(ROLE_WRITING),
            )
        editor.setFocus()
        self.inserted.emit(line)
        # The cursor is now on the inserted speech: new lines would be alternatives to it.
        self._asked_line = editor.current_line()
        self.result = None
        self._target = None
        for card in self.cards:
            card.set_line("")
        self.status.setText(self.tr("Inserted. Regenerate for alternatives to this line."))
        return True


def _reason_text(panel: QWidget, reason: str) -> str:
    if not reason:
        return panel.tr("No usable line this time; try Regenerate.")
    return panel.tr("No suggestions: %1.").replace("%1", reason)
