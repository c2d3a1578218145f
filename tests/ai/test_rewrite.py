from __future__ import annotations

from support.ai_testkit import DINER, line_of

from editor.ai.rewrite import check_unit, plan, rewrite_task, structure
from editor.ai.task import Generate, Generated
from editor.fountain.model import ElementType


def _drive(task, replies: list[str]):
    """Answer the task's steps with ``replies`` in order (the test plays the model)."""
    steps = []
    try:
        step = next(task)
        while True:
            assert isinstance(step, Generate)
            steps.append(step)
            step = task.send(
                Generated(replies[len(steps) - 1] if len(steps) <= len(replies) else replies[-1])
            )
    except StopIteration as done:
        return steps, done.value


def _range(first: str, last: str) -> tuple[int, int]:
    return line_of(DINER, first), line_of(DINER, last)


def test_plan_keeps_cues_and_parentheticals_out(diner) -> None:
    first, last = _range("ELLEN", "Forty thousand dollars, Ellen.")
    units = plan(diner, first, last)
    assert [(u.element, u.original) for u in units] == [
        (ElementType.DIALOGUE, "You're here for the pie, Detective."),
        (ElementType.DIALOGUE, "Forty thousand dollars, Ellen."),
    ]
    assert units[0].speaker == "ELLEN" and units[1].speaker == "ROSS"


def test_check_unit_refuses_structure_breaks(diner) -> None:
    lines = DINER.split("\n")
    first, _ = _range("You know why I'm here.", "You know why I'm here.")
    unit = plan(diner, first, first)[0]
    assert check_unit(lines, unit, "You know the reason I came.") == ""
    assert check_unit(lines, unit, "(beat) You know.").startswith("would not stay")
    assert check_unit(lines, unit, "Line one\nLine two") == "more than one line"
    assert check_unit(lines, unit, "You know why I'm here.") == "unchanged"
    assert check_unit(lines, unit, "Go. Go. Go. Go. Go.") == "repetitive"
    action = plan(diner, 7, 7)[0]
    assert (
        check_unit(lines, action, "A man walks his dog in the park at noon.") == "unrelated to the original"
    )
    assert (
        check_unit(lines, action, "She walks across the room and sits down on the old couch.", "Tighter")
        != ""
    )


def test_shorter_means_shorter(diner) -> None:
    lines = DINER.split("\n")
    first, _ = _range("You're here for the pie, Detective.", "You're here for the pie, Detective.")
    unit = plan(diner, first, first)[0]
    assert (
        check_unit(lines, unit, "You came here for the pie, Detective, didn't you?", "Tighter")
        == "not shorter"
    )
    assert check_unit(lines, unit, "Here for pie, Detective?", "Tighter") == ""
    assert check_unit(lines, unit, "Here for pie, Detective?", "Noir", note="longer") == "not longer"
    assert check_unit(lines, unit, "Pie again, Detective?", "Noir", note="make it shorter") == ""


def test_rewrite_retries_then_keeps_structure(diner) -> None:
    first, last = _range("ROSS", "You know why I'm here.")
    steps, result = _drive(
        rewrite_task(diner, first, last, "Tighter", seed=1),
        ["(angrily) You know.", "You know why."],
    )
    assert len(steps) == 2 and steps[0].sampling.temperature == 0.0 and steps[1].sampling.temperature > 0
    assert result.status == "ok"
    assert result.text == "ROSS\nYou know why."
    assert result.units[0].problems == ["would not stay dialogue"]


def test_rewrite_refuses_rather_than_breaking(diner) -> None:
    first, last = _range("ROSS", "You know why I'm here.")
    steps, result = _drive(rewrite_task(diner, first, last, "Noir", max_attempts=3), ["", "(beat)", "A\nB"])
    assert len(steps) == 3
    assert result.status == "refused" and result.text == result.original
    assert "nothing was changed" in result.message


def test_partial_rewrite_keeps_failed_lines_verbatim(diner) -> None:
    first, last = _range("ROSS", "Forty thousand dollars, Ellen.")
    # Unit 1 (ROSS) succeeds; unit 2 (ELLEN) always fails; unit 3 succeeds.
    replies = ["You know the reason.", "", "", "", "Forty grand, Ellen."]
    _, result = _drive(rewrite_task(diner, first, last, "Tighter", max_attempts=3), replies)
    assert result.status == "partial"
    assert [t for t, _ in structure(result.text)] == [t for t, _ in structure(result.original)]
    new_lines = result.text.split("\n")
    old_lines = result.original.split("\n")
    assert len(new_lines) == len(old_lines)
    assert new_lines[4] == "(smiling)" and new_lines[5] == old_lines[5]
    assert "You know the reason." in new_lines and "Forty grand, Ellen." in new_lines


def test_structure_signature_reflects_types() -> None:
    sig = structure("INT. A - DAY\n\nBOB\nHi.\n")
    assert sig[0][1] == "INT. A - DAY" and sig[3][1] is None


def test_meaning_keeping_styles_must_keep_some_words(diner) -> None:
    lines = DINER.split("\n")
    first, _ = _range("Forty thousand dollars, Ellen.", "Forty thousand dollars, Ellen.")
    unit = plan(diner, first, first)[0]
    assert check_unit(lines, unit, "I'm sorry.", "Tighter") == "unrelated to the original"
    assert check_unit(lines, unit, "Forty grand, Ellen.", "Tighter") == ""
    # Subtext may say it differently.
    assert check_unit(lines, unit, "Nice night for a walk, Ellen.", "More subtext") == ""
    # Punctuation alone is not a rewrite.
    assert check_unit(lines, unit, "forty thousand dollars Ellen", "Noir") == "unchanged"


def test_action_paragraphs_are_rewritten_sentence_by_sentence(diner) -> None:
    line = line_of(
        DINER, "Rain against the windows. ROSS slides into a booth across from ELLEN. SAL wipes the counter."
    )
    replies = ["Rain lashes the windows.", "", "", "", "SAL polishes the counter."]
    steps, result = _drive(rewrite_task(diner, line, line, "More visual", max_attempts=3), replies)
    assert len(steps) == 5
    assert "Original: Rain against the windows.\nRewritten:" in steps[0].prompt
    assert result.status == "ok"
    assert result.text == (
        "Rain lashes the windows. ROSS slides into a booth across from ELLEN. SAL polishes the counter."
    )


def test_rewrites_add_no_names_and_keep_action_in_third_person(diner) -> None:
    lines = DINER.split("\n")
    action = plan(diner, 7, 7)[0]
    assert (
        check_unit(lines, action, "Rain hits the windows. ROSS meets BORIS at the booth.", "Noir")
        == "adds a name"
    )
    assert check_unit(lines, action, "I watch the rain on the windows.", "Noir") == "action written as speech"
    assert check_unit(lines, action, "Rain on the windows. Captain Roque waits.", "Noir") == "adds a name"
    # Lowering a first appearance's capitals drops the character's introduction.
    assert "introduction" in check_unit(
        lines, action, "Rain beats on the windows. Ross waits for Ellen.", "Noir"
    )
    assert (
        check_unit(lines, action, "Rain beats on the windows. ROSS waits for ELLEN. SAL wipes.", "Noir") == ""
    )


def test_sentences_keep_abbreviations() -> None:
    from editor.ai.rewrite import split_sentences

    assert split_sentences("Lights hum. DR. OKAFOR walks in. Mrs. Lee waits!") == [
        "Lights hum.",
        "DR. OKAFOR walks in.",
        "Mrs. Lee waits!",
    ]


_SPEECHES = """INT. KITCHEN - NIGHT

MARA
I kept the letters. Every one of them.

DANNY
You said you burned them.

MARA
I said a lot of things.
Most of them to make you leave.
(quietly)
It worked.

DANNY
Not for long.
"""


def test_a_speech_on_several_lines_is_one_unit_up_to_its_parenthetical() -> None:
    from editor.fountain.parser import parse

    script = parse(_SPEECHES)
    lines = _SPEECHES.split("\n")
    first, last = lines.index("I said a lot of things."), lines.index("It worked.")
    units = plan(script, first, last)
    assert [(u.lines, u.original) for u in units] == [
        ([first, first + 1], "I said a lot of things. Most of them to make you leave."),
        ([last], "It worked."),
    ]
    # The speaker's other speeches come along as their voice (not this one).
    assert units[0].voice == ["I kept the letters. Every one of them."]


def test_a_whole_speech_rewrite_is_laid_back_on_its_lines() -> None:
    from editor.fountain.parser import parse

    script = parse(_SPEECHES)
    lines = _SPEECHES.split("\n")
    first = lines.index("MARA", 5)
    last = lines.index("Most of them to make you leave.")
    steps, result = _drive(
        rewrite_task(script, first, last, "Noir", seed=3),
        ["I said plenty of things. Most were meant to drive you out the door."],
    )
    assert len(steps) == 1 and "I said a lot of things. Most of them" in steps[0].prompt
    assert '"I kept the letters. Every one of them."' in steps[0].prompt
    assert result.status == "ok"
    assert result.text == "MARA\nI said plenty of things.\nMost were meant to drive you out the door."
    assert [t for t, _ in structure(result.text)] == [t for t, _ in structure(result.original)]


def test_spread_prefers_sentence_breaks_and_never_leaves_a_line_empty() -> None:
    from editor.ai.rewrite import spread

    assert spread("One. Two three. Four.", ["Alpha beta.", "Gamma."]) == ["One. Two three.", "Four."]
    # Fewer sentences than lines: word breaks, in proportion to the original lines.
    assert spread("I never said that to you", ["I never", "said that to you"]) == [
        "I never",
        "said that to you",
    ]
    assert spread("No.", ["One line", "two lines"]) is None


def test_a_rewrite_that_copies_another_of_the_speakers_lines_is_refused(diner) -> None:
    lines = DINER.split("\n")
    first, _ = _range("You know why I'm here.", "You know why I'm here.")
    unit = plan(diner, first, first)[0]
    unit.voice = ["The pie is cold and so is the coffee."]
    assert check_unit(lines, unit, "The pie is cold and the coffee is too.") == (
        "copied another of the speaker's lines"
    )
    assert check_unit(lines, unit, "You know the reason I came.") == ""
