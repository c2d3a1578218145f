"""The dialog a launch shows after a crash: each recoverable script, what differs, restore or discard.

Deciding nothing ("Later") keeps every journal for the next launch: the dialog never deletes work
the writer has not looked at.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.recovery.diff_view import render_diff
from editor.recovery.journal import Journal
from editor.recovery.restore import Comparison, compare

log = logging.getLogger(__name__)


class RecoveryDialog(QDialog):
    """Emits ``restore_requested`` / ``discard_requested`` per journal; the caller acts on them."""

    restore_requested = Signal(object)  # Journal
    discard_requested = Signal(object)  # Journal

    def __init__(
        self,
        journals: list[Journal],
        damaged: list[tuple[Path, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RecoveryDialog")
        self.setWindowTitle(self.tr("Recover Unsaved Work"))
        self.resize(900, 560)
        self._journals = list(journals)
        self._comparisons: dict[int, Comparison] = {}

        intro = QLabel(
            self.tr(
                "Screenwright did not close normally. These scripts had changes that were not saved. "
                "Restore opens them with the recovered text (nothing is written to your files until you "
                "save); Discard throws the recovered text away."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("recoveryList")
        self.summary = QLabel(self)
        self.summary.setObjectName("recoverySummary")
        self.summary.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("recoveryPreview")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("Courier Prime")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.preview.setFont(mono)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([280, 620])

        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.restore_button.setObjectName("restoreButton")
        self.discard_button = QPushButton(self.tr("&Discard"), self)
        self.discard_button.setObjectName("discardButton")
        self.restore_all_button = QPushButton(self.tr("Restore &All"), self)
        self.restore_all_button.setObjectName("restoreAllButton")
        self.later_button = QPushButton(self.tr("Decide &Later"), self)
        self.later_button.setObjectName("laterButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_all_button)
        buttons.addWidget(self.later_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if damaged:
            warning = QLabel(
                self.tr("%n recovery file(s) were damaged and cannot be restored:", "", len(damaged))
                + "\n"
                + "\n".join(f"  {path}: {reason}" for path, reason in damaged),
                self,
            )
            warning.setObjectName("damagedJournals")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        for journal in self._journals:
            self._add_item(journal)
        self.list.currentRowChanged.connect(self._show)
        self.restore_button.clicked.connect(lambda: self._decide(restore=True))
        self.discard_button.clicked.connect(lambda: self._decide(restore=False))
        self.restore_all_button.clicked.connect(self.restore_all)
        self.later_button.clicked.connect(self.reject)
        self.restore_all_button.setDefault(True)
        if self._journals:
            self.list.setCurrentRow(0)

    def journals(self) -> list[Journal]:
        return list(self._journals)

    def _add_item(self, journal: Journal) -> None:
        header = journal.header
        when = datetime.datetime.fromtimestamp(header.written_at).strftime("%Y-%m-%d %H:%M:%S")
        item = QListWidgetItem(f"{header.title}\n{when}")
        item.setToolTip(header.path or self.tr("A new script that was never saved"))
        self.list.addItem(item)

    def comparison(self, row: int) -> Comparison:
        if row not in self._comparisons:
            self._comparisons[row] = compare(self._journals[row])
        return self._comparisons[row]

    @Slot(int)
    def _show(self, row: int) -> None:
        has = 0 <= row < len(self._journals)
        self.restore_button.setEnabled(has)
        self.discard_button.setEnabled(has)
        if not has:
            self.summary.clear()
            self.preview.clear()
            return
        journal = self._journals[row]
        c = self.comparison(row)
        where = journal.header.path or ""
        if c.state == "untitled":
            text = self.tr("A new script that was never saved (%1 lines).").replace("%1", str(c.added))
        elif c.state == "missing":
            text = self.tr("The file %1 no longer exists; restoring brings the whole script back.").replace(
                "%1", where
            )
        elif c.state == "unreadable":
            text = self.tr("The file %1 cannot be read for comparison.").replace("%1", where)
        elif c.state == "same":
            text = self.tr("%1 already holds exactly this text: nothing was lost.").replace("%1", where)
        else:
            text = (
                self.tr("Compared with the saved %1: %2 lines added, %3 removed.")
                .replace("%1", where)
                .replace("%2", str(c.added))
                .replace("%3", str(c.removed))
            )
        if c.changed_on_disk:
            text += " " + self.tr("Another program changed the file since it was opened.")
        self.summary.setText(text)
        render_diff(self.preview, c.diff)

    def _decide(self, *, restore: bool) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._journals):
            return
        journal = self._journals.pop(row)
        self._comparisons = {}
        self.list.takeItem(row)
        (self.restore_requested if restore else self.discard_requested).emit(journal)
        if not self._journals:
            self.accept()

    @Slot()
    def restore_all(self) -> None:
        while self._journals:
            self.list.setCurrentRow(0)
            self._decide(restore=True)
