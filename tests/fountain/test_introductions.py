"""Who the action introduces in capitals: people, not sounds, signs or things."""

from __future__ import annotations

from editor.fountain.introductions import introduced_names, introductions
from editor.fountain.parser import parse


def test_introductions_are_people_not_sounds_or_signs() -> None:
    assert introductions("MARY (30s), a doctor, enters.") == ["MARY"]
    assert introductions("On deck, a DECKHAND in an orange jacket coils a rope.") == ["DECKHAND"]
    assert introductions("JOE enters. The phone RINGS. A door SLAMS!") == ["JOE"]
    assert introductions("ON AIR light glowing red. Records everywhere.") == []
    assert introductions("The REFEREE leans in, whistle in his teeth.") == ["REFEREE"]
    assert introductions("DETECTIVE ANGELA RUIZ (40s), sleeves rolled, sets down a cup.") == [
        "DETECTIVE ANGELA RUIZ"
    ]


def test_a_run_of_capitals_ends_where_its_sentence_ends() -> None:
    # "RINGS. SILENCE. ROSA" is three sentences, not one person's name.
    assert introductions("The phone RINGS. SILENCE. ROSA (40s) enters.") == ["ROSA"]
    assert introductions("MR. LUTZ (80s) lies propped on pillows.") == ["MR. LUTZ"]
    assert introductions("J. R. EWING (50s) grins.") == ["J. R. EWING"]
    assert introductions("A DECKHAND waves. TOM (20s) runs.") == ["DECKHAND", "TOM"]


def test_capitals_that_modify_a_noun_name_a_thing() -> None:
    # Capitals before a lowercase noun describe a thing ("a VHS tape", "the ON AIR light"); a
    # person is followed by a verb, a description or a preposition, adjectives may come first.
    assert introductions("She slides a VHS tape into the deck.") == []
    assert introductions("Miles looks at the ON AIR light.") == []
    assert introductions("A WOMAN in a nightdress stands facing the wall.") == ["WOMAN"]
    assert introductions("An old FISHERMAN mends a net.") == ["FISHERMAN"]
    assert introductions("The old man COUGHS. The kettle WHISTLES.") == []


def test_a_script_introduces_each_person_once_even_across_broken_lines() -> None:
    text = (
        "INT. SQUAD ROOM - NIGHT\n\nHer partner, LOU\nMCALLISTER (50s), drops into a chair.\n\n"
        "LOU\nStill here?\n\nThe phone RINGS. PRIYA SHAH (20s) answers it.\n\nLOU MCALLISTER (50s) "
        "again.\n"
    )
    assert introduced_names(parse(text)) == ["LOU MCALLISTER", "PRIYA SHAH"]
