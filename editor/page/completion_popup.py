"""The SmartType popup: a keyboard-driven list under the cursor.

It is a child of the editor's viewport that never takes focus, so typing continues in the editor
and the list follows as letters are added. While it is shown, Up/Down choose, Enter or Tab accept,
Esc closes; any other key types as usual and refreshes the list.

Enter on a pick that finishes its element (a name, a time of day, a transition) also does what Enter
does after that element, as Final Draft's SmartType does: Tab, ``d``, Enter fills DANNY and goes
straight on to the dialogue. Tab only fills; a heading marker or a location fills and lists what
comes next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem

from editor.config.theme import Colors
from editor.fountain.completions import Completion, complete

if TYPE_CHECKING:
    from editor.page.script_editor import ScriptEditor

_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
# Picks that end their element: Enter goes on from them as from a typed one.
_FINISHING_KINDS = ("character", "time", "transition")


class Completer:
    """Owns the popup list for one editor; ``enabled`` follows the SmartType setting."""

    def __init__(self, editor: ScriptEditor) -> None:
        self.editor = editor
        self.enabled = True
        self._items: list[Completion] = []
        self._dismissed_at: tuple[int, int] | None = None
        popup = QListWidget(editor.viewport())
        popup.setObjectName("SmartTypePopup")
        popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        popup.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        popup.itemClicked.connect(self._accept_item)
        popup.hide()
        self.popup = popup

    def apply_colors(self, colors: Colors) -> None:
        pal = self.popup.palette()
        pal.setColor(QPalette.ColorRole.Base, QColor(colors.panel))
        pal.setColor(QPalette.ColorRole.Text, QColor(colors.panel_text))
        pal.setColor(QPalette.ColorRole.Highlight, QColor(colors.accent))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        self.popup.setPalette(pal)

    def is_visible(self) -> bool:
        return self.popup.isVisible()

    def items(self) -> list[Completion]:
        return list(self._items) if self.is_visible() else []

    def hide(self) -> None:
        self.popup.hide()
        self._items = []

    # -- keys ----------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        if not self.is_visible():
            return False
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.popup.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self.popup.setCurrentRow(row % self.popup.count())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab) and not event.modifiers() & (
            Qt.KeyboardModifier.ShiftModifier
            | Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
        ):
            row = self.popup.currentRow()
            kind = self._items[row].kind if 0 <= row < len(self._items) else ""
            self.accept(row)
            # Filled; after a finishing pick Enter's own meaning (the element keys) follows.
            return key == Qt.Key.Key_Tab or kind not in _FINISHING_KINDS
        if key == Qt.Key.Key_Escape:
            cursor = self.editor.textCursor()
            self._dismissed_at = (cursor.blockNumber(), cursor.positionInBlock())
            self.hide()
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp):
            self.hide()
        return False

    # -- content -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the list for the cursor (after each typed key); cheap, no whole-script work."""
        if not self.enabled:
            self.hide()
            return
        editor = self.editor
        cursor = editor.textCursor()
        if cursor.hasSelection():
            self.hide()
            return
        position = (cursor.blockNumber(), cursor.positionInBlock())
        if self._dismissed_at is not None and self._dismissed_at[0] == position[0]:
            if position[1] >= self._dismissed_at[1]:
                self.hide()
                return
            self._dismissed_at = None
        doc = editor.script_document
        snapshot = doc.snapshot_if_ready()
        characters: list[str] = []
        locations: list[str] = []
        times: list[str] = []
        if snapshot is not None:
            characters = sorted(snapshot.characters, key=lambda n: -snapshot.characters[n].speeches)
            locations = snapshot.locations
            times = snapshot.times_of_day
        items = complete(
            doc.parser.lines,
            doc.parser.line_types,
            position[0],
            position[1],
            intent=editor.smart.intent(),
            characters=characters,
            locations=locations,
            times=times,
        )
        self.show_items(items)

    def show_items(self, items: list[Completion]) -> None:
        self._items = items
        if not items:
            self.popup.hide()
            return
        popup = self.popup
        popup.clear()
        for item in items:
            entry = QListWidgetItem(item.text)
            entry.setData(_KIND_ROLE, item.kind)
            popup.addItem(entry)
        popup.setCurrentRow(0)
        metrics = QFontMetrics(popup.font())
        width = max(metrics.horizontalAdvance(i.text) for i in items) + 32
        row_height = popup.sizeHintForRow(0) if popup.count() else metrics.height() + 4
        height = row_height * len(items) + 2 * popup.frameWidth()
        rect = self.editor.cursorRect()
        start_x = rect.left() - self._start_offset_px(items[0])
        pos = QPoint(max(0, start_x), rect.bottom() + 4)
        viewport = self.editor.viewport()
        if pos.y() + height > viewport.height():
            pos.setY(max(0, rect.top() - height - 4))
        pos.setX(min(pos.x(), max(0, viewport.width() - width)))
        popup.setGeometry(pos.x(), pos.y(), width, height)
        popup.show()
        popup.raise_()

    def _start_offset_px(self, item: Completion) -> int:
        cursor = self.editor.textCursor()
        typed = cursor.positionInBlock() - item.start
        return int(self.editor.char_width() * max(0, typed))

    def _accept_item(self, entry: QListWidgetItem) -> None:
        self.accept(self.popup.row(entry))

    def accept(self, row: int) -> None:
        if not 0 <= row < len(self._items):
            self.hide()
            return
        item = self._items[row]
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.MoveAnchor)
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, item.start)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(item.text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.hide()
        if item.kind == "heading":
            self.refresh()  # straight on to the script's locations
