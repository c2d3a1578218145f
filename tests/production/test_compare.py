"""Comparing drafts: moves are moves, changed lines are exactly the changed lines."""

from __future__ import annotations

import pytest
from support.drafts import revise
from support.synthetic import generate_script

from editor.fountain.parser import parse
from editor.production.compare import SceneStatus, compare_texts, diff_keys

SHORT = """Title: Test

INT. KITCHEN - DAY

Maya pours coffee.

MAYA
Morning.

EXT. STREET - NIGHT

Rain.

DANIEL
Where were you?

INT. CAR - NIGHT

They drive in silence.
"""


def _scene_blocks(text: str) -> list[str]:
    lines = text.split("\n")
    starts = [s.line for s in parse(text).scenes]
    return ["\n".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def test_a_draft_compared_with_itself_has_no_changes() -> None:
    result = compare_texts(SHORT, SHORT)
    assert result.identical
    assert result.changed_lines == []
    assert result.summary() == "No changes: the two drafts are the same."


def test_a_moved_scene_is_a_move_not_a_deletion_and_an_addition() -> None:
    head = SHORT.split("INT. KITCHEN")[0]
    kitchen, street, car = _scene_blocks(SHORT)
    moved = head + "\n".join([street, car, kitchen.rstrip("\n")]) + "\n"
    result = compare_texts(SHORT, moved)
    statuses = {c.heading: c.status for c in result.scenes if c.new_index != -1}
    assert SceneStatus.OMITTED not in statuses.values()
    assert SceneStatus.ADDED not in statuses.values()
    moved_scenes = [c for c in result.scenes if c.moved]
    assert len(moved_scenes) == 1
    assert result.count(SceneStatus.ADDED) == result.count(SceneStatus.OMITTED) == 0
    # The text did not change: only the moved scene's heading is marked.
    assert result.changed_lines == [moved_scenes[0].new_line]


def test_changed_lines_are_exactly_the_edited_lines() -> None:
    new = SHORT.replace("Rain.", "Rain, harder now.").replace("Morning.", "Morning, you.")
    result = compare_texts(SHORT, new)
    lines = new.split("\n")
    assert [lines[k] for k in result.changed_lines] == ["Morning, you.", "Rain, harder now."]
    assert result.count(SceneStatus.CHANGED) == 2


def test_locking_scene_numbers_is_not_a_change() -> None:
    new = SHORT.replace("INT. KITCHEN - DAY", "INT. KITCHEN - DAY #1#")
    assert compare_texts(SHORT, new).changed_lines == []


def test_a_deletion_marks_the_next_printed_line() -> None:
    new = SHORT.replace("Maya pours coffee.\n\n", "")
    result = compare_texts(SHORT, new)
    lines = new.split("\n")
    assert [lines[k] for k in result.changed_lines] == ["MAYA"]


def test_added_and_omitted_scenes() -> None:
    kitchen, _street, car = _scene_blocks(SHORT)
    head = SHORT.split("INT. KITCHEN")[0]
    new = head + kitchen + "\n" + "INT. ATTIC - DAY\n\nDust.\n\n" + car
    result = compare_texts(SHORT, new)
    added = [c for c in result.scenes if c.status == SceneStatus.ADDED]
    omitted = [c for c in result.scenes if c.status == SceneStatus.OMITTED]
    assert [c.heading for c in added] == ["INT. ATTIC - DAY"]
    assert [c.heading for c in omitted] == ["EXT. STREET - NIGHT"]
    # The omitted scene is listed where it was: between the kitchen and the car.
    order = [c.heading for c in result.scenes if c.heading]
    assert order.index("EXT. STREET - NIGHT") < order.index("INT. CAR - NIGHT")


def test_different_scripts_say_so() -> None:
    other = generate_script(pages=3, seed=9)
    result = compare_texts(SHORT, other)
    assert not result.related
    assert "different scripts" in result.summary()


def test_realistic_120_page_revision_is_reported_exactly() -> None:
    old = generate_script()
    revision = revise(old)
    result = compare_texts(old, revision.text)
    by_status: dict[str, list[str]] = {}
    for change in result.scenes:
        by_status.setdefault(change.status, []).append(change.heading)
    assert by_status[SceneStatus.ADDED] == [h for h in revision.added_headings]
    assert [h for h in by_status[SceneStatus.OMITTED]] == [
        parse(h).scenes[0].heading for h in revision.omitted_headings
    ]
    moved = sorted(c.heading for c in result.scenes if c.moved)
    assert moved == sorted(parse(h).scenes[0].heading for h in revision.moved_headings)
    pure_moves = {c.new_line for c in result.scenes if c.status == SceneStatus.MOVED}
    assert set(result.changed_lines) == revision.changed_lines | pure_moves


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        (["a", "", "b"], ["a", "", "b"], []),
        (["a", "", "b"], ["a", "", "c"], [2]),
        (["a", "b"], ["a", "x", "b"], [1]),
        (["a", "b", "c"], ["a", "c"], [1]),
        (["a", "b"], ["a"], [0]),
        (["a", "", "b"], ["a", "", "", "b"], []),
    ],
)
def test_line_diff(old: list[str], new: list[str], changed: list[int]) -> None:
    assert diff_keys(old, new)[0] == changed
