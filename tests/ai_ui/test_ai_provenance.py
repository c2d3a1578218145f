"""AI provenance end to end: accept AI text, edit part of it, save, reopen, and ask who wrote what."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from support.ai_ui_kit import LONG_WAIT_MS, AIEditor
from support.editor_testkit import type_text

from editor.page.document import ScriptDocument
from editor.production.provenance import provenance_report

SCENE = "INT. DINER - NIGHT\n\nRain streaks the window. A neon sign buzzes overhead.\n\nMARA\nI told you"


def test_accepted_ghost_text_edited_saved_and_reopened_keeps_the_right_provenance(
    qtbot, make_ai_editor, tmp_path: Path
) -> None:
    ai: AIEditor = make_ai_editor(SCENE)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    ghost = ai.ghost.text()
    words = ghost.split()
    assert len(words) >= 3
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    document = ai.editor.script_document
    assert document.text() == SCENE + ghost
    [span] = document.ai_spans.spans
    assert document.text()[span.start : span.end] == ghost.strip()
    assert span.model == ai.controller.model_label() and span.source == "ghost"
    # The writer types a word inside the AI's text: that word is the writer's.
    second_word_at = len(SCENE) + ghost.index(words[1])
    cursor = ai.editor.textCursor()
    cursor.setPosition(second_word_at)
    ai.editor.setTextCursor(cursor)
    type_text(qtbot, ai.editor, "REALLY ")
    text = document.text()
    path = tmp_path / "diner.fountain"
    document.save(path)
    assert "BEAT:" in path.read_text(encoding="utf-8")

    reopened = ScriptDocument.open(path)
    assert reopened.text() == text
    pieces = [reopened.text()[s.start : s.end] for s in reopened.production.spans]
    assert "REALLY" not in " ".join(pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(ghost.split())
    report = provenance_report(reopened.text(), reopened.production.spans)
    assert report.ai_words == len(ghost.split())
    assert report.lines() == [6]
    assert list(report.models) == [ai.controller.model_label()]
    # Saving the reopened document unchanged writes the same bytes.
    before = path.read_bytes()
    reopened.save(path)
    assert path.read_bytes() == before


def test_a_known_name_taken_from_the_ghost_is_not_recorded_as_ai_text(qtbot, make_ai_editor) -> None:
    # The rest of a character's name is the script's own word (SmartType offers it too), not the
    # model's writing: a provenance report that counted it would overstate what the AI wrote.
    text = "INT. DINER - NIGHT\n\nMARA\nI told you.\n\nHALE\nYou did.\n\n"
    ai: AIEditor = make_ai_editor(text)
    ai.editor.completer.enabled = False
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(ai.editor, "MA")
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    assert ai.ghost.text() == "RA"
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == text + "MARA"
    assert ai.editor.script_document.ai_spans.spans == []
