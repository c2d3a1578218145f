"""The status bar: element at the cursor, page and runtime, words, zoom, and the AI's slot.

The AI status label is created here empty (object name ``aiStatusLabel``) so the AI layer can fill
it without touching the window's layout.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from editor.fountain.model import LineType

AI_STATUS_OBJECT_NAME = "aiStatusLabel"


def element_name(line_type: LineType) -> str:
    """The writer's word for a line type (translated)."""
    tr = QCoreApplication.translate
    names = {
        LineType.EMPTY: tr("Element", "Action"),
        LineType.ACTION: tr("Element", "Action"),
        LineType.SCENE_HEADING: tr("Element", "Scene Heading"),
        LineType.CHARACTER: tr("Element", "Character"),
        LineType.PARENTHETICAL: tr("Element", "Parenthetical"),
        LineType.DIALOGUE: tr("Element", "Dialogue"),
        LineType.TRANSITION: tr("Element", "Transition"),
        LineType.CENTERED: tr("Element", "Centered"),
        LineType.LYRICS: tr("Element", "Lyrics"),
        LineType.PAGE_BREAK: tr("Element", "Page Break"),
        LineType.SECTION: tr("Element", "Section"),
        LineType.SYNOPSIS: tr("Element", "Synopsis"),
        LineType.NOTE: tr("Element", "Note"),
        LineType.BONEYARD: tr("Element", "Boneyard"),
        LineType.TITLE_PAGE: tr("Element", "Title Page"),
        LineType.DUAL_CHARACTER: tr("Element", "Character (dual)"),
        LineType.DUAL_PARENTHETICAL: tr("Element", "Parenthetical (dual)"),
        LineType.DUAL_DIALOGUE: tr("Element", "Dialogue (dual)"),
    }
    return names.get(line_type, tr("Element", "Action"))


class ScriptStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScriptStatusBar")
        self.setSizeGripEnabled(False)
        self.element_label = QLabel(self)
        self.element_label.setObjectName("elementLabel")
        self.element_label.setMinimumWidth(140)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        self.runtime_label = QLabel(self)
        self.runtime_label.setObjectName("runtimeLabel")
        self.words_label = QLabel(self)
        self.words_label.setObjectName("wordsLabel")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.ai_label = QLabel(self)
        self.ai_label.setObjectName(AI_STATUS_OBJECT_NAME)
        self.addWidget(self.element_label)
        for label in (self.page_label, self.runtime_label, self.words_label, self.zoom_label, self.ai_label):
            self.addPermanentWidget(label)
        self._pages = 0
        self._page = 0
        self._estimated = True
        self._words = -1  # unknown until the first count

    def set_element(self, line_type: LineType) -> None:
        self.element_label.setText(element_name(line_type))

    def set_pages(self, current: int, total: int, *, estimated: bool) -> None:
        self._page, self._pages, self._estimated = current, total, estimated
        prefix = "~" if estimated else ""
        self.page_label.setText(
            self.tr("Page %1 of %2")
            .replace("%1", str(max(1, current)))
            .replace("%2", f"{prefix}{max(1, total)}")
        )
        self._show_runtime()

    def set_words(self, words: int) -> None:
        # Qt resolves "%n word(s)" only through a loaded translation: spell both forms.
        label = self.tr("1 word") if words == 1 else self.tr("%1 words").replace("%1", f"{words:,}")
        self.words_label.setText(label)
        self._words = words
        self._show_runtime()

    def _show_runtime(self) -> None:
        if self._words == 0:
            self.runtime_label.setText(self.tr("0 min"))  # an empty script: not "~1 min"
            return
        # The industry rule of thumb: one page of screenplay is about one minute on screen.
        self.runtime_label.setText(self.tr("~%1 min").replace("%1", str(max(1, self._pages))))

    def set_zoom(self, percent: int) -> None:
        self.zoom_label.setText(f"{percent}%")
