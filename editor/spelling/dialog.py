"""Edit ▸ Check Spelling…: walk through the script's misspelled words one at a time.

Like a word processor's spelling dialog: the flagged word is selected in the page (so the writer sees
it in its sentence), suggestions are listed, and Change / Change All / Ignore / Ignore All / Add to
Dictionary / Add to This Script act on it and move to the next one. Every change is an ordinary,
undoable edit of the document. The walk starts at the cursor and wraps around once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.page.script_editor import ScriptEditor
from editor.spelling.document_spelling import DocumentSpelling


class SpellingDialog(QDialog):
    """Modeless: the writer may click into the page and type between words."""

    def __init__(
        self, editor: ScriptEditor, spelling: DocumentSpelling, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SpellingDialog")
        self.setWindowTitle(self.tr("Check Spelling"))
        self.editor = editor
        self.spelling = spelling
        self._start = editor.textCursor().blockNumber()
        self._start_column = editor.textCursor().positionInBlock()
        self._wrapped = False
        self._current: tuple[int, int, int, str] | None = None  # line, start, end, word
        self.word_label = QLabel(self)
        self.word_label.setObjectName("spellingWord")
        self.word_label.setTextFormat(Qt.TextFormat.RichText)
        self.context_label = QLabel(self)
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.RichText)
        self.change_to = QLineEdit(self)
        self.change_to.setObjectName("spellingChangeTo")
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("spellingSuggestions")
        self.suggestions.currentTextChanged.connect(self.change_to.setText)
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.change())
        buttons: list[tuple[str, str, object]] = [
            ("change", self.tr("&Change"), self.change),
            ("changeAll", self.tr("Change &All"), self.change_all),
            ("ignore", self.tr("&Ignore"), self.ignore_once),
            ("ignoreAll", self.tr("I&gnore All"), self.ignore_all),
            ("addUser", self.tr("Add to &Dictionary"), self.add_to_dictionary),
            ("addScript", self.tr("Add to This &Script"), self.add_to_script),
        ]
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Not in the dictionary:"), self), 0, 0)
        grid.addWidget(self.word_label, 0, 1)
        grid.addWidget(self.context_label, 1, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Change to:"), self), 2, 0)
        grid.addWidget(self.change_to, 2, 1)
        grid.addWidget(self.suggestions, 3, 0, 1, 2)
        side = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in buttons:
            button = QPushButton(text, self)
            button.setObjectName(f"spelling_{name}")
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[name] = button
        side.addStretch(1)
        grid.addLayout(side, 0, 2, 4, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(close)
        self.resize(560, 340)
        spelling.suggested.connect(self._on_suggested)
        self.find_next()

    # -- walking ---------------------------------------------------------------------------------------
    def find_next(self, from_line: int | None = None, from_column: int = 0) -> bool:
        """Select the next flagged word at or after the position; False (and a message) when done."""
        doc = self.spelling.document
        count = doc.line_count()
        if from_line is None:
            cursor = self.editor.textCursor()
            from_line, from_column = cursor.blockNumber(), cursor.positionInBlock()
            if cursor.hasSelection():
                from_column = cursor.selectionStart() - cursor.block().position()
        line, min_column = from_line, from_column
        while True:
            last = min(self._start, count - 1) if self._wrapped else count - 1
            while line <= last:
                flagged = self.spelling.checker.misspelled_in_line(doc.line_text(line), doc.line_type(line))
                for start, end, word in flagged:
                    if start < min_column:
                        continue
                    if self._wrapped and line == self._start and start >= self._start_column:
                        break
                    self._show(line, start, end, word)
                    return True
                line += 1
                min_column = 0
            if self._wrapped:
                break
            self._wrapped = True  # from the top, up to where the walk started
            line, min_column = 0, 0
        self._finish()
        return False

    def _show(self, line: int, start: int, end: int, word: str) -> None:
        self._current = (line, start, end, word)
        block = self.spelling.document.qdoc.findBlockByNumber(line)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.word_label.setText(f"<b style='color:#c62828'>{html.escape(word)}</b>")
        text = block.text()
        lo, hi = (0, len(text)) if len(text) < 200 else (max(0, start - 80), min(len(text), end + 80))
        self.context_label.setText(
            html.escape(text[lo:start])
            + f"<b style='color:#c62828'>{html.escape(text[start:end])}</b>"
            + html.escape(text[end:hi])
        )
        self._fill(word, self.spelling.suggestions_now(word))
        for name in self.buttons:
            self.buttons[name].setEnabled(True)

    def _fill(self, word: str, hints: list[str] | None) -> None:
        self.suggestions.clear()
        if hints is None:  # nothing one edit away: the worker looks further (``_on_suggested``)
            self.suggestions.addItem(self.tr("Looking for suggestions…"))
            self.suggestions.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            self.change_to.setText(word)
            return
        self.suggestions.addItems(hints)
        if hints:
            self.suggestions.setCurrentRow(0)
        else:
            self.change_to.setText(word)

    @Slot(str, object)
    def _on_suggested(self, word: str, hints: object) -> None:
        if self._current is not None and self._current[3] == word:
            self._fill(word, list(hints))  # type: ignore[call-overload]

    def _finish(self) -> None:
        self._current = None
        self.word_label.setText(self.tr("(none)"))
        self.context_label.setText(self.tr("The spelling check is complete."))
        self.suggestions.clear()
        self.change_to.clear()
        for button in self.buttons.values():
            button.setEnabled(False)

    def current_word(self) -> str | None:
        return self._current[3] if self._current else None

    # -- actions -----------------------------------------------------------------------------------------
    @Slot()
    def change(self) -> None:
        if self._current is None:
            return
        line, start, end, _word = self._current
        replacement = self.change_to.text()
        block = self.spelling.document.qdoc.findBlockByNumber(line)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        self.editor.setTextCursor(cursor)
        self.find_next(line, start + len(replacement))

    @Slot()
    def change_all(self) -> None:
        """Replace every flagged occurrence of the word (same spelling) in one undo step."""
        if self._current is None:
            return
        line, start, _end, word = self._current
        replacement = self.change_to.text()
        doc = self.spelling.document
        cursor = QTextCursor(doc.qdoc)
        cursor.beginEditBlock()
        for number in range(doc.line_count() - 1, -1, -1):
            flagged = self.spelling.checker.misspelled_in_line(doc.line_text(number), doc.line_type(number))
            block = doc.qdoc.findBlockByNumber(number)
            for s, e, w in reversed(flagged):
                if w == word:
                    cursor.setPosition(block.position() + s)
                    cursor.setPosition(block.position() + e, QTextCursor.MoveMode.KeepAnchor)
                    cursor.insertText(replacement)
        cursor.endEditBlock()
        self.find_next(line, start + len(replacement))

    @Slot()
    def ignore_once(self) -> None:
        if self._current is not None:
            line, _start, end, _word = self._current
            self.find_next(line, end + 1)

    @Slot()
    def ignore_all(self) -> None:
        if self._current is not None:
            line, start, _end, word = self._current
            self.spelling.checker.ignore(word)
            self.spelling.repaint_word(word)
            self.find_next(line, start)

    @Slot()
    def add_to_dictionary(self) -> None:
        if self._current is None:
            return
        line, start, _end, word = self._current
        try:
            self.spelling.checker.add_to_user_dictionary(word)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Add to Dictionary"),
                self.tr("“{0}” is accepted for now, but your dictionary could not be saved: {1}").format(
                    word, exc.strerror or str(exc)
                ),
            )
        self.spelling.repaint_word(word)
        self.find_next(line, start)

    @Slot()
    def add_to_script(self) -> None:
        if self._current is not None:
            line, start, _end, word = self._current
            self.spelling.add_to_script(word)
            self.find_next(line, start)
