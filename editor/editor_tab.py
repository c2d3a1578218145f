"""One tab of the main window: a script's editor, its find bar, and the "changed on disk" bar."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from editor.document import ScriptDocument
from editor.find_bar import FindBar
from editor.script_editor import ScriptEditor


class ReloadBar(QFrame):
    """Offered when another program changes the file: reload it, or keep what is in the editor."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReloadBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setObjectName("reloadButton")
        self.keep_button = QPushButton(self.tr("Keep My Version"), self)
        self.keep_button.setObjectName("keepButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.reload_button.clicked.connect(self.hide)
        self.keep_button.clicked.connect(self.hide)
        self.hide()

    def offer(self, name: str, modified: bool) -> None:
        if modified:
            text = self.tr("“%1” was changed by another program. Reload it and lose your unsaved changes?")
        else:
            text = self.tr("“%1” was changed by another program. Reload it?")
        self.label.setText(text.replace("%1", name))
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
        self.page_starts: list[int] = []  # first source line of each page, from the last pagination
        self.page_estimate = 0  # quick page count until pagination has run
        self.paged_revision = -1  # the document revision page_estimate/page_starts belong to

    def title(self) -> str:
        return self.document.display_name() or self.tr("Untitled")

    @Slot()
    def _on_changed_on_disk(self) -> None:
        self.reload_bar.offer(self.title(), self.document.is_modified())

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
