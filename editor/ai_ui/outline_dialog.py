"""The outline: every scene's synopsis in order, copyable as a Fountain outline.

Each scene shows the writer's own ``=`` synopsis when it has one, else the background summary when
one is ready (marked as such), else nothing yet. "Copy as Fountain Outline" puts headings with
``=`` synopsis lines on the clipboard, which any Fountain app reads as an outline.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from editor.config.resources import script_font
from editor.fountain.model import Scene, Script

SynopsisSource = Callable[[Script, Scene], str | None]


def outline_entries(script: Script, generated: SynopsisSource | None) -> list[tuple[Scene, str, bool]]:
    """(scene, synopsis, generated?) in script order; synopsis "" when none is known yet."""
    out = []
    for scene in script.scenes:
        if scene.synopsis:
            out.append((scene, " ".join(scene.synopsis.split()), False))
            continue
        text = generated(script, scene) if generated is not None else None
        out.append((scene, " ".join((text or "").split()), bool(text)))
    return out


def fountain_outline(script: Script, generated: SynopsisSource | None) -> str:
    """Headings, each followed by its ``=`` synopsis line, separated by blank lines."""
    blocks = []
    for scene, synopsis, _ in outline_entries(script, generated):
        blocks.append(scene.heading + (f"\n= {synopsis}" if synopsis else ""))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


class OutlineDialog(QDialog):
    def __init__(
        self, script: Script, generated: SynopsisSource | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OutlineDialog")
        self.setWindowTitle(self.tr("Outline"))
        self.resize(760, 620)
        self.script = script
        self.generated = generated
        entries = outline_entries(script, generated)
        missing = sum(1 for _, synopsis, _ in entries if not synopsis)
        ai = sum(1 for _, _, from_ai in entries if from_ai)
        summary = self.tr("%1 scenes").replace("%1", str(len(entries)))
        if ai:
            summary += " · " + self.tr("%1 synopses written by the AI").replace("%1", str(ai))
        if missing:
            summary += " · " + self.tr(
                "%1 not summarised yet (summaries are written while you pause)"
            ).replace("%1", str(missing))
        self.info = QLabel(summary, self)
        self.info.setWordWrap(True)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("outlineText")
        self.view.setReadOnly(True)
        self.view.setFont(script_font(11))
        self.view.setPlainText(fountain_outline(script, generated))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            self.tr("Copy as Fountain Outline"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("outlineCopy")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    @Slot()
    def copy(self) -> str:
        text = fountain_outline(self.script, self.generated)
        QGuiApplication.clipboard().setText(text)
        return text
