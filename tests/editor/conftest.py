"""Fixtures for editor tests: a shown editor over a fresh document."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from editor.config.resources import load_script_fonts, script_font
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor


@pytest.fixture
def make_editor(qtbot) -> Callable[..., ScriptEditor]:
    load_script_fonts()

    def make(text: str = "", *, width: int = 1000, height: int = 700) -> ScriptEditor:
        document = ScriptDocument(text, font=script_font())
        editor = ScriptEditor(document)
        qtbot.addWidget(editor)
        editor.resize(width, height)
        editor.show()
        qtbot.waitExposed(editor)
        editor.setFocus()
        return editor

    return make
