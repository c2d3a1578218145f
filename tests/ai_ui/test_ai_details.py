"""Details: adaptive debounce, streamed ghost text, script-only suggestions, status texts, notes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from support.ai_ui_kit import LONG_WAIT_MS

from editor.ai.debounce import BASE_MS, MAX_MS, MIN_MS, AdaptiveDebounce
from editor.ai.word_diff import changed_words, diff_html
from editor.ai_ui.rewrite_preview import RewritePreviewDialog
from editor.ai_ui.status_view import AIStatusView
from editor.ai_ui.suggestions_panel import SuggestionsPanel


def test_debounce_starts_at_the_base_and_adapts_within_bounds() -> None:
    d = AdaptiveDebounce()
    assert d.interval_ms() == int(BASE_MS)
    for t in range(0, 2000, 60):  # a fast typist: a key every 60 ms
        d.keystroke(float(t))
    fast = d.interval_ms()
    assert MIN_MS <= fast < BASE_MS
    slow = AdaptiveDebounce()
    for t in range(0, 6000, 400):  # hunt and peck
        slow.keystroke(float(t))
    assert slow.interval_ms() > fast
    slow.model_latency(5000)  # a very slow model: ask less often, never beyond the cap
    assert slow.interval_ms() == int(MAX_MS)
    pauses = AdaptiveDebounce()
    pauses.keystroke(0.0)
    pauses.keystroke(10_000.0)  # a pause is not typing speed
    assert pauses.typing_ms is None


def test_word_diff_marks_only_changed_words() -> None:
    left, right = diff_html("She walks in.\n\nMARA\nHello there.", "She storms in.\n\nMARA\nHello there.")
    assert "line-through" in left and "walks" in left and "storms" in right
    assert left.count("<span") == 1 and right.count("<span") == 1
    assert changed_words("a b c", "a b c") == 0 and changed_words("a b c", "a x c") == 1


def test_streamed_words_show_before_the_final_suggestion_and_agree_with_it(qtbot, make_ai_editor) -> None:
    # The scene as the tiny model learned it: without the action line it drifts into non-words
    # ("happeoverrrrates."), which validation now refuses to show.
    ai = make_ai_editor(
        "INT. DINER - NIGHT\n\nRain streaks the window. A neon sign buzzes overhead.\n\nMARA\nI told you"
    )
    streamed: list[str] = []
    ai.ghost.streamed.connect(streamed.append)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS) as final:
        ai.ghost.request_now()
    assert streamed, "nothing was shown before the whole suggestion was decoded"
    assert all(final.args[0].startswith(s.rstrip()) for s in streamed)


def test_heading_suggests_the_scripts_own_locations_without_the_model(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor("INT. WAREHOUSE - DAY\n\nDust.\n\nINT. WAREHOUSE - NIGHT\n\nRats.\n\nINT. WA")
    started: list[int] = []
    ai.controller.client().started.connect(started.append)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    assert ai.ghost.text() == "REHOUSE"
    assert started == []  # known places come from the script, not the model
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text().endswith("INT. WAREHOUSE")


def test_status_texts_for_every_state(qtbot, make_controller) -> None:
    controller = make_controller()
    label = QLabel()
    qtbot.addWidget(label)
    view = AIStatusView(label, controller)
    expected = {
        ("loading", ""): "AI loading model…",
        ("thinking", "autocomplete"): "AI thinking…",
        ("thinking", "87 tok/s"): "AI 87 tok/s",
        ("idle", ""): "AI ready · 87 tok/s",
        ("error", "The model file is damaged."): "AI: model files damaged — Retry",
        ("error", "The default model is not installed (looked in /home/w/.local/share/x/models)."): (
            "AI: no model installed — Retry"
        ),
        ("error", "The model failed: a kernel fault."): "AI: the model failed — Retry",
    }
    for (state, detail), text in expected.items():
        controller._on_worker_status(state, detail)
        assert view.text() == text
        if state == "error":
            assert detail in label.toolTip()  # the whole reason, path included, is one hover away
    controller.set_enabled(False)
    assert view.text() == "AI off Turn on"
    # Back on: no speed is shown until the reloaded model has measured one.
    controller.set_enabled(True)
    assert view.text() == "AI ready"


@pytest.mark.model
def test_alt_number_inserts_a_shown_suggestion(qtbot, make_model_ai_editor) -> None:
    text = "INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\nThe money is gone.\n\n"
    ai = make_model_ai_editor(text)
    panel = SuggestionsPanel(ai.controller)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_editor(ai.editor)
    with qtbot.waitSignal(panel.ready, timeout=LONG_WAIT_MS):
        panel.request()
    result = panel.result
    assert result is not None and result.lines, result and result.reason
    qtbot.keyClick(panel, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == text + f"{result.speaker}\n{result.lines[0]}"


def test_regenerate_passes_the_writers_note_to_the_model(qtbot, make_ai_editor) -> None:
    text = "INT. DINER - NIGHT\n\nRain streaks the window.\n\nMARA\nI told you not to come here.\n"
    ai = make_ai_editor(text)
    dialog = RewritePreviewDialog(ai.editor, ai.controller, 2, 5, "Tighter")
    qtbot.addWidget(dialog)
    prompts: list[str] = []
    dialog.note_edit.setText("make her angrier")
    dialog.regenerate()
    dialog._slot.driver.step_started.connect(lambda _purpose, prompt: prompts.append(prompt))
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=LONG_WAIT_MS)
    assert prompts and all("make her angrier" in p for p in prompts)


@pytest.mark.model
def test_ghost_text_with_the_default_model_accepts_as_one_undo_step(qtbot, make_model_ai_editor) -> None:
    text = (
        "INT. LIVING ROOM - NIGHT\n\nANNA\nYou always bring up the lake house when you want something.\n\n"
        "BEN\nI just thought we could go"
    )
    ai = make_model_ai_editor(text)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    ghost = ai.ghost.text()
    assert ghost.strip() and "\n" not in ghost
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == text + ghost
    assert ai.editor.script_document.line_type(6).name == "DIALOGUE"
    ai.editor.undo()
    assert ai.text() == text


def test_summary_keys_match_the_ai_cores_scene_key_and_are_cached_per_snapshot() -> None:
    from support.synthetic import generate_script

    from editor.ai.summary import scene_key
    from editor.ai_ui.ai_controller import AIController
    from editor.ai_ui.summaries import SceneSummarizer, SummaryCache
    from editor.fountain.parser import parse

    script = parse(generate_script(120))
    summarizer = SceneSummarizer(AIController(None), SummaryCache(None))
    keys = summarizer.keys_for(script)
    assert [scene_key(script, s) for s in script.scenes] == keys
    assert summarizer.keys_for(script) is keys  # cached per snapshot
    assert all(summarizer.synopsis_for(script, s) is None for s in script.scenes)
    summarizer.shutdown()


def test_nothing_starts_a_model_thread_after_shutdown(qtbot, make_controller, tiny_model_store) -> None:
    # A debounce timer or a background summary can fire while the window closes: it must find AI
    # gone, not load the model again on a thread that nobody stops before exit.
    controller = make_controller()
    assert controller.client() is not None
    controller.shutdown()
    assert controller.client() is None and not controller.has_client()
    assert controller.driver(_NoTask(), name="ghost") is None


class _NoTask:
    closed = False

    def close(self) -> None:
        self.closed = True
