"""Ghost text with the tiny model in the real worker: show, accept, word, dismiss, consume, stale.

The keys: Alt+Enter accepts, Ctrl+→ one word, Esc dismisses; Tab, Enter, End and the arrows keep
their own meaning (the predicted speaker rides on Tab and Enter inside the cue Tab starts)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from support.ai_ui_kit import LONG_WAIT_MS, AIEditor
from support.tiny_model import PLANTED_LINE, PLANTED_SPEAKER

from editor.fountain.model import LineType

SCENE = "INT. DINER - NIGHT\n\nRain streaks the window. A neon sign buzzes overhead.\n\nMARA\nI told you"


def show_ghost(qtbot, ai: AIEditor) -> str:
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    qtbot.waitUntil(lambda: ai.ghost.last_latency_ms is not None, timeout=5000)  # painted
    return ai.ghost.text()


def test_ghost_text_is_drawn_but_not_in_the_document(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ghost = show_ghost(qtbot, ai)
    assert ghost.startswith(" not to come here")
    assert ai.text() == SCENE
    assert not ai.editor.script_document.is_modified()


def test_alt_enter_accepts_the_whole_suggestion_as_one_undo_step(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ghost = show_ghost(qtbot, ai)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == SCENE + ghost
    assert not ai.ghost.is_visible()
    assert ai.editor.textCursor().atEnd()
    ai.editor.undo()
    assert ai.text() == SCENE


def test_movement_and_element_keys_keep_their_meaning_under_ghost_text(qtbot, make_ai_editor) -> None:
    """End, →, Home and Tab do what they do without AI (at the end of the text, End and → stay)."""
    for key in (Qt.Key.Key_End, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_Up, Qt.Key.Key_PageDown):
        ai = make_ai_editor(SCENE)
        show_ghost(qtbot, ai)
        before = ai.editor.textCursor().position()
        qtbot.keyClick(ai.editor, key)
        assert ai.text() == SCENE, key
        moved = ai.editor.textCursor().position() != before
        assert moved == (key in (Qt.Key.Key_Home, Qt.Key.Key_Up)), key
        assert ai.ghost.is_visible() == (not moved)  # it stays only where the cursor stays
    ai = make_ai_editor(SCENE)
    show_ghost(qtbot, ai)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)  # end of dialogue: a parenthetical, as always
    assert ai.text() == SCENE + "\n()"


def test_alt_enter_without_ghost_text_does_nothing(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == SCENE


def test_ctrl_right_accepts_one_word_and_keeps_the_rest(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ghost = show_ghost(qtbot, ai)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert ai.text() == SCENE + " not"
    assert ai.ghost.text() == ghost[len(" not") :]
    ai.editor.undo()
    assert ai.text() == SCENE


def test_escape_dismisses_and_enter_goes_back_to_its_own_meaning(qtbot, make_ai_editor) -> None:
    # Two speakers: the one who just spoke is never offered again, so HALE is the one to predict.
    text = SCENE.replace("MARA\nI told you", "HALE\nWhere were you?\n\nMARA\nI told you") + "\n\n"
    ai = make_ai_editor(text)
    ai.move_to_end()
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)  # a cue, as always
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()  # the next speaker, inside the cue
    qtbot.keyClick(ai.editor, Qt.Key.Key_Escape)
    assert not ai.ghost.is_visible()
    assert ai.editor.element_at_cursor() is LineType.CHARACTER
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return)  # on an empty cue Enter cancels it, AI or not
    base = text.rstrip("\n")
    assert ai.text().startswith(base) and not ai.text()[len(base) :].strip()
    assert ai.editor.element_at_cursor() is not LineType.CHARACTER


def test_typing_what_was_predicted_consumes_it_without_a_new_request(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ghost = show_ghost(qtbot, ai)
    submitted: list[int] = []
    ai.controller.client().started.connect(submitted.append)
    qtbot.keyClicks(ai.editor, ghost[:4])
    assert ai.text() == SCENE + ghost[:4]
    assert ai.ghost.text() == ghost[4:]
    assert not ai.ghost.is_busy()
    qtbot.wait(400)  # longer than any debounce: still nothing asked
    assert submitted == [] and ai.ghost.text() == ghost[4:]


def test_typing_something_else_hides_it_and_asks_again(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    show_ghost(qtbot, ai)
    qtbot.keyClicks(ai.editor, " x")
    assert not ai.ghost.is_visible()
    assert ai.ghost.is_busy()  # the debounce is running


def test_next_speaker_is_shown_as_a_real_cue(qtbot, make_ai_editor) -> None:
    text = (
        f"INT. DOCKS - NIGHT\n\n{PLANTED_SPEAKER}\nCounting crates.\n\n"
        f"INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\n{PLANTED_LINE}\n\n"
    )
    ai = make_ai_editor(text)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)
    ghost = show_ghost(qtbot, ai)
    # A real character of the script as a cue, never the one who just spoke; the others are the
    # alternatives Alt+] cycles through.
    assert ghost in ("MARA", PLANTED_SPEAKER)
    choices = ai.ghost.alternatives()
    assert set(choices) == {"MARA", PLANTED_SPEAKER}  # HALE just spoke: not offered
    assert ai.editor.element_at_cursor() is LineType.CHARACTER  # Tab started the cue
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return)  # Enter takes the name and goes on to dialogue
    qtbot.keyClicks(ai.editor, "Yes.")
    assert ai.text() == text + ghost + "\nYes."
    assert ai.editor.script_document.line_type(len(ai.text().split("\n")) - 1) is LineType.DIALOGUE


def test_the_predicted_speaker_waits_for_the_cue_and_typing_replaces_it(qtbot, make_ai_editor) -> None:
    text = f"INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\n{PLANTED_LINE}\n\n"
    ai = make_ai_editor(text)
    ai.ghost.request_now()
    qtbot.waitUntil(lambda: not ai.ghost.is_busy(), timeout=LONG_WAIT_MS)
    assert not ai.ghost.is_visible()  # on the empty line it would be action: not shown there
    with qtbot.waitSignal(ai.ghost.shown, timeout=5000):
        qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)  # the cue starts; the name shows inside it
    assert ai.ghost.text() in ("MARA", PLANTED_SPEAKER)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)  # Tab again: a transition, the name hides
    assert not ai.ghost.is_visible() and ai.editor.element_at_cursor() is LineType.TRANSITION
    qtbot.keyClick(ai.editor, Qt.Key.Key_Backtab)
    assert ai.ghost.is_visible()
    ai.editor.completer.enabled = False  # only the ghost in play
    qtbot.keyClicks(ai.editor, "june")
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(ai.editor, "Fine.")
    assert ai.text() == text + "JUNE\nFine."


def test_tab_after_a_speech_starts_the_cue_whatever_the_ghost(qtbot, make_ai_editor) -> None:
    """Issue 13's first report: Tab took the ghost speaker and ``danny (o.s.)`` became action."""
    text = f"INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\n{PLANTED_LINE}\n\n"
    ai = make_ai_editor(text)
    ai.ghost.request_now()
    qtbot.waitUntil(lambda: not ai.ghost.is_busy(), timeout=LONG_WAIT_MS)
    ai.editor.completer.enabled = False
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(ai.editor, "danny (o.s.)")
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(ai.editor, "Over here.")
    assert ai.text() == text + "DANNY (O.S.)\nOver here."
    lines = ai.text().split("\n")
    assert ai.editor.script_document.line_type(len(lines) - 2) is LineType.CHARACTER


def test_a_result_for_an_older_revision_is_dropped(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ai.ghost.request_now()
    pending = ai.ghost._pending
    assert pending is not None
    # The document moved on behind the request's back (another view of the same document).
    ai.editor.script_document.revision += 1
    qtbot.waitUntil(lambda: not pending.driver.active, timeout=LONG_WAIT_MS)
    assert ai.ghost.stale_dropped == 1
    assert not ai.ghost.is_visible()


def test_typing_while_the_model_works_never_shows_the_old_answer(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    ai.ghost.request_now()
    first = ai.ghost._pending
    qtbot.keyClicks(ai.editor, " not")
    assert not first.driver.active  # cancelled at once
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    assert ai.ghost.text().startswith(" to come here")


def test_alt_brackets_cycle_between_alternatives(qtbot, make_ai_editor) -> None:
    text = (
        "INT. DINER - NIGHT\n\nJUNE\nCoffee?\n\nMARA\nI told you not to come here.\n\n"
        "HALE\nThe money is gone.\n\n"
    )
    ai = make_ai_editor(text)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)  # the cue the speaker rides in
    first = show_ghost(qtbot, ai)
    choices = ai.ghost.alternatives()
    assert len(choices) >= 2 and choices[0] == first
    qtbot.keyClick(ai.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert ai.ghost.text() == choices[1]
    qtbot.keyClick(ai.editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    assert ai.ghost.text() == choices[0]


def test_alt_backslash_asks_now(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        qtbot.keyClick(ai.editor, Qt.Key.Key_Backslash, Qt.KeyboardModifier.AltModifier)
    assert ai.text() == SCENE


def test_typing_triggers_a_suggestion_after_the_debounce(qtbot, make_ai_editor) -> None:
    ai = make_ai_editor(SCENE[: -len(" you")])
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        qtbot.keyClicks(ai.editor, " you")
    assert ai.ghost.text().startswith(" not to come here")


def test_smarttype_list_when_open_owns_tab_and_hides_the_ghost(qtbot, make_ai_editor) -> None:
    text = "INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\nThe money is gone.\n\nMA"
    ai = make_ai_editor(text)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    assert ai.ghost.text() == "RA"
    ai.editor.completer.refresh()
    assert ai.editor.completer.is_visible()  # SmartType lists MARA too
    qtbot.keyClick(ai.editor, Qt.Key.Key_End)  # not taken by the ghost while the list is open
    assert ai.text() == text and ai.ghost.is_visible()
    if ai.editor.completer.is_visible():
        qtbot.keyClick(ai.editor, Qt.Key.Key_Escape)  # Esc closes the list first
    assert not ai.editor.completer.is_visible() and ai.ghost.is_visible()
    qtbot.keyClick(ai.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # accepts the ghost
    assert ai.text() == text + "RA"


def test_typing_the_prediction_in_another_case_asks_again_instead_of_breaking_the_cue(
    qtbot, make_ai_editor
) -> None:
    text = "INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\nThe money is gone.\n\nM"
    ai = make_ai_editor(text)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    assert ai.ghost.text() == "ARA"
    ai.editor.completer.hide()
    qtbot.keyClicks(ai.editor, "a")
    assert not ai.ghost.is_visible()  # "Ma" + "RA" would not be a cue


def test_the_predicted_speaker_is_drawn_at_the_cue_indent(qtbot, make_ai_editor) -> None:
    """The grey name sits where the name will be written: in the cue, not at the action margin."""
    from PySide6.QtGui import QColor

    text = f"INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\n{PLANTED_LINE}\n\n"
    ai = make_ai_editor(text)
    qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        ai.ghost.request_now()
    qtbot.waitUntil(lambda: ai.ghost.last_latency_ms is not None, timeout=5000)
    cue_x = ai.editor.cursorRect().left()  # the empty cue's cursor, at the cue indent
    rect = ai.editor.cursorRect()
    image = ai.editor.viewport().grab().toImage()
    ghost = QColor(ai.editor.colors.ghost)
    inked = [
        x
        for x in range(image.width())
        for y in range(rect.top(), rect.bottom())
        if _near(QColor(image.pixel(x, y)), ghost)
    ]
    assert inked, "no ghost text drawn on the cue line"
    assert abs(min(inked) - cue_x) <= ai.editor.char_width()


def _near(a, b) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def test_tab_on_a_line_nobody_asked_about_asks_for_the_speaker(qtbot, make_ai_editor) -> None:
    text = f"INT. DINER - NIGHT\n\nMARA\nI told you not to come here.\n\nHALE\n{PLANTED_LINE}\n\n"
    ai = make_ai_editor(text)  # the cursor was put there: no edit, no debounce running
    assert not ai.ghost.is_busy()
    with qtbot.waitSignal(ai.ghost.shown, timeout=LONG_WAIT_MS):
        qtbot.keyClick(ai.editor, Qt.Key.Key_Tab)
    assert ai.ghost.text() in ("MARA", PLANTED_SPEAKER)
    assert ai.text() == text
