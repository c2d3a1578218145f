"""The incremental parser must always equal a full parse and report every line whose type changed."""

from __future__ import annotations

import random

import pytest

from editor.fountain.incremental import IncrementalParser
from editor.fountain.model import LineType
from editor.fountain.parser import parse

PIECES = [
    "",
    "  ",
    "BOB",
    "Hello there.",
    "/* hidden",
    "*/",
    "[[a note",
    "]]",
    "[[whole note]]",
    "INT. HOUSE - DAY",
    "CUT TO:",
    "JOE ^",
    "(beat)",
    "Title: A Script",
    "    continued",
    "===",
    "> THE END <",
    "> FADE OUT.",
    "~la la",
    "# Act",
    "= synopsis",
    ".FORCED",
    "@McCLANE",
    "!SHOUTED ACTION",
]


def _check(p: IncrementalParser) -> None:
    full = parse(p.text())
    assert p.line_types == full.line_types
    assert [e.to_json() for e in p.script().elements] == [e.to_json() for e in full.elements]


def test_typing_a_cue_turns_the_next_line_into_dialogue() -> None:
    p = IncrementalParser("Some action.\n\nBo\nHello there.\n")
    assert p.line_types[2] is LineType.ACTION
    changed = p.replace_lines(2, 1, ["BOB"])
    assert p.line_types[2] is LineType.CHARACTER and p.line_types[3] is LineType.DIALOGUE
    assert 2 in changed and 3 in changed
    _check(p)


def test_look_back_a_cue_needs_a_non_blank_next_line() -> None:
    p = IncrementalParser("\nBOB\n\n")
    assert p.line_types[1] is LineType.ACTION
    changed = p.replace_lines(2, 1, ["Hi."])
    assert 1 in changed  # the line before the edit changed type
    assert p.line_types[1] is LineType.CHARACTER and p.line_types[2] is LineType.DIALOGUE
    _check(p)


def test_opening_a_boneyard_ripples_to_the_end() -> None:
    text = "\n".join(["Action."] + ["", "BOB", "Hi."] * 50)
    p = IncrementalParser(text)
    changed = p.replace_lines(0, 0, ["/*"])
    assert changed.stop == len(p.lines)
    assert all(t is LineType.BONEYARD for t in p.line_types)
    p.replace_lines(0, 1, [])
    _check(p)


def test_a_one_character_edit_reclassifies_few_lines() -> None:
    text = "\n".join(["INT. HOUSE - DAY", "", "Action here.", "", "BOB", "Hello.", ""] * 200)
    p = IncrementalParser(text)
    changed = p.replace_lines(702, 1, ["Action here!"])
    assert len(changed) <= 3
    _check(p)


def test_deleting_everything_leaves_one_empty_line() -> None:
    p = IncrementalParser("BOB\nHi.")
    p.replace_lines(0, 2, [])
    assert p.lines == [""] and p.text() == ""
    _check(p)


def test_bad_edits_are_rejected() -> None:
    p = IncrementalParser("a\nb")
    with pytest.raises(IndexError):
        p.replace_lines(1, 5, [])
    with pytest.raises(ValueError):
        p.replace_lines(0, 1, ["x\ny"])


def test_script_is_cached_until_the_next_edit() -> None:
    p = IncrementalParser("INT. HOUSE - DAY\n\nBOB\nHi.\n")
    first = p.script()
    assert p.script() is first
    p.replace_lines(3, 1, ["Hello."])
    assert p.script() is not first
    assert p.script().elements[-1].text == "Hello."


@pytest.mark.parametrize("seed", range(8))
def test_random_edit_sequences_equal_full_parse(seed: int) -> None:
    rng = random.Random(seed)
    p = IncrementalParser("\n".join(rng.choice(PIECES) for _ in range(60)))
    for _ in range(300):
        n = len(p.lines)
        first = rng.randrange(n + 1)
        removed = rng.randint(0, min(3, n - first))
        before = list(p.line_types)
        new = [rng.choice(PIECES) for _ in range(rng.randint(0, 3))]
        changed = p.replace_lines(first, removed, new)
        full = parse(p.text())
        assert p.line_types == full.line_types
        if rng.random() < 0.3:
            assert [e.to_json() for e in p.script().elements] == [e.to_json() for e in full.elements]
        # Every line outside the reported range kept its type (numbering shifted after the edit).
        shift = len(new) - removed
        for i, kind in enumerate(p.line_types):
            if i in changed:
                continue
            old = i if i < first else i - shift
            assert 0 <= old < len(before) and before[old] is kind
    _check(p)


def test_script_reuses_untouched_elements_and_never_mutates_old_scripts() -> None:
    text = "\n".join(["INT. HOUSE - DAY", "", "Action here.", "", "BOB", "Hello.", ""] * 50)
    p = IncrementalParser(text)
    before = p.script()
    snapshot = [e.to_json() for e in before.elements]
    p.replace_lines(175, 1, ["Action there, longer."])
    p.replace_lines(176, 0, ["More action."])
    after = p.script()
    assert [e.to_json() for e in before.elements] == snapshot  # old script untouched
    assert after.elements[0] is before.elements[0]  # the head is shared, not rebuilt
    assert [e.to_json() for e in after.elements] == [e.to_json() for e in parse(p.text()).elements]
