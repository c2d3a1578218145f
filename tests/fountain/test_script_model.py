"""The Script model: elements with exact spans, scenes, characters, locations, stats."""

from __future__ import annotations

from support.synthetic import generate_script

from editor.fountain.model import ElementType, LineType
from editor.fountain.parser import parse

SCRIPT = """Title: The Undertow
Author: Alex Morgan

# ACT ONE

INT. MAYA'S APARTMENT - KITCHEN - NIGHT #1A#
= Maya learns the truth.

Rain on the window.

MAYA
(quietly)
You said nine.

DANIEL (O.S.)
I know.

MAYA (CONT'D)
Then where were you?

DANIEL ^
Here.

CUT TO:

EXT. HARBOR DOCKS -- DAWN

@McCLANE
Yippee.

.FLASHBACK

> THE END <
"""


def test_elements_know_their_exact_place() -> None:
    script = parse(SCRIPT)
    for element in script.elements:
        chunk = SCRIPT[element.start : element.end]
        assert chunk == "\n".join(SCRIPT.split("\n")[element.line : element.end_line + 1])
    heading = script.elements[2]
    assert heading.type is ElementType.SCENE_HEADING
    assert heading.text == "INT. MAYA'S APARTMENT - KITCHEN - NIGHT" and heading.scene_number == "1A"
    assert script.element_at_line(heading.line) is heading


def test_scenes() -> None:
    script = parse(SCRIPT)
    first, second, third = script.scenes
    assert (first.number, first.int_ext, first.location, first.time_of_day) == (
        "1A",
        "INT",
        "MAYA'S APARTMENT - KITCHEN",
        "NIGHT",
    )
    assert first.synopsis == "Maya learns the truth."
    assert first.characters == ["MAYA", "DANIEL"]
    assert first.end_line == second.line - 1
    assert (second.number, second.location, second.time_of_day) == ("2", "HARBOR DOCKS", "DAWN")
    assert second.characters == ["MCCLANE"]
    assert third.int_ext == "" and third.heading == "FLASHBACK"
    assert third.end_line == len(SCRIPT.split("\n")) - 1
    assert script.scene_at_line(first.line + 3) is first
    assert script.scene_at_line(0) is None
    assert script.locations == ["MAYA'S APARTMENT - KITCHEN", "HARBOR DOCKS", "FLASHBACK"]
    assert script.times_of_day == ["NIGHT", "DAWN"]


def test_characters_one_per_person() -> None:
    script = parse(SCRIPT)
    assert list(script.characters) == ["MAYA", "DANIEL", "MCCLANE"]
    maya = script.characters["MAYA"]
    assert (maya.speeches, maya.dialogue_lines, maya.words) == (2, 2, 7)
    assert script.characters["DANIEL"].speeches == 2
    assert script.characters["DANIEL"].scenes == [0]
    dual = [e for e in script.elements if e.dual]
    assert [e.type for e in dual] == [ElementType.CHARACTER, ElementType.DIALOGUE]


def test_title_page_and_stats() -> None:
    script = parse(SCRIPT)
    assert script.title_page == {"Title": "The Undertow", "Author": "Alex Morgan"}
    stats = script.stats
    assert stats.scenes == 3 and stats.characters == 3
    assert stats.element_counts["character"] == 5
    assert stats.element_counts["transition"] == 1
    assert stats.dialogue_lines_per_character == {"MAYA": 2, "DANIEL": 2, "MCCLANE": 1}
    assert stats.speeches_per_character["MAYA"] == 2
    assert stats.words > 20
    assert stats.to_json()["scenes"] == 3


def test_line_types_cover_every_line() -> None:
    script = parse(SCRIPT)
    assert len(script.line_types) == len(SCRIPT.split("\n"))
    assert script.line_types[0] is LineType.TITLE_PAGE
    assert LineType.DUAL_CHARACTER in script.line_types


def test_synthetic_script_is_realistic() -> None:
    text = generate_script()
    assert text == generate_script()  # deterministic
    assert generate_script(seed=1) != text
    script = parse(text)
    lines = text.count("\n")
    assert 5000 <= lines <= 7000
    assert len(script.scenes) >= 100
    assert 8 <= len(script.characters) <= 15
    counts = script.stats.element_counts
    for kind in ("transition", "parenthetical", "section", "synopsis", "centered", "lyrics", "page_break"):
        assert counts.get(kind, 0) >= 1, kind
    assert any(e.dual for e in script.elements)
    assert any("(V.O.)" in e.text for e in script.elements if e.type is ElementType.CHARACTER)
    assert script.title_page["Title"] == "**THE UNDERTOW**"
    assert len(generate_script(pages=10)) < len(text) / 8


def test_synthetic_script_paginates_to_about_120_pages() -> None:
    from editor.fountain.pagination import paginate

    pages = len(paginate(parse(generate_script())).pages)
    assert 110 <= pages <= 130, pages


def test_time_of_day_after_a_double_dash_without_spaces() -> None:
    from editor.fountain.builder import split_heading

    assert split_heading("EXT. MOUNT GURU FOOTHILLS--DAY") == ("EXT", "MOUNT GURU FOOTHILLS", "DAY")
    assert split_heading("EXT. ROAD—NIGHT") == ("EXT", "ROAD", "NIGHT")
    # A hyphen inside a place name is no separator.
    assert split_heading("INT. SEMI-DETACHED HOUSE - NIGHT") == ("INT", "SEMI-DETACHED HOUSE", "NIGHT")
    assert split_heading("INT. X-RAY ROOM") == ("INT", "X-RAY ROOM", "")
