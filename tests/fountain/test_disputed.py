"""Decisions on the corpus's disputed rules, each argued from the spec's wording.

Spec: fountain.io/syntax (Fountain 1.1). Where sources disagree and the spec is explicit, the spec
wins; where it is silent we pick what loses nothing the writer typed and say so here. Each test
also checks the disputed corpus case(s) of that theme produce exactly this decision.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fountain_corpus import load_cases

from editor.fountain.model import Element, ElementType, LineType
from editor.fountain.parser import parse


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.type.value, e.text) for e in parse(text).elements]


def element(text: str, index: int = 0) -> Element:
    return parse(text).elements[index]


def test_heading_without_blank_line_after_is_action() -> None:
    """Spec: "A Scene Heading is any line that has a blank line following it, and either begins
    with INT or EXT or similar". Without the blank line it is no heading. The Character rule ("any
    line entirely in uppercase, with one empty line before it and without an empty line after it")
    would literally make it a speaker named "INT. HOUSE - DAY" (screenplain); we follow the
    reference parser by the spec's authors: the whole paragraph is Action (theme 2)."""
    assert kinds("INT. HOUSE - DAY\nEXT. HOUSE - DAY\n\nESTABLISHING") == [
        ("action", "INT. HOUSE - DAY\nEXT. HOUSE - DAY"),
        ("action", "ESTABLISHING"),
    ]
    assert kinds("INT. SOMEWHERE - DAY\nANOTHER LINE\n\nSome action")[0][0] == "action"


def test_i_dot_e_dot_is_not_a_heading_prefix() -> None:
    """Spec list of prefixes: "INT, EXT, EST, INT./EXT, INT/EXT, I/E". ``I./E.`` is not in it
    (theme 10); a writer who wants it forces the heading with a period."""
    assert kinds("I./E. HOUSE - DAY") == [("action", "I./E. HOUSE - DAY")]
    assert kinds(".I./E. HOUSE - DAY")[0] == ("scene_heading", "I./E. HOUSE - DAY")
    assert kinds("I/E HOUSE - DAY")[0] == ("scene_heading", "I/E HOUSE - DAY")


def test_leading_key_line_with_empty_value_is_not_a_title_page() -> None:
    """Spec: the title page's information "is encoding in the format key: value". ``CUT TO:`` or
    ``FADE IN:`` opening a script has no value and nothing after it, so it is not a title page
    (reference, screenplain, jouvence); otherwise a script starting with a transition loses it
    (theme 3)."""
    assert kinds("CUT TO:\n\n# This is a Section\n")[:2] == [
        ("transition", "CUT TO:"),
        ("section", "This is a Section"),
    ]
    assert kinds("FADE IN:\n\nA room.")[0] == ("action", "FADE IN:")
    # ...but an empty key followed by more keys or an indented value is a title page.
    assert element("Title:\nAuthor: John August").fields == {"Title": "", "Author": "John August"}
    assert element("Title:\n    THE BIG ONE\n\nINT. HOUSE - DAY\n").fields == {"Title": "THE BIG ONE"}


def test_a_sentence_with_a_colon_is_not_a_title_page() -> None:
    """Spec: "Keys can have spaces (e. g. Draft date), but must end with a colon." Keys are short
    labels; a first line such as "Steel enters the code on the keypad: 9765" is action (fountain-js),
    so we accept keys of one to three words (theme 3)."""
    assert kinds("Steel enters the code on the keypad: **\\*9765\\***")[0][0] == "action"
    assert element("Draft date: 1/20/2012").fields == {"Draft date": "1/20/2012"}


def test_title_page_values() -> None:
    """Spec: "Values can be inline with the key or they can be indented on a newline below the key
    ... Indenting is 3 or more spaces, or a tab. The indenting pattern allows multiple values for
    the same key". An inline value followed by an indented line is therefore a two-line value
    (screenplain rejects the title page; we keep everything, theme 4). Repeated keys merge, so
    nothing is dropped."""
    assert element("Title: Inception\n    additional line").fields == {"Title": "Inception\nadditional line"}
    fields = element("Title: Death\nTitle: - a love story\nTitle:\n   (which happens to be true)").fields
    assert fields == {"Title": "Death\n- a love story\n(which happens to be true)"}


def test_title_page_ends_at_a_line_that_is_neither_key_nor_value() -> None:
    """Spec: "The Title page ends with the first blank line". A line that can be neither a key nor a
    value ends it too, and is kept as Action rather than silently dropped (wildwinter, theme 4)."""
    assert kinds("Title: X\nNot a title entry.\nStill: Not a title entry.") == [
        ("title_page", ""),
        ("action", "Not a title entry.\nStill: Not a title entry."),
    ]


def test_transition_needs_to_colon_and_blank_lines() -> None:
    """Spec: Transition requirements: "Uppercase", "Preceded by and followed by an empty line",
    "Ending in TO:"; and "Add one or more spaces after the colon to cause the line to be interpreted
    as Action". So FADE TO BLACK. (no TO:) is Action unless forced with ``>`` (theme 5)."""
    assert kinds("Some action.\n\nFADE TO BLACK.")[1] == ("action", "FADE TO BLACK.")
    assert kinds("Some action.\n\n> FADE TO BLACK.")[1] == ("transition", "FADE TO BLACK.")
    assert kinds("Some action.\n\nCUT TO: \n\nMore.")[1][0] == "action"
    assert kinds("Some action.\n\nCUT TO:\n\nMore.")[1] == ("transition", "CUT TO:")
    assert kinds("Some action.\nCUT TO:\n\nMore.")[0] == ("action", "Some action.\nCUT TO:")


def test_lyrics_are_per_line() -> None:
    """Spec: "You create a Lyric by starting with a line with a tilde ~" and "Lyrics are always
    forced". A tilde marks that line; an unmarked line after it is not a lyric (reference parser,
    wildwinter; theme 6)."""
    assert kinds("~This is lyrics\nBut this is not\n") == [
        ("lyrics", "This is lyrics"),
        ("action", "But this is not"),
    ]


def test_sections_and_synopses_anywhere() -> None:
    """Spec: "Synopses are single lines prefixed by an equals sign =. They can be located anywhere
    within the screenplay." Sections likewise are lines starting with #. Both are line-level;
    screenplain's "synopsis only after a heading" contradicts the spec (theme 6)."""
    assert kinds("Some action\n\n= A line that just happens to look like a synopsis") == [
        ("action", "Some action"),
        ("synopsis", "A line that just happens to look like a synopsis"),
    ]
    assert kinds("# ACT\nnext")[0] == ("section", "ACT")
    assert parse("## Sequence").elements[0].level == 2


def test_character_name_needs_a_letter_in_the_name_itself() -> None:
    """Spec: "Character names must include at least one alphabetical character. "R2D2" works, but
    "23" does not." The name of ``23 (O.S.)`` is 23: Action (fountain-js). ``3CPO`` has letters:
    a cue (wildwinter says Action, contradicting the spec; theme 7)."""
    assert kinds("23 (O.S.)\nCharacter name must include a letter")[0][0] == "action"
    assert kinds("3CPO\nBeep.")[0] == ("character", "3CPO")
    assert kinds("R2D2\nBeep.")[0] == ("character", "R2D2")
    assert kinds("HANS (on the radio)\nWhat was it you said?")[0] == ("character", "HANS (on the radio)")


def test_a_cue_is_capitals_outside_its_parentheses_too() -> None:
    """Spec: a Character is "any line entirely in uppercase"; only its extensions (``(V.O.)``,
    ``(on the radio)``) may be mixed case. ``MARY (30s), a doctor, enters.`` has lower case after
    its parenthesis: it is Action, and MARY is no speaker (issue 12, defect 4)."""
    script = parse("MARY (30s), a doctor, enters.\nShe sits down.\n\nBOB (V.O.) (CONT'D)\nHi.")
    assert [(e.type.value, e.text) for e in script.elements] == [
        ("action", "MARY (30s), a doctor, enters.\nShe sits down."),
        ("character", "BOB (V.O.) (CONT'D)"),
        ("dialogue", "Hi."),
    ]
    assert list(script.characters) == ["BOB"]
    assert kinds("MARY (30s) ENTERS\nHello.")[0][0] == "character"  # capitals around it: a cue
    assert kinds("HANS (on the radio) ^\nWhat?")[0][0] == "character"
    assert kinds("HANS (on the radio\nWhat?")[0][0] == "character"  # an unclosed extension


def test_trailing_spaces_and_orphan_caret_on_a_cue() -> None:
    """Spec: a Character is "any line entirely in uppercase" with the blank-line conditions; it says
    nothing about trailing spaces, so ``SCANNING THE AISLES...  `` is a cue (screenplain-only rule
    not followed). Dual dialogue pairs the caret cue with the previous speech; with no previous
    speech the caret is dropped and the cue is ordinary (theme 7)."""
    assert kinds("SCANNING THE AISLES...  \nWhere is that pit boss?")[0][0] == "character"
    cue = element("Brick strolls down the street.\n\nBRICK ^\nNice retirement.", 1)
    assert (cue.type, cue.text, cue.dual) == (ElementType.CHARACTER, "BRICK", False)
    pair = parse("BRICK\nHi.\n\nSTEEL ^\nHello.").elements
    assert [e.dual for e in pair] == [False, False, True, True]


def test_emphasis_around_cues_and_parentheticals() -> None:
    """Spec: a Character is "any line entirely in uppercase": ``**MR. SELF DESTRUCT**`` is, so it is
    a cue (fountain-js and the reference regex; the person is MR. SELF DESTRUCT). Parentheticals
    "are wrapped in parentheses ()": ``*(ah, wonderful)*`` is wrapped in asterisks, so it is
    dialogue (the reference parser), shown in italics (themes 7 and 8)."""
    script = parse("**MR. SELF DESTRUCT**\n*(ah, wonderful)*\nBoom.")
    assert [e.type.value for e in script.elements] == ["character", "dialogue"]
    assert list(script.characters) == ["MR. SELF DESTRUCT"]


def test_parenthetical_after_parenthetical() -> None:
    """Spec: "Parentheticals follow a Character or Dialogue element, and are wrapped in parentheses
    ()". A second parenthetical line is still wrapped in parentheses inside the same speech; we
    keep it a parenthetical as every parser but wildwinter does (theme 8)."""
    assert kinds("DAN\n(asleep)\n(bouncy)\nHi.")[1:3] == [
        ("parenthetical", "(asleep)"),
        ("parenthetical", "(bouncy)"),
    ]


def test_boneyard_right_after_a_transition() -> None:
    """Spec: "If you want Fountain to ignore some text, wrap it with /* some text */". Ignored text
    cannot change what surrounds it, so the spec's own example keeps ``CUT TO:`` a Transition when
    ``/*`` follows on the next line (screenplain, fountain-js; theme 9)."""
    text = (
        "Action.\n\nCUT TO:\n/*\nINT. GARAGE - DAY\n\nOld scene.\n*/\n\nEXT. PALATIAL MANSION - DAY\n\nA man."
    )
    assert [k for k, _ in kinds(text)] == ["action", "transition", "boneyard", "scene_heading", "action"]


def test_centered_text_is_line_level() -> None:
    """Spec: "Centered text constitutes an Action element, and is bracketed with greater/less-than".
    The brackets mark the line, wherever it is (line-level parsers; theme 11)."""
    assert kinds("first!\n> second! <\nthird!") == [
        ("action", "first!"),
        ("centered", "second!"),
        ("action", "third!"),
    ]


def test_indentation_before_markers_is_ignored() -> None:
    """Spec (Indenting): leading tabs or spaces outside Action "are ignored and the lines are
    interpreted as if they weren't there" (theme 1, undisputed; real files differ)."""
    # Forced Action keeps its indentation: "Tabs and spaces are retained in Action elements".
    assert kinds("    !TIRES SCREECH")[0] == ("action", "    TIRES SCREECH")
    assert kinds("\t.OPENING TITLES")[0] == ("scene_heading", "OPENING TITLES")
    assert kinds("Brick.\n\n   > Burn to Pink.")[1] == ("transition", "Burn to Pink.")
    assert parse("    STEEL\nHi.").line_types[:2] == [LineType.CHARACTER, LineType.DIALOGUE]


def test_every_disputed_case_is_covered(shared_dir: Path) -> None:
    """The corpus still has the disputed cases these decisions were written against."""
    names = {c["name"] for c in load_cases(shared_dir) if c.get("disputed")}
    for name in (
        "unit_SlugTests.test_slug_must_be_single_line",
        "SceneHeaders: I./E. prefix",
        "test_lyrics_1",
        "Dialogue: numeric name with extension",
        "Transitions: FADE TO BLACK.",
        "file_boneyard",
    ):
        assert name in names


@pytest.mark.parametrize(
    ("name", "expected_types"),
    [
        ("SceneHeaders: requires blank line after", ["action", "action"]),
        ("unit_SlugTests.test_slug_must_be_single_line", ["action", "action"]),
        ("SceneHeaders: I./E. prefix", ["action"]),
        ("test_lyrics_1", ["lyrics", "action"]),
        ("Dialogue: numeric name with extension", ["action"]),
        ("Transitions: FADE TO BLACK.", ["action", "action"]),
        ("unit_SynopsisTests.test_synopsis_syntax_parsed_as_literal", ["action", "synopsis"]),
        (
            "unit_ActionTests.test_centering_marks_in_middle_of_paragraphs_are_verbatim",
            ["action", "centered", "action"],
        ),
        ("unit_DialogTests.test_twospaced_line_is_not_character", ["character", "dialogue"]),
        ("unit_TitlePageTests.test_unparsable_title_page_returns_none", ["title_page"]),
    ],
)
def test_disputed_corpus_cases_follow_the_decisions(
    shared_dir: Path, name: str, expected_types: list[str]
) -> None:
    case = next(c for c in load_cases(shared_dir) if c["name"] == name)
    assert [e.type.value for e in parse(case["fountain"]).elements] == expected_types
