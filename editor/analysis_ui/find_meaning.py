"""Edit ▸ Find by Meaning…: ranked scenes and speeches for a description, matching lines highlighted.

The dialog is modeless, like Find. Typing does nothing until Enter (a query costs ~10-30 ms of model
time, but a description is written whole, not searched per letter). Choosing a result moves the
cursor there and highlights the lines that matched (the speech, or the best lines of a scene) with
the editor's extra selections, so the writer sees why it was found.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.analysis.search import Hit

_HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class FindByMeaningDialog(QDialog):
    """Query box, status line and a tree of results (Scenes, Speeches)."""

    query_entered = Signal(str)
    hit_chosen = Signal(object)  # Hit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindByMeaningDialog")
        self.setWindowTitle(self.tr("Find by Meaning"))
        self.resize(560, 520)
        self.query = QLineEdit(self)
        self.query.setObjectName("meaningQuery")
        self.query.setPlaceholderText(self.tr("Describe a moment, e.g. “where does she lie to her mother?”"))
        self.query.setClearButtonEnabled(True)
        self.all_scripts = QCheckBox(self.tr("All open scripts"), self)
        self.all_scripts.setObjectName("meaningAllScripts")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.results = QTreeWidget(self)
        self.results.setObjectName("meaningResults")
        self.results.setHeaderLabels([self.tr("Match"), self.tr("Score")])
        self.results.setRootIsDecorated(True)
        self.results.setColumnWidth(0, 440)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.all_scripts)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.query.returnPressed.connect(self._submit)
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)

    def _submit(self) -> None:
        text = self.query.text().strip()
        if text:
            self.status.setText(self.tr("Searching…"))
            self.query_entered.emit(text)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_hits(self, hits: list[Hit], heading: str = "", names: dict[str, str] | None = None) -> None:
        """``names``: document key -> script name, shown before each hit when several are searched."""
        self.results.clear()
        groups = {
            "scene": QTreeWidgetItem(self.results, [self.tr("Scenes")]),
            "speech": QTreeWidgetItem(self.results, [self.tr("Speeches")]),
        }
        for hit in hits:
            snippet = hit.text if len(hit.text) <= 90 else hit.text[:89] + "…"
            label = hit.title if hit.kind == "scene" else snippet
            if names and hit.path in names:
                label = f"{names[hit.path]} — {label}"
            item = QTreeWidgetItem(groups[hit.kind], [label, f"{hit.score:.2f}"])
            detail = f"{hit.title}\n{hit.text}" if hit.kind == "scene" else hit.title
            item.setToolTip(0, detail)
            item.setData(0, _HIT_ROLE, hit)
        for kind, group in groups.items():
            group.setExpanded(True)
            if group.childCount() == 0:
                self.results.takeTopLevelItem(self.results.indexOfTopLevelItem(group))
            else:
                group.setText(1, str(group.childCount()) if kind else "")
        self.status.setText(heading or (self.tr("No matches.") if not hits else ""))

    def hit_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            out += [group.child(j) for j in range(group.childCount())]
        return out

    @Slot(QTreeWidgetItem, int)
    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, _HIT_ROLE)
        if hit is not None:
            self.hit_chosen.emit(hit)


def highlight_lines(editor: QPlainTextEdit, spans: list[tuple[int, int]], color: QColor) -> None:
    """Mark whole source lines (first, last inclusive) with a background, as Find marks matches."""
    document = editor.document()
    selections = []
    for first, last in spans:
        start = document.findBlockByNumber(first)
        end = document.findBlockByNumber(last)
        if not start.isValid() or not end.isValid():
            continue
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(start)
        cursor.setPosition(end.position() + max(0, end.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format.setBackground(color)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selections.append(selection)
    editor.setExtraSelections(selections)
