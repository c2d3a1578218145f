"""Scene blocks, byte-exact moves, Beat colours and section budgets."""

from __future__ import annotations

import itertools
import random

import pytest
from support.synthetic import generate_script

from editor.fountain.parser import parse
from editor.fountain.scenes import (
    SceneMoveError,
    move_scene,
    outline,
    scene_color,
    section_budget,
    with_budget,
    with_color,
)

SCRIPT = """Title: Quarry
Author: O. Farrow

FADE IN:

# Act One

INT. HOUSE - DAY [[red]]
= Zara finds the key.

Zara waits.

EXT. YARD - NIGHT #7#

[[a note]]

ZARA
Hello.

## The chase

INT. CAR - DAY [[COLOR BLUE]]

Driving.
/* Screenwright dictionary: Zara */
"""


def test_outline_tiles_the_script_into_blocks() -> None:
    plan = outline(parse(SCRIPT))
    lines = SCRIPT.split("\n")
    assert [s.heading for s in plan.scenes] == ["INT. HOUSE - DAY", "EXT. YARD - NIGHT", "INT. CAR - DAY"]
    assert [s.number for s in plan.scenes] == ["1", "7", "3"]
    assert plan.preamble_end == lines.index("# Act One")
    assert plan.tail_start == lines.index("/* Screenwright dictionary: Zara */")
    first, second, third = plan.scenes
    assert (first.line, first.end_line) == (7, 12)
    assert lines[second.end_line] == "## The chase"
    assert third.end_line == plan.tail_start  # the dictionary block stays at the end
    assert first.synopsis == "Zara finds the key." and second.synopsis is None
    assert [s.color for s in plan.scenes] == ["red", None, "blue"]
    assert first.sections == ["Act One"] and third.sections == ["Act One", "The chase"]
    assert [(s.title, s.level, s.scenes) for s in plan.sections] == [
        ("Act One", 1, [0, 1, 2]),
        ("The chase", 2, [2]),
    ]


def test_json_lines_are_one_based_and_inclusive() -> None:
    scene = outline(parse(SCRIPT)).scenes[0]
    data = scene.to_json()
    assert data["line"] == 8 and data["end_line"] == 12 and data["color"] == "red"


def _moved_back(text: str, k: int, j: int) -> None:
    """Move K before J (J < K) or after J (J > K), then back the way the command line would: after
    the scene it followed, or before the scene it preceded when a section line sat above it."""
    script = parse(text)
    original = outline(script).scenes
    moved = move_scene(text, script, k, before=j) if j < k else move_scene(text, script, k, after=j)
    assert sorted(moved.split("\n")) == sorted(text.split("\n"))  # every line kept
    now = outline(parse(moved)).scenes
    assert len(now) == len(original)
    assert now[j - 1].heading == original[k - 1].heading
    where = [s.heading for s in now]
    me = original[k - 1]
    if k > 1 and original[k - 2].end_line == me.line:
        back = move_scene(moved, parse(moved), j, after=where.index(original[k - 2].heading) + 1)
    elif k < len(original) and me.end_line == original[k].line:
        back = move_scene(moved, parse(moved), j, before=where.index(original[k].heading) + 1)
    else:
        return  # sections on both sides: no single command undoes it
    assert back == text


def test_every_move_and_back_is_the_original() -> None:
    texts = [
        SCRIPT,
        SCRIPT.rstrip("\n"),
        SCRIPT.replace("/* Screenwright dictionary: Zara */\n", "").rstrip(),
    ]
    for text in texts:
        n = len(outline(parse(text)).scenes)
        for k, j in itertools.permutations(range(1, n + 1), 2):
            _moved_back(text, k, j)


def test_moves_on_a_long_script_keep_every_byte() -> None:
    text = generate_script(pages=15, seed=9)
    n = len(outline(parse(text)).scenes)
    rng = random.Random(4)
    for _ in range(12):
        k, j = rng.sample(range(1, n + 1), 2)
        _moved_back(text, k, j)


def test_move_errors_say_what_is_wrong() -> None:
    script = parse(SCRIPT)
    with pytest.raises(SceneMoveError, match="scene 9 does not exist"):
        move_scene(SCRIPT, script, 9, before=1)
    with pytest.raises(SceneMoveError, match="before scene J or after"):
        move_scene(SCRIPT, script, 1)
    assert move_scene(SCRIPT, script, 2, before=2) == SCRIPT  # onto itself: nothing changes


def test_beat_colours_round_trip() -> None:
    assert scene_color("INT. HOUSE - DAY [[red]]") == "red"
    assert scene_color("INT. HOUSE - DAY [[COLOR Green]]") == "green"
    assert scene_color("INT. HOUSE - DAY [[#12ab9F]]") == "#12ab9f"
    assert scene_color("INT. HOUSE - DAY [[remember the dog]]") is None
    line = "INT. HOUSE - DAY"
    red = with_color(line, "red")
    assert red == "INT. HOUSE - DAY [[red]]"  # exactly what Beat writes
    assert with_color(red, "Blue") == "INT. HOUSE - DAY [[blue]]"
    assert with_color(red, None) == line
    numbered = with_color("INT. HOUSE - DAY #12A#", "pink")
    assert numbered == "INT. HOUSE - DAY [[pink]] #12A#"
    script = parse(f"{numbered}\n\nBob.\n")
    assert script.scenes[0].number == "12A" and scene_color(script.text.split("\n")[0]) == "pink"
    # Other notes on the line stay where they are.
    noted = "INT. HOUSE - DAY [[check this]] [[red]]"
    assert with_color(noted, "green") == "INT. HOUSE - DAY [[check this]] [[green]]"


def test_section_budget_note() -> None:
    assert section_budget("# Act One [[pages: 30]]") == 30
    assert with_budget("# Act One", 27.5) == "# Act One [[pages: 27.5]]"
    assert with_budget("# Act One [[pages: 30]]", None) == "# Act One"
    assert outline(parse("# Act One [[pages: 30]]\n\nINT. A - DAY\n\nX.\n")).sections[0].budget == 30


def test_scene_pages_add_up_to_the_script() -> None:
    from editor.fountain.pagination import PaginationOptions, paginate
    from editor.fountain.scenes import eighths, scene_pages

    script = parse(generate_script(pages=12, seed=2))
    pagination = paginate(script, PaginationOptions(title_page=False))
    plan = outline(script)
    pages = scene_pages(plan, pagination)
    assert len(pages) == len(plan.scenes)
    assert pages[0][0] == 1
    assert [p for p, _ in pages] == sorted(p for p, _ in pages)
    total = sum(length for _, length in pages)
    assert pagination.page_count - 1 < total <= pagination.page_count
    assert eighths(1.0) == "1" and eighths(0.5) == "4/8" and eighths(1.375) == "1 3/8" and eighths(0) == "1/8"


def test_a_colour_note_is_no_part_of_the_place_or_time() -> None:
    script = parse("INT. HOUSE - DAY [[red]]\n\nBob.\n\nEXT. YARD - NIGHT [[COLOR BLUE]]\n\nX.\n")
    assert script.locations == ["HOUSE", "YARD"]
    assert script.times_of_day == ["DAY", "NIGHT"]
