"""The Spelling page of Preferences: checking as you type, and the dictionary's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from editor.config.settings import Key, Settings
from editor.spelling.checker import LANGUAGES
from editor.window.preferences import PreferencePage

if TYPE_CHECKING:
    from editor.spelling.window_spelling import WindowSpelling


class SpellingPage(PreferencePage):
    """Applies through the window's spelling (a language change loads the new dictionary)."""

    title = "Spelling"

    def __init__(self, settings: Settings, spelling: WindowSpelling, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.spelling = spelling
        self.as_you_type = self.check(
            self.tr("Check spelling as I type (red wavy underline)"), Key.SPELL_CHECK
        )
        self.language = QComboBox(self)
        self.language.setObjectName("spellingLanguage")
        for code, (_dictionary, name) in LANGUAGES.items():
            self.language.addItem(name, code)
        self.form.addRow(self.tr("Dictionary:"), self.language)
        self.note(
            self.tr(
                "Only action, dialogue, parentheticals and transitions are checked; your characters' names "
                "and places count as words. Add to This Script keeps a word in the script itself, as "
                "/* Screenwright dictionary: … */ at the end, which other Fountain apps ignore."
            )
        )

    def load(self) -> None:
        self.load_checks()
        index = self.language.findData(self.spelling.checker.language)
        self.language.setCurrentIndex(max(0, index))

    def apply(self) -> None:
        self.spelling.as_you_type_action.setChecked(self.as_you_type.isChecked())
        self.spelling.set_language(str(self.language.currentData()))
