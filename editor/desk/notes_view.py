"""Notes as comments: ``[[notes]]`` shown as margin comments beside the page, a Notes dock to list,
filter and jump to them, and Add Note on the selection.

The margin is a strip of the desk to the right of the sheet (a child of the editor, outside the
viewport, so the page keeps its printed width): each note of a line on screen is drawn there as a
small card level with its line, pushed down when cards would overlap, with a hairline to the page
edge. Clicking a card selects the note in the text. When the window is too narrow for a margin the
notes are still green in the text and listed in the dock.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.desk.desk_model import DeskModel, replace_lines
from editor.fountain.notes import Note, extract_notes, with_note
from editor.page.script_editor import ScriptEditor

MARGIN_MIN = 120  # narrower than this, the margin shows nothing
CARD_GAP = 6


class NotesMargin(QWidget):
    """The comment strip to the right of one editor's page."""

    def __init__(self, editor: ScriptEditor) -> None:
        super().__init__(editor)
        self.setObjectName("notesMargin")
        self.editor = editor
        self.notes: list[Note] = []
        self._loaded = False
        self._dirty = False
        self._cards: list[tuple[QRectF, Note]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        document = editor.script_document
        document.structure_changed.connect(self._timer.start)
        editor.verticalScrollBar().valueChanged.connect(self.update)
        editor.horizontalScrollBar().valueChanged.connect(self.place)
        editor.installEventFilter(self)
        self.setMouseTracking(True)
        self.reload()
        self.place()

    def eventFilter(self, watched, event) -> bool:  # type: ignore[override]
        if event.type() in (event.Type.Resize, event.Type.Show, event.Type.LayoutRequest):
            QTimer.singleShot(0, self.place)
        return False

    @Slot()
    def place(self) -> None:
        """Fill the desk between the sheet's right edge and the scroll bar."""
        viewport = self.editor.viewport().geometry()
        bar = self.editor.verticalScrollBar()
        right = self.editor.width() - (bar.width() if bar.isVisible() else 0)
        left = viewport.right() + 1
        width = right - left - 8
        if width < MARGIN_MIN:
            self.hide()
            return
        self.setGeometry(left + 8, viewport.top(), width, viewport.height())
        self.show()
        if self._dirty:
            self.reload()
        self.raise_()
        self.update()

    @Slot()
    def reload(self) -> None:
        if not self.isVisible() and self.notes is not None and self._loaded:
            self._dirty = True  # no room for the margin: read the notes when it shows again
            return
        self._dirty = False
        self._loaded = True
        script = self.editor.script_document.snapshot_if_ready()
        if script is None:
            return
        self.notes = extract_notes(script)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._cards = []
        if not self.notes:
            return
        editor = self.editor
        doc = editor.document()
        offset = editor.contentOffset()
        top, bottom = -40.0, float(self.height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = editor.colors.page != "" and QColor(editor.colors.page).lightness() < 110
        fill = QColor("#3d3a24" if dark else "#fff6bf")
        edge = QColor("#8d8450" if dark else "#e0cf6a")
        ink = QColor("#f1ead0" if dark else "#3b3419")
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() * 0.92))
        painter.setFont(font)
        fm = QFontMetrics(font)
        width = self.width() - 4
        next_free = top
        first_line = max(0, editor.firstVisibleBlock().blockNumber() - 3)
        start = bisect.bisect_left([n.end_line for n in self.notes], first_line)
        for note in self.notes[start:]:
            block = doc.findBlockByNumber(note.line)
            if not block.isValid():
                continue
            line_y = editor.blockBoundingGeometry(block).translated(offset).top()
            if line_y > bottom:
                break
            if line_y < top - 200:
                continue
            text = note.text or "…"
            lines = _wrap(text, fm, int(width - 16), 4)
            height = len(lines) * fm.lineSpacing() + 10
            y = max(line_y, next_free)
            rect = QRectF(2, y, width - 2, height)
            painter.setPen(QPen(edge, 1))
            painter.drawLine(QPoint(0, int(line_y + fm.height() / 2)), QPoint(2, int(y + fm.height() / 2)))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 5, 5)
            painter.setPen(ink)
            painter.drawText(rect.adjusted(8, 5, -8, -5), Qt.AlignmentFlag.AlignLeft, "\n".join(lines))
            self._cards.append((rect, note))
            next_free = rect.bottom() + CARD_GAP
        painter.end()

    def note_at(self, pos: QPoint) -> Note | None:
        for rect, note in self._cards:
            if rect.contains(pos.toPointF() if hasattr(pos, "toPointF") else pos):
                return note
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        note = self.note_at(event.position().toPoint())
        if note is not None:
            select_note(self.editor, note)

    def sizeHint(self) -> QSize:
        return QSize(220, 100)


def _wrap(text: str, fm: QFontMetrics, width: int, most: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == most:
            out[-1] = fm.elidedText(out[-1] + " …", Qt.TextElideMode.ElideRight, width)
            return out
    if current:
        out.append(current)
    return out


def select_note(editor: ScriptEditor, note: Note) -> None:
    """Select ``[[...]]`` of ``note`` in the editor and bring it into view."""
    doc = editor.document()
    start = doc.findBlockByNumber(note.line).position() + note.column
    end = doc.findBlockByNumber(note.end_line).position() + note.end_column
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()
    editor.setFocus()


class NotesView(QWidget):
    """The Notes dock: every note of the current script, filterable; double-click jumps to it."""

    def __init__(self, model: DeskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotesView")
        self.model = model
        self.notes: list[Note] = []
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter notes"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget(self)
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._jump)
        self.list.itemDoubleClicked.connect(self._jump)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        model.changed.connect(self.rebuild)
        self.rebuild()

    @Slot()
    def rebuild(self) -> None:
        script = self.model.script
        self.notes = extract_notes(script) if script is not None else []
        self.list.clear()
        for index, note in enumerate(self.notes):
            where = (
                self.tr("Scene {0}").format(note.scene) if note.scene else self.tr("Before the first scene")
            )
            item = QListWidgetItem(f"{note.text}\n{where} · {self.tr('line {0}').format(note.line + 1)}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(note.text)
            self.list.addItem(item)
        self._apply_filter(self.filter.text())

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    @Slot(QListWidgetItem)
    def _jump(self, item: QListWidgetItem) -> None:
        tab = self.model.window.current_tab()
        if tab is not None:
            select_note(tab.editor, self.notes[item.data(Qt.ItemDataRole.UserRole)])


def add_note(editor: ScriptEditor, text: str) -> None:
    """Insert ``[[text]]`` right after the selection (or at the cursor): one undo step."""
    cursor = editor.textCursor()
    position = max(cursor.position(), cursor.anchor())
    block = editor.document().findBlock(position)
    line = block.blockNumber()
    column = position - block.position()
    replace_lines(editor.script_document, line, line + 1, [with_note(block.text(), column, text)])


def ask_add_note(editor: ScriptEditor) -> None:
    text, ok = QInputDialog.getMultiLineText(editor, editor.tr("Add Note"), editor.tr("Note:"))
    if ok and text.strip():
        add_note(editor, text)
