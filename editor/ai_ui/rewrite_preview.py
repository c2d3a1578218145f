"""Rewrite in style: a preview that streams the rewrite beside the original, differences marked.

The selection is widened to whole lines and handed to ``editor.ai.rewrite.rewrite_task``, which
rewrites action and dialogue line by line and keeps cues, headings and parentheticals byte for byte
(and refuses rather than return broken Fountain). While it works, the right side shows the
selection with the line being rewritten streaming in; when it is done, both sides show a word
diff. Keep replaces the lines as one undo step; Discard leaves the script alone; Regenerate tries
again, optionally steered by a short note ("shorter", "make her angrier").

Each of the three is a verdict on a finished rewrite, recorded in the kept-suggestions log when the
writer opted in (``editor.ai.kept_log``): Keep as kept, Discard (or Esc, the same button) and
Regenerate as rejected. A rewrite that failed or is still running is no verdict on anything.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.ai.kept_log import context_at
from editor.ai.prompts import STYLE_PRESETS
from editor.ai.rewrite import RewriteResult, plan, rewrite_task
from editor.ai.word_diff import DiffColors, diff_html
from editor.ai_ui.ai_controller import ROLE_WRITING, AIController
from editor.ai_ui.task_driver import TaskSlot
from editor.config.resources import script_font
from editor.fountain.model import LineType
from editor.page.script_editor import ScriptEditor
from editor.production_ui.provenance import record_ai_text

log = logging.getLogger(__name__)

PRESETS = tuple(STYLE_PRESETS)
# Screenplay indents in character cells from the action margin, a little tighter than the page
# (the panes are narrower than a page).
_INDENT_CELLS = {
    LineType.CHARACTER: 16,
    LineType.DUAL_CHARACTER: 16,
    LineType.PARENTHETICAL: 12,
    LineType.DUAL_PARENTHETICAL: 12,
    LineType.DIALOGUE: 8,
    LineType.DUAL_DIALOGUE: 8,
}  # Tighter, More visual, More subtext, Funnier, Noir, Period voice


def selected_lines(editor: ScriptEditor) -> tuple[int, int] | None:
    """(first, last) 0-based lines the selection touches (a selection ending at a line's start
    does not include that line); None without a selection."""
    cursor = editor.textCursor()
    if not cursor.hasSelection():
        return None
    doc = editor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    first = doc.findBlock(start).blockNumber()
    last_block = doc.findBlock(end)
    last = last_block.blockNumber()
    if last > first and end == last_block.position():
        last -= 1
    return first, last


class RewritePreviewDialog(QDialog):
    """Modal while open, so the lines it will replace cannot change under it."""

    kept = Signal(str)

    def __init__(
        self,
        editor: ScriptEditor,
        controller: AIController,
        first: int,
        last: int,
        style: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent or editor.window())
        self.setObjectName("RewritePreviewDialog")
        self.editor = editor
        self.controller = controller
        self.first, self.last = first, last
        self.style_name = style
        self.result: RewriteResult | None = None
        self._judged = False  # the writer's verdict on ``result`` is recorded
        self._slot = TaskSlot(
            controller,
            "rewrite",
            on_done=self._on_done,
            on_failed=self._on_failed,
            on_step=self._on_step,
            on_chunk=self._on_chunk,
        )
        self._live: dict[int, str] = {}
        self._current_line = -1
        self._units = 0
        self._unit_index = 0
        lines = editor.script_document.parser.lines
        self.original = "\n".join(lines[first : last + 1])
        self.setWindowTitle(self.tr("Rewrite in Style: %1").replace("%1", style))
        self.setModal(True)
        self.resize(1100, 560)

        heading = QLabel(self)
        heading.setObjectName("rewriteHeading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        heading.setText(
            self.tr("“%1” · lines %2–%3")
            .replace("%1", style)
            .replace("%2", str(first + 1))
            .replace("%3", str(last + 1))
        )
        self.original_view = self._pane("rewriteOriginal")
        self.rewrite_view = self._pane("rewriteResult")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(self._caption(self.tr("Original")), 0, 0)
        grid.addWidget(self._caption(self.tr("Rewrite")), 0, 1)
        grid.addWidget(self.original_view, 1, 0)
        grid.addWidget(self.rewrite_view, 1, 1)
        self.status = QLabel(self)
        self.status.setObjectName("rewriteStatus")
        self.status.setWordWrap(True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("rewriteNote")
        self.note_edit.setPlaceholderText(
            self.tr("Note for the next attempt, e.g. “shorter” or “make her angrier”")
        )
        self.regenerate_button = QPushButton(self.tr("Regenerate"), self)
        self.regenerate_button.setObjectName("rewriteRegenerate")
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.regenerate_button)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton(self.tr("Keep"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setObjectName("rewriteKeep")
        self.discard_button = self.buttons.addButton(
            self.tr("Discard"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.discard_button.setObjectName("rewriteDiscard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)
        layout.addLayout(note_row)
        layout.addWidget(self.buttons)
        self.keep_button.clicked.connect(self.keep)
        self.discard_button.clicked.connect(self.reject)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.note_edit.returnPressed.connect(self.regenerate)
        self.original_view.setHtml(self._html(html.escape(self.original)))
        self._set_running(False)

    # -- building blocks -------------------------------------------------------------------------
    def _pane(self, name: str) -> QTextBrowser:
        view = QTextBrowser(self)
        view.setObjectName(name)
        view.setOpenLinks(False)
        view.setFont(script_font(11))
        view.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        return view

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text.upper(), self)
        label.setObjectName("rewriteCaption")
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        label.setFont(font)
        return label

    def _html(self, body: str) -> str:
        """``body`` (HTML, lines separated by ``<br>``) laid out like the page: cues, parentheticals
        and dialogue at their screenplay indents, so the preview reads as a script."""
        family = script_font(11).family()
        metrics = QFontMetricsF(script_font(11))
        cell = metrics.horizontalAdvance("M")
        types = self.editor.script_document.parser.line_types[self.first : self.last + 1]
        rows = []
        for index, line in enumerate(body.replace("\n", "<br>").split("<br>")):
            kind = types[index] if index < len(types) else LineType.ACTION
            indent = _INDENT_CELLS.get(kind, 0) * cell
            rows.append(
                f'<p style="margin-top:0; margin-bottom:0; margin-left:{indent:.0f}px; '
                f'white-space:pre-wrap;">{line or "&nbsp;"}</p>'
            )
        return f"<div style=\"font-family:'{family}'; line-height:125%;\">{''.join(rows)}</div>"

    def _set_running(self, running: bool) -> None:
        self.regenerate_button.setEnabled(not running)
        self.keep_button.setEnabled(
            not running and self.result is not None and self.result.status in ("ok", "partial")
        )

    # -- running ---------------------------------------------------------------------------------
    def start(self, note: str | None = None) -> bool:
        """Ask for a rewrite; False (with the reason shown) when AI is off."""
        self.cancel()
        script = self.editor.script_document.script()
        self.result = None
        self._judged = False
        self._live.clear()
        self._current_line = -1
        self._units = len(plan(script, self.first, self.last))
        self._unit_index = 0
        task = rewrite_task(script, self.first, self.last, self.style_name, note=note or None)

        def prepare() -> None:
            self.rewrite_view.setHtml(self._html(html.escape(self.original)))
            self.status.setText(self.tr("Rewriting…"))
            self._set_running(True)

        if not self._slot.start(task, prepare):
            self.status.setText(self.tr("AI is off; turn it on in the AI menu to rewrite."))
            return False
        return True

    def cancel(self) -> None:
        self._slot.cancel()

    def is_running(self) -> bool:
        return self._slot.busy

    @Slot()
    def regenerate(self) -> None:
        self._record("regenerate")
        self.start(self.note_edit.text().strip() or None)

    def _record(self, how: str) -> None:
        """The writer's verdict on the finished rewrite shown (once per rewrite)."""
        result, log_ = self.result, self.controller.kept_log
        if self._judged or result is None or result.status not in ("ok", "partial"):
            return
        self._judged = True
        if not log_.enabled():
            return
        script = self.editor.script_document.script()
        context = context_at(script, self.first)
        model = self.controller.model_label(ROLE_WRITING)
        if how == "keep":
            log_.kept("rewrite", how, context, result.text, original=result.original, model=model)
        else:
            log_.rejected("rewrite", how, context, result.text, original=result.original, model=model)

    @Slot(str, str)
    def _on_step(self, purpose: str, _prompt: str) -> None:
        if purpose.startswith("rewrite line "):
            line = int(purpose.rsplit(" ", 1)[1]) - 1
            if line != self._current_line:
                self._unit_index += 1
            self._current_line = line
            self._live[line] = ""
            self.status.setText(
                self.tr("Rewriting line %1 of %2…")
                .replace("%1", str(min(self._unit_index, self._units)))
                .replace("%2", str(self._units))
            )
            self._render_live()

    @Slot(str)
    def _on_chunk(self, text: str) -> None:
        if self._current_line >= 0:
            self._live[self._current_line] = self._live.get(self._current_line, "") + text
            self._render_live()

    def _render_live(self) -> None:
        """The selection with finished attempts dimmed and the line being written streaming in."""
        lines = self.original.split("\n")
        out = []
        for offset, text in enumerate(lines):
            line = self.first + offset
            if line in self._live:
                live = self._live[line].split("\n", 1)[0].strip()
                indent = text[: len(text) - len(text.lstrip())]
                caret = " ▍" if line == self._current_line else ""
                colour = "#5b6b8c" if line == self._current_line else "#8d8a82"
                out.append(f'<span style="color:{colour};">{html.escape(indent + live)}{caret}</span>')
            else:
                out.append(html.escape(text))
        self.rewrite_view.setHtml(self._html("\n".join(out)))

    def _on_done(self, result: object) -> None:
        assert isinstance(result, RewriteResult)
        self.result = result
        left, right = diff_html(result.original, result.text, DiffColors())
        self.original_view.setHtml(self._html(left))
        self.rewrite_view.setHtml(self._html(right))
        if result.status == "ok":
            self.status.setText(
                self.tr("Every line rewritten. Keep it, discard it, or regenerate with a note.")
            )
        elif result.status == "partial":
            self.status.setText(self.tr("Partly rewritten: %1.").replace("%1", result.message))
        else:
            self.status.setText(self.tr("Not rewritten: %1.").replace("%1", result.message))
        self._set_running(False)

    def _on_failed(self, reason: str) -> None:
        self.status.setText(self.tr("The rewrite failed: %1").replace("%1", reason or self.tr("cancelled")))
        self._set_running(False)

    # -- outcome ---------------------------------------------------------------------------------
    @Slot()
    def keep(self) -> bool:
        """Replace the lines with the rewrite as one undo step."""
        result = self.result
        if result is None or result.status not in ("ok", "partial"):
            return False
        doc = self.editor.document()
        current = "\n".join(self.editor.script_document.parser.lines[self.first : self.last + 1])
        if current != result.original:
            self.status.setText(self.tr("The script changed while rewriting; regenerate first."))
            return False
        self._record("keep")  # before the lines change: the context is the scene as it was asked
        cursor = QTextCursor(doc.findBlockByNumber(self.first))
        end_block = doc.findBlockByNumber(self.last)
        cursor.setPosition(end_block.position() + end_block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(result.text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        record_ai_text(
            self.editor.script_document,
            cursor.position(),
            result.text,
            "rewrite",
            self.controller.model_label(ROLE_WRITING),
        )
        self.kept.emit(result.text)
        self.accept()
        return True

    def done(self, code: int) -> None:
        self.cancel()
        if code == QDialog.DialogCode.Rejected:
            self._record("discard")
        super().done(code)

    def keyPressEvent(self, event) -> None:
        # Enter in the note field regenerates; it must not press Keep by default.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.note_edit.hasFocus():
            return
        super().keyPressEvent(event)
