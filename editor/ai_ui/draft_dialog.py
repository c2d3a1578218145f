"""Draft a scene: a short description (and optionally its characters) in, a Fountain scene out.

``editor.ai.draft.draft_task`` builds the scene one validated element at a time (heading, an action
line, speeches by scored speakers); this dialog streams it into a preview as it grows, then offers
Keep (inserted at the cursor as one undo step, with the blank lines Fountain needs around it),
Discard, or Regenerate with a short steering note.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.ai import prompts
from editor.ai.draft import Draft, draft_task
from editor.ai_ui.ai_controller import ROLE_WRITING, AIController
from editor.ai_ui.task_driver import TaskSlot
from editor.config.resources import script_font
from editor.fountain.names import normalize_character
from editor.page.script_editor import ScriptEditor
from editor.production_ui.provenance import record_ai_text

log = logging.getLogger(__name__)


def split_characters(text: str) -> list[str]:
    return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]


def text_to_insert(document_lines: list[str], line: int, column: int, scene: str) -> str:
    """``scene`` framed by the blank lines Fountain needs at the cursor's position."""
    before = document_lines[line][:column]
    after = document_lines[line][column:]
    previous_blank = line == 0 or not document_lines[line - 1].strip()
    lead = ""
    if before.strip():
        lead = "\n\n"
    elif not previous_blank:
        lead = "\n"
    body = scene.rstrip("\n")
    tail = "\n\n" if after.strip() else "\n"
    return lead + body + tail


class DraftDialog(QDialog):
    kept = Signal(str)

    def __init__(self, editor: ScriptEditor, controller: AIController, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor.window())
        self.setObjectName("DraftDialog")
        self.editor = editor
        self.controller = controller
        self.result: Draft | None = None
        self._slot = TaskSlot(
            controller,
            "draft",
            on_done=self._on_done,
            on_failed=self._on_failed,
            on_step=self._on_step,
            on_chunk=self._on_chunk,
        )
        self._base_prompt = ""
        self._scene = ""
        self._live = ""
        self.setWindowTitle(self.tr("Draft Scene"))
        self.resize(760, 680)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("draftDescription")
        self.description.setPlaceholderText(
            self.tr("What happens, e.g. “Mara confronts Hale in the diner about the missing money.”")
        )
        self.description.setFixedHeight(70)
        self.characters = QLineEdit(self)
        self.characters.setObjectName("draftCharacters")
        names = sorted(editor.script_document.snapshot().characters)
        hint = ", ".join(names[:4]) if names else "MARA, HALE"
        self.characters.setPlaceholderText(self.tr("Optional, comma separated, e.g. %1").replace("%1", hint))
        form = QFormLayout()
        form.addRow(self.tr("Scene:"), self.description)
        form.addRow(self.tr("Characters:"), self.characters)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("draftPreview")
        self.preview.setReadOnly(True)
        self.preview.setFont(script_font(11))
        self.preview.setPlaceholderText(self.tr("The drafted scene appears here as it is written."))
        self.status = QLabel(self)
        self.status.setObjectName("draftStatus")
        self.status.setWordWrap(True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("draftNote")
        self.note_edit.setPlaceholderText(
            self.tr("Note for the next attempt, e.g. “shorter” or “make her angrier”")
        )
        self.draft_button = QPushButton(self.tr("Draft"), self)
        self.draft_button.setObjectName("draftStart")
        self.draft_button.setDefault(True)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.draft_button)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton(
            self.tr("Keep — Insert at Cursor"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setObjectName("draftKeep")
        self.discard_button = self.buttons.addButton(
            self.tr("Discard"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.discard_button.setObjectName("draftDiscard")
        title = QLabel(self.tr("Describe the scene; the model drafts it as Fountain."), self)
        font = QFont(title.font())
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(note_row)
        layout.addWidget(self.buttons)
        self.draft_button.clicked.connect(self.regenerate)
        self.keep_button.clicked.connect(self.keep)
        self.discard_button.clicked.connect(self.reject)
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.draft_button.setEnabled(not running)
        self.draft_button.setText(self.tr("Regenerate") if self.result is not None else self.tr("Draft"))
        self.keep_button.setEnabled(not running and self.result is not None and self.result.ok)

    # -- running ---------------------------------------------------------------------------------
    @Slot()
    def regenerate(self) -> None:
        self.start(
            self.description.toPlainText(),
            split_characters(self.characters.text()),
            self.note_edit.text().strip() or None,
        )

    def start(self, description: str, characters: list[str], note: str | None = None) -> bool:
        self.cancel()
        if not description.strip():
            self.status.setText(self.tr("Describe the scene first."))
            return False
        names = [normalize_character(c.strip().upper()) for c in characters if c.strip()]
        self._base_prompt = prompts.draft_prompt(" ".join(description.split()), names, note)
        task = draft_task(description, characters, note=note)

        def prepare() -> None:
            self._scene = ""
            self._live = ""
            self.preview.setPlainText("")
            self.status.setText(self.tr("Drafting…"))
            self._set_running(True)

        if not self._slot.start(task, prepare):
            self.status.setText(self.tr("AI is off; turn it on in the AI menu to draft scenes."))
            return False
        return True

    def cancel(self) -> None:
        self._slot.cancel()

    def is_running(self) -> bool:
        return self._slot.busy

    @Slot(str, str)
    def _on_step(self, purpose: str, prompt: str) -> None:
        # Every step's prompt is the draft prompt plus the scene so far: show that scene.
        if prompt.startswith(self._base_prompt):
            self._scene = prompt[len(self._base_prompt) :]
        self._live = ""
        labels = {
            "draft location": self.tr("Choosing the place…"),
            "draft time of day": self.tr("Choosing the time of day…"),
            "draft action": self.tr("Writing the action…"),
            "draft character": self.tr("Naming a character…"),
            "draft next speaker": self.tr("Choosing who speaks…"),
            "draft speech": self.tr("Writing dialogue…"),
        }
        self.status.setText(labels.get(purpose, self.tr("Drafting…")))
        self._render()

    @Slot(str)
    def _on_chunk(self, text: str) -> None:
        self._live += text
        self._render()

    def _render(self) -> None:
        self.preview.setPlainText(self._scene + self._live.split("\n", 1)[0])
        self.preview.moveCursor(QTextCursor.MoveOperation.End)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, Draft)
        self.result = result
        if result.ok:
            self.preview.setPlainText(result.text)
            self.status.setText(
                self.tr("Drafted. Keep inserts it at the cursor; Regenerate tries again (with your note).")
            )
        else:
            self.preview.setPlainText("")
            self.status.setText(self.tr("No usable draft: %1. Try Regenerate.").replace("%1", result.message))
        self._set_running(False)

    def _on_failed(self, reason: str) -> None:
        self.status.setText(self.tr("Drafting failed: %1").replace("%1", reason or self.tr("cancelled")))
        self._set_running(False)

    # -- outcome ---------------------------------------------------------------------------------
    @Slot()
    def keep(self) -> bool:
        """Insert the draft at the editor's cursor as one undo step."""
        if self.result is None or not self.result.ok:
            return False
        editor = self.editor
        cursor = editor.textCursor()
        cursor.clearSelection()
        lines = editor.script_document.parser.lines
        text = text_to_insert(lines, cursor.blockNumber(), cursor.positionInBlock(), self.result.text)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        editor.setTextCursor(cursor)
        record_ai_text(
            editor.script_document,
            cursor.position(),
            text,
            "draft",
            self.controller.model_label(ROLE_WRITING),
        )
        self.kept.emit(text)
        self.accept()
        return True

    def done(self, code: int) -> None:
        self.cancel()
        super().done(code)
