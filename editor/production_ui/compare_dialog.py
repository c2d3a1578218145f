"""File ▸ Compare With…: the current script against another draft, side by side by scene.

The other draft is read and compared on a worker thread (a 10 MB file takes seconds; the window
never waits). The dialog lists every scene with what happened to it (changed, moved, added,
omitted) and shows the selected scene of both drafts side by side with the changed lines
highlighted. "Use as Revision Base" marks the current script's changes against that draft.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.fountain.parser import parse
from editor.production.compare import Comparison, SceneChange, SceneStatus, compare_scripts

if TYPE_CHECKING:
    from editor.production_ui.session import ProductionSession

log = logging.getLogger(__name__)

_STATUS_COLORS = {
    SceneStatus.CHANGED: "#d97706",
    SceneStatus.MOVED: "#2563eb",
    SceneStatus.ADDED: "#16a34a",
    SceneStatus.OMITTED: "#dc2626",
}


class CompareDialog(QDialog):
    """Compare the session's script with the draft ``load()`` returns (old text)."""

    _finished = Signal(object, object, str)  # (old text, Comparison | None, error)

    def __init__(
        self,
        session: ProductionSession,
        label: str,
        load: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.session = session
        self.setWindowTitle(self.tr("Compare With %1").replace("%1", label))
        self.resize(1100, 720)
        self.old_text: str | None = None
        self.new_text = session.document.text()
        self.comparison: Comparison | None = None
        self._starts: tuple[list[int], list[int]] = ([], [])
        self.summary = QLabel(self.tr("Comparing with %1…").replace("%1", label), self)
        self.summary.setWordWrap(True)
        self.scenes = QTreeWidget(self)
        self.scenes.setObjectName("compareScenes")
        self.scenes.setHeaderLabels([self.tr("Change"), self.tr("Old #"), self.tr("New #"), self.tr("Scene")])
        self.scenes.setRootIsDecorated(False)
        self.scenes.currentItemChanged.connect(self._show_scene)
        self.old_view = QPlainTextEdit(self)
        self.new_view = QPlainTextEdit(self)
        for view in (self.old_view, self.new_view):
            view.setReadOnly(True)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        sides.addWidget(self.old_view)
        sides.addWidget(self.new_view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.scenes)
        split.addWidget(sides)
        split.setSizes([260, 420])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.base_button = QPushButton(self.tr("Use as Revision &Base"), self)
        self.base_button.setToolTip(
            self.tr(
                "Mark every line of the current script that differs from this draft, in the revision's colour"
            )
        )
        self.base_button.setEnabled(False)
        self.base_button.clicked.connect(self.use_as_base)
        buttons.addButton(self.base_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self._finished.connect(self._on_finished)
        new_text = self.new_text

        def work() -> None:
            try:
                old = load()
                old_script, new_script = parse(old), parse(new_text)
                result = compare_scripts(old_script, new_script)
                self._starts = ([s.line for s in old_script.scenes], [s.line for s in new_script.scenes])
            except Exception as exc:  # shown in the dialog, in words
                log.debug("compare failed", exc_info=True)
                self._finished.emit(None, None, str(exc))
                return
            self._finished.emit(old, result, "")

        self._thread = threading.Thread(target=work, name="screenwright-compare", daemon=True)
        self._thread.start()

    @Slot(object, object, str)
    def _on_finished(self, old: str | None, comparison: Comparison | None, error: str) -> None:
        if comparison is None or old is None:
            self.summary.setText(self.tr("Could not compare: %1").replace("%1", error))
            return
        self.old_text, self.comparison = old, comparison
        self.summary.setText(comparison.summary())
        self.base_button.setEnabled(not comparison.identical)
        self.scenes.clear()
        for change in comparison.scenes:
            if change.new_index == -1 and change.status == SceneStatus.UNCHANGED:
                continue
            label = change.status + (
                " + moved" if change.moved and change.status != SceneStatus.MOVED else ""
            )
            item = QTreeWidgetItem(
                [
                    label,
                    change.old_number or "",
                    change.new_number or "",
                    change.heading or self.tr("(opening)"),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, change)
            color = _STATUS_COLORS.get(change.status)
            if color:
                item.setForeground(0, QColor(color))
            self.scenes.addTopLevelItem(item)
        for column in range(3):
            self.scenes.resizeColumnToContents(column)
        first_change = next(
            (
                self.scenes.topLevelItem(k)
                for k in range(self.scenes.topLevelItemCount())
                if self.scenes.topLevelItem(k).text(0) != SceneStatus.UNCHANGED
            ),
            self.scenes.topLevelItem(0),
        )
        if first_change is not None:
            self.scenes.setCurrentItem(first_change)

    @Slot()
    def _show_scene(self) -> None:
        item = self.scenes.currentItem()
        if item is None or self.comparison is None or self.old_text is None:
            return
        change: SceneChange = item.data(0, Qt.ItemDataRole.UserRole)
        old_lines, new_lines = self.old_text.split("\n"), self.new_text.split("\n")
        old_range = _scene_range(self._starts[0], len(old_lines), change.old_index)
        new_range = _scene_range(self._starts[1], len(new_lines), change.new_index)
        kept_old = set(self.comparison.line_map.values())
        changed_new = set(change.changed_lines)
        self._fill(self.old_view, old_lines, old_range, lambda k: k not in kept_old, "#fde2e2")
        self._fill(self.new_view, new_lines, new_range, lambda k: k in changed_new, "#dcfce7")

    def _fill(
        self,
        view: QPlainTextEdit,
        lines: list[str],
        span: tuple[int, int] | None,
        marked: Callable[[int], bool],
        color: str,
    ) -> None:
        if span is None:
            view.setPlainText(self.tr("(not in this draft)"))
            view.setExtraSelections([])
            return
        first, end = span
        view.setPlainText("\n".join(lines[first:end]))
        selections = []
        doc = view.document()
        for k in range(first, end):
            if not lines[k].strip() or not marked(k):
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(doc.findBlockByNumber(k - first))
            selection.format.setBackground(QColor(color))
            selection.format.setForeground(QColor("#111111"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selections.append(selection)
        view.setExtraSelections(selections)

    @Slot()
    def use_as_base(self) -> None:
        if self.old_text is None:
            return
        if self.session.document.text() != self.new_text:
            self.summary.setText(self.tr("The script changed since the comparison; compare again first."))
            return
        count = self.session.use_as_base(self.old_text, comparison=self.comparison)
        self.summary.setText(self.tr("Marked %1 changed lines against this draft.").replace("%1", str(count)))
        self.base_button.setEnabled(False)


def _scene_range(starts: list[int], n_lines: int, index: int | None) -> tuple[int, int] | None:
    """Lines [first, end) of scene ``index`` given the scenes' first lines (-1: the opening)."""
    if index is None:
        return None
    if index == -1:
        return (0, starts[0] if starts else n_lines)
    if index >= len(starts):
        return None
    return (starts[index], starts[index + 1] if index + 1 < len(starts) else n_lines)


def load_text_file(path: Path) -> Callable[[], str]:
    """A loader for the worker thread: the script text of a Fountain or FDX file."""

    def load() -> str:
        from editor.production.cli import load_draft

        return load_draft(path).body

    return load
