"""SmartType: speaker ranking by turn-taking and recency, headings, locations, times, transitions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from support.editor_testkit import type_text

from editor.fountain.completions import complete, rank_speakers
from editor.fountain.model import LineType
from editor.fountain.parser import parse

EXCHANGE = """INT. DINER - NIGHT

MAYA
Coffee?

TOM (V.O.)
Please.

MAYA (CONT'D)
Black?

"""


def _ranked(text: str, line: int | None = None, known: tuple[str, ...] = ()) -> list[str]:
    script = parse(text)
    lines = text.split("\n")
    return rank_speakers(lines, script.line_types, len(lines) - 1 if line is None else line, known)


def test_after_a_answers_b_b_comes_first() -> None:
    text = "INT. DINER - NIGHT\n\nTOM\nCoffee?\n\nMAYA\nPlease.\n\n"
    assert _ranked(text)[:2] == ["TOM", "MAYA"]


def test_each_person_once_whatever_the_extension() -> None:
    ranked = _ranked(EXCHANGE)
    assert ranked == ["TOM", "MAYA"]


def test_scene_speakers_before_older_ones_and_the_rest_of_the_cast() -> None:
    text = "INT. A - DAY\n\nJUNE\nHi.\n\nINT. B - DAY\n\nLUCAS\nYes.\n\nNINA\nNo.\n\n"
    assert _ranked(text, known=("ZED", "NINA")) == ["LUCAS", "NINA", "JUNE", "ZED"]


def test_cue_completion_ranks_and_filters_by_prefix() -> None:
    text = "INT. A - DAY\n\nMARTA\nHi.\n\nMARCUS\nHey.\n\nMA"
    script = parse(text)
    lines = text.split("\n")
    items = complete(lines, script.line_types, len(lines) - 1, 2, intent=LineType.CHARACTER)
    assert [i.text for i in items] == ["MARTA", "MARCUS"]
    assert all(i.start == 0 and i.kind == "character" for i in items)


def test_heading_prefix_then_locations_then_times() -> None:
    lines = ["EXT. PIER - NIGHT", "", "in"]
    types = [LineType.SCENE_HEADING, LineType.EMPTY, LineType.ACTION]
    assert [i.text for i in complete(lines, types, 2, 2)] == ["INT. ", "INT./EXT. "]
    lines[2] = "INT. P"
    items = complete(lines, types, 2, 6, locations=["PIER", "PARK", "ATTIC"])
    assert [(i.text, i.start, i.kind) for i in items] == [("PIER", 5, "location"), ("PARK", 5, "location")]
    lines[2] = "INT. PIER - N"
    items = complete(lines, types, 2, len(lines[2]), times=["NIGHT", "NOON"])
    assert [i.text for i in items] == ["NIGHT", "NOON"]
    assert items[0].start == len("INT. PIER - ")


def test_transitions_on_transition_intent() -> None:
    items = complete(["CU"], [LineType.ACTION], 0, 2, intent=LineType.TRANSITION)
    assert [i.text for i in items] == ["CUT TO:"]


def test_nothing_on_an_empty_transition_line() -> None:
    """The list waits for a letter, as on an empty cue line: Tab must keep cycling the element."""
    assert complete([""], [LineType.EMPTY], 0, 0, intent=LineType.TRANSITION) == []


def test_tab_cycles_cue_transition_action_on_an_empty_line(qtbot, make_editor) -> None:
    """Tab, Tab, Tab (cue, transition, action) used to accept "CUT TO:" on the third Tab, and the
    action typed next landed on the transition line: ">CUT TO:SHE SITS."."""
    editor = make_editor("INT. DINER - NIGHT\n\nAnn enters.\n\n")
    editor.go_to_line(4)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.smart.intent() is LineType.CHARACTER
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.smart.intent() is LineType.TRANSITION
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.smart.intent() is None
    type_text(qtbot, editor, "She sits.")
    assert editor.script_document.parser.lines[4] == "She sits."
    assert editor.script_document.line_type(4) is LineType.ACTION


def test_nothing_in_the_middle_of_a_line_or_in_dialogue() -> None:
    lines = ["", "BOB", "Hello th"]
    types = [LineType.EMPTY, LineType.CHARACTER, LineType.DIALOGUE]
    assert complete(lines, types, 2, 8) == []
    assert complete(["MAYA and"], [LineType.ACTION], 0, 2) == []


def test_popup_offers_the_next_speaker_and_enter_accepts(qtbot, make_editor) -> None:
    editor = make_editor("INT. DINER - NIGHT\n\nTOM\nCoffee?\n\nMAYA\nPlease.\n\n")
    editor.go_to_line(8)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_text(qtbot, editor, "m")
    assert [i.text for i in editor.completer.items()] == ["MAYA"]
    type_text(qtbot, editor, "\b")
    # Nothing is offered on the empty line, so Tab still cycles the element.
    assert not editor.completer.is_visible()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # cycles to transition
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)  # back to character
    type_text(qtbot, editor, "t")
    assert editor.completer.is_visible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.script_document.parser.lines[8] == "TOM"
    assert not editor.completer.is_visible()
    # The same Enter went on to the dialogue line, as Final Draft's SmartType does.
    type_text(qtbot, editor, "Refill.")
    assert editor.script_document.parser.lines[8:10] == ["TOM", "Refill."]
    assert editor.script_document.line_type(8) is LineType.CHARACTER
    assert editor.script_document.line_type(9) is LineType.DIALOGUE


def test_smarttype_enter_fills_the_cue_and_goes_on_to_dialogue(qtbot, make_editor) -> None:
    """Tab, ``d``, Enter fills DANNY; the words typed next are DANNY's dialogue (one Enter)."""
    editor = make_editor("INT. YARD - DAY\n\nDANNY\nHey.\n\nMARA\nWhat?\n\n")
    editor.go_to_line(8)
    type_text(qtbot, editor, "\td\nSo say it now")
    assert editor.script_document.text().endswith("\n\nDANNY\nSo say it now")
    assert editor.script_document.line_type(9) is LineType.DIALOGUE
    for _ in range(5):  # four words typed, then the new line: the pick is a step of its own
        editor.undo()
    assert editor.script_document.text().endswith("\n\nDANNY")


def test_tab_on_a_pick_fills_only_and_enter_on_a_time_goes_to_a_new_paragraph(qtbot, make_editor) -> None:
    editor = make_editor("INT. YARD - DAY\n\nDANNY\nHey.\n\n")
    editor.go_to_line(5)
    type_text(qtbot, editor, "\td\t")
    assert editor.script_document.text().endswith("\n\nDANNY")  # Tab: filled, nothing more
    editor2 = make_editor("INT. YARD - DAY\n\nDanny runs.\n\n")
    editor2.go_to_line(4)
    type_text(qtbot, editor2, "ext. yard - n\nRain.")
    assert editor2.script_document.text().endswith("\n\nEXT. YARD - NIGHT\n\nRain.")


def test_escape_dismisses_and_typing_continues(qtbot, make_editor) -> None:
    editor = make_editor("INT. DINER - NIGHT\n\nMAYA\nHi.\n\n")
    editor.go_to_line(5)
    type_text(qtbot, editor, "\tm")
    assert editor.completer.is_visible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.completer.is_visible()
    type_text(qtbot, editor, "a")
    assert not editor.completer.is_visible()
    assert editor.script_document.parser.lines[5] == "MA"
