from __future__ import annotations

from support.ai_testkit import DINER, line_of

from editor.ai.context import build_context, locate, mentions, scene_facts, speeches_before
from editor.fountain.model import ElementType
from editor.fountain.parser import parse


def test_locate_classifies_every_kind_of_cursor(diner) -> None:
    lines = DINER.split("\n")
    night = line_of(DINER, "Sal, you were here that night.")
    # In dialogue, at the end of the line: that character's voice.
    cursor = locate(diner, night)
    assert (cursor.element, cursor.speaker) == (ElementType.DIALOGUE, "ROSS")
    # Directly under dialogue: a cue that must start with the blank line Fountain needs.
    cursor = locate(diner, night + 1)
    assert cursor.next_speaker and cursor.leading_newline and cursor.element == ElementType.CHARACTER
    # After the blank line: a plain cue.
    cursor = locate(diner, night + 2)
    assert cursor.next_speaker and not cursor.leading_newline
    # Mid-line: no ghost text in the middle of words.
    assert locate(diner, night, 3).element is None
    # Headings, action, cues, parentheticals.
    assert locate(diner, lines.index("EXT. PARKING LOT - NIGHT")).element == ElementType.SCENE_HEADING
    assert locate(diner, lines.index("Ellen runs to her car.")).element == ElementType.ACTION
    assert locate(diner, lines.index("SAL")).element == ElementType.CHARACTER
    assert locate(diner, lines.index("(smiling)")).reason == "the parenthetical is closed"
    # Title page and synopsis lines get nothing.
    assert locate(diner, 0).element is None
    assert locate(diner, lines.index("= Ross questions Ellen about the missing money.")).element is None


def test_locate_after_a_fresh_cue_is_dialogue() -> None:
    text = "INT. ROOM - DAY\n\nMARY\n"
    cursor = locate(parse(text), 3)
    assert (cursor.element, cursor.speaker) == (ElementType.DIALOGUE, "MARY")


def test_locate_rejects_lines_outside_the_script(diner) -> None:
    import pytest

    with pytest.raises(IndexError):
        locate(diner, 999)


def test_context_is_compact_fountain_with_scene_facts(diner) -> None:
    night = line_of(DINER, "Sal, you were here that night.")
    context = build_context(diner, night)
    assert context.startswith("Title: Cold Coffee\n\nINT. DINER - NIGHT\n\n")
    assert "= Ross questions Ellen about the missing money." in context
    assert "[[Characters: ROSS, ELLEN, SAL]]" in context
    assert context.endswith("ROSS\n")
    # Nothing after the cursor leaks in.
    assert "PARKING LOT" not in context and "that night" not in context


def test_context_prefix_is_stable_while_typing_and_growing() -> None:
    # A long scene: as lines are added, the window start moves rarely (coarse grid), so the
    # context for line N is a prefix of the context for line N+1 most of the time.
    body = "".join(f"MARY\nLine number {i} of a long talk.\n\nJOHN\nAnswer {i}.\n\n" for i in range(120))
    text = "INT. HALL - DAY\n\n" + body
    script = parse(text)
    lines = text.split("\n")
    moves = 0
    previous = build_context(script, 4, budget_chars=1200)
    for line in range(5, len(lines) - 1):
        current = build_context(script, line, budget_chars=1200)
        assert len(current) <= 1200 + 200
        if not current.startswith(previous):
            moves += 1
        previous = current
    assert moves <= len(lines) // 15, moves


def test_context_stays_within_the_budget_on_a_long_script() -> None:
    from support.synthetic import generate_script

    text = generate_script(pages=30, seed=1)
    script = parse(text)
    for line in range(0, len(text.split("\n")), 97):
        assert len(build_context(script, line)) < 3600 + 400


def test_scene_facts_and_history(diner) -> None:
    facts = scene_facts(diner, diner.scenes[0])
    assert facts.speakers == ["ROSS", "ELLEN", "SAL"]
    assert facts.speech_counts == {"ROSS": 3, "ELLEN": 2, "SAL": 1}
    assert facts.location == "DINER" and facts.time_of_day == "NIGHT"
    night = line_of(DINER, "Sal, you were here that night.")
    history = [name for _, name in speeches_before(diner, night + 2)]
    assert history == ["ROSS", "ELLEN", "ROSS", "ELLEN", "SAL", "ROSS"]
    # A character named only in action is present too.
    assert "SAL" in scene_facts(diner, diner.scenes[2]).present


def test_context_for_a_heading_being_typed_is_the_previous_scene() -> None:
    text = DINER + "\nINT. POLICE STA"
    script = parse(text)
    line = len(text.split("\n")) - 1
    context = build_context(script, line)
    assert "POLICE" not in context  # the prompt is context + the typed prefix, never twice
    assert context.startswith("Title: Cold Coffee\n\nINT. DINER - DAY\n\n") and "Sal alone." in context


def test_empty_line_after_action_with_people_expects_a_cue() -> None:
    text = "INT. HALL - DAY\n\nMARY\nHi.\n\nINT. ROOM - DAY\n\nMary waits by the door.\n\n"
    cursor = locate(parse(text), 9)
    assert cursor.next_speaker and cursor.element == ElementType.CHARACTER
    nobody = "INT. ROOM - DAY\n\nThe door creaks.\n\n"
    assert locate(parse(nobody), 4).element is None


def test_own_lines_retrieve_the_characters_voice(diner) -> None:
    from editor.ai.context import own_lines, with_voice

    end = len(diner.text.split("\n"))
    assert own_lines(diner, "ROSS", end) == [
        "You know why I'm here.",
        "Forty thousand dollars, Ellen.",
        "Sal, you were here that night.",
    ]
    assert own_lines(diner, "ROSS", end, limit=1) == ["Sal, you were here that night."]
    assert own_lines(diner, "ROSS", 0) == [] and own_lines(diner, None, end) == []
    context = "Title: Cold Coffee\n\nINT. DINER - NIGHT\n\n"
    voiced = with_voice(context, "ROSS", ["Forty thousand dollars, Ellen."])
    assert voiced.startswith("Title: Cold Coffee\n\n= Ross talks like this:")
    assert voiced.endswith("INT. DINER - NIGHT\n\n") and with_voice(context, "ROSS", []) == context


def test_a_possessive_names_the_character_and_a_contraction_does_not() -> None:
    assert mentions("Tasha's already dialling.", "TASHA")
    assert mentions("Tasha’s coat is wet.", "TASHA")
    assert not mentions("Don't touch it.", "DON")


def test_a_group_cue_is_not_mentioned_by_its_function_words() -> None:
    # "HANNAH AND AMOS" was "present" in every scene whose action said "and", and so named in
    # every summary; "AUDIENCE MEMBER ONE" in every "one".
    assert not mentions("She walks in and sits down.", "HANNAH AND AMOS")
    assert mentions("Amos walks in.", "HANNAH AND AMOS")
    assert not mentions("One by one, the lights go out.", "AUDIENCE MEMBER ONE")
    assert mentions("The audience member stands.", "AUDIENCE MEMBER ONE")
