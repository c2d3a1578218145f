"""Preferences: one dialog, a list of pages on the left, each page owned by the feature it sets.

Why pages registered by features rather than one big form: the window knows no optional feature
(``editor.app`` installs them), and features keep arriving (spelling language, model settings).
A feature adds its page with ``window.preference_pages.append(factory)``; the dialog builds each
page from ``factory(settings)`` when it opens. A page reads the settings in ``load`` and writes them
in ``apply`` (OK or Apply); listeners of ``Settings.changed`` (the window, the AI controller) bring
the change to the screen, so a page never reaches into the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor.config.settings import Key, Settings, Theme
from editor.fountain.page_geometry import Paper


class PreferencePage(QWidget):
    """One page of the dialog: a title for the list, ``load`` from and ``apply`` to the settings."""

    title = "Page"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def load(self) -> None:
        """Show the current settings."""

    def apply(self) -> None:
        """Store what the page shows."""

    def note(self, text: str) -> QLabel:
        """A grey explanatory line under the page's fields (why a setting matters)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setEnabled(False)
        self.form.addRow(label)
        return label

    def check(self, text: str, key: Key) -> QCheckBox:
        """A checkbox bound to a boolean setting: loaded and applied with the page."""
        box = QCheckBox(text, self)
        box.setProperty("settingKey", key.name)
        self.form.addRow(box)
        return box

    def load_checks(self) -> None:
        for box in self.findChildren(QCheckBox):
            name = box.property("settingKey")
            if name:
                box.setChecked(bool(self.settings.get(Key[name])))

    def apply_checks(self) -> None:
        for box in self.findChildren(QCheckBox):
            name = box.property("settingKey")
            if name:
                self.settings.set(Key[name], box.isChecked())


PageFactory = Callable[[Settings], PreferencePage]


class GeneralPage(PreferencePage):
    title = "General"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.theme = QComboBox(self)
        for label, value in (
            (self.tr("Follow the system"), Theme.SYSTEM),
            (self.tr("Light"), Theme.LIGHT),
            (self.tr("Dark"), Theme.DARK),
        ):
            self.theme.addItem(label, value.value)
        self.form.addRow(self.tr("Theme:"), self.theme)
        self.reopen = self.check(self.tr("Reopen last time's scripts where I left off"), Key.REOPEN_SESSION)

    def load(self) -> None:
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.settings.get(Key.THEME).value)))
        self.load_checks()

    def apply(self) -> None:
        self.settings.set(Key.THEME, Theme(self.theme.currentData()))
        self.apply_checks()


class PagePrintPage(PreferencePage):
    title = "Page and Print"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.paper = QComboBox(self)
        self.paper.addItem(self.tr("US Letter (55 lines, action 61 characters)"), Paper.LETTER.value)
        self.paper.addItem(self.tr("A4 (57 lines, action 58 characters)"), Paper.A4.value)
        self.form.addRow(self.tr("Paper:"), self.paper)
        self.check(self.tr("Print scene numbers in the margins"), Key.EXPORT_SCENE_NUMBERS)
        self.check(self.tr("Bold scene headings (on screen and in print)"), Key.BOLD_SCENE_HEADINGS)
        self.note(
            self.tr(
                "The page on screen is the printed page: the paper chosen here sets where every line "
                "breaks in the page view, the PDF and File ▸ Print."
            )
        )

    def load(self) -> None:
        self.paper.setCurrentIndex(max(0, self.paper.findData(str(self.settings.get(Key.PAPER)))))
        self.load_checks()

    def apply(self) -> None:
        self.settings.set(Key.PAPER, str(self.paper.currentData()))
        self.apply_checks()


class EditingPage(PreferencePage):
    title = "Editing"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.check(self.tr("Smart typing (Tab and Enter choose the next element)"), Key.SMART_TYPING)
        self.check(self.tr("SmartType lists of names, places and times"), Key.SMART_TYPE_COMPLETION)
        self.check(self.tr("Capitalise scene headings, cues and transitions as I type"), Key.AUTO_UPPERCASE)

    def load(self) -> None:
        self.load_checks()

    def apply(self) -> None:
        self.apply_checks()


class FilesPage(PreferencePage):
    title = "Saving and Backups"

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.backups = QSpinBox(self)
        self.backups.setRange(0, 100)
        self.backups.setSpecialValueText(self.tr("None"))
        self.form.addRow(self.tr("Earlier versions kept per script:"), self.backups)
        self.note(
            self.tr(
                "Each save keeps the previous version of the script in Screenwright's data folder. "
                "Unsaved work is journalled as you type and offered back after a crash."
            )
        )

    def load(self) -> None:
        self.backups.setValue(int(self.settings.get(Key.BACKUP_GENERATIONS)))

    def apply(self) -> None:
        self.settings.set(Key.BACKUP_GENERATIONS, self.backups.value())


#: The pages every window has; features append theirs to ``MainWindow.preference_pages``.
BUILTIN_PAGES: tuple[PageFactory, ...] = (GeneralPage, PagePrintPage, EditingPage, FilesPage)


class PreferencesDialog(QDialog):
    """The pages in a list, one shown at a time; OK and Apply store every page."""

    def __init__(self, settings: Settings, pages: list[PageFactory], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self.list = QListWidget(self)
        self.list.setObjectName("preferencePages")
        self.list.setFixedWidth(170)
        self.list.setSpacing(3)
        self.stack = QStackedWidget(self)
        self.pages: list[PreferencePage] = []
        for factory in pages:
            page = factory(settings)
            page.setParent(self.stack)
            page.load()
            self.pages.append(page)
            self.stack.addWidget(page)
            self.list.addItem(page.tr(page.title))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def page(self, title: str) -> PreferencePage:
        return next(page for page in self.pages if page.title == title)

    def show_page(self, title: str) -> None:
        self.list.setCurrentRow(self.pages.index(self.page(title)))

    def apply(self) -> None:
        for page in self.pages:
            page.apply()
        self.settings.sync()

    def accept(self) -> None:
        self.apply()
        super().accept()
