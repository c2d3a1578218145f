"""Preferences ▸ Learning: the opt-in to remember kept and rejected suggestions, what is stored, erase.

The log itself is :mod:`editor.ai.kept_log`. This page reads and erases it through the log's
writer thread (``KeptLog.stats`` / ``load`` / ``erase``) and gets the answers back as queued
signals, so opening Preferences or erasing never waits on the disk.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.ai.kept_log import KEPT, Entry, KeptLog, Stats
from editor.config.settings import Key, Settings
from editor.window.preferences import PreferencePage

_FEATURE_NAMES = {"ghost": "ghost text", "suggestion": "dialogue suggestion", "rewrite": "rewrite"}


class _Relay(QObject):
    """Carries answers from the writer thread to the UI thread (queued: emitted from another thread)."""

    stats = Signal(object)
    entries = Signal(object)
    erased = Signal()


def describe(stats: Stats) -> str:
    if not stats.total:
        return "Nothing recorded."
    size = f"{stats.bytes / 1024:.0f} KB" if stats.bytes >= 1024 else f"{stats.bytes} bytes"
    return f"{stats.kept} kept and {stats.rejected} rejected suggestion(s) recorded ({size})."


def entries_html(entries: list[Entry]) -> str:
    """Newest first: the verdict, the feature, when, what the AI wrote, and the end of its context."""
    if not entries:
        return "<p>Nothing recorded.</p>"
    rows = []
    for entry in reversed(entries):
        verdict = "Kept" if entry.outcome == KEPT else "Rejected"
        colour = "#2e7d32" if entry.outcome == KEPT else "#b23b3b"
        tail = entry.context[-240:]
        rows.append(
            f'<p><b style="color:{colour}">{verdict}</b> · {_FEATURE_NAMES.get(entry.feature, entry.feature)}'
            f" ({html.escape(entry.how)}) · {html.escape(entry.time.replace('T', ' '))}<br>"
            f'<span style="color:#777; white-space:pre-wrap">…{html.escape(tail)}</span>'
            f'<span style="white-space:pre-wrap"><b>{html.escape(entry.text)}</b></span></p>'
        )
    return "".join(rows)


class KeptLogViewer(QDialog):
    """Show…: every entry, newest first, read-only."""

    def __init__(self, log: KeptLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keptLogViewer")
        self.setWindowTitle(self.tr("Kept and Rejected Suggestions"))
        self.view = QTextBrowser(self)
        self.view.setObjectName("keptLogView")
        self.view.setOpenLinks(False)
        self.view.setPlainText(self.tr("Reading…"))
        self.path_label = QLabel(self.tr("Stored in %1").replace("%1", str(log.path)), self)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.path_label)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.loaded = False
        self._relay = _Relay(self)
        self._relay.entries.connect(self._show)
        log.load(self._relay.entries.emit)

    @Slot(object)
    def _show(self, entries: list[Entry]) -> None:
        self.view.setHtml(entries_html(entries))
        self.loaded = True


class LearningPage(PreferencePage):
    """The opt-in switch, how much is recorded, Show… and Erase All…."""

    title = "Learning"

    def __init__(self, settings: Settings, log: KeptLog, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.log = log
        self.enabled = self.check(
            self.tr("Remember the AI suggestions I keep and reject, to learn from them"),
            Key.AI_LEARN_FROM_KEPT,
        )
        self.enabled.setObjectName("learnFromKept")
        self.count = QLabel(self.tr("Counting…"), self)
        self.count.setObjectName("keptCount")
        self.count.setWordWrap(True)
        self.form.addRow(self.tr("Recorded:"), self.count)
        self.show_button = QPushButton(self.tr("Show…"), self)
        self.show_button.setObjectName("keptShow")
        self.erase_button = QPushButton(self.tr("Erase All…"), self)
        self.erase_button.setObjectName("keptErase")
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        self.form.addRow(row)
        self.note(
            self.tr(
                "Off by default. When on, each ghost text you accept, dialogue suggestion you insert "
                "and rewrite you keep is stored with the scene text before it, and so is each one "
                "you reject on purpose (Discard or Regenerate on a rewrite; a list of suggestions "
                "regenerated or left without inserting). It stays on this computer, in "
                "Screenwright's data folder, and AI ▸ Learn From My Scripts… learns from the kept "
                "ones. Dismissing ghost text by typing on is not recorded."
            )
        )
        self.stats: Stats | None = None
        self.viewer: KeptLogViewer | None = None
        self._relay = _Relay(self)
        self._relay.stats.connect(self._on_stats)
        self._relay.erased.connect(self.refresh)
        self.show_button.clicked.connect(self.show_entries)
        self.erase_button.clicked.connect(self.confirm_erase)

    def load(self) -> None:
        self.load_checks()
        self.refresh()

    def apply(self) -> None:
        self.apply_checks()

    @Slot()
    def refresh(self) -> None:
        self.log.stats(self._relay.stats.emit)

    @Slot(object)
    def _on_stats(self, stats: Stats) -> None:
        self.stats = stats
        self.count.setText(self.tr(describe(stats)))
        self.show_button.setEnabled(bool(stats.total))
        self.erase_button.setEnabled(bool(stats.total))

    @Slot()
    def show_entries(self) -> KeptLogViewer:
        self.viewer = KeptLogViewer(self.log, self)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.open()
        return self.viewer

    @Slot()
    def confirm_erase(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Erase All"),
            self.tr("Erase every recorded suggestion? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.erase()

    def erase(self) -> Any:
        self.count.setText(self.tr("Erasing…"))
        return self.log.erase(self._relay.erased.emit)
