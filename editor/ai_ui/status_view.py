"""The AI's slot in the status bar: off / loading / idle / thinking / tokens per second / error.

An error shows its reason (in full in the tooltip) and a Retry link; with AI off the label says so
and how to turn it back on. The label is the one the status bar created for us (``aiStatusLabel``).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel

from editor.ai_ui.ai_controller import (
    STATE_ERROR,
    STATE_IDLE,
    STATE_LOADING,
    STATE_OFF,
    STATE_THINKING,
    AIController,
)

MAX_REASON_CHARS = 32


class AIStatusView(QObject):
    def __init__(self, label: QLabel, controller: AIController) -> None:
        super().__init__(label)
        self.label = label
        self.controller = controller
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.linkActivated.connect(self._on_link)
        controller.status_changed.connect(self.show_status)
        self.show_status(controller.state, controller.detail)

    def text(self) -> str:
        """The label's text without markup (what a test or a screen reader reads)."""
        return self._plain

    @Slot(str, str)
    def show_status(self, state: str, detail: str) -> None:
        tr = self.tr
        rate = self.controller.tokens_per_s
        tip = ""
        link = ""
        if state == STATE_OFF:
            text = tr("AI off")
            tip = tr("AI features are turned off (AI ▸ Enable AI Features).")
            link = f' <a href="enable">{tr("Turn on")}</a>'
        elif state == STATE_LOADING:
            text = tr("AI loading model…")
            tip = tr("The language model is loading in the background; you can keep writing.")
        elif state == STATE_THINKING:
            if detail.endswith("tok/s"):
                text = tr("AI %1 tok/s").replace("%1", detail.split()[0])
            else:
                text = tr("AI thinking…")
            tip = tr("The language model is working in the background.")
        elif state == STATE_ERROR:
            reason = detail or self.controller.last_error or tr("unknown error")
            text = tr("AI: %1 —").replace("%1", self.short_reason(reason))
            tip = tr(
                "%1\n\nThe editor works normally without AI. Click Retry to load the model again."
            ).replace("%1", reason)
            link = f' <a href="retry">{tr("Retry")}</a>'
        else:  # idle
            text = tr("AI ready") if rate <= 0 else tr("AI ready · %1 tok/s").replace("%1", f"{rate:.0f}")
            tip = tr(
                "Ghost text: Alt+Enter accepts, Ctrl+→ one word, Esc dismisses, Alt+\\ asks now; "
                "in a new cue Enter takes the predicted speaker."
            )
            state = STATE_IDLE
        self._plain = text + (" " + link.split(">")[1].split("<")[0] if link else "")
        self.label.setProperty("aiState", state)
        self.label.setText(_escape(text) + link)
        self.label.setToolTip(tip)

    def short_reason(self, reason: str) -> str:
        """A few words for the status bar (the full reason, with paths and hints, is the tooltip):
        a cut-off "The default model is not installed (looked in /…" told the writer nothing."""
        lower = reason.lower()
        for needles, short in (
            (("libraries are not installed", "backend"), self.tr("backend not available")),
            (("not installed", "no model"), self.tr("no model installed")),
            (("out of memory", "lack of memory", "memory"), self.tr("out of memory")),
            (("stopped unexpectedly",), self.tr("model process stopped")),
            (("damaged", "corrupt", "is missing", "has no"), self.tr("model files damaged")),
        ):
            if any(n in lower for n in needles):
                return short
        first = re.split(r"(?<=[.!?])\s|\s\(|:\s", reason.strip(), maxsplit=1)[0].rstrip(".")
        first = first[:1].lower() + first[1:] if first[1:2].islower() else first
        return first if len(first) <= MAX_REASON_CHARS else first[: MAX_REASON_CHARS - 1].rstrip() + "…"

    @Slot(str)
    def _on_link(self, href: str) -> None:
        if href == "enable":
            self.controller.set_enabled(True)
        elif href == "retry":
            self.controller.retry()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["STATE_LOADING", "AIStatusView"]
