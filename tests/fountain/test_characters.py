"""The cast table, introductions, and renaming/merging a character."""

from __future__ import annotations

from editor.fountain.characters import apply_edits, cast, rename_edits
from editor.fountain.parser import parse

SCRIPT = """INT. WARD - NIGHT

Rain on the windows. MAYA CHEN (30s), a night nurse who never sits down, checks a chart. Dr. Patel waves.

MAYA CHEN
Who moved bed four?

DR. PATEL (O.S.)
(calling)
Maya! It was me.

@Maya Chen ^
Of course it was.

EXT. ROOF - DAWN

Maya smokes. Maya's hands shake.

MAYA CHEN (CONT'D)
Never again.

MAYA CHAN
Typo twin.
"""


def test_cast_counts_and_introductions() -> None:
    people = {m.name: m for m in cast(parse(SCRIPT))}
    maya = people["MAYA CHEN"]
    assert (maya.speeches, maya.scenes, maya.first_scene) == (3, 2, "1")
    assert (
        maya.description
        == "Rain on the windows. MAYA CHEN (30s), a night nurse who never sits down, checks a chart."[21:]
    )
    assert maya.words == 4 + 4 + 2
    assert people["DR. PATEL"].description == "Dr. Patel waves."
    assert next(iter(people)) == "MAYA CHEN"  # most speeches first


def test_rename_cues_keeps_decorations() -> None:
    script = parse(SCRIPT)
    edits = rename_edits(script, "MAYA CHEN", "Nina Ray")
    lines = SCRIPT.split("\n")
    assert [lines[n] for n, _ in edits] == ["MAYA CHEN", "@Maya Chen ^", "MAYA CHEN (CONT'D)"]
    assert [t for _n, t in edits] == ["NINA RAY", "@Nina Ray ^", "NINA RAY (CONT'D)"]
    renamed = apply_edits(SCRIPT, edits)
    assert "MAYA CHEN (30s)" in renamed  # prose untouched unless asked
    assert "NINA RAY" in parse(renamed).characters and "MAYA CHEN" not in parse(renamed).characters


def test_rename_in_prose_matches_capitalisation() -> None:
    renamed = apply_edits(SCRIPT, rename_edits(parse(SCRIPT), "MAYA CHEN", "Nina Ray", in_prose=True))
    assert "NINA RAY (30s), a night nurse" in renamed
    # Only the full name is renamed; "Maya" alone is another word.
    assert "Maya smokes. Maya's hands shake." in renamed
    whole = apply_edits(SCRIPT, rename_edits(parse(SCRIPT), "MAYA CHEN", "Nina", in_prose=True))
    assert "NINA (30s)" in whole


def test_merge_two_spellings() -> None:
    merged = apply_edits(SCRIPT, rename_edits(parse(SCRIPT), "MAYA CHAN", "MAYA CHEN"))
    people = parse(merged).characters
    assert "MAYA CHAN" not in people and people["MAYA CHEN"].speeches == 4
