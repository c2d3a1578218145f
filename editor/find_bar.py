"""The find and replace bar under the page (Ctrl+F / Ctrl+H), with its element filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from editor.find_replace import ElementFilter, Match, find_all, replace_all

if TYPE_CHECKING:
    from editor.script_editor import ScriptEditor


class FindBar(QWidget):
    def __init__(self, editor: ScriptEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBar")
        self.editor = editor
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("findText")
        self.find_edit.setPlaceholderText(self.tr("Find"))
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setObjectName("replaceText")
        self.replace_edit.setPlaceholderText(self.tr("Replace with"))
        self.element_combo = QComboBox(self)
        self.element_combo.setObjectName("findElement")
        for element in ElementFilter:
            self.element_combo.addItem(element.label(), element)
        self.case_box = QCheckBox(self.tr("Match case"), self)
        self.word_box = QCheckBox(self.tr("Whole words"), self)
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        prev_button = QPushButton(self.tr("Previous"), self)
        next_button = QPushButton(self.tr("Next"), self)
        replace_button = QPushButton(self.tr("Replace"), self)
        replace_all_button = QPushButton(self.tr("Replace All"), self)
        close_button = QPushButton(self.tr("Close"), self)
        for button in (prev_button, next_button, replace_button, replace_all_button, close_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(self.element_combo, 0, 1)
        grid.addWidget(prev_button, 0, 2)
        grid.addWidget(next_button, 0, 3)
        grid.addWidget(self.case_box, 0, 4)
        grid.addWidget(self.status, 0, 5)
        grid.addWidget(close_button, 0, 6)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(replace_button, 1, 2)
        grid.addWidget(replace_all_button, 1, 3)
        grid.addWidget(self.word_box, 1, 4)
        grid.setColumnStretch(0, 1)
        prev_button.clicked.connect(self.find_previous)
        next_button.clicked.connect(self.find_next)
        replace_button.clicked.connect(self.replace_current)
        replace_all_button.clicked.connect(self.replace_everywhere)
        close_button.clicked.connect(self.close_bar)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(self._update_status)
        self.element_combo.currentIndexChanged.connect(self._update_status)
        self.hide()

    # -- state ---------------------------------------------------------------------------------
    def element(self) -> ElementFilter:
        return self.element_combo.currentData()

    def set_element(self, element: ElementFilter) -> None:
        self.element_combo.setCurrentIndex(self.element_combo.findData(element))

    def matches(self) -> list[Match]:
        doc = self.editor.script_document
        return find_all(
            doc.parser.lines,
            doc.parser.line_types,
            self.find_edit.text(),
            element=self.element(),
            case_sensitive=self.case_box.isChecked(),
            whole_word=self.word_box.isChecked(),
        )

    @Slot()
    def _update_status(self) -> None:
        if not self.isVisible() or not self.find_edit.text():
            self.status.clear()
            return
        count = len(self.matches())
        self.status.setText(self.tr("%n match(es)", "", count) if count else self.tr("No matches"))

    def open_bar(self, *, replace: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        target = self.replace_edit if replace and self.find_edit.text() else self.find_edit
        target.setFocus()
        target.selectAll()
        self._update_status()

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    # -- actions -------------------------------------------------------------------------------
    def _select(self, match: Match) -> None:
        block = self.editor.document().findBlockByNumber(match.line)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + match.start)
        cursor.setPosition(block.position() + match.end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def _current_key(self) -> tuple[int, int]:
        cursor = self.editor.textCursor()
        block = self.editor.document().findBlock(cursor.selectionStart())
        return block.blockNumber(), cursor.selectionStart() - block.position()

    @Slot()
    def find_next(self) -> bool:
        matches = self.matches()
        if not matches:
            self._update_status()
            return False
        cursor = self.editor.textCursor()
        here = self.editor.document().findBlock(cursor.selectionEnd())
        key = (here.blockNumber(), cursor.selectionEnd() - here.position())
        after = [m for m in matches if (m.line, m.start) >= key and (m.line, m.end) != key]
        self._select(after[0] if after else matches[0])
        self._update_status()
        return True

    @Slot()
    def find_previous(self) -> bool:
        matches = self.matches()
        if not matches:
            return False
        key = self._current_key()
        before = [m for m in matches if (m.line, m.start) < key]
        self._select(before[-1] if before else matches[-1])
        return True

    def _selection_is_match(self) -> Match | None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        line, start = self._current_key()
        end = start + (cursor.selectionEnd() - cursor.selectionStart())
        for match in self.matches():
            if (match.line, match.start, match.end) == (line, start, end):
                return match
        return None

    @Slot()
    def replace_current(self) -> None:
        match = self._selection_is_match()
        if match is not None:
            self.editor.textCursor().insertText(self.replace_edit.text())
        self.find_next()

    @Slot()
    def replace_everywhere(self) -> int:
        count = replace_all(self.editor.document(), self.matches(), self.replace_edit.text())
        self.status.setText(self.tr("Replaced %n time(s)", "", count))
        return count
