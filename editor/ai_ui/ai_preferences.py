"""The AI page of Preferences: the one switch, and which features run while it is on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from editor.ai_ui.ai_controller import AIController
from editor.config.settings import Key, Settings
from editor.window.preferences import PreferencePage


class AIPage(PreferencePage):
    """AI on/off goes through the controller (off cancels work and unloads the model)."""

    title = "AI"

    def __init__(
        self,
        settings: Settings,
        controller: AIController,
        parent: QWidget | None = None,
        *,
        open_models: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(settings, parent)
        self.controller = controller
        self.enabled = self.check(self.tr("Use the local AI model"), Key.AI_ENABLED)
        self.ghost = self.check(
            self.tr("Suggest as I type (grey text; Alt+Enter takes it)"), Key.AI_GHOST_TEXT
        )
        self.summaries = self.check(self.tr("Summarize scenes while I am idle"), Key.AI_SUMMARIES)
        self.enabled.toggled.connect(self._follow_switch)
        if open_models is not None:
            models = QPushButton(self.tr("Models and Servers…"), self)
            models.setObjectName("openModels")
            models.clicked.connect(open_models)
            self.form.addRow(self.tr("Models:"), models)
        self.note(
            self.tr(
                "Everything runs on this computer unless you connect a model server (Models and "
                "Servers…), and then only that server is contacted. With AI off no model is loaded; "
                "Dialogue Suggestions, Rewrite and Draft Scene stay available from the AI menu when on."
            )
        )

    def _follow_switch(self, on: bool) -> None:
        self.ghost.setEnabled(on)
        self.summaries.setEnabled(on)

    def load(self) -> None:
        self.load_checks()
        self._follow_switch(self.enabled.isChecked())

    def apply(self) -> None:
        self.settings.set(Key.AI_GHOST_TEXT, self.ghost.isChecked())
        self.settings.set(Key.AI_SUMMARIES, self.summaries.isChecked())
        self.controller.set_enabled(self.enabled.isChecked())
