"""The scene navigator: numbered scenes with their synopses; click to jump, filter, follows the cursor.

It is rebuilt from the document's debounced snapshot (never per keystroke) and only highlights the
scene under the cursor as the writer moves, with a binary search over scene start lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor.fountain import inline
from editor.fountain.model import Scene, Script

_ENTRY_ROLE = Qt.ItemDataRole.UserRole + 10
#: Rows added at once; a longer list (a 10 MB script has ~11,000 scenes) fills in idle-time slices
#: so the window never stops for the whole list.
ROWS_PER_SLICE = 1000


@dataclass(frozen=True, slots=True)
class SceneEntry:
    number: str
    heading: str
    line: int
    synopsis: str
    characters: tuple[str, ...]
    generated: bool = False  # the synopsis is an AI summary, not the writer's own "=" line
    shown: str = ""  # how the row shows a generated synopsis (without what the heading says); "" = as is

    def matches(self, text: str, character: str) -> bool:
        if character and character not in self.characters:
            return False
        if not text:
            return True
        needle = text.casefold()
        return (
            needle in self.heading.casefold()
            or needle in self.synopsis.casefold()
            or any(needle in name.casefold() for name in self.characters)
        )


class _SceneDelegate(QStyledItemDelegate):
    """Number in the margin, heading in bold, synopsis dimmed underneath."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        entry: SceneEntry = index.data(_ENTRY_ROLE)
        fm = QFontMetrics(option.font)
        lines = 2 if entry and entry.synopsis else 1
        return QSize(200, fm.lineSpacing() * lines + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        entry: SceneEntry = index.data(_ENTRY_ROLE)
        if entry is None:
            return
        painter.save()
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect
        if selected:
            fill = QColor(pal.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(40)
            painter.fillRect(rect, fill)
            painter.fillRect(
                QRect(rect.left(), rect.top(), 3, rect.height()), pal.color(QPalette.ColorRole.Highlight)
            )
        fm = QFontMetrics(option.font)
        number_width = fm.horizontalAdvance("000") + self.PAD
        text_color = pal.color(QPalette.ColorRole.Text)
        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        y = rect.top() + self.PAD
        painter.setPen(dim)
        painter.drawText(
            QRect(rect.left() + self.PAD, y, number_width - self.PAD, fm.lineSpacing()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            entry.number,
        )
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text_color)
        left = rect.left() + self.PAD + number_width + self.PAD
        width = rect.right() - left - self.PAD
        heading = QFontMetrics(bold).elidedText(entry.heading, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, y, width, fm.lineSpacing()), Qt.AlignmentFlag.AlignVCenter, heading)
        if entry.synopsis:
            synopsis_font = QFont(option.font)
            synopsis_font.setItalic(entry.generated)
            painter.setFont(synopsis_font)
            painter.setPen(dim)
            synopsis = fm.elidedText(entry.shown or entry.synopsis, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(left, y + fm.lineSpacing(), width, fm.lineSpacing()),
                Qt.AlignmentFlag.AlignVCenter,
                synopsis,
            )
        painter.restore()


class SceneNavigator(QWidget):
    """Dock contents. ``scene_activated(line)`` asks the editor to jump."""

    scene_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SceneNavigator")
        self._entries: list[SceneEntry] = []
        self._starts: list[int] = []
        self._script: Script | None = None
        #: Optional source of generated synopses for scenes without one (the AI's summaries).
        self.synopsis_provider: Callable[[Script, Scene], str | None] | None = None
        #: How a generated synopsis reads beside its heading (the AI layer drops the place it repeats).
        self.synopsis_display: Callable[[str, Scene], str] | None = None
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("sceneFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter scenes"))
        self.filter_edit.setClearButtonEnabled(True)
        self.character_combo = QComboBox(self)
        self.character_combo.setObjectName("sceneCharacterFilter")
        self.character_combo.addItem(self.tr("All characters"), "")
        self.list = QListWidget(self)
        self.list.setObjectName("sceneList")
        self.list.setItemDelegate(_SceneDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.character_combo)
        layout.addWidget(self.list, 1)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.character_combo.currentIndexChanged.connect(self._apply_filter)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self._current_line = -1
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_more)

    # -- content -------------------------------------------------------------------------------
    def set_script(self, script: Script | None) -> None:
        entries: list[SceneEntry] = []
        names: set[str] = set()
        self._script = script
        if script is not None:
            for scene in script.scenes:
                synopsis, generated, shown = scene.synopsis or "", False, ""
                if not synopsis and self.synopsis_provider is not None:
                    synopsis = self.synopsis_provider(script, scene) or ""
                    generated = bool(synopsis)
                    if generated and self.synopsis_display is not None:
                        shown = self.synopsis_display(synopsis, scene).replace("\n", " ")
                entries.append(
                    SceneEntry(
                        scene.number,
                        # Notes on the heading (Beat's [[red]] colour) are not part of its name.
                        inline.plain_text(scene.heading).strip() if "[[" in scene.heading else scene.heading,
                        scene.line,
                        synopsis.replace("\n", " "),
                        tuple(scene.characters),
                        generated,
                        shown,
                    )
                )
                names.update(scene.characters)
        if entries == self._entries:
            return
        self._entries = entries
        self._starts = [e.line for e in entries]
        current_row = self.list.currentRow()
        self._fill_timer.stop()
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        self._add_rows(0, min(len(entries), ROWS_PER_SLICE))
        self.list.setUpdatesEnabled(True)
        if len(entries) > ROWS_PER_SLICE:
            self._fill_timer.start()
        chosen = self.character_combo.currentData() or ""
        self.character_combo.blockSignals(True)
        self.character_combo.clear()
        self.character_combo.addItem(self.tr("All characters"), "")
        for name in sorted(names):
            self.character_combo.addItem(name, name)
        index = self.character_combo.findData(chosen)
        self.character_combo.setCurrentIndex(max(0, index))
        self.character_combo.blockSignals(False)
        self._apply_filter()
        if 0 <= current_row < self.list.count():
            self.list.blockSignals(True)
            self.list.setCurrentRow(current_row)
            self.list.blockSignals(False)

    def _add_rows(self, start: int, stop: int) -> None:
        for entry in self._entries[start:stop]:
            item = QListWidgetItem(f"{entry.number} {entry.heading}")
            item.setData(_ENTRY_ROLE, entry)
            tip = entry.synopsis or entry.heading
            if entry.generated:
                # Not "AI summary": with a small model the summary is taken from the scene itself.
                note = self.tr("(suggested summary: right-click to insert it as the scene's synopsis)")
                tip = f"{entry.synopsis}\n\n{note}"
            item.setToolTip(tip)
            self.list.addItem(item)

    @Slot()
    def _fill_more(self) -> None:
        start = self.list.count()
        stop = min(len(self._entries), start + ROWS_PER_SLICE)
        self.list.setUpdatesEnabled(False)
        self._add_rows(start, stop)
        self._filter_rows(start, stop)
        self.list.setUpdatesEnabled(True)
        if stop < len(self._entries):
            self._fill_timer.start()
        elif self._current_line >= 0:
            self.set_current_line(self._current_line)

    def is_filling(self) -> bool:
        """True while rows of a very long scene list are still being added."""
        return self._fill_timer.isActive()

    def refresh(self) -> None:
        """Rebuild from the last script (e.g. a generated synopsis arrived)."""
        self.set_script(self._script)

    def entries(self) -> list[SceneEntry]:
        return list(self._entries)

    def visible_entries(self) -> list[SceneEntry]:
        text = self.filter_edit.text().strip()
        character = self.character_combo.currentData() or ""
        return [
            entry
            for i, entry in enumerate(self._entries)
            if (not self.list.item(i).isHidden() if i < self.list.count() else entry.matches(text, character))
        ]

    @Slot()
    def _apply_filter(self) -> None:
        self._filter_rows(0, self.list.count())

    def _filter_rows(self, start: int, stop: int) -> None:
        text = self.filter_edit.text().strip()
        character = self.character_combo.currentData() or ""
        for i in range(start, stop):
            self.list.item(i).setHidden(not self._entries[i].matches(text, character))

    # -- cursor following and activation -------------------------------------------------------
    def set_current_line(self, line: int) -> None:
        self._current_line = line
        row = bisect.bisect_right(self._starts, line) - 1
        if row >= self.list.count():
            return  # not added yet: selected when the list is complete
        if row == self.list.currentRow():
            return
        self.list.blockSignals(True)
        if row < 0:
            self.list.clearSelection()
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentRow(row)
            self.list.scrollToItem(self.list.item(row), QAbstractItemView.ScrollHint.EnsureVisible)
        self.list.blockSignals(False)

    def current_scene_row(self) -> int:
        return self.list.currentRow()

    @Slot(QListWidgetItem)
    def _activate(self, item: QListWidgetItem) -> None:
        entry: SceneEntry = item.data(_ENTRY_ROLE)
        if entry is not None:
            self.scene_activated.emit(entry.line)
