"""The keys corpus in the assembled window: AI on (ghost text, the suggestions dock following the
cursor, the AI menu's shortcuts) and AI off (the writer's switch) type the same files.

A subset of the corpus (the scripts where element and movement keys meet ghost text most), typed
into a tab of the real main window; ``test_keys_corpus.py`` types the whole corpus into bare pages.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.keys_replay import GhostRun, KeyScript, load_corpus, replay

from editor.config.resources import script_font
from editor.config.settings import Key, Settings
from editor.page.document import ScriptDocument
from editor.window.main_window import MainWindow

NAMES = (
    "01_cue_after_speech",
    "10_smarttype_pick_enter",
    "13_cue_prefix_enter",
    "18_undo_words",
    "21_end_after_undo",
    "22_end_mid_dialogue",
    "26_page_keys",
    "38_enter_ends_a_half_line",
    "39_tab_under_a_continuation",
    "45_action_keys_under_a_continuation",
    "47_undo_under_a_continuation",
    "41_accept_speaker_enter",
    "42_accept_alt_enter_dialogue",
)
SCRIPTS = [s for s in load_corpus() if s.name in NAMES]


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    yield
    gc.collect()


def _window(make_window, folder: Path, ai: bool) -> MainWindow:
    settings = Settings(folder / "settings.ini")
    settings.set(Key.AI_ENABLED, ai)
    window = make_window(settings, size=(1280, 800))
    window.ai.panel_action.trigger()  # the Dialogue Suggestions dock open, following the cursor
    return window


def _tab(window: MainWindow, script: KeyScript):
    tab = window.add_document(ScriptDocument(script.start, font=script_font()))
    editor = tab.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    return editor


def test_the_window_with_ai_on_and_off_types_the_same_files(
    qtbot, make_window, tiny_model_store, tmp_path: Path
) -> None:
    assert len(SCRIPTS) == len(NAMES)
    (tmp_path / "off").mkdir()
    (tmp_path / "on").mkdir()
    off_window = _window(make_window, tmp_path / "off", ai=False)
    on_window = _window(make_window, tmp_path / "on", ai=True)
    on_window.ai.controller.client()  # the model starts, as at launch
    run = GhostRun(on_window.ai.controller)
    diverged: list[str] = []
    for script in SCRIPTS:
        off = replay(_tab(off_window, script), script)
        editor = _tab(on_window, script)
        on = run.type(script, editor, on_window.ai.ghost_for(editor))
        if script.accept is None:
            if on != off:
                diverged.append(f"{script.name}:\n{off!r}\n{on!r}")
        elif on == off:  # what it inserts depends on how far the model got: that it did is checked
            diverged.append(f"{script.name}: the accept gesture did not insert:\n{on!r}")
    assert not diverged, "\n\n".join(diverged)
    assert run.met_ghost >= 0.4 * run.special_keys, (run.met_ghost, run.special_keys)
