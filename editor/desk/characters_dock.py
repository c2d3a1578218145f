"""The Characters dock: every speaking character with speeches, words, scenes, first appearance and
the action line that introduces them; Rename… (cues, extensions kept; optionally every mention in
action and dialogue) and Merge Into… (a name spelled two ways), each one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.desk.desk_model import DeskModel
from editor.fountain.characters import CastMember, cast

COLUMNS = ("Character", "Speeches", "Words", "Scenes", "First", "Introduced as")


class _Number(QTableWidgetItem):
    """Sorts by value, not by text."""

    def __init__(self, value: int, shown: str | None = None) -> None:
        super().__init__(shown if shown is not None else str(value))
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.value < getattr(other, "value", 0)


class RenameDialog(QDialog):
    def __init__(self, names: list[str], current: str, merge: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RenameCharacterDialog")
        self.setWindowTitle(self.tr("Merge Character") if merge else self.tr("Rename Character"))
        form = QFormLayout(self)
        self.name = QLineEdit(current, self)
        self.name.selectAll()
        self.target = QComboBox(self)
        self.target.addItems([n for n in names if n != current])
        self.prose = QCheckBox(self.tr("Also rename mentions in action and dialogue"), self)
        if merge:
            form.addRow(self.tr("Merge “{0}” into:").format(current), self.target)
        else:
            form.addRow(self.tr("New name for “{0}”:").format(current), self.name)
            form.addRow("", self.prose)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.merge = merge

    def new_name(self) -> str:
        return self.target.currentText() if self.merge else self.name.text().strip()


class CharactersView(QWidget):
    """The cast of the current script (``window.desk.characters``)."""

    def __init__(self, model: DeskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CharactersView")
        self.model = model
        self.members: list[CastMember] = []
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter characters"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("charactersTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # most speeches first
        self.table.itemDoubleClicked.connect(self._go_to_first)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.rename_button.clicked.connect(lambda: self.ask(merge=False))
        self.merge_button = QPushButton(self.tr("Merge Into…"), self)
        self.merge_button.clicked.connect(lambda: self.ask(merge=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.filter, 1)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        model.changed.connect(self.rebuild)
        self.rebuild()

    @Slot()
    def rebuild(self) -> None:
        script = self.model.script
        selected = self.selected_name()
        self.members = cast(script) if script is not None else []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            name = QTableWidgetItem(member.name)
            name.setData(Qt.ItemDataRole.UserRole, member.first_line)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, _Number(member.speeches))
            self.table.setItem(row, 2, _Number(member.words, f"{member.words:,}"))
            self.table.setItem(row, 3, _Number(member.scenes))
            first = int(member.first_scene) if (member.first_scene or "").isdigit() else 0
            self.table.setItem(row, 4, _Number(first, self.tr("sc. {0}").format(member.first_scene or "–")))
            description = QTableWidgetItem(member.description)
            description.setToolTip(member.description)
            self.table.setItem(row, 5, description)
            if member.name == selected:
                self.table.selectRow(row)
        self.table.setSortingEnabled(True)
        self._apply_filter(self.filter.text())

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item else None

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0)
            about = self.table.item(row, 5)
            shown = not needle or needle in name.text().casefold() or needle in about.text().casefold()
            self.table.setRowHidden(row, not shown)

    @Slot(QTableWidgetItem)
    def _go_to_first(self, item: QTableWidgetItem) -> None:
        line = self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.model.go_to_line(int(line))

    def ask(self, *, merge: bool) -> None:
        current = self.selected_name()
        if current is None:
            return
        dialog = RenameDialog([m.name for m in self.members], current, merge, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.new_name():
            self.model.rename_character(current, dialog.new_name(), in_prose=dialog.prose.isChecked())
