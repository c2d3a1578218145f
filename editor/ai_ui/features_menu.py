"""AI ▸ Features: which AI features the active model has earned, why, and the writer's override.

Each feature is a checkable item: checked means on. A feature the model's report card turns off
reads "… — needs a larger model" with the card's evidence in its tooltip; checking it turns it on
anyway (and unchecking an earned one turns it off), remembered in the settings
(``Key.AI_FEATURE_OVERRIDES``). AI ▸ Models… is where a larger model is brought in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from editor.ai.gate import FEATURES

if TYPE_CHECKING:
    from editor.ai_ui.ai_controller import AIController


class FeaturesMenu(QMenu):
    def __init__(self, controller: AIController, parent: QWidget) -> None:
        super().__init__(parent.tr("AI &Features"), parent)
        self.setObjectName("aiFeaturesMenu")
        self.setToolTipsVisible(True)
        self.controller = controller
        self.header = self.addAction("")
        self.header.setEnabled(False)
        self.addSeparator()
        self.items: dict[str, QAction] = {}
        for key in FEATURES:
            action = self.addAction(FEATURES[key])
            action.setCheckable(True)
            action.setObjectName(f"aiFeature_{key}")
            action.toggled.connect(lambda on, k=key: self._toggled(k, on))
            self.items[key] = action
        controller.features_changed.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        card = self.controller.card
        if card and card.get("model"):
            self.header.setText(self.tr("Measured for {0} on the development set").format(card["model"]))
        else:
            self.header.setText(self.tr("Not measured for this model (screenwright-model eval)"))
        for key, action in self.items.items():
            state = self.controller.features[key]
            action.blockSignals(True)
            action.setChecked(state.enabled)
            action.blockSignals(False)
            label = FEATURES[key]
            if not state.enabled:
                label += " — " + ("turned off" if state.overridden else "needs a larger model")
            elif state.overridden:
                label += " — turned on anyway"
            if state.short:
                label += f" ({state.short})"
            action.setText(label)
            action.setToolTip(state.reason)
            action.setStatusTip(state.reason)

    def _toggled(self, key: str, on: bool) -> None:
        self.controller.set_feature_override(key, on)
