"""View ▸ Index Cards: every scene as a card on a corkboard, grouped under its ``#`` sections.

A card shows the scene number, heading, its ``=`` synopsis (or, in grey italics, the AI summary
the navigator has for it), its length in eighths of a page and its Beat colour as a band along the
top. Section lines appear as headers in the flow. Drag a card between two others to move the whole
scene in the text (one undo step, every byte kept, see ``editor.fountain.scenes``); double-click to
write the synopsis; right-click for the colour, Go to Scene and Edit Synopsis….
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QDropEvent, QFont, QFontMetrics, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor.desk.desk_model import DeskModel
from editor.fountain.scenes import MENU_COLORS, color_hex, eighths

CARD = QSize(236, 150)
SECTION = QSize(236, 150)
KIND = Qt.ItemDataRole.UserRole + 1  # "scene" | "section"
INDEX = Qt.ItemDataRole.UserRole + 2  # scene or section index in the outline


class _CardDelegate(QStyledItemDelegate):
    """Paints a card: colour band, number and heading, synopsis, length; or a section header."""

    def __init__(self, view: IndexCardsView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return CARD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(6, 6, -6, -6)
        dark = self.view.palette().color(self.view.backgroundRole()).lightness() < 110
        kind = index.data(KIND)
        if kind == "section":
            self._paint_section(painter, rect, index, dark)
        else:
            self._paint_card(painter, rect, option, index, dark)
        painter.restore()

    def _paint_section(self, painter: QPainter, rect: QRectF, index: QModelIndex, dark: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#3b3f46" if dark else "#dfe3ea"))
        painter.drawRoundedRect(rect, 8, 8)
        font = QFont(self.view.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#e8eaed" if dark else "#2b2f36"))
        level = index.data(Qt.ItemDataRole.UserRole + 3) or 1
        text_rect = rect.adjusted(14, 12, -14, -12)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            ("#" * level) + " " + index.data(Qt.ItemDataRole.DisplayRole),
        )  # fmt: skip
        detail = index.data(Qt.ItemDataRole.ToolTipRole) or ""
        small = QFont(self.view.font())
        painter.setFont(small)
        painter.setPen(QColor("#a0a6b0" if dark else "#5f6670"))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, detail)

    def _paint_card(
        self, painter: QPainter, rect: QRectF, option: QStyleOptionViewItem, index: QModelIndex, dark: bool
    ) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        paper = QColor("#2a2d31" if dark else "#fffef8")
        ink = QColor("#e8eaed" if dark else "#1f2328")
        faint = QColor("#9aa0a6" if dark else "#6b7280")
        # A soft shadow, the card, and its colour band.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 60 if dark else 28))
        painter.drawRoundedRect(rect.translated(0, 2), 6, 6)
        painter.setBrush(paper)
        border = QColor("#4c8bf5") if selected else QColor("#44484f" if dark else "#d6d3c8")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.drawRoundedRect(rect, 6, 6)
        color = color_hex(index.data(Qt.ItemDataRole.UserRole + 4))
        band = QRectF(rect.left() + 1, rect.top() + 1, rect.width() - 2, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        if color:
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(band, 4, 4)
            painter.drawRect(band.adjusted(0, 4, 0, 0))
        else:
            painter.setBrush(QColor("#3a3e45" if dark else "#ece9df"))
            painter.drawRect(band.adjusted(0, 7, 0, 0))
        inner = rect.adjusted(12, 16, -12, -10)
        base = QFont(self.view.font())
        bold = QFont(base)
        bold.setBold(True)
        number = index.data(Qt.ItemDataRole.UserRole + 5) or ""
        heading = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.setFont(bold)
        painter.setPen(faint)
        number_width = QFontMetrics(bold).horizontalAdvance(number + "  ")
        painter.drawText(QRectF(inner.left(), inner.top(), number_width, 20), number)
        painter.setPen(ink)
        metrics = QFontMetrics(bold)
        head_rect = QRectF(inner.left() + number_width, inner.top(), inner.width() - number_width, 36)
        painter.drawText(
            head_rect, Qt.TextFlag.TextWordWrap,
            metrics.elidedText(heading, Qt.TextElideMode.ElideRight, int(head_rect.width() * 2 - 8)),
        )  # fmt: skip
        synopsis = index.data(Qt.ItemDataRole.UserRole + 6) or ""
        summary = index.data(Qt.ItemDataRole.UserRole + 7) or ""
        body = QRectF(inner.left(), inner.top() + 40, inner.width(), inner.height() - 60)
        text_font = QFont(base)
        if synopsis:
            painter.setPen(ink)
            text = synopsis
        elif summary:
            text_font.setItalic(True)
            painter.setPen(faint)
            text = summary
        else:
            text_font.setItalic(True)
            painter.setPen(faint)
            text = self.view.tr("Double-click to write a synopsis")
        painter.setFont(text_font)
        # Wrapped here, with the metrics of the device painted on, and drawn without Qt's own
        # wrapping: measured with other metrics, a line that "fitted" wrapped again when drawn
        # and pushed a fourth line into the footer ("... Pauline and Kate: Kate / washes, ...").
        fm = QFontMetricsF(text_font, painter.device())
        lines = max(1, int(body.height() // fm.lineSpacing()))
        painter.drawText(body, Qt.AlignmentFlag.AlignLeft, _elide_lines(text, fm, body.width() - 2, lines))
        painter.setFont(base)
        painter.setPen(faint)
        footer = QRectF(inner.left(), inner.bottom() - 16, inner.width(), 16)
        painter.drawText(footer, Qt.AlignmentFlag.AlignRight, index.data(Qt.ItemDataRole.UserRole + 8) or "")
        characters = index.data(Qt.ItemDataRole.UserRole + 9) or ""
        painter.drawText(
            footer.adjusted(0, 0, -70, 0), Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(characters, Qt.TextElideMode.ElideRight, int(footer.width() - 70)),
        )  # fmt: skip


def _elide_lines(text: str, fm: QFontMetricsF, width: float, lines: int) -> str:
    """``text`` cut to ``lines`` wrapped lines with an ellipsis (Qt elides one line only)."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            break
    if len(out) < lines and current:
        out.append(current)
        current = ""
    if len(out) == lines and (current or len(" ".join(out).split()) < len(words)):
        out[-1] = fm.elidedText(out[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return "\n".join(out)


class _Board(QListWidget):
    """The corkboard: a wrapping flow of cards whose drops become scene moves, never item moves."""

    dropped = Signal(int, int)  # (scene index, index of the item it was dropped before; -1: the end)
    nudged = Signal(int, int)  # (scene index, -1 earlier | +1 later): Alt+Left / Alt+Right

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexCardsBoard")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setUniformItemSizes(True)
        self.setGridSize(CARD + QSize(4, 4))
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentItem()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source is None or source.data(KIND) != "scene":
            return
        pos = event.position().toPoint()
        self.dropped.emit(source.data(INDEX), self.drop_row(pos))

    def keyPressEvent(self, event) -> None:  # type: ignore[override]
        """Alt+Left / Alt+Right move the selected scene one place, for writers who do not drag."""
        item = self.currentItem()
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and item is not None and item.data(KIND) == "scene":
            if event.key() == Qt.Key.Key_Left:
                self.nudged.emit(item.data(INDEX), -1)
                return
            if event.key() == Qt.Key.Key_Right:
                self.nudged.emit(item.data(INDEX), 1)
                return
        super().keyPressEvent(event)

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` goes before: the card under it, or the next one when the drop
        is on the right half of a card; -1 after the last."""
        item = self.itemAt(pos)
        if item is None:
            return -1
        row = self.row(item)
        rect = self.visualItemRect(item)
        if pos.x() > rect.center().x():
            row += 1
        return row if row < self.count() else -1


class IndexCardsView(QWidget):
    """The index cards of the current script (``window.desk.cards``)."""

    def __init__(self, model: DeskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IndexCardsView")
        self.model = model
        self.board = _Board(self)
        self.board.setItemDelegate(_CardDelegate(self))
        self.board.dropped.connect(self._on_dropped)
        self.board.nudged.connect(self.nudge)
        self.board.itemDoubleClicked.connect(self._on_double_click)
        self.board.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.board.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board)
        model.changed.connect(self.rebuild)
        self.rebuild()

    # -- contents --------------------------------------------------------------------------------------
    @Slot()
    def rebuild(self) -> None:
        plan = self.model.outline
        keep = self.board.currentItem().data(INDEX) if self.board.currentItem() else None
        self.board.clear()
        if plan is None:
            return
        pages = self.model.pages
        by_line: list[tuple[int, str, int]] = [(s.line, "section", i) for i, s in enumerate(plan.sections)]
        by_line += [(s.line, "scene", i) for i, s in enumerate(plan.scenes)]
        script = self.model.script
        present = {s.line: s.characters for s in script.scenes} if script is not None else {}
        for _line, kind, i in sorted(by_line):
            item = QListWidgetItem()
            item.setData(KIND, kind)
            item.setData(INDEX, i)
            item.setSizeHint(CARD)
            if kind == "section":
                section = plan.sections[i]
                item.setText(section.title)
                item.setData(Qt.ItemDataRole.UserRole + 3, section.level)
                count = len(section.scenes)
                detail = self.tr("1 scene") if count == 1 else self.tr("{0} scenes").format(count)
                if pages is not None and section.scenes:
                    length = sum(pages[k][1] for k in section.scenes)
                    detail += " · " + self.tr("{0} pages").format(eighths(length))
                    if section.budget is not None:
                        detail += " " + self.tr("of {0}").format(f"{section.budget:g}")
                item.setToolTip(detail)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            else:
                scene = plan.scenes[i]
                item.setText(scene.heading)
                item.setData(Qt.ItemDataRole.UserRole + 4, scene.color)
                item.setData(Qt.ItemDataRole.UserRole + 5, scene.number)
                item.setData(Qt.ItemDataRole.UserRole + 6, scene.synopsis or "")
                if not scene.synopsis:
                    item.setData(Qt.ItemDataRole.UserRole + 7, self.model.summary_for(i) or "")
                if pages is not None:
                    start, length = pages[i]
                    item.setData(
                        Qt.ItemDataRole.UserRole + 8, self.tr("p. {0} · {1}").format(start, eighths(length))
                    )
                item.setData(
                    Qt.ItemDataRole.UserRole + 9,
                    ", ".join(name.title() for name in present.get(scene.line, [])),
                )
                item.setToolTip(scene.heading + (f"\n{scene.synopsis}" if scene.synopsis else ""))
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                    | Qt.ItemFlag.ItemIsDropEnabled
                )  # fmt: skip
            self.board.addItem(item)
            if kind == "scene" and i == keep:
                self.board.setCurrentItem(item)

    def scene_items(self) -> list[QListWidgetItem]:
        return [
            self.board.item(r) for r in range(self.board.count()) if self.board.item(r).data(KIND) == "scene"
        ]

    # -- actions ---------------------------------------------------------------------------------------
    @Slot(int, int)
    def _on_dropped(self, scene_index: int, row: int) -> None:
        self.drop_scene(scene_index, row)

    def drop_scene(self, scene_index: int, row: int) -> bool:
        """Move scene ``scene_index`` to where row ``row`` of the board is (-1: the end)."""
        plan = self.model.outline
        if plan is None:
            return False
        if row < 0 or row >= self.board.count():
            dest = plan.tail_start
        else:
            item = self.board.item(row)
            target = item.data(INDEX)
            blocks = plan.sections if item.data(KIND) == "section" else plan.scenes
            dest = blocks[target].line
        moved = self.model.move_scene(scene_index, dest)
        if moved:
            for item in self.scene_items():
                heading = plan.scenes[scene_index].heading
                if item.text() == heading:
                    self.board.setCurrentItem(item)
                    break
        return moved

    @Slot(int, int)
    def nudge(self, scene_index: int, step: int) -> bool:
        """Move a scene one place earlier (-1) or later (+1) among all scenes."""
        plan = self.model.outline
        if plan is None:
            return False
        target = scene_index + step
        if not 0 <= target < len(plan.scenes):
            return False
        heading = plan.scenes[scene_index].heading
        dest = plan.scenes[target].line if step < 0 else plan.scenes[target].end_line
        moved = self.model.move_scene(scene_index, dest)
        if moved:
            for item in self.scene_items():
                if item.data(INDEX) == target and item.text() == heading:
                    self.board.setCurrentItem(item)
        return moved

    @Slot(QListWidgetItem)
    def _on_double_click(self, item: QListWidgetItem) -> None:
        if item.data(KIND) == "scene":
            self.edit_synopsis(item.data(INDEX))
        else:
            self.model.go_to_line(self.model.outline.sections[item.data(INDEX)].line)  # type: ignore[union-attr]

    def edit_synopsis(self, index: int) -> None:
        scene = self.model.outline.scenes[index]  # type: ignore[union-attr]
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Synopsis"), self.tr("Scene {0}: {1}").format(scene.number, scene.heading),
            scene.synopsis or "",
        )  # fmt: skip
        if ok:
            self.model.set_synopsis(index, text)

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        item = self.board.itemAt(pos)
        if item is None or item.data(KIND) != "scene":
            return
        index = item.data(INDEX)
        menu = QMenu(self)
        go = menu.addAction(self.tr("Go to Scene"))
        go.triggered.connect(lambda: self.model.go_to_line(self.model.outline.scenes[index].line))  # type: ignore[union-attr]
        edit = menu.addAction(self.tr("Edit Synopsis…"))
        edit.triggered.connect(lambda: self.edit_synopsis(index))
        colors = menu.addMenu(self.tr("Colour"))
        for name in MENU_COLORS:
            action = colors.addAction(_swatch(name), name.title())
            action.triggered.connect(lambda _=False, c=name: self.model.set_color(index, c))
        colors.addSeparator()
        none = colors.addAction(self.tr("None"))
        none.triggered.connect(lambda: self.model.set_color(index, None))
        menu.exec(self.board.viewport().mapToGlobal(pos))
        menu.deleteLater()


def _swatch(name: str):
    from PySide6.QtGui import QIcon, QPixmap

    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color_hex(name) or "#808080"))
    return QIcon(pixmap)
