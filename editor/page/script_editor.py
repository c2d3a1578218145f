"""The script editor widget: a QPlainTextEdit showing one ``ScriptDocument`` as a screenplay page.

It paints the paper (a page-wide column centred on a desk), lets ``PageLayout`` place each element at
its printed indent, and routes keys through, in order: extension hooks (ghost text, later), the
SmartType popup, smart element typing, then Qt's default handling.

Extension points for features added on top (AI ghost text):
- ``key_handlers``: callables ``(QKeyEvent) -> bool`` consulted first in ``keyPressEvent``; one
  returning True consumes the key. Ghost text takes only gestures that mean nothing else here
  (Alt+Enter, Ctrl+→, Esc, Alt+] / Alt+[ / Alt+\\ while it shows); element and movement keys always
  reach the editor, so AI never changes what a key does (``editor.page.keymap`` lists them all).
- ``paint_hooks``: callables ``(QPainter, QPaintEvent) -> None`` run after the text is painted, in
  viewport coordinates (``cursorRect()`` gives where to draw).
- ``menu_hooks``: callables ``(QMenu, QPoint) -> None`` that add to the context menu before it shows
  (spelling suggestions); ``context_menu(pos)`` builds the menu with them for any caller.
- ``cursor_context_changed(line, column, line_type)`` and ``document.revision`` to drop stale work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from editor.config.resources import script_font
from editor.config.theme import Colors
from editor.fountain.model import LineType
from editor.fountain.page_geometry import LETTER, PageGeometry
from editor.page.completion_popup import Completer
from editor.page.document import ScriptDocument
from editor.page.element_keys import SmartTyping
from editor.page.typing_undo import TypingUndo

log = logging.getLogger(__name__)

KeyHandler = Callable[[QKeyEvent], bool]
PaintHook = Callable[[QPainter, QPaintEvent], None]
#: Called with the context menu (standard actions already in it) and the click position, before it
#: shows; a hook may insert its own actions (spelling suggestions go on top).
MenuHook = Callable[[QMenu, QPoint], None]

BASE_POINT_SIZE = 12.0
ZOOM_STEPS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
# The paper, in character cells of the 12 pt Courier grid (editor.fountain.page_geometry).
LEFT_CELLS = LETTER.left_cells
RIGHT_CELLS = LETTER.right_in * LETTER.cpi
PAGE_CELLS = LETTER.width_cells
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
# Lines kept between the cursor line and the view's bottom edge, so a new line or ghost text rows
# under the cursor are never half off screen (typewriter mode centres instead).
MARGIN_LINES = 2


_GHOST_GESTURE_KEYS = (
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_BracketRight,
    Qt.Key.Key_BracketLeft,
    Qt.Key.Key_Backslash,
)


def _is_ghost_gesture(event: QKeyEvent) -> bool:
    """Alt+Enter, Alt+], Alt+[ and Alt+\\: ghost text's keys, which mean nothing else on the page,
    so with AI off (or nothing to accept) they do nothing rather than type a character."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return mods == Qt.KeyboardModifier.AltModifier and event.key() in _GHOST_GESTURE_KEYS


class ScriptEditor(QPlainTextEdit):
    """Edits one script. Owns no file logic: that is ``ScriptDocument``'s and the main window's."""

    cursor_context_changed = Signal(int, int, object)  # line, column, LineType
    zoom_changed = Signal(int)

    def __init__(self, document: ScriptDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScriptEditor")
        self.key_handlers: list[KeyHandler] = []
        self.paint_hooks: list[PaintHook] = []
        self.menu_hooks: list[MenuHook] = []
        self.script_document = document
        if document.parent() is None:
            # The editor owns its document: they live and die together, in Qt's order (the widget
            # lets go of the QTextDocument before the document is destroyed).
            document.setParent(self)
        self.colors: Colors = document.highlighter.colors
        self._zoom = 100
        self._focus_mode = False
        self._typewriter = False
        self._page_view = True
        self._last_context: tuple[int, int, LineType] | None = None
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setCursorWidth(2)
        self.setTabChangesFocus(False)
        self.setFont(script_font(BASE_POINT_SIZE))
        self.setDocument(document.qdoc)
        self.typing_undo = TypingUndo(document.qdoc)
        self.smart = SmartTyping(self)
        self.completer = Completer(self)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self._widening = False
        self.verticalScrollBar().rangeChanged.connect(self._room_below_last_line)
        document.layout.set_page_view(True)
        self.apply_colors(self.colors)
        self._update_geometry()

    # -- appearance ----------------------------------------------------------------------------
    def apply_colors(self, colors: Colors) -> None:
        self.colors = colors
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, QColor(colors.page))
        pal.setColor(QPalette.ColorRole.Window, QColor(colors.desk))
        pal.setColor(QPalette.ColorRole.Text, QColor(colors.text))
        pal.setColor(QPalette.ColorRole.Highlight, QColor(colors.selection))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor(colors.text))
        self.setPalette(pal)
        # The viewport keeps the palette it resolved when the application's style sheet changes (a
        # theme switch): without its own copy the paper stayed in the old colour under the new text.
        self.viewport().setPalette(pal)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        self.viewport().setAutoFillBackground(True)
        self.script_document.highlighter.set_colors(colors)
        self.completer.apply_colors(colors)
        self.viewport().update()

    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        percent = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent)))
        if percent == self._zoom:
            return
        self._zoom = percent
        self.setFont(script_font(BASE_POINT_SIZE * percent / 100.0))
        self.script_document.layout.update_metrics()
        self._update_geometry()
        self.ensureCursorVisible()
        self.zoom_changed.emit(percent)

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self._zoom]
        if bigger:
            self.set_zoom(bigger[0])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._zoom]
        if smaller:
            self.set_zoom(smaller[-1])

    def page_view(self) -> bool:
        return self._page_view

    def set_page_view(self, on: bool) -> None:
        self._page_view = on
        self.script_document.layout.set_page_view(on)
        self._update_geometry()

    def focus_mode(self) -> bool:
        return self._focus_mode

    def set_focus_mode(self, on: bool) -> None:
        """Dim everything but the paragraph being written."""
        self._focus_mode = on
        self.viewport().update()

    def typewriter_mode(self) -> bool:
        return self._typewriter

    def set_typewriter_mode(self, on: bool) -> None:
        """Keep the line being written at the vertical centre of the window."""
        self._typewriter = on
        self.setCenterOnScroll(on)
        if on:
            self.centerCursor()

    def char_width(self) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance("M")

    def _update_geometry(self) -> None:
        """Centre the sheet of paper on the desk; a window narrower than the sheet scrolls sideways.

        The page keeps its printed width whatever the window (docs/ARCHITECTURE.md, "Page geometry"): the
        layout places every line by the print geometry and never looks at the viewport's width in page view.
        """
        cw = self.char_width()
        bar = self.verticalScrollBar()
        width = self.width() - (bar.sizeHint().width() if bar.isVisible() else 0)
        layout = self.script_document.layout
        if self._page_view:
            paper = layout.paper()
            page = int(layout.page_width())
            side = max(0, (width - page) // 2)
            viewport_width = min(page, width)
            self.setViewportMargins(side, 0, max(0, width - side - viewport_width), 0)
            layout.set_left_padding(paper.left_cells * cw)
            layout.set_available_width(paper.action_width * cw)
            if viewport_width < page:
                self._show_text_column()
        else:
            side = int(2 * cw)
            viewport_width = max(0, width - 2 * side)
            self.setViewportMargins(side, 0, max(0, width - side - viewport_width), 0)
            layout.set_left_padding(cw)
            layout.set_available_width(viewport_width - 2 * cw)
        self.viewport().update()

    def _show_text_column(self) -> None:
        """On a sheet wider than the window, scroll the blank left margin away first: the writer
        sees the text column, and the caret's own horizontal scrolling does the rest."""
        bar = self.horizontalScrollBar()
        if bar.value() == 0 and bar.maximum() > 0:
            margin = int(self.script_document.layout.paper().left_cells * self.char_width())
            cursor_x = self.cursorRect().left() + bar.value()
            target = min(bar.maximum(), max(0, margin - int(2 * self.char_width())))
            if cursor_x >= target:
                bar.setValue(target)

    def set_paper(self, geometry: PageGeometry) -> None:
        """Show the page as ``geometry`` prints it (US Letter or A4)."""
        self.script_document.layout.set_paper(geometry)
        self._update_geometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.script_document.layout.forget_geometry()
        self._update_geometry()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.script_document.layout.forget_geometry()

    def sizeHint(self) -> QSize:
        return QSize(int(PAGE_CELLS * self.char_width()) + 80, 800)

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            if self._focus_mode:
                self._dim_outside_current(painter)
            for hook in list(self.paint_hooks):
                try:
                    hook(painter, event)
                except Exception:  # a broken extension must not break typing
                    log.exception("paint hook failed")
            # The page edges: a hairline each side so the paper reads as paper on the desk.
            painter.setPen(QColor(self.colors.page_border))
            rect = self.viewport().rect()
            left = rect.left()
            right = rect.right()
            if self._page_view:
                left = int(self.contentOffset().x())
                right = min(right, left + int(self.script_document.layout.page_width()) - 1)
            painter.drawLine(left, rect.top(), left, rect.bottom())
            painter.drawLine(right, rect.top(), right, rect.bottom())
        finally:
            painter.end()

    def _dim_outside_current(self, painter: QPainter) -> None:
        block = self.textCursor().block()
        # The whole element (paragraph or speech) stays bright: extend over non-blank neighbours.
        first = block
        while first.previous().isValid() and first.previous().text().strip():
            first = first.previous()
        last = block
        while last.next().isValid() and last.next().text().strip():
            last = last.next()
        offset = self.contentOffset()
        top = int(self.blockBoundingGeometry(first).translated(offset).top())
        bottom = int(self.blockBoundingGeometry(last).translated(offset).bottom())
        veil = QColor(self.colors.page)
        veil.setAlphaF(0.72)
        rect = self.viewport().rect()
        painter.fillRect(QRect(rect.left(), rect.top(), rect.width(), max(0, top - rect.top())), veil)
        painter.fillRect(QRect(rect.left(), bottom, rect.width(), max(0, rect.bottom() - bottom + 1)), veil)

    # -- keys ----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        typing = bool(text) and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS
        self._dispatch_key(event, typing)
        if typing:
            self.typing_undo.typed(self.textCursor(), text)
        self.keep_bottom_margin()

    def _line_height(self) -> float:
        return QFontMetricsF(self.font()).lineSpacing()

    @Slot(int, int)
    def _room_below_last_line(self, low: int, high: int) -> None:
        """Let the view scroll ``MARGIN_LINES`` past the end (Qt stops with the last line on the
        bottom edge), so writing at the end of the script keeps its margin too."""
        if self._widening or self._typewriter:
            return
        if high == 0:  # only a short script needs the geometry (a long one has a scroll bar anyway)
            last = self.document().lastBlock()
            bottom = self.blockBoundingGeometry(last).translated(self.contentOffset()).bottom()
            if bottom + MARGIN_LINES * self._line_height() <= self.viewport().height():
                return  # a short script: no scroll bar for it
        self._widening = True
        try:
            self.verticalScrollBar().setRange(low, high + MARGIN_LINES)
        finally:
            self._widening = False

    def keep_bottom_margin(self) -> None:
        """Scroll just enough that ``MARGIN_LINES`` lines show under the cursor line."""
        if self._typewriter:
            return
        bar = self.verticalScrollBar()
        line = self._line_height()
        for _ in range(4):  # a wrapped or spaced line may need a second step
            overflow = self.cursorRect().bottom() + MARGIN_LINES * line - self.viewport().height()
            if overflow <= 0 or bar.value() >= bar.maximum():
                return
            bar.setValue(bar.value() + max(1, int(overflow // line) + (overflow % line > 0)))

    def insert_typed(self, text: str) -> None:
        """Insert what the writer typed, beginning a new undo step where ``TypingUndo`` says one starts.

        Only the first character of a step goes in inside an edit block: a block around the whole
        key press would hold back the document's change signals (and the parse) until it ends.
        """
        cursor = self.textCursor()
        if self.typing_undo.starts_step(cursor, text):
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
        else:
            cursor.insertText(text)
        self.setTextCursor(cursor)

    def _dispatch_key(self, event: QKeyEvent, typing: bool) -> None:
        for handler in list(self.key_handlers):
            try:
                if handler(event):
                    event.accept()
                    return
            except Exception:
                log.exception("key handler failed")
        if self.completer.handle_key(event):
            return
        if _is_ghost_gesture(event):
            event.accept()  # a ghost key with no ghost (or AI off): never a stray newline or "]"
            return
        if self.smart.handle_key(event):
            self.ensureCursorVisible()
            self.completer.refresh()
            return
        if (
            typing
            and not self.overwriteMode()
            and not self.isReadOnly()
            and self.typing_undo.starts_step(self.textCursor(), event.text())
        ):
            self.insert_typed(event.text())
            self.ensureCursorVisible()
        else:
            super().keyPressEvent(event)
        if event.text() and event.text().isprintable():
            self.smart.after_text_typed(event.text())
            self.completer.refresh()
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.completer.refresh()

    def context_menu(self, pos: QPoint) -> QMenu:
        """The standard context menu at ``pos`` (viewport coordinates) with every menu hook applied.

        Whoever shows a context menu for this editor (the default handler, or the AI layer's own)
        builds it here, so features added by others (spelling) appear in it too.
        """
        menu = self.createStandardContextMenu(pos)
        for hook in list(self.menu_hooks):
            try:
                hook(menu, pos)
            except Exception:  # a broken feature must not take the whole menu away
                log.exception("context menu hook failed")
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def insertFromMimeData(self, source) -> None:
        """Paste plain text only, line endings normalised (a Windows clipboard brings CRLF)."""
        if source.hasText():
            text = source.text().replace("\r\n", "\n").replace("\r", "\n")
            cursor = self.textCursor()
            # An edit block of its own: a plain insertion would merge into the word typed before it.
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            return
        super().insertFromMimeData(source)

    # -- cursor context ------------------------------------------------------------------------
    def current_line(self) -> int:
        return self.textCursor().blockNumber()

    def element_at_cursor(self) -> LineType:
        """What the writer is writing: a pending smart-typing intent, else the parsed type."""
        intent = self.smart.intent()
        if intent is not None:
            return intent
        return self.script_document.line_type(self.current_line())

    @Slot()
    def _on_cursor_moved(self) -> None:
        self.smart.cursor_moved()
        if self._typewriter:
            self.centerCursor()
        if self._focus_mode:
            self.viewport().update()
        if self.completer.is_visible() and self.textCursor().blockNumber() != self._last_context_line():
            self.completer.hide()
        self.refresh_context()

    def _last_context_line(self) -> int:
        return self._last_context[0] if self._last_context else -1

    def refresh_context(self) -> None:
        """Emit ``cursor_context_changed`` if the line, column or element at the cursor changed."""
        cursor = self.textCursor()
        context = (cursor.blockNumber(), cursor.positionInBlock(), self.element_at_cursor())
        if context != self._last_context:
            self._last_context = context
            self.cursor_context_changed.emit(*context)

    def go_to_line(self, line: int, *, center: bool = True) -> None:
        block = self.document().findBlockByNumber(max(0, min(line, self.document().blockCount() - 1)))
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        if center:
            self.centerCursor()
        self.setFocus()
