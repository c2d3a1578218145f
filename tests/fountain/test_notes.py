"""Notes as comments: found with their place and scene; colours, budgets and boneyard left out."""

from __future__ import annotations

from editor.fountain.notes import extract_notes, with_note
from editor.fountain.parser import parse

SCRIPT = """[[Draft 2: tighten act one]]

# Act One [[pages: 30]]

INT. HOUSE - DAY [[red]]

Zara waits. [[too long?]] She leaves.

[[A note that
spans two lines]]

/* [[not a note: boneyard]] */

ZARA
Bye. [[funnier?]]
"""


def test_notes_with_places_and_scenes() -> None:
    notes = extract_notes(parse(SCRIPT))
    assert [(n.text, n.line, n.column, n.scene) for n in notes] == [
        ("Draft 2: tighten act one", 0, 0, None),
        ("too long?", 6, 12, "1"),
        ("A note that spans two lines", 8, 0, "1"),
        ("funnier?", 14, 5, "1"),
    ]
    multi = notes[2]
    assert (multi.end_line, multi.end_column) == (9, len("spans two lines]]"))
    assert notes[1].to_json() == {"line": 7, "column": 13, "text": "too long?", "scene": "1"}


def test_with_note_inserts_at_the_column() -> None:
    assert with_note("Zara waits.", 11, "why?") == "Zara waits. [[why?]]"
    assert with_note("Zara waits.", 5, "who?") == "Zara [[who?]]waits."
    assert with_note("", 0, "x ]] y") == "[[x ] ] y]]"
