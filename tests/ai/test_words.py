"""Invented words and leaked cues from a small model are refused before a writer sees them.

The rejected strings are what the 135M default model actually produced in QA (dialogue suggestions
for BOB: "Grizzboteers.", "COB"; an action line with "heledrail").
"""

from __future__ import annotations

from support.ai_testkit import DINER, line_of

from editor.ai.autocomplete import complete_task
from editor.ai.suggestions import Alternatives, suggest_task
from editor.ai.task import Generate, Generated, Score
from editor.ai.words import english_words, plausible, plausible_speech, stray_caps, unknown_words
from editor.fountain.parser import parse


def test_the_word_list_is_shipped_and_knows_everyday_words() -> None:
    words = english_words()
    assert len(words) > 50000
    assert {"money", "waitress", "diner", "cash", "detective", "gonna"} <= words


def test_invented_words_are_not_plausible_but_inflections_and_script_words_are() -> None:
    assert not plausible("Grizzboteers.")
    assert not plausible("He grabs the heledrail and jumps.")
    assert unknown_words("He grabs the heledrail.") == ["heledrail"]
    assert plausible("The waitresses stopped running, didn't they?")
    assert plausible("A cold draught under the door.")  # British spellings are English too
    assert plausible("Ellen slides the Zorblax across.", known={"zorblax"})  # the script's own coinage
    assert plausible("Ya know what I mean.")  # one short unknown word among others is slang, not garbage


def test_caps_in_a_speech_pass_only_as_shouting_or_acronyms() -> None:
    names = ["BOB", "ELLEN"]
    assert stray_caps("COB", names) == ["COB"]
    assert stray_caps("I told BOB already.", names) == ["BOB"]
    assert stray_caps("Call the FBI. NOW!", names) == []
    assert stray_caps("GET OUT OF MY HOUSE!", names) == []
    assert not plausible_speech("COB", names=names, whole=True)


def test_one_word_lines_must_be_something_people_say_alone() -> None:
    assert plausible_speech("No!", whole=True)
    assert plausible_speech("Okay.", whole=True)
    assert not plausible_speech("Pie.", whole=True)
    assert plausible_speech("Twenty.", whole=True)  # an answer to "How much?"
    assert plausible_speech("pie", whole=False)  # the end of a longer line being typed


def _drive(task, replies: list[str]):
    """Answer the task's Generate steps with ``replies`` in turn (recorded model outputs)."""
    step = next(task)
    answers = iter(replies)
    try:
        while True:
            if isinstance(step, Score):
                step = task.send([0.0] * len(step.candidates))
            else:
                assert isinstance(step, Generate)
                step = task.send(Generated(next(answers, "")))
    except StopIteration as done:
        return done.value


def test_dialogue_suggestions_drop_invented_words_and_cue_fragments() -> None:
    script = parse(DINER)
    line = line_of(DINER, "I never touched it. Ask Sal.")
    replies = ["Grizzboteers.", "COB", "Pie.", "I told ROSS already.", "I never took a dime, Detective."]
    result = _drive(suggest_task(script, line, count=3, seed=1), replies)
    assert isinstance(result, Alternatives)
    assert result.lines == ["I never took a dime, Detective."]


def test_ghost_text_refuses_an_invented_word_but_completes_a_half_typed_one() -> None:
    text = DINER.replace("Sal, you were here that night.", "Sal, you were")
    line = line_of(text, "Sal, you were")
    script = parse(text)
    bad = _drive(complete_task(script, line), [" in the heledrail."])
    assert bad.text == "" and "not English" in bad.reason
    half = DINER.replace("Sal, you were here that night.", "Sal, you were he")
    script = parse(half)
    good = _drive(complete_task(script, line_of(half, "Sal, you were he")), ["re that night."])
    assert good.text == "re that night."


def test_speakable_tells_letters_from_words_by_how_english_words_begin_and_end() -> None:
    from editor.ai.words import speakable

    for letters in ("NYPD", "WKRP", "LAPD", "DMV", "HQ", "KTLA"):
        assert not speakable(letters), letters
    for word in ("KIM", "JOE", "MCALLISTER", "GETTYSBURG", "STRENGTHS", "BART"):
        assert speakable(word), word
    assert speakable("BOB'S")  # not a plain word: no judgement, so no acronym
