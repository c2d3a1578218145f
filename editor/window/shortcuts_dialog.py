"""Help ▸ Keyboard Shortcuts: every key of the window in one searchable table.

The rows come from ``editor.window.shortcuts`` (the live actions plus the page's own keys), so the
list cannot drift from what the keys do. Typing in the filter box matches keys, commands and menus
alike ("ghost", "ctrl+g", "dialogue"); the table is read-only and Esc closes the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor.window.shortcuts import ShortcutRow, all_rows

COLUMNS = ("Keys", "What it does", "Where")


class ShortcutsDialog(QDialog):
    """A filter box over a three-column table (keys, what they do, menu or page context)."""

    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(900, 620)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        for row in rows:
            items = [QStandardItem(row.keys), QStandardItem(row.does), QStandardItem(row.where)]
            for item in items:
                item.setEditable(False)
                item.setToolTip(row.does)
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcutFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter: a key (Ctrl+G, Tab), a command or a menu"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_edit.textChanged.connect(self._update_count)

        self.table = QTableView(self)
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.count = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._update_count()
        self.filter_edit.setFocus()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count.setText(self.tr("%1 shortcuts").replace("%1", str(total)))
        else:
            text = self.tr("%1 of %2 shortcuts").replace("%1", str(shown))
            self.count.setText(text.replace("%2", str(total)))

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """The rows the filter lets through, as (keys, what it does, where)."""
        return [
            tuple(self.proxy.index(r, c).data() for c in range(len(COLUMNS)))  # type: ignore[misc]
            for r in range(self.proxy.rowCount())
        ]


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open the list over ``window`` (window-modal; focus goes back to the page when it closes)."""
    dialog = ShortcutsDialog(all_rows(window), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
