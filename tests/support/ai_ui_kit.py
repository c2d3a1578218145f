"""Helpers shared by the AI user-interface tests."""

from __future__ import annotations

from dataclasses import dataclass

from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.ghost_text import GhostText
from editor.page.script_editor import ScriptEditor

LONG_WAIT_MS = 60000

# Two speeches in a diner, the cursor after them: the panels' and the verdict log's tests start here.
DINER_SCENE = (
    "INT. DINER - NIGHT\n\n"
    "Rain streaks the window. A neon sign buzzes overhead.\n\n"
    "MARA\n"
    "I told you not to come here.\n\n"
    "HALE\n"
    "The money is gone.\n\n"
)


@dataclass
class AIEditor:
    editor: ScriptEditor
    ghost: GhostText
    controller: AIController

    def move_to_end(self) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def text(self) -> str:
        return self.editor.script_document.text()
