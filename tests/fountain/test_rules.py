"""The rule table, one rule at a time, then the classifier around it."""

from __future__ import annotations

import pytest

from editor.fountain.lines import START, classify_all, classify_line
from editor.fountain.model import LineType as L
from editor.fountain.rules import ALL_CONTEXTS, BLANK, DIALOGUE, RULES, TEXT, is_cue_name, rule_by_name


def run(name: str, line: str, next_blank: bool = True, prev: L = L.EMPTY, after_dialogue: bool = False):
    return rule_by_name(name).test(line, line.strip(), next_blank, prev, after_dialogue)


def test_table_order_and_contexts() -> None:
    names = [r.name for r in RULES]
    assert names[0] == "page_break" and names[-1] == "action"
    assert names.index("page_break") < names.index("synopsis")  # === is a break, not a synopsis
    assert names.index("centered") < names.index("forced_transition")  # > x < is centred
    assert names.index("parenthetical") < names.index("dialogue")
    assert names.index("scene_heading") < names.index("character")  # INT. X is never a cue
    assert rule_by_name("action").contexts == ALL_CONTEXTS
    assert rule_by_name("character").contexts == (BLANK,)
    assert all(r.spec for r in RULES)


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("page_break", "===", L.PAGE_BREAK),
        ("page_break", "  =====  ", L.PAGE_BREAK),
        ("page_break", "== =", None),
        ("boneyard", "/* hidden", L.BONEYARD),
        ("note", "[[a note]]", L.NOTE),
        ("note", "[[one]] [[two]]", L.NOTE),
        ("note", "[[opens here", L.NOTE),
        ("note", "[[note]] then text", None),
        ("forced_action", "!SHOUT", L.ACTION),
        ("section", "## Act", L.SECTION),
        ("synopsis", "= They meet.", L.SYNOPSIS),
        ("centered", "> THE END <", L.CENTERED),
        ("centered", "> FADE OUT.", None),
        ("forced_transition", "> FADE OUT.", L.TRANSITION),
        ("lyrics", "~la la", L.LYRICS),
        ("forced_heading", ".SNIPER SCOPE POV", L.SCENE_HEADING),
        ("forced_heading", "...and then", None),
        ("forced_character", "@McCLANE", L.CHARACTER),
        ("forced_character", "@", None),
    ],
)
def test_marker_rules(name: str, line: str, expected: L | None) -> None:
    assert run(name, line) == expected


def test_scene_heading_rule() -> None:
    for line in (
        "INT. HOUSE - DAY",
        "EXT HOUSE",
        "EST. CITY",
        "INT./EXT. CAR",
        "INT/EXT CAR",
        "I/E CAR",
        "int. x",
    ):
        assert run("scene_heading", line) is L.SCENE_HEADING, line
    assert run("scene_heading", "INT. HOUSE - DAY", next_blank=False) is None
    for line in ("INTERIOR", "EXTRA", "INT", "I./E. HOUSE", "ESTABLISHING"):
        assert run("scene_heading", line) is None, line


def test_transition_rule() -> None:
    assert run("transition", "CUT TO:") is L.TRANSITION
    assert run("transition", "CUT TO:", next_blank=False) is None
    assert run("transition", "CUT TO: ") is None  # "Add one or more spaces after the colon"
    assert run("transition", "Cut to:") is None


def test_character_rule() -> None:
    assert run("character", "STEEL", next_blank=False) is L.CHARACTER
    assert run("character", "STEEL", next_blank=True) is None
    assert run("character", "MOM (O. S.)", next_blank=False) is L.CHARACTER
    assert run("character", "Steel", next_blank=False) is None
    assert run("character", "23", next_blank=False) is None
    assert run("character", "JILL ^", next_blank=False, after_dialogue=True) is L.DUAL_CHARACTER
    assert run("character", "JILL ^", next_blank=False, after_dialogue=False) is L.CHARACTER
    assert run("character", "INT. HOUSE - DAY", next_blank=False) is None
    assert is_cue_name("李")  # uncased scripts have no upper case to test
    assert not is_cue_name("MARY (30s), a doctor, enters.")
    assert is_cue_name("MARY (30s) (V.O.)")
    assert not is_cue_name("(V.O.) (O.S.)")  # no name outside the extensions


def test_speech_rules() -> None:
    assert run("parenthetical", "(beat)", prev=L.CHARACTER) is L.PARENTHETICAL
    assert run("parenthetical", "(beat)", prev=L.DUAL_DIALOGUE) is L.DUAL_PARENTHETICAL
    assert run("parenthetical", "(beat) then", prev=L.CHARACTER) is None
    assert run("dialogue", "Hello.", prev=L.CHARACTER) is L.DIALOGUE
    assert run("dialogue", "Hello.", prev=L.DUAL_CHARACTER) is L.DUAL_DIALOGUE
    assert DIALOGUE in rule_by_name("dialogue").contexts and TEXT not in rule_by_name("dialogue").contexts


def types(text: str) -> list[L]:
    return classify_all(text.split("\n"))[0]


def test_classifier_contexts() -> None:
    assert types("BOB\nHi.\n(beat)\nBye.") == [L.CHARACTER, L.DIALOGUE, L.PARENTHETICAL, L.DIALOGUE]
    assert types("BOB\nHi.\n  \nStill me.") == [L.CHARACTER, L.DIALOGUE, L.DIALOGUE, L.DIALOGUE]
    assert types("Action.\nBOB\nHi.") == [L.ACTION] * 3  # a cue needs a blank line before it
    assert types("BOB\n\nHi.") == [L.ACTION, L.EMPTY, L.ACTION]
    assert types("a\nb\n\nC ^\nD")[3] is L.CHARACTER  # no previous speech: plain cue
    assert types("A\nB\n\n\nC ^\nD")[0] is L.CHARACTER
    assert types("A\nB\n\n\nC ^\nD")[4] is L.DUAL_CHARACTER  # blank lines between speeches are fine


def test_multi_line_modes() -> None:
    assert types("/*\nINT. HOUSE - DAY\n\nBOB\n*/\nAfter.") == [L.BONEYARD] * 5 + [L.ACTION]
    assert types("[[a note\n  \nstill]]\nAfter.") == [L.NOTE, L.NOTE, L.NOTE, L.ACTION]
    assert types("[[unclosed\n\nBOB\nHi.") == [L.NOTE, L.EMPTY, L.CHARACTER, L.DIALOGUE]
    assert types("He waits /* gone\nstill gone */\n\nX") == [L.ACTION, L.BONEYARD, L.EMPTY, L.ACTION]


def test_title_page_mode() -> None:
    assert types("Title: X\nContact:\n    Me\n\tHere\n\nFADE IN:") == [L.TITLE_PAGE] * 4 + [L.EMPTY, L.ACTION]
    assert types("CUT TO:\n\nX") == [L.TRANSITION, L.EMPTY, L.ACTION]
    assert types("\nTitle: X") == [L.EMPTY, L.ACTION]  # "always the first thing in a Fountain document"


def test_classify_line_returns_the_carried_state() -> None:
    kind, state = classify_line("Title: X", L.EMPTY, START, None)
    assert kind is L.TITLE_PAGE and state != 0
    kind, state = classify_line("BOB", L.EMPTY, 0, "Hi.")
    assert kind is L.CHARACTER and state != 0  # "after dialogue" for a following ^ cue
