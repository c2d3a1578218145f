"""One tab of the main window: a script's editor, its find bar, and the "changed on disk" bar."""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from editor.page.document import ScriptDocument
from editor.page.page_break_marks import PageBreaks
from editor.page.script_editor import ScriptEditor
from editor.window.find_bar import FindBar

log = logging.getLogger(__name__)

# Editors that save by delete-then-rename leave the file missing for a moment: look again after
# this long before telling the writer it was deleted.
MISSING_RECHECK_MS = 600


@runtime_checkable
class _Saver(Protocol):
    """The main window's save commands (backups, error dialogs, recent files) that the bar reuses."""

    def save(self, tab: EditorTab | None = None) -> bool: ...

    def save_as(self, tab: EditorTab | None = None) -> bool: ...


class ReloadBar(QFrame):
    """Offered when another program changes the file: reload it, or keep what is in the editor.

    When the file is gone (deleted or moved), reloading means nothing: the bar offers to write the
    text back (Save), elsewhere (Save As…), or to carry on (Dismiss).
    """

    reload_requested = Signal()
    save_requested = Signal()
    save_as_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReloadBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setObjectName("reloadButton")
        self.keep_button = QPushButton(self.tr("Keep My Version"), self)
        self.keep_button.setObjectName("keepButton")
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("saveButton")
        self.save_as_button = QPushButton(self.tr("Save As…"), self)
        self.save_as_button.setObjectName("saveAsButton")
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setObjectName("dismissButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        for button in self._changed_buttons() + self._missing_buttons():
            layout.addWidget(button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.reload_button.clicked.connect(self.hide)
        self.keep_button.clicked.connect(self.hide)
        self.save_button.clicked.connect(self.save_requested)
        self.save_as_button.clicked.connect(self.save_as_requested)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def _changed_buttons(self) -> list[QPushButton]:
        return [self.reload_button, self.keep_button]

    def _missing_buttons(self) -> list[QPushButton]:
        return [self.save_button, self.save_as_button, self.dismiss_button]

    def _show_buttons(self, buttons: list[QPushButton]) -> None:
        for button in self._changed_buttons() + self._missing_buttons():
            button.setVisible(button in buttons)

    def offer(self, name: str, modified: bool) -> None:
        if modified:
            text = self.tr("“%1” was changed by another program. Reload it and lose your unsaved changes?")
        else:
            text = self.tr("“%1” was changed by another program. Reload it?")
        self.label.setText(text.replace("%1", name))
        self._show_buttons(self._changed_buttons())
        self.show()

    def show_checking(self, name: str) -> None:
        """The file just vanished: say so at once, without buttons, until a second look decides."""
        self.label.setText(self.tr("“%1” is missing on disk; checking again…").replace("%1", name))
        self._show_buttons([])
        self.show()

    def offer_missing(self, name: str) -> None:
        text = self.tr(
            "“%1” was deleted or moved on disk. Your text is still here: Save to write it back, or Close."
        )
        self.label.setText(text.replace("%1", name))
        self._show_buttons(self._missing_buttons())
        self.show()


class EditorTab(QWidget):
    def __init__(self, document: ScriptDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.editor = ScriptEditor(document, self)
        self.find_bar = FindBar(self.editor, self)
        self.reload_bar = ReloadBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.reload_bar)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        document.changed_on_disk.connect(self._on_changed_on_disk)
        # Once the writer saves, the file holds their text: "reload it?" no longer means anything.
        document.saved.connect(self.reload_bar.hide)
        self.reload_bar.reload_requested.connect(self.reload)
        self.reload_bar.save_requested.connect(self._save_back)
        self.reload_bar.save_as_requested.connect(self._save_elsewhere)
        self._missing_timer = QTimer(self)
        self._missing_timer.setSingleShot(True)
        self._missing_timer.setInterval(MISSING_RECHECK_MS)
        self._missing_timer.timeout.connect(self._recheck_missing)
        document.saved.connect(self._missing_timer.stop)
        self.page_breaks = PageBreaks(self.editor)
        self.page_estimate = 0  # quick page count until pagination has run
        self.paged_revision = -1  # the document revision page_estimate/page_starts belong to

    @property
    def page_starts(self) -> list[int]:
        """First source line of each page, from the last pagination (drawn as page breaks)."""
        return self.page_breaks.page_starts

    @page_starts.setter
    def page_starts(self, starts: list[int]) -> None:
        self.page_breaks.set_page_starts(starts)

    def title(self) -> str:
        return self.document.display_name() or self.tr("Untitled")

    @Slot()
    def _on_changed_on_disk(self) -> None:
        path = self.document.path
        if path is not None and not path.exists():
            # Maybe a delete-then-rename save by another editor: look again shortly before
            # declaring the file deleted.
            self.reload_bar.show_checking(self.title())
            self._missing_timer.start()
            return
        self.reload_bar.offer(self.title(), self.document.is_modified())

    @Slot()
    def _recheck_missing(self) -> None:
        path = self.document.path
        if path is not None and not path.exists():
            log.info("%s was deleted or moved", path)
            self.reload_bar.offer_missing(self.title())
        else:
            self.reload_bar.offer(self.title(), self.document.is_modified())

    @Slot()
    def _save_back(self) -> None:
        window = self.window()
        if isinstance(window, _Saver):
            window.save(self)  # the window's save: backups, error dialog, recents
            return
        try:
            self.document.save()
        except (OSError, ValueError) as exc:
            self.reload_bar.label.setText(self.tr("Could not save: %1").replace("%1", str(exc)))
            return
        self.reload_bar.hide()

    @Slot()
    def _save_elsewhere(self) -> None:
        window = self.window()
        if isinstance(window, _Saver):
            window.save_as(self)  # the bar goes when the save has succeeded (``saved``)

    @Slot()
    def reload(self) -> None:
        from editor.fountain.source import SourceDecodeError

        line = self.editor.current_line()
        try:
            self.document.reload()
        except (OSError, SourceDecodeError) as exc:
            self.reload_bar.label.setText(self.tr("Could not reload: %1").replace("%1", str(exc)))
            self.reload_bar.show()
            return
        self.editor.go_to_line(min(line, self.document.line_count() - 1), center=False)
