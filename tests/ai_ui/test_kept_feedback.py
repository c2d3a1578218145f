"""Learning from kept suggestions: the UI's verdicts reach the log (opt-in), and Preferences ▸
Learning shows, counts and erases it. The tiny model runs in the real worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from support.ai_ui_kit import DINER_SCENE as SCENE
from support.ai_ui_kit import LONG_WAIT_MS

from editor.ai.kept_log import read_entries
from editor.ai.rewrite import RewriteResult
from editor.ai.suggestions import Alternatives
from editor.ai_ui.learning_preferences import LearningPage
from editor.ai_ui.rewrite_preview import RewritePreviewDialog
from editor.ai_ui.suggestions_panel import SuggestionsPanel
from editor.config.settings import Key
from editor.files import save_queue

GHOST_SCENE = (
    "INT. DINER - NIGHT\n\nRain streaks the window. A neon sign buzzes overhead.\n\nMARA\nI told you"
)


def _entries(controller):  # type: ignore[no-untyped-def]
    save_queue.wait_idle()
    return read_entries(controller.kept_log.path)


def _show_ghost(qtbot, ai) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    return ai.ghost.text()


def test_accepted_ghost_text_is_recorded_with_its_context_only_when_opted_in(
    qtbot, make_ai_editor, settings
) -> None:
    ai = make_ai_editor(GHOST_SCENE)
    ghost = _show_ghost(qtbot, ai)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == GHOST_SCENE + ghost
    assert _entries(ai.controller) == []  # off by default: nothing stored

    settings.set(Key.AI_LEARN_FROM_KEPT, True)
    ai.editor.undo()
    ai.move_to_end()
    ghost = _show_ghost(qtbot, ai)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Escape)  # dismissed: not a verdict
    assert _entries(ai.controller) == []
    ghost = _show_ghost(qtbot, ai)
    first = ai.ghost.text().split()[0]
    qtbot.keyClick(ai.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # one word
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # then the rest
    assert ai.text() == GHOST_SCENE + ghost
    (entry,) = _entries(ai.controller)
    assert (entry.feature, entry.outcome, entry.how) == ("ghost", "kept", "accepted")
    assert entry.text == ghost and entry.text.split()[0] == first
    assert entry.context.startswith("INT. DINER - NIGHT\n") and entry.context.endswith("MARA\nI told you")
    assert entry.model


def _panel_with(qtbot, ai, lines: list[str], *, replace: bool) -> SuggestionsPanel:  # type: ignore[no-untyped-def]
    """A panel that really asked the tiny model for the cursor's line, showing ``lines`` (the tiny
    model's own lines are too often none at all to test with)."""
    panel = SuggestionsPanel(ai.controller)
    qtbot.addWidget(panel)
    panel.set_editor(ai.editor)
    with qtbot.waitSignal(panel.ready, timeout=LONG_WAIT_MS):
        panel.request()
    speaker = panel.result.speaker if panel.result else "MARA"
    result = Alternatives(
        speaker, list(lines), replace_line=replace, insert_prefix="" if replace else f"{speaker}\n"
    )
    panel.result = result
    panel._show_result(result)
    return panel


def test_an_inserted_suggestion_is_kept_against_the_lines_beside_it(qtbot, make_ai_editor, settings) -> None:
    settings.set(Key.AI_LEARN_FROM_KEPT, True)
    ai = make_ai_editor(SCENE)
    panel = _panel_with(qtbot, ai, ["Go home.", "Stay.", "Run."], replace=False)
    assert panel.insert(1)
    (entry,) = _entries(ai.controller)
    assert (entry.feature, entry.outcome, entry.how, entry.text) == (
        "suggestion",
        "kept",
        "inserted",
        "Stay.",
    )
    assert entry.others == ("Go home.", "Run.")
    # The context is the prompt context before the inserted line: the scene, then the new cue.
    assert ai.text().endswith("The money is gone.\n\nMARA\nStay.")
    assert entry.context.startswith("INT. DINER - NIGHT\n\n[[Characters:")
    assert entry.context.endswith("The money is gone.\n\nMARA\n")


def test_regenerated_and_passed_over_suggestions_are_rejected(qtbot, make_ai_editor, settings) -> None:
    settings.set(Key.AI_LEARN_FROM_KEPT, True)
    ai = make_ai_editor(SCENE)
    ai.editor.go_to_line(5)  # in MARA's speech: a replacement
    panel = _panel_with(qtbot, ai, ["Leave now.", "Not here."], replace=True)
    with qtbot.waitSignal(panel.ready, timeout=LONG_WAIT_MS):
        panel.regenerate()
    entries = _entries(ai.controller)
    assert [(e.outcome, e.how, e.text) for e in entries] == [
        ("rejected", "regenerate", "Leave now."),
        ("rejected", "regenerate", "Not here."),
    ]
    assert entries[0].context.endswith("MARA\n")  # the speech being replaced is not context
    panel.result = Alternatives("MARA", ["Shown, then left."], replace_line=True)
    ai.editor.go_to_line(2)  # the writer moved on without inserting
    with qtbot.waitSignal(panel.ready, timeout=LONG_WAIT_MS):
        panel.request()
    assert [(e.how, e.text) for e in _entries(ai.controller)][2:] == [("passed over", "Shown, then left.")]


def _rewrite(qtbot, ai) -> RewritePreviewDialog:  # type: ignore[no-untyped-def]
    dialog = RewritePreviewDialog(ai.editor, ai.controller, 2, 5, "Tighter")
    qtbot.addWidget(dialog)
    original = "\n".join(SCENE.split("\n")[2:6])
    dialog.result = RewriteResult(
        2, 5, "Tighter", original, original.replace("Rain streaks the window.", "Rain."), "ok"
    )
    return dialog


def test_rewrite_keep_discard_and_regenerate_are_verdicts(qtbot, make_ai_editor, settings) -> None:
    settings.set(Key.AI_LEARN_FROM_KEPT, True)
    ai = make_ai_editor(SCENE)
    kept = _rewrite(qtbot, ai)
    assert kept.keep()
    ai.editor.undo()
    discarded = _rewrite(qtbot, ai)
    discarded.discard_button.click()
    regenerated = _rewrite(qtbot, ai)
    regenerated.regenerate()
    qtbot.waitUntil(lambda: not regenerated.is_running(), timeout=LONG_WAIT_MS)
    entries = _entries(ai.controller)
    assert [(e.feature, e.outcome, e.how) for e in entries[:3]] == [
        ("rewrite", "kept", "keep"),
        ("rewrite", "rejected", "discard"),
        ("rewrite", "rejected", "regenerate"),
    ]
    assert entries[0].text.startswith("Rain.") and entries[0].original.startswith("Rain streaks")
    assert entries[0].context.startswith("INT. DINER - NIGHT") and "Rain" not in entries[0].context
    # A failed rewrite is no verdict; the preview closing after Keep is not a Discard either.
    assert len([e for e in entries if e.how == "discard"]) == 1


def test_preferences_learning_page_counts_shows_and_erases(
    qtbot, make_controller, settings, monkeypatch
) -> None:
    controller = make_controller()
    log = controller.kept_log
    page = LearningPage(settings, log)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(lambda: page.stats is not None, timeout=5000)
    assert not page.enabled.isChecked() and page.count.text() == "Nothing recorded."
    assert not page.erase_button.isEnabled()
    page.enabled.setChecked(True)
    page.apply()
    assert settings.get(Key.AI_LEARN_FROM_KEPT)
    log.kept("ghost", "accepted", "INT. ROOM - DAY\n\nBOB\nI", " am here.")
    log.rejected("rewrite", "discard", "INT. ROOM - DAY\n\n", "A room.")
    page.stats = None
    page.refresh()
    qtbot.waitUntil(lambda: page.stats is not None, timeout=5000)
    assert page.count.text().startswith("1 kept and 1 rejected")
    viewer = page.show_entries()
    qtbot.waitUntil(lambda: viewer.loaded, timeout=5000)
    shown = viewer.view.toPlainText()
    assert shown.index("Rejected") < shown.index("Kept")  # newest first
    assert "am here." in shown and "A room." in shown
    viewer.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    page.confirm_erase()
    save_queue.wait_idle()
    assert log.path.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.stats = None
    page.confirm_erase()
    qtbot.waitUntil(lambda: page.stats is not None, timeout=5000)
    assert not log.path.exists() and page.count.text() == "Nothing recorded."


def test_the_window_has_a_learning_page(qtbot, make_window) -> None:
    window = make_window()
    dialog = window.show_preferences()
    qtbot.addWidget(dialog)
    page = dialog.page("Learning")
    assert isinstance(page, LearningPage) and page.log is window.ai.controller.kept_log
    dialog.reject()
