"""Pagination with hand-checked expectations.

Scripts are built element by element (not parsed) so that every row number below can be worked out
on paper from the rules: one blank row between elements, rows 0..54 on a Letter page, 0..56 on A4.
"""

from __future__ import annotations

import pytest

from editor.fountain.model import Element, ElementType, LineType, Scene, Script
from editor.fountain.pagination import (
    A4,
    LETTER,
    LineKind,
    PaginationCancelled,
    PaginationOptions,
    Paper,
    page_count,
    paginate,
    sentence_breaks,
    text_width,
    wrap,
)

E = ElementType


def make_script(items: list[tuple], title_page: dict[str, str] | None = None) -> Script:
    """``items``: ``(type, text)`` or ``(type, text, {"dual": True, ...})``; consecutive source lines."""
    elements: list[Element] = []
    scenes: list[Scene] = []
    line = 0
    for item in items:
        kind, text = item[0], item[1]
        extra = item[2] if len(item) > 2 else {}
        n = text.count("\n")
        elements.append(Element(kind, text, line, line + n, 0, 0, **extra))
        if kind is E.SCENE_HEADING:
            number = extra.get("scene_number") or str(len(scenes) + 1)
            scenes.append(Scene(len(scenes), number, text, line, line, 0, 0))
        line += n + (1 if kind in (E.CHARACTER, E.PARENTHETICAL) else 2)
    return Script("", [LineType.EMPTY] * line, elements, title_page=title_page or {}, scenes=scenes)


def speech(name: str, *parts: str, dual: bool = False) -> list[tuple]:
    out: list[tuple] = [(E.CHARACTER, name, {"dual": dual})]
    for part in parts:
        kind = E.PARENTHETICAL if part.startswith("(") else E.DIALOGUE
        out.append((kind, part, {"dual": dual}))
    return out


def actions(count: int, prefix: str = "Beat") -> list[tuple]:
    return [(E.ACTION, f"{prefix} {k}.") for k in range(count)]


def rows(page) -> dict[int, str]:
    """Row -> text of the body lines (page number left out)."""
    out: dict[int, str] = {}
    for line in page.lines:
        if line.kind is not LineKind.PAGE_NUMBER:
            out[line.row] = (out[line.row] + " | " + line.text) if line.row in out else line.text
    return out


# ---------------------------------------------------------------------------------------------
# Measuring and wrapping


def test_wrap_keeps_words_whole_at_61_columns() -> None:
    text = "Bob walks in. He looks around the room, taking in every detail of the walls."
    spans = wrap(text, 61)
    assert [text[a:b] for a, b in spans] == [
        "Bob walks in. He looks around the room, taking in every",
        "detail of the walls.",
    ]


def test_wrap_breaks_a_word_longer_than_the_line() -> None:
    assert [("x" * 80)[a:b] for a, b in wrap("x" * 80, 36)] == ["x" * 36, "x" * 36, "x" * 8]


def test_wrap_keeps_leading_indentation_and_empty_lines() -> None:
    assert wrap("    Four spaces", 61) == [(0, 15)]
    assert wrap("", 61) == [(0, 0)]


def test_wide_characters_take_two_cells_and_may_break_anywhere() -> None:
    text = "你好" * 20  # 40 characters, 80 cells
    assert text_width(text) == 80
    spans = wrap(text, 36)
    assert [b - a for a, b in spans] == [18, 18, 4]
    assert text_width("привет") == 6
    assert text_width("e\u0301") == 1  # a combining accent takes no cell


def test_sentence_breaks_follow_sentence_ends() -> None:
    text = 'Stop. "Now!" he says. Really? Yes... fine'
    assert [text[k:] for k in sentence_breaks(text)] == [
        '"Now!" he says. Really? Yes... fine',
        "he says. Really? Yes... fine",
        "Really? Yes... fine",
        "Yes... fine",
        "fine",
    ]
    assert sentence_breaks("No end here") == []


def test_chinese_and_japanese_sentence_ends_need_no_space_after_them() -> None:
    # 。！？ and the fullwidth ． end sentences in Chinese and Japanese, with no space after them.
    text = "你好。我很好！真的？「是。」好．行"
    assert [text[k:] for k in sentence_breaks(text)] == [
        "我很好！真的？「是。」好．行",
        "真的？「是。」好．行",
        "「是。」好．行",
        "好．行",
        "行",
    ]


# ---------------------------------------------------------------------------------------------
# Columns


def test_columns_match_the_print_profile() -> None:
    script = make_script(
        [
            (E.SCENE_HEADING, "INT. HOUSE - DAY"),
            (E.ACTION, "Bob walks in."),
            *speech("BOB", "(quietly)", "Hello."),
            (E.TRANSITION, "CUT TO:"),
            (E.CENTERED, "THE END"),
        ]
    )
    page = paginate(script).pages[0]
    by_kind = {line.kind: line for line in page.lines}
    assert by_kind[LineKind.SCENE_HEADING].x_in == 1.5
    assert by_kind[LineKind.ACTION].x_in == 1.5
    assert by_kind[LineKind.CHARACTER].x_in == 3.5
    assert by_kind[LineKind.PARENTHETICAL].x_in == 3.0
    assert by_kind[LineKind.DIALOGUE].x_in == 2.5
    # Transition right-aligned to the end of the 61-column action line: 1.5" + 6.1" - 0.7".
    assert by_kind[LineKind.TRANSITION].x_in == pytest.approx(6.9)
    # Centred in the action column: (61 - 7) / 2 = 27 cells in.
    assert by_kind[LineKind.CENTERED].x_in == pytest.approx(4.2)
    assert [(r, t) for r, t in sorted(rows(page).items())] == [
        (0, "INT. HOUSE - DAY"),
        (2, "Bob walks in."),
        (4, "BOB"),
        (5, "(quietly)"),
        (6, "Hello."),
        (8, "CUT TO:"),
        (10, "THE END"),
    ]


def test_dialogue_wraps_at_36_and_parentheticals_at_26() -> None:
    script = make_script(
        speech(
            "BOB",
            "(looking at the ceiling for a long time)",
            "I have been thinking about this for a very long time now.",
        )
    )
    page = paginate(script).pages[0]
    assert [line.text for line in page.lines] == [
        "BOB",
        "(looking at the ceiling",
        "for a long time)",
        "I have been thinking about this for",
        "a very long time now.",
    ]


# ---------------------------------------------------------------------------------------------
# Page breaks


def test_55_rows_on_letter_and_57_on_a4() -> None:
    # 28 one-line actions with a blank row between them fill rows 0, 2, ..., 54 exactly.
    script = make_script(actions(29))
    letter = paginate(script)
    assert letter.page_count == 2
    assert max(rows(letter.pages[0])) == 54
    assert rows(letter.pages[1]) == {0: "Beat 28."}
    a4 = paginate(make_script(actions(30)), PaginationOptions(paper=Paper.A4))
    assert a4.geometry is A4
    # A4: rows 0..56 hold 29 actions (0, 2, ..., 56).
    assert a4.page_count == 2
    assert rows(a4.pages[1]) == {0: "Beat 29."}
    assert LETTER.lines_per_page == 55 and A4.lines_per_page == 57
    assert LETTER.action_width == 61 and A4.action_width == 58


def test_forced_page_break_starts_a_new_page_and_never_an_empty_one() -> None:
    script = make_script(
        [
            (E.ACTION, "One."),
            (E.PAGE_BREAK, "==="),
            (E.PAGE_BREAK, "==="),
            (E.ACTION, "Two."),
            (E.PAGE_BREAK, "==="),
        ]
    )
    pagination = paginate(script)
    assert [rows(page) for page in pagination.pages] == [{0: "One."}, {0: "Two."}]


def test_page_numbers_from_page_two_half_an_inch_from_the_top() -> None:
    pagination = paginate(make_script(actions(60)))
    assert pagination.page_count == 3
    first, second, third = pagination.pages
    assert not [line for line in first.lines if line.kind is LineKind.PAGE_NUMBER]
    number = next(line for line in second.lines if line.kind is LineKind.PAGE_NUMBER)
    assert number.text == "2."
    assert pagination.geometry.row_top_in(number.row) == pytest.approx(0.5)
    # Right-aligned to the right margin (8.5" - 1"): "2." is two cells wide.
    assert number.x_in == pytest.approx(7.3)
    assert next(line.text for line in third.lines if line.kind is LineKind.PAGE_NUMBER) == "3."


def test_scene_heading_never_alone_at_the_foot_of_a_page() -> None:
    # 27 actions fill rows 0..52; the heading would land on row 54 with its action on row 56.
    script = make_script([*actions(27), (E.SCENE_HEADING, "EXT. STREET - NIGHT"), (E.ACTION, "Rain.")])
    first, second = paginate(script).pages
    assert max(rows(first)) == 52
    assert rows(second) == {0: "EXT. STREET - NIGHT", 2: "Rain."}


def test_a_run_of_headings_moves_together() -> None:
    # 26 actions fill rows 0..50; headings would take rows 52 and 54, their action row 56.
    script = make_script(
        [
            *actions(26),
            (E.SCENE_HEADING, "EXT. STREET - NIGHT"),
            (E.SCENE_HEADING, "INT. BAR - NIGHT"),
            (E.ACTION, "Rain."),
        ]
    )
    first, second = paginate(script).pages
    assert max(rows(first)) == 50
    assert rows(second) == {0: "EXT. STREET - NIGHT", 2: "INT. BAR - NIGHT", 4: "Rain."}


def test_dual_dialogue_taller_than_a_page_prints_one_speech_after_the_other() -> None:
    left = "\n".join(f"Line {k}." for k in range(60))
    right = "\n".join(f"Other {k}." for k in range(30))
    pagination = paginate(make_script([*speech("GIRL", left), *speech("GUY", right, dual=True)]))
    lines = [line for page in pagination.pages for line in page.lines]
    assert all(line.column == 0 for line in lines)
    cues = [line for line in lines if line.kind is LineKind.CHARACTER]
    assert [line.x_in for line in cues] == [3.5] * len(cues)
    dialogue = [line.text for line in lines if line.kind is LineKind.DIALOGUE]
    assert dialogue == [f"Line {k}." for k in range(60)] + [f"Other {k}." for k in range(30)]


def test_scene_heading_stays_when_its_action_can_split_after_it() -> None:
    # 25 actions fill rows 0..48; heading on 50, then an action of 6 one-sentence lines: rows 52-54
    # take three of them (>= 2 each side), the other three go to the next page.
    body = "\n".join(f"Line {k}." for k in range(6))
    script = make_script([*actions(25), (E.SCENE_HEADING, "EXT. STREET - NIGHT"), (E.ACTION, body)])
    first, second = paginate(script).pages
    assert rows(first)[50] == "EXT. STREET - NIGHT"
    assert [rows(first)[r] for r in (52, 53, 54)] == ["Line 0.", "Line 1.", "Line 2."]
    assert rows(second) == {0: "Line 3.", 1: "Line 4.", 2: "Line 5."}


def test_scene_heading_moves_when_its_speech_cannot_start_here() -> None:
    # Heading on row 52, cue would need row 54 and nothing of the speech could follow it.
    script = make_script(
        [*actions(26), (E.SCENE_HEADING, "INT. CAR - DAY"), *speech("ANA", "Drive. Just drive. Now.")]
    )
    first, second = paginate(script).pages
    assert max(rows(first)) == 50
    assert rows(second) == {0: "INT. CAR - DAY", 2: "ANA", 3: "Drive. Just drive. Now."}


def test_action_splits_between_sentences_with_two_lines_each_side() -> None:
    # 26 actions fill rows 0..50; the paragraph starts on row 52 with three free rows.
    sentence = "The storm tears the shutters off the old farmhouse one by one."  # 62 chars: 2 lines
    text = " ".join([sentence] * 3)
    script = make_script([*actions(26), (E.ACTION, text)])
    first, second = paginate(script).pages
    # The whole paragraph is four lines; two sentences (three lines) fill rows 52-54 and the third
    # sentence starts afresh, re-wrapped, at the top of the next page.
    assert [rows(first)[r] for r in (52, 53, 54)] == [
        "The storm tears the shutters off the old farmhouse one by",
        "one. The storm tears the shutters off the old farmhouse one",
        "by one.",
    ]
    assert rows(second) == {0: "The storm tears the shutters off the old farmhouse one by", 1: "one."}


def test_action_that_cannot_split_moves_whole() -> None:
    # One sentence of four lines, three free rows (52-54): no sentence end to break at.
    text = "A very long sentence " * 9
    script = make_script([*actions(26), (E.ACTION, text.strip())])
    first, second = paginate(script).pages
    assert max(rows(first)) == 50
    assert len(rows(second)) == 4


def test_speech_splits_between_sentences_with_more_and_contd() -> None:
    # 25 actions fill rows 0..48; cue on row 50, four free rows 51..54 below it: three lines of
    # dialogue and (MORE) fit; the other three lines go over under "BOB (CONT'D)".
    script = make_script([*actions(25), *speech("BOB", "One.\nTwo.\nThree.\nFour.\nFive.\nSix.")])
    first, second = paginate(script).pages
    r1, r2 = rows(first), rows(second)
    assert [r1[r] for r in range(50, 55)] == ["BOB", "One.", "Two.", "Three.", "(MORE)"]
    more = next(line for line in first.lines if line.kind is LineKind.MORE)
    assert more.x_in == 3.5
    assert r2 == {0: "BOB (CONT'D)", 1: "Four.", 2: "Five.", 3: "Six."}


def test_speech_splits_inside_a_paragraph_at_a_sentence_end() -> None:
    line = "I went to the harbor at dawn. "  # 30 chars; two sentences do not share a 36-col line
    text = (line * 6).strip()
    script = make_script([*actions(25), *speech("MAYA (V.O.)", text)])
    first, second = paginate(script).pages
    r1, r2 = rows(first), rows(second)
    assert r1[50] == "MAYA (V.O.)"
    assert r1[54] == "(MORE)"
    assert r2[0] == "MAYA (V.O.) (CONT'D)"
    # Every dialogue line on both pages is whole sentences, and nothing is lost.
    dialogue = [
        line.text for page in (first, second) for line in page.lines if line.kind is LineKind.DIALOGUE
    ]
    assert " ".join(dialogue) == text
    assert sum(t.count("harbor") for t in dialogue) == 6


def test_a_chinese_speech_splits_between_sentences() -> None:
    # 25 actions fill rows 0..48; cue on row 50, rows 51..54 free. Eighteen wide characters fill
    # a 36-cell dialogue line; the speech is five lines of eleven-character sentences, each
    # ending in 。, so it splits there with (MORE) and (CONT'D) like any other speech.
    sentence = "我今天去了海边看日出。"
    text = sentence * 8
    script = make_script([*actions(25), *speech("MAYA", text)])
    first, second = paginate(script).pages
    r1, r2 = rows(first), rows(second)
    assert r1[50] == "MAYA" and "(MORE)" in r1.values()
    assert r2[0] == "MAYA (CONT'D)"
    for page in (first, second):
        said = "".join(ln.text for ln in page.lines if ln.kind is LineKind.DIALOGUE)
        assert said.endswith("。") and said.count(sentence) == len(said) // len(sentence)
    both = [ln.text for page in (first, second) for ln in page.lines if ln.kind is LineKind.DIALOGUE]
    assert "".join(both) == text


def test_emphasis_across_a_line_break_prints_styled_without_its_markers() -> None:
    script = make_script(
        [(E.ACTION, "Brick **pulls\nthe trigger**. _Steel\nducks_."), *speech("BOB", "*No\nway*.")]
    )
    lines = [ln for ln in paginate(script).pages[0].lines if ln.kind is not LineKind.PAGE_NUMBER]
    assert [ln.text for ln in lines] == ["Brick pulls", "the trigger. Steel", "ducks.", "BOB", "No", "way."]
    styled_words = {
        (run.text.strip(), run.bold, run.italic, run.underline) for ln in lines for run in ln.runs
    }
    assert {("pulls", True, False, False), ("the trigger", True, False, False)} <= styled_words
    assert {("Steel", False, False, True), ("ducks", False, False, True)} <= styled_words
    assert {("No", False, True, False), ("way", False, True, False)} <= styled_words


def test_speech_never_ends_a_page_on_a_parenthetical() -> None:
    # Free rows 51..54 under the cue. Splitting after "(beat)" would strand the parenthetical, so
    # the break comes before it: "One. Two." stay with (MORE).
    script = make_script([*actions(25), *speech("BOB", "One.\nTwo.", "(beat)", "Three.\nFour.")])
    first, second = paginate(script).pages
    assert [rows(first)[r] for r in range(50, 54)] == ["BOB", "One.", "Two.", "(MORE)"]
    assert rows(second) == {0: "BOB (CONT'D)", 1: "(beat)", 2: "Three.", 3: "Four."}


def test_short_speech_moves_whole_rather_than_split() -> None:
    # Cue on row 52 with two free rows: two lines of dialogue plus (MORE) cannot fit.
    script = make_script([*actions(26), *speech("BOB", "One.\nTwo.\nThree.")])
    first, second = paginate(script).pages
    assert max(rows(first)) == 50
    assert rows(second) == {0: "BOB", 1: "One.", 2: "Two.", 3: "Three."}
    assert not [line for page in (first, second) for line in page.lines if line.kind is LineKind.MORE]


def test_cue_already_continued_is_not_marked_twice() -> None:
    script = make_script([*actions(25), *speech("BOB (CONT'D)", "One.\nTwo.\nThree.\nFour.\nFive.\nSix.")])
    second = paginate(script).pages[1]
    assert rows(second)[0] == "BOB (CONT'D)"


def test_a_speech_longer_than_a_page_is_split_anyway() -> None:
    text = "\n".join(["and on"] * 70)  # no sentence end at all
    pagination = paginate(make_script(speech("BOB", text)))
    dialogue = [line for page in pagination.pages for line in page.lines if line.kind is LineKind.DIALOGUE]
    assert len(dialogue) == 70
    assert pagination.page_count == 2
    assert rows(pagination.pages[0])[54] == "(MORE)"


# ---------------------------------------------------------------------------------------------
# Dual dialogue


def test_dual_dialogue_side_by_side() -> None:
    script = make_script(
        [
            (E.ACTION, "They both talk."),
            *speech("GIRL", "Hey!"),
            *speech("GUY", "Hello! How are you doing on this fine day?", dual=True),
            (E.ACTION, "Silence."),
        ]
    )
    page = paginate(script).pages[0]
    left = [line for line in page.lines if line.column == 1]
    right = [line for line in page.lines if line.column == 2]
    assert [(line.row, line.text) for line in left] == [(2, "GIRL"), (3, "Hey!")]
    assert [(line.row, line.text) for line in right] == [
        (2, "GUY"),
        (3, "Hello! How are you doing on"),
        (4, "this fine day?"),
    ]
    assert all(line.x_in < 4.5 for line in left)
    assert all(line.x_in >= 4.5 for line in right)
    # The block is as tall as its taller column: the next action starts after row 4.
    assert rows(page)[6] == "Silence."


def test_dual_dialogue_is_never_split() -> None:
    script = make_script(
        [*actions(26), *speech("GIRL", "Hey!\nYou!\nThere!"), *speech("GUY", "Hi.", dual=True)]
    )
    first, second = paginate(script).pages
    assert max(rows(first)) == 50
    assert rows(second)[0] == "GIRL | GUY"


# ---------------------------------------------------------------------------------------------
# Scene numbers, notes, title page, cancellation


def test_scene_numbers_in_both_margins_when_asked() -> None:
    script = make_script(
        [(E.SCENE_HEADING, "INT. A - DAY"), (E.SCENE_HEADING, "INT. B - DAY", {"scene_number": "12A"})]
    )
    plain = paginate(script)
    assert not [line for line in plain.pages[0].lines if line.kind is LineKind.SCENE_NUMBER]
    numbered = paginate(script, PaginationOptions(scene_numbers=True)).pages[0]
    numbers = [
        (line.row, line.text, line.x_in) for line in numbered.lines if line.kind is LineKind.SCENE_NUMBER
    ]
    assert [(r, t) for r, t, _x in numbers] == [(0, "1"), (0, "1"), (2, "12A"), (2, "12A")]
    left_x = [x for _r, _t, x in numbers[::2]]
    right_x = [x for _r, _t, x in numbers[1::2]]
    assert all(x < 1.5 for x in left_x) and all(x > 7.5 for x in right_x)


def test_notes_boneyard_sections_and_synopses_are_not_printed() -> None:
    script = make_script(
        [
            (E.SECTION, "ACT ONE", {"level": 1}),
            (E.SYNOPSIS, "Things happen."),
            (E.NOTE, "fix this"),
            (E.BONEYARD, "old scene"),
            (E.ACTION, "Visible [[inline note]] text."),
        ]
    )
    assert rows(paginate(script).pages[0]) == {0: "Visible  text."}
    printed = paginate(script, PaginationOptions(print_notes=True)).pages[0]
    assert rows(printed) == {0: "fix this", 2: "Visible [[inline note]] text."}
    assert all(run.italic for line in printed.lines if line.kind is LineKind.NOTE for run in line.runs)


def test_title_page_laid_out_by_its_keys() -> None:
    script = make_script(
        [(E.ACTION, "Body.")],
        title_page={
            "Title": "THE UNDERTOW",
            "Credit": "Written by",
            "Author": "Alex Morgan",
            "Source": "Based on a story by Sam Reyes",
            "Draft date": "28 March 2026",
            "Contact": "A. Morgan\n12 Harbor Lane",
        },
    )
    pagination = paginate(script)
    title = pagination.title_page
    assert title is not None and title.is_title
    assert pagination.page_count == 1  # the title page is not a numbered page
    placed = {line.text: line for line in title.lines}
    assert placed["THE UNDERTOW"].row == 17
    assert placed["Written by"].row == 19
    assert placed["Alex Morgan"].row == 21
    assert placed["Based on a story by Sam Reyes"].row == 23
    # Centred: (61 - 12) / 2 = 24.5 cells in from the left margin.
    assert placed["THE UNDERTOW"].x_in == pytest.approx(1.5 + 2.45)
    # Contact bottom-left, draft date bottom-right, both ending on the last row.
    assert placed["12 Harbor Lane"].row == 54 and placed["12 Harbor Lane"].x_in == 1.5
    assert placed["28 March 2026"].row == 54
    assert placed["28 March 2026"].x_in == pytest.approx(7.6 - 1.3)
    assert not [line for line in title.lines if line.kind is LineKind.PAGE_NUMBER]
    assert paginate(make_script([(E.ACTION, "x")])).title_page is None


def test_page_for_line_and_page_count() -> None:
    script = make_script(actions(60))
    pagination = paginate(script)
    assert page_count(script) == 3
    assert page_count(script, "a4") == 3
    # Action k is on source line 2k; page 2 starts with action 28.
    assert pagination.page_for_line(0) == 1
    assert pagination.page_for_line(55) == 1
    assert pagination.page_for_line(56) == 2
    assert pagination.page_for_line(10_000) == 3


def test_cancel_and_progress() -> None:
    script = make_script(actions(2000))
    seen: list[float] = []
    paginate(script, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(PaginationCancelled):
        paginate(script, cancelled=lambda: True)


def test_empty_script_has_one_empty_page() -> None:
    pagination = paginate(make_script([]))
    assert pagination.page_count == 1
    assert pagination.pages[0].lines == []
