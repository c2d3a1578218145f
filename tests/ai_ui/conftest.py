"""Fixtures for the AI user interface: an editor with ghost text over the tiny test model.

The tiny model (``tests/support/tiny_model.py``) knows a short screenplay by heart, so greedy
continuations of its lines are predictable; it runs in the real inference worker thread.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.ai_ui_kit import AIEditor

from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.ghost_text import GhostText
from editor.config.resources import load_script_fonts, script_font
from editor.config.settings import Settings
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    """Finalise each test's widgets here, on the UI thread, after every other fixture's teardown
    (the model thread of the next test must never be the one that runs the cyclic collector)."""
    yield
    gc.collect()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def make_controller(qtbot, settings: Settings) -> Iterator[Callable[..., AIController]]:
    made: list[AIController] = []

    def make(**kwargs: object) -> AIController:
        controller = AIController(settings, **kwargs)  # type: ignore[arg-type]
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def _editor_factory(qtbot, make_controller) -> Callable[..., AIEditor]:
    load_script_fonts()

    def make(text: str = "", *, controller: AIController | None = None) -> AIEditor:
        controller = controller or make_controller()
        document = ScriptDocument(text, font=script_font())
        editor = ScriptEditor(document)
        qtbot.addWidget(editor)
        editor.resize(1000, 700)
        editor.show()
        qtbot.waitExposed(editor)
        editor.setFocus()
        controller.client()  # started, as a window does at launch
        ghost = GhostText(editor, controller)
        made = AIEditor(editor, ghost, controller)
        made.move_to_end()
        return made

    return make


@pytest.fixture
def make_ai_editor(qtbot, tiny_model_store, make_controller) -> Callable[..., AIEditor]:
    """Editors whose AI runs the tiny test model."""
    return _editor_factory(qtbot, make_controller)


@pytest.fixture
def default_model():
    """The real default model (``make model``); tests using it are marked ``model``."""
    from inference.errors import InferenceError
    from inference.store.models import active_model

    try:
        info = active_model()
    except InferenceError as exc:
        pytest.skip(f"the default model is not installed: {exc}")
    if getattr(info, "error", None):
        pytest.skip(f"the default model is not usable: {info.error}")
    return info


@pytest.fixture
def make_model_ai_editor(qtbot, default_model, settings, make_controller) -> Callable[..., AIEditor]:
    """Editors whose AI runs the real default model, every feature on: these tests exercise each
    feature with it, as a writer who turned them all on in AI ▸ Features (the default model's
    report card turns some off)."""
    from editor.ai.gate import FEATURES
    from editor.config.settings import Key

    settings.set(Key.AI_FEATURE_OVERRIDES, tuple(f"{key}=on" for key in FEATURES))
    return _editor_factory(qtbot, make_controller)
