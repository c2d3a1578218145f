"""Emphasis spans per the spec's Emphasis section, with marker ranges."""

from __future__ import annotations

from editor.fountain.inline import BOLD, ESCAPE, ITALIC, NOTE, UNDERLINE, parse_inline, plain_text, styles_at


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.inner_start : s.inner_end]) for s in parse_inline(text)]


def test_the_four_emphasis_forms() -> None:
    assert spans("*italics*") == [(ITALIC, "italics")]
    assert spans("**bold**") == [(BOLD, "bold")]
    assert spans("_underline_") == [(UNDERLINE, "underline")]
    assert sorted(spans("***bold italics***")) == [(BOLD, "*bold italics*"), (ITALIC, "bold italics")]


def test_combined_emphasis_from_the_spec() -> None:
    text = "_an *italicized* word within an underlined phrase_"
    assert sorted(spans(text)) == [(ITALIC, "italicized"), (UNDERLINE, text[1:-1])]


def test_markers_must_touch_the_text() -> None:
    assert spans("He dialed *69 and then *23, and then hung up.") == []
    assert spans("He dialed _69 and then 23 _, and then hung up.") == []
    assert spans("He dialed *69 and then 23*, and then hung up.") == [(ITALIC, "69 and then 23")]


def test_escapes() -> None:
    text = "Steel enters the code on the keypad: **\\*9765\\***"
    assert spans(text)[0] == (BOLD, "\\*9765\\*")
    assert [k for k, _ in spans(text)].count(ESCAPE) == 2
    assert plain_text(text) == "Steel enters the code on the keypad: *9765*"
    assert spans("*69 and then 23\\*, and") == [(ESCAPE, "*")]


def test_emphasis_does_not_cross_a_blank_line() -> None:
    # The spec's own example: a paragraph break ends emphasis, the asterisks stay as they are.
    assert spans("Brick and Steel *share a look.\n\nThis is going to be BAD.*") == []
    assert spans("*one\n  \ntwo*") == []


def test_emphasis_runs_across_the_line_breaks_of_one_paragraph() -> None:
    # "As with Markdown": a single line break inside a paragraph does not end emphasis (issue 12
    # defect 7: the markers were printed as text).
    assert spans("He **pulls\nthe trigger**.") == [(BOLD, "pulls\nthe trigger")]
    assert spans("_every\nsingle\nword_") == [(UNDERLINE, "every\nsingle\nword")]


def test_marker_ranges() -> None:
    (span,) = parse_inline("a **b** c")
    assert span.markers == ((2, 4), (5, 7))
    assert (span.start, span.end, span.inner_start, span.inner_end) == (2, 7, 4, 5)


def test_notes_and_plain_text() -> None:
    text = "He waits.[[Cut this?]] And waits. /* old */"
    assert (NOTE, "Cut this?") in spans(text)
    assert plain_text(text) == "He waits. And waits. "
    assert plain_text("no markup") == "no markup"


def test_styles_at_marks_content_only() -> None:
    text = "x **y** _z_"
    styles = styles_at(parse_inline(text), len(text))
    assert styles[4] == {BOLD} and styles[9] == {UNDERLINE}
    assert styles[2] == frozenset() and styles[0] == frozenset()
