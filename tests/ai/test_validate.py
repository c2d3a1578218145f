from __future__ import annotations

from editor.ai.validate import (
    content_words,
    cut_repetition,
    find_loop,
    first_sentence,
    fits_element,
    has_repetition,
    looks_like_prose,
    strip_fluff,
)
from editor.fountain.model import ElementType

SCENE = ["INT. ROOM - DAY", "", "Mary reads.", "", "MARY", "Hello there.", "", ""]


def test_loops_are_found_and_cut_keeping_one_copy() -> None:
    assert cut_repetition("I know. I know. I know. I know.") == ("I know.", True)
    assert cut_repetition("no no no no no") == ("no", True)
    text, cut = cut_repetition("Get out of here, get out of here, get out of here")
    assert cut and text == "Get out of here,"
    assert (
        cut_repetition("We should go. The car is outside. We should go.")[0]
        == "We should go. The car is outside."
    )
    # Ordinary emphasis and ordinary lines are not loops.
    for fine in ("No, no, no!", "Very, very good.", "I said what I said.", "He waits. She waits. They wait."):
        assert not has_repetition(fine), fine
    assert find_loop("") is None


def test_line_repeated_in_a_multi_line_draft_is_a_loop() -> None:
    text = "MARY\nWhere did you put it?\n\nJOHN\nIn the car.\n\nMARY\nWhere did you put it?"
    assert cut_repetition(text)[0] == "MARY\nWhere did you put it?\n\nJOHN\nIn the car.\n\nMARY"


def test_first_sentence_and_fluff() -> None:
    assert first_sentence("know. Maybe tomorrow.") == "know."
    assert first_sentence("Wait... what?! No.", min_chars=8) == "Wait... what?!"
    assert first_sentence("no end") == "no end"
    assert strip_fluff('Sure! Here is the rewritten line: "Go home."') == "Go home."
    assert strip_fluff("Rewritten: The rain falls.") == "The rain falls."


def test_fits_element_asks_the_engine() -> None:
    # Dialogue line under a cue.
    assert fits_element(SCENE, 5, "Hello there, friend.", ElementType.DIALOGUE)
    # An opening parenthesis at the start of a speech line makes it a parenthetical, not dialogue.
    assert not fits_element(SCENE, 5, "(quietly)", ElementType.DIALOGUE)
    # An all-caps action line followed by text would become a cue.
    lines = ["INT. ROOM - DAY", "", "Mary reads.", "Then she sleeps.", ""]
    assert fits_element(lines, 2, "Mary reads a book.", ElementType.ACTION)
    assert not fits_element(lines, 2, "MARY READS", ElementType.ACTION)
    # "TO:" makes a transition.
    assert not fits_element(["INT. A - DAY", "", "x", ""], 2, "CUT TO:", ElementType.ACTION)
    # A cue is only a cue with a speech under it: checked as the writer will see it.
    assert fits_element(SCENE, 7, "JOHN", ElementType.CHARACTER, followed_by_speech=True)
    assert fits_element(SCENE, 6, "\nJOHN", ElementType.CHARACTER, followed_by_speech=True)
    assert not fits_element(SCENE, 7, "John walks in", ElementType.CHARACTER, followed_by_speech=True)
    assert fits_element(SCENE, 7, "EXT. STREET - NIGHT", ElementType.SCENE_HEADING)
    assert not fits_element(SCENE, 7, "", ElementType.ACTION)


def test_prose_and_content_words() -> None:
    assert looks_like_prose("She pours the coffee and waits.")
    for junk in ("WALKING IN THE BED", "see www.example.com now", "_True Love_ is", "Adonis", "What????"):
        assert not looks_like_prose(junk), junk
    assert content_words("The detective really wants the money") == {"detective", "wants", "money"}


def test_only_wrapping_quotes_are_stripped() -> None:
    assert strip_fluff('"Go home."') == "Go home."
    assert strip_fluff('"I\'m sorry," said she "so simple."') == '"I\'m sorry," said she "so simple."'
