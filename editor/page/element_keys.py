"""Smart element typing, as in Final Draft and Beat, producing plain Fountain.

Enter and Tab move between screenplay elements and insert the blank lines Fountain needs:

- Enter after a cue goes to its dialogue (one newline); after dialogue it ends the speech with a blank
  line; after a heading, action or transition it opens a new paragraph after a blank line.
  Shift+Enter is always a plain line break inside the element.
- Tab on an empty line starts a character cue (typing is upper-cased; the line sits at the cue
  indent before Fountain can know it is one); Tab again makes it a transition; again, action.
  Tab at the end of dialogue opens a parenthetical; in a parenthetical, returns to dialogue.
- ``(`` on the empty line under a cue starts a parenthetical ``()``; ``)`` steps over the closing one.
- Shift+Tab goes back one step; Backspace in an empty ``()`` removes it.
- Headings (``int.``/``ext.`` ...) and cues are upper-cased as typed.

The "intent" is the element the writer asked for on a line Fountain cannot classify yet (an empty
line under a cue is not dialogue until it has text). It lives only while the cursor stays on that
line and is shown through the document's display overrides, never written into the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextBlock, QTextCursor

from editor.fountain.completions import HEADING_START, looks_like_cue
from editor.fountain.model import LineType

if TYPE_CHECKING:
    from editor.page.script_editor import ScriptEditor

_DIALOGUE_TYPES = (LineType.DIALOGUE, LineType.DUAL_DIALOGUE)
_PAREN_TYPES = (LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL)
_CUE_TYPES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)
_SPEECH_TYPES = _DIALOGUE_TYPES + _PAREN_TYPES + _CUE_TYPES
_NEW_PARAGRAPH_TYPES = (
    LineType.SCENE_HEADING,
    LineType.ACTION,
    LineType.TRANSITION,
    LineType.CENTERED,
    LineType.SECTION,
    LineType.SYNOPSIS,
)
_UPPER_INTENTS = (LineType.CHARACTER, LineType.TRANSITION)
_NO_MODIFIERS = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier


class SmartTyping:
    """Key handling for one ``ScriptEditor``; ``enabled`` and ``auto_uppercase`` follow settings."""

    def __init__(self, editor: ScriptEditor) -> None:
        self.editor = editor
        self.enabled = True
        self.auto_uppercase = True
        self._intent: LineType | None = None
        self._intent_block: QTextBlock | None = None
        # (revision, position) right after Enter opened a paragraph behind a blank line: a second
        # Enter there (the plain-text habit of pressing it twice) must not add another blank line.
        self._opened: tuple[int, int] | None = None

    # -- intent --------------------------------------------------------------------------------
    def intent(self) -> LineType | None:
        if self._intent is None or self._intent_block is None:
            return None
        if self.editor.textCursor().block() != self._intent_block:
            return None
        return self._intent

    def _set_intent(self, line_type: LineType | None, *, keep_cue_above: bool = False) -> None:
        doc = self.editor.script_document
        block = self.editor.textCursor().block()
        self._intent = line_type
        self._intent_block = block if line_type is not None else None
        overrides: list[tuple[QTextBlock, LineType]] = []
        if line_type is not None:
            overrides.append((block, line_type))
            if keep_cue_above and block.previous().isValid():
                overrides.append((block.previous(), LineType.CHARACTER))
        doc.set_display_overrides(overrides)
        self.editor.refresh_context()

    def cursor_moved(self) -> None:
        if self._intent is not None and self.editor.textCursor().block() != self._intent_block:
            self._intent = None
            self._intent_block = None
            self.editor.script_document.set_display_overrides([])

    # -- helpers -------------------------------------------------------------------------------
    def _cursor(self) -> QTextCursor:
        return self.editor.textCursor()

    def _type(self, block: QTextBlock) -> LineType:
        return self.editor.script_document.line_type(block.blockNumber())

    def _insert(self, text: str, after: str = "") -> None:
        """Insert ``text`` at the cursor and ``after`` behind it, as one undo step."""
        cursor = self._cursor()
        cursor.beginEditBlock()
        cursor.insertText(text)
        if after:
            cursor.insertText(after)
            cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, len(after))
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)

    def _open_line(self, *, blank_before: bool, within_speech: bool = False) -> None:
        """New line after the cursor's line, isolated from a following paragraph by a blank line.

        ``within_speech``: the new line continues a speech (after a cue or a parenthetical), so a
        following dialogue or parenthetical line stays attached to it.
        """
        cursor = self._cursor()
        nxt = cursor.block().next()
        after = "\n" if nxt.isValid() and nxt.text().strip() else ""
        if after and within_speech and self._type(nxt) in _SPEECH_TYPES:
            after = ""
        self._insert("\n\n" if blank_before else "\n", after)
        if blank_before:
            self._opened = (self.editor.document().revision(), self._cursor().position())

    # -- keys ----------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & Qt.KeyboardModifier.ShiftModifier:
            # Qt would insert U+2028 (a line break inside the paragraph): Fountain wants a newline.
            self._insert("\n")
            return True
        if not self.enabled or mods & ~_NO_MODIFIERS & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        cursor = self._cursor()
        if cursor.hasSelection():
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._enter()
        if key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier:
            return self._tab()
        if key == Qt.Key.Key_Backtab:
            return self._back_tab()
        if key == Qt.Key.Key_Backspace:
            return self._backspace()
        text = event.text()
        if text == "(":
            return self._open_paren()
        if text == ")":
            return self._close_paren()
        if text and text.isprintable() and self.auto_uppercase and text != text.upper():
            return self._uppercase(text)
        return False

    def _enter(self) -> bool:
        cursor = self._cursor()
        block = cursor.block()
        text = block.text()
        rest = text[cursor.positionInBlock() :]
        intent = self.intent()
        if rest == ")" and self._type(block) in (*_PAREN_TYPES, LineType.EMPTY, LineType.ACTION):
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            self.editor.setTextCursor(cursor)
        elif rest.strip():
            if (
                intent is None
                and self._type(block) is LineType.ACTION
                and text[: cursor.positionInBlock()].strip()
            ):
                self._split_paragraph(cursor)
                return True
            return False  # splitting a line elsewhere: Qt's plain newline
        line_type = self._type(block)
        if not text.strip():
            absorbed = self._opened == (self.editor.document().revision(), cursor.position())
            self._opened = None
            if intent is not None:
                self._set_intent(None)
            # Right after Enter opened this line behind a blank one, Enter only cancels a Tab intent
            # (back to action, as in Final Draft): a second blank line would be a Fountain error.
            return absorbed
        prev = block.previous()
        prev_blank = not prev.isValid() or not prev.text().strip()
        if intent == LineType.TRANSITION:
            if not text.rstrip().endswith("TO:") and not text.lstrip().startswith(">"):
                edit = QTextCursor(block)
                edit.beginEditBlock()
                edit.insertText(">")
                edit.endEditBlock()
            self._open_line(blank_before=True)
            return True
        if (
            intent == LineType.CHARACTER
            or line_type in _CUE_TYPES
            or (line_type is LineType.ACTION and prev_blank and looks_like_cue(text))
        ):
            self._open_line(blank_before=False, within_speech=True)
            self._set_intent(LineType.DIALOGUE, keep_cue_above=True)
            return True
        if line_type in _PAREN_TYPES or intent in _PAREN_TYPES:
            self._open_line(blank_before=False, within_speech=True)
            self._set_intent(LineType.DIALOGUE)
            return True
        if line_type in _DIALOGUE_TYPES or intent in _DIALOGUE_TYPES or line_type in _NEW_PARAGRAPH_TYPES:
            self._open_line(blank_before=True)
            return True
        return False

    def _split_paragraph(self, cursor: QTextCursor) -> None:
        """Enter inside action text starts a new paragraph, as in Final Draft: a blank line between
        the halves and no space left dangling at either side of the cut."""
        block = cursor.block()
        text = block.text()
        col = cursor.positionInBlock()
        rest = text[col:]
        edit = QTextCursor(cursor)
        edit.setPosition(block.position() + len(text[:col].rstrip()))
        edit.setPosition(
            block.position() + col + len(rest) - len(rest.lstrip()), QTextCursor.MoveMode.KeepAnchor
        )
        edit.beginEditBlock()
        edit.insertText("\n\n")
        edit.endEditBlock()
        self.editor.setTextCursor(edit)

    def _tab(self) -> bool:
        cursor = self._cursor()
        block = cursor.block()
        text = block.text()
        intent = self.intent()
        line_type = self._type(block)
        prev = block.previous()
        if not text.strip():
            prev_type = self._type(prev) if prev.isValid() and prev.text().strip() else LineType.EMPTY
            if intent == LineType.DIALOGUE or (intent is None and prev_type in _SPEECH_TYPES):
                self._insert("(", ")")
                self._set_intent(LineType.PARENTHETICAL)
            elif intent is None:
                if prev.isValid() and prev.text().strip():
                    self._insert("\n")
                    self._opened = (self.editor.document().revision(), self._cursor().position())
                self._set_intent(LineType.CHARACTER)
            elif intent == LineType.CHARACTER:
                self._set_intent(LineType.TRANSITION)
            else:
                self._set_intent(None)
            return True
        at_end = not text[cursor.positionInBlock() :].strip(") ")
        if at_end and line_type in _DIALOGUE_TYPES:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            self.editor.setTextCursor(cursor)
            self._insert("\n(", ")")
            self._set_intent(LineType.PARENTHETICAL)
        elif at_end and (line_type in _PAREN_TYPES or intent in _PAREN_TYPES):
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            self.editor.setTextCursor(cursor)
            self._open_line(blank_before=False)
            self._set_intent(LineType.DIALOGUE)
        return True  # never a literal tab in a screenplay

    def _back_tab(self) -> bool:
        cursor = self._cursor()
        block = cursor.block()
        text = block.text()
        intent = self.intent()
        if not text.strip():
            if intent == LineType.TRANSITION:
                self._set_intent(LineType.CHARACTER)
            elif intent == LineType.DIALOGUE and block.previous().isValid():
                self._delete_line_and_go_up()
                self._set_intent(LineType.CHARACTER)
            else:
                self._set_intent(None)
            return True
        if text.strip() == "()" and block.previous().isValid():
            self._delete_line_and_go_up()
            return True
        return True

    def _delete_line_and_go_up(self) -> None:
        cursor = self._cursor()
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)

    def _backspace(self) -> bool:
        cursor = self._cursor()
        text = cursor.block().text()
        col = cursor.positionInBlock()
        if text.strip() == "()" and text[col - 1 : col + 1] == "()":
            cursor.beginEditBlock()
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.endEditBlock()
            self.editor.setTextCursor(cursor)
            self._set_intent(LineType.DIALOGUE)
            return True
        return False

    def _open_paren(self) -> bool:
        cursor = self._cursor()
        block = cursor.block()
        if block.text().strip():
            return False
        prev = block.previous()
        prev_type = self._type(prev) if prev.isValid() and prev.text().strip() else LineType.EMPTY
        if self.intent() == LineType.DIALOGUE or prev_type in _SPEECH_TYPES or looks_like_cue(prev.text()):
            self._insert("(", ")")
            self._set_intent(LineType.PARENTHETICAL, keep_cue_above=prev_type not in _SPEECH_TYPES)
            return True
        return False

    def _close_paren(self) -> bool:
        cursor = self._cursor()
        text = cursor.block().text()
        col = cursor.positionInBlock()
        if text[col : col + 1] == ")" and text[:col].lstrip().startswith("("):
            cursor.movePosition(QTextCursor.MoveOperation.Right)
            self.editor.setTextCursor(cursor)
            return True
        return False

    def _uppercase(self, text: str) -> bool:
        cursor = self._cursor()
        block = cursor.block()
        intent = self.intent()
        before = block.text()[: cursor.positionInBlock()]
        upper = intent in _UPPER_INTENTS or self._type(block) in _CUE_TYPES
        if not upper and HEADING_START.match(before + text) and self._blank_before(block):
            upper = True
        if not upper:
            return False
        # Not ``_insert`` (an edit block per key): the editor decides where the undo step begins,
        # so a name typed in capitals goes back as a word, not a letter at a time.
        self.editor.insert_typed(text.upper())
        if HEADING_START.match(block.text()) and block.text() != block.text().upper():
            self._upper_line(block)
        return True

    def _blank_before(self, block: QTextBlock) -> bool:
        prev = block.previous()
        return not prev.isValid() or not prev.text().strip()

    def _upper_line(self, block: QTextBlock) -> None:
        """Upper-case a line typed before Fountain knew it was a heading, merged into the last undo."""
        cursor = self._cursor()
        position = cursor.position()
        edit = QTextCursor(block)
        edit.joinPreviousEditBlock()
        edit.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        edit.insertText(block.text().upper())
        edit.endEditBlock()
        cursor.setPosition(position)
        self.editor.setTextCursor(cursor)

    def after_text_typed(self, text: str) -> None:
        """Qt inserted ``text``: upper-case a line that just became a heading (``int.`` → ``INT.``)."""
        if not self.enabled or not self.auto_uppercase:
            return
        block = self._cursor().block()
        line = block.text()
        if HEADING_START.match(line) and line != line.upper() and self._blank_before(block):
            self._upper_line(block)
