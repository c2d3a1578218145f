"""Which words a spell checker sees, the script's own words, and its dictionary block."""

from __future__ import annotations

from editor.fountain.model import LineType
from editor.fountain.parser import parse
from editor.fountain.spelling import (
    checkable_words,
    iter_checkable,
    script_dictionary,
    script_known_words,
    with_script_words,
)


def _words(text: str, kind: LineType) -> list[str]:
    return [w for _s, _e, w in checkable_words(text, kind)]


def test_prose_types_are_checked_and_markup_types_are_not() -> None:
    for kind in (LineType.ACTION, LineType.DIALOGUE, LineType.PARENTHETICAL, LineType.TRANSITION):
        assert _words("Teh cat", kind) == ["Teh", "cat"]
    for kind in (
        LineType.CHARACTER,
        LineType.SCENE_HEADING,
        LineType.SECTION,
        LineType.SYNOPSIS,
        LineType.NOTE,
        LineType.BONEYARD,
        LineType.TITLE_PAGE,
    ):
        assert _words("Teh cat", kind) == []


def test_inline_notes_boneyard_numbers_and_addresses_are_skipped() -> None:
    line = "She runs [[fix thsi]] fast /* cutt */ to room 3B at www.exampel.com, mail jo@exampel.org now"
    assert _words(line, LineType.ACTION) == ["She", "runs", "fast", "to", "room", "at", "mail", "now"]
    assert _words("He waits [[a note that goes on", LineType.ACTION) == ["He", "waits"]


def test_columns_point_at_the_word_and_apostrophes_stay_inside() -> None:
    text = "Don't touch Marlowe’s hat."
    spans = checkable_words(text, LineType.DIALOGUE)
    assert [(text[s:e], w) for s, e, w in spans] == [
        ("Don't", "Don't"),
        ("touch", "touch"),
        ("Marlowe’s", "Marlowe’s"),
        ("hat", "hat"),
    ]


SCRIPT = """Title: The Qwelling
Author: Ondine Farrow

EXT. GRIMSBECK QUARRY - NIGHT

ZARA VELLACOTT (V.O.)
Grimsbeck never sleeps.

INT. ZARA'S KITCHEN - DAY

Zara looks at the qwelling.

ZARA VELLACOTT
(whisperd)
Go.
"""


def test_script_words_are_names_places_and_title_page() -> None:
    known = script_known_words(parse(SCRIPT))
    assert {"zara", "vellacott", "grimsbeck", "quarry", "qwelling", "ondine", "farrow"} <= known
    assert "whisperd" not in known


def test_people_the_action_introduces_are_known_though_they_never_speak() -> None:
    # Only LOU speaks; MCALLISTER is his surname in the introduction, PRIYA SHAH never speaks yet.
    text = (
        "INT. SQUAD ROOM - NIGHT\n\nHer partner, LOU MCALLISTER (50s), sits.\n\nLOU\nStill here?\n\n"
        "The phone RINGS. A young officer, PRIYA SHAH (20s), answers it.\n"
    )
    known = script_known_words(parse(text))
    assert {"mcallister", "priya", "shah"} <= known
    assert "rings" not in known  # a sound, not a person: a typo in capitals is still a typo


def test_iter_checkable_walks_only_prose() -> None:
    script = parse(SCRIPT)
    words = [s.word for s in iter_checkable(SCRIPT.split("\n"), script.line_types)]
    assert words == [
        "Grimsbeck",
        "never",
        "sleeps",
        "Zara",
        "looks",
        "at",
        "the",
        "qwelling",
        "whisperd",
        "Go",
    ]


def test_dictionary_block_is_created_at_the_end_and_merged_in_place() -> None:
    text = "INT. HOUSE - DAY\n\nBob waits.\n"
    one = with_script_words(text, ["Zorp"])
    assert one == text + "\n/* Screenwright dictionary: Zorp */\n"
    assert one.startswith(text)  # nothing the writer wrote moved
    two = with_script_words(one, ["alpha", "zorp", "Blip"])
    assert two == text + "\n/* Screenwright dictionary: alpha Blip Zorp */\n"
    assert script_dictionary(two) == ["alpha", "Blip", "Zorp"]
    assert with_script_words(two, ["BLIP"]) == two
    assert with_script_words("", ["x"]) == "/* Screenwright dictionary: x */\n"
    # The block is boneyard: the parser ignores it and the parse of the script is unchanged.
    assert [e.text for e in parse(two).elements if e.type.value != "boneyard"] == [
        e.text for e in parse(text).elements
    ]
