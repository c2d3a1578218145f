"""The find and replace bar under the page (Ctrl+F / Ctrl+H), with its element filter."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from editor.fountain.find_replace import ElementFilter, Match, find_all

if TYPE_CHECKING:
    from editor.page.script_editor import ScriptEditor


# Match highlights (background, text) for the light and the dark page: every match on screen, and
# the current one, bright enough to find at a glance on either page.
MATCH_COLORS = {False: ("#fff0a0", None), True: ("#6b5a1e", None)}
CURRENT_COLORS = {False: ("#ff9f1c", "#000000"), True: ("#ffc400", "#000000")}
HIGHLIGHT_DELAY_MS = 60


def element_label(element: ElementFilter) -> str:
    tr = QCoreApplication.translate
    return {
        ElementFilter.ANY: tr("Find", "Anywhere"),
        ElementFilter.CHARACTER: tr("Find", "Character cues"),
        ElementFilter.DIALOGUE: tr("Find", "Dialogue"),
        ElementFilter.PARENTHETICAL: tr("Find", "Parentheticals"),
        ElementFilter.ACTION: tr("Find", "Action"),
        ElementFilter.SCENE_HEADING: tr("Find", "Scene headings"),
        ElementFilter.TRANSITION: tr("Find", "Transitions"),
        ElementFilter.NOTE: tr("Find", "Notes"),
    }[element]


def replace_all(document: QTextDocument, matches: Sequence[Match], replacement: str) -> int:
    """Replace every match in one undo step, from the last to the first so earlier positions stay
    valid; returns how many were replaced."""
    if not matches:
        return 0
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for match in sorted(matches, key=lambda m: (m.line, m.start), reverse=True):
        block = document.findBlockByNumber(match.line)
        cursor.setPosition(block.position() + match.start)
        cursor.setPosition(block.position() + match.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
    cursor.endEditBlock()
    return len(matches)


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
            self.element_combo.addItem(element_label(element), element)
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
        # Highlights: matches are found once per search and document revision; only the ones in
        # the viewport become extra selections, redone (coalesced) on scroll, edit or cursor move.
        self._cache_key: tuple[object, ...] | None = None
        self._cache: list[Match] = []
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.setInterval(HIGHLIGHT_DELAY_MS)
        self._highlight_timer.timeout.connect(self._highlight)
        for signal in (
            self.find_edit.textChanged,
            self.element_combo.currentIndexChanged,
            self.case_box.toggled,
            self.word_box.toggled,
            editor.verticalScrollBar().valueChanged,
            editor.cursorPositionChanged,
            editor.document().contentsChanged,
        ):
            signal.connect(self._schedule_highlight)
        self.hide()

    # -- state ---------------------------------------------------------------------------------
    def element(self) -> ElementFilter:
        return self.element_combo.currentData()

    def set_element(self, element: ElementFilter) -> None:
        self.element_combo.setCurrentIndex(self.element_combo.findData(element))

    def matches(self) -> list[Match]:
        doc = self.editor.script_document
        key = (
            self.find_edit.text(),
            self.element(),
            self.case_box.isChecked(),
            self.word_box.isChecked(),
            self.editor.document().revision(),
        )
        if key != self._cache_key:
            self._cache = self._find(doc)
            self._cache_key = key
        return self._cache

    def _find(self, doc) -> list[Match]:
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
        # Qt resolves "%n match(es)" only through a loaded translation: spell the forms out.
        if count == 1:
            self.status.setText(self.tr("1 match"))
        elif count:
            self.status.setText(self.tr("%1 matches").replace("%1", str(count)))
        else:
            self.status.setText(self.tr("No matches"))

    @Slot()
    def _schedule_highlight(self) -> None:
        if self.isVisible() or self.editor.extraSelections():
            self._highlight_timer.start()

    @Slot()
    def _highlight(self) -> None:
        if not self.isVisible() or not self.find_edit.text():
            self.editor.setExtraSelections([])
            return
        matches = self.matches()
        first = self.editor.firstVisibleBlock()
        top = self.editor.blockBoundingGeometry(first).translated(self.editor.contentOffset()).top()
        height = self.editor.viewport().height()
        last = first
        block = first
        while block.isValid() and top <= height:
            last = block
            top += self.editor.blockBoundingRect(block).height()
            block = block.next()
        keys = [(m.line, m.start) for m in matches]
        lo = bisect.bisect_left(keys, (first.blockNumber(), -1))
        hi = bisect.bisect_right(keys, (last.blockNumber(), 1 << 30))
        cursor = self.editor.textCursor()
        current = (cursor.selectionStart(), cursor.selectionEnd()) if cursor.hasSelection() else None
        dark = self.editor.colors.dark
        doc = self.editor.document()
        selections = []
        for match in matches[lo:hi]:
            start = doc.findBlockByNumber(match.line).position()
            span = (start + match.start, start + match.end)
            background, foreground = (CURRENT_COLORS if span == current else MATCH_COLORS)[dark]
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(doc)
            selection.cursor.setPosition(span[0])
            selection.cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(background))
            if foreground:
                fmt.setForeground(QColor(foreground))
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def open_bar(self, *, replace: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        target = self.replace_edit if replace and self.find_edit.text() else self.find_edit
        target.setFocus()
        target.selectAll()
        self._update_status()
        self._schedule_highlight()

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self._highlight_timer.stop()
        self.editor.setExtraSelections([])
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
