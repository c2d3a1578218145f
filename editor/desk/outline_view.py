"""View ▸ Outline: sections and scenes as a tree with page lengths, running page numbers and each
section's page budget (target pages, over or under shown).

Sections nest by ``#`` level, scenes sit under the section they follow. Collapse a branch to see
the shape of an act; drag a scene above or below another (or onto a section: to its end) to move
it in the text, with the same byte-exact engine as the index cards. Double-click a scene to go to
it, a section's Budget cell to set its target (kept as ``[[pages: N]]`` on the section line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.desk.desk_model import DeskModel
from editor.fountain.scenes import color_hex, eighths

KIND = Qt.ItemDataRole.UserRole + 1
INDEX = Qt.ItemDataRole.UserRole + 2
COL_TITLE, COL_PAGES, COL_PAGE, COL_BUDGET = range(4)


class _Tree(QTreeWidget):
    def __init__(self, view: OutlineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("outlineTree")
        self.setColumnCount(4)
        self.setHeaderLabels([view.tr("Outline"), view.tr("Length"), view.tr("Page"), view.tr("Budget")])
        header = self.header()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_PAGES, COL_PAGE, COL_BUDGET):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        where = self.dropIndicatorPosition()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source is None or source.data(0, KIND) != "scene":
            return
        self.view.drop(source.data(0, INDEX), target, where)


class OutlineView(QWidget):
    """The outline of the current script (``window.desk.outline``)."""

    def __init__(self, model: DeskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutlineView")
        self.model = model
        self.tree = _Tree(self)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        model.changed.connect(self.rebuild)
        self.rebuild()

    @Slot()
    def rebuild(self) -> None:
        plan = self.model.outline
        collapsed = {
            item.text(COL_TITLE) for item in self._all_items() if item.childCount() and not item.isExpanded()
        }
        self.tree.clear()
        if plan is None:
            return
        pages = self.model.pages
        parents: list[tuple[int, QTreeWidgetItem]] = []  # (level, item)
        rows: list[tuple[int, str, int]] = [(s.line, "section", i) for i, s in enumerate(plan.sections)]
        rows += [(s.line, "scene", i) for i, s in enumerate(plan.scenes)]
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for _line, kind, i in sorted(rows):
            item = QTreeWidgetItem()
            item.setData(0, KIND, kind)
            item.setData(0, INDEX, i)
            if kind == "section":
                section = plan.sections[i]
                while parents and parents[-1][0] >= section.level:
                    parents.pop()
                item.setText(COL_TITLE, section.title)
                for column in range(4):
                    item.setFont(column, bold)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                if pages is not None and section.scenes:
                    length = sum(pages[k][1] for k in section.scenes)
                    item.setText(COL_PAGES, eighths(length))
                    item.setText(COL_PAGE, str(pages[section.scenes[0]][0]))
                    if section.budget is not None:
                        self._budget(item, length, section.budget)
                elif section.budget is not None:
                    item.setText(COL_BUDGET, f"{section.budget:g}")
                (parents[-1][1].addChild(item) if parents else self.tree.addTopLevelItem(item))
                parents.append((section.level, item))
            else:
                scene = plan.scenes[i]
                item.setText(COL_TITLE, f"{scene.number}  {scene.heading}")
                if scene.synopsis:
                    item.setToolTip(COL_TITLE, scene.synopsis)
                item.setIcon(COL_TITLE, _swatch(color_hex(scene.color)))  # blank chip keeps rows aligned
                if pages is not None:
                    start, length = pages[i]
                    item.setText(COL_PAGES, eighths(length))
                    item.setText(COL_PAGE, str(start))
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                (parents[-1][1].addChild(item) if parents else self.tree.addTopLevelItem(item))
            for column in (COL_PAGES, COL_PAGE, COL_BUDGET):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.expandAll()
        for item in self._all_items():
            if item.text(COL_TITLE) in collapsed:
                item.setExpanded(False)

    def _budget(self, item: QTreeWidgetItem, length: float, budget: float) -> None:
        diff = length - budget
        if abs(diff) < 1 / 16:
            text, color = f"{budget:g}", None
        elif diff > 0:
            text, color = self.tr("{0} (+{1})").format(f"{budget:g}", eighths(diff)), "#d93025"
        else:
            text, color = self.tr("{0} (−{1})").format(f"{budget:g}", eighths(-diff)), "#188038"
        item.setText(COL_BUDGET, text)
        if color:
            item.setForeground(COL_BUDGET, QBrush(QColor(color)))
        item.setToolTip(
            COL_BUDGET,
            self.tr("Target {0} pages; the section runs {1}").format(f"{budget:g}", eighths(length)),
        )

    def _all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def drop(self, scene_index: int, target: QTreeWidgetItem | None, where) -> bool:
        plan = self.model.outline
        if plan is None:
            return False
        position = QAbstractItemView.DropIndicatorPosition
        if target is None:
            dest = plan.tail_start
        elif target.data(0, KIND) == "section":
            section = plan.sections[target.data(0, INDEX)]
            if where == position.AboveItem:
                dest = section.line
            elif section.scenes:  # onto or below a section: the end of its scenes
                dest = plan.scenes[section.scenes[-1]].end_line
            else:
                dest = next((b for b in plan.boundaries if b > section.line), plan.tail_start)
        else:
            scene = plan.scenes[target.data(0, INDEX)]
            dest = scene.line if where == position.AboveItem else scene.end_line
        return self.model.move_scene(scene_index, dest)

    @Slot(QTreeWidgetItem, int)
    def _on_double_click(self, item: QTreeWidgetItem, column: int) -> None:
        plan = self.model.outline
        if plan is None:
            return
        index = item.data(0, INDEX)
        if item.data(0, KIND) == "scene":
            self.model.go_to_line(plan.scenes[index].line)
            return
        section = plan.sections[index]
        if column != COL_BUDGET:
            self.model.go_to_line(section.line)
            return
        pages, ok = QInputDialog.getDouble(
            self, self.tr("Page Budget"), self.tr("Target pages for “{0}” (0: none):").format(section.title),
            section.budget or 0.0, 0.0, 500.0, 1,
        )  # fmt: skip
        if ok:
            self.model.set_budget(index, pages or None)


def _swatch(color: str | None):
    """A small rounded colour chip for a scene's Beat colour."""
    from PySide6.QtGui import QIcon, QPainter, QPixmap

    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color) if color else Qt.GlobalColor.transparent)
    painter.drawRoundedRect(1, 1, 10, 10, 3, 3)
    painter.end()
    return QIcon(pixmap)
