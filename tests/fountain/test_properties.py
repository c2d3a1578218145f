"""Property tests: never raises, spans ordered and inside the text, lossless bytes, incremental == full."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from editor.fountain.incremental import IncrementalParser
from editor.fountain.inline import parse_inline
from editor.fountain.parser import parse
from editor.fountain.source import SourceDecodeError, decode, encode
from editor.fountain.writer import to_fountain

# Lines that exercise every rule and mode, mixed with arbitrary text.
FOUNTAIN_LINES = [
    "",
    "",
    "  ",
    "\t",
    "INT. HOUSE - DAY",
    "EXT. YARD - NIGHT #12A#",
    ".FORCED HEADING",
    "Some action, *emphasis* and **bold**.",
    "BOB",
    "ALICE (V.O.)",
    "JOE ^",
    "@McCLANE",
    "(beat)",
    "Dialogue line.",
    "CUT TO:",
    "> FADE OUT.",
    "> THE END <",
    "~la la la",
    "===",
    "# Act One",
    "## Sequence",
    "= A synopsis.",
    "[[a note]]",
    "[[an open note",
    "closing]]",
    "/* boneyard",
    "*/",
    "text /* inline */ text",
    "Title: A Script",
    "Author: Me",
    "    indented value",
    "!FORCED ACTION",
    "23",
]

line = st.one_of(st.sampled_from(FOUNTAIN_LINES), st.text(max_size=30).map(lambda s: s.replace("\r", "")))
documents = st.lists(line, max_size=40).map("\n".join)
anything = st.text(max_size=400)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_spans(text: str) -> None:
    script = parse(text)
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert len(script.line_types) == n_lines
    previous_end = -1
    previous_line = -1
    for element in script.elements:
        assert 0 <= element.line <= element.end_line < n_lines
        assert 0 <= element.start <= element.end <= len(script.text)
        assert element.line > previous_line and element.start > previous_end
        previous_end, previous_line = element.end, element.end_line
    for scene in script.scenes:
        assert scene.line <= scene.end_line < n_lines and scene.start <= scene.end <= len(script.text)


@SETTINGS
@given(anything)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_spans(text)
    parse_inline(text)


@SETTINGS
@given(documents)
def test_spans_are_ordered_and_inside_the_document(text: str) -> None:
    _check_spans(text)


@SETTINGS
@given(documents)
def test_generated_fountain_reparses_to_the_same_types(text: str) -> None:
    elements = parse(text).elements
    # A title page of nothing but empty keys ("CUT TO:\nCUT TO:") has no Fountain spelling
    # that reads back as a title page; generated documents never contain one.
    assume(not any(e.fields is not None and not any(e.fields.values()) for e in elements))
    again = parse(to_fountain(elements)).elements
    # Notes/boneyard content may hold markers that cannot be escaped; the printed kinds must hold.
    printed = [(e.type, e.dual) for e in elements if e.type.value not in ("note", "boneyard")]
    assert [(e.type, e.dual) for e in again if e.type.value not in ("note", "boneyard")] == printed


newline = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.tuples(line, newline), max_size=30))
    body = "".join(text + nl for text, nl in parts) + draw(line)
    data = body.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


@SETTINGS
@given(files())
def test_round_trip_is_byte_identical(data: bytes) -> None:
    try:
        src = decode(data)
    except SourceDecodeError:
        assert b"\x00" in data
        return
    script = parse(src.text)
    assert script.text == src.text
    assert encode(script.text, src) == data


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_decode_or_refuse_cleanly(data: bytes) -> None:
    try:
        src = decode(data)
    except SourceDecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert encode(src.text, src) == data


edit = st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.lists(line, max_size=3))


@SETTINGS
@given(documents, st.lists(edit, min_size=1, max_size=25), st.integers(0, 3))
def test_incremental_equals_full_parse_after_random_edits(text: str, edits: list, every: int) -> None:
    parser = IncrementalParser(text)
    for step, (position, removed, new_lines) in enumerate(edits):
        if every and step % every == 0:
            # Build the model now and then, so later builds reuse elements across edits.
            built = parser.script()
            assert [e.to_json() for e in built.elements] == [
                e.to_json() for e in parse(parser.text()).elements
            ]
        n = len(parser.lines)
        first = position % (n + 1)
        removed = min(removed, n - first)
        new_lines = [s.replace("\n", " ") for s in new_lines]
        before = list(parser.line_types)
        changed = parser.replace_lines(first, removed, new_lines)
        full = parse(parser.text())
        assert parser.line_types == full.line_types
        shift = len(new_lines) - removed
        for i, kind in enumerate(parser.line_types):
            if i not in changed:
                old = i if i < first else i - shift
                assert before[old] is kind
    full = parse(parser.text())
    assert [e.to_json() for e in parser.script().elements] == [e.to_json() for e in full.elements]
    assert parser.script().stats == full.stats
    assert [s.heading for s in parser.script().scenes] == [s.heading for s in full.scenes]


@SETTINGS
@given(documents, st.integers(0, 10_000), st.characters(blacklist_categories=("Cs",)))
def test_typing_one_character_anywhere(text: str, where: int, char: str) -> None:
    parser = IncrementalParser(text)
    row = where % len(parser.lines)
    line_text = parser.lines[row]
    col = where % (len(line_text) + 1)
    char = char if char not in "\r\n" else "x"
    parser.replace_lines(row, 1, [line_text[:col] + char + line_text[col:]])
    assert parser.line_types == parse(parser.text()).line_types


PATHOLOGICAL = {
    "spaces before a colon": "A" + " " * 50_000 + "x",
    "spaces in a heading": "INT. " + " " * 50_000 + "x\n",
    "parentheses in a cue": "\nA" + "(" * 50_000 + "\nhi",
    "a line of notes": "[[a]]" * 20_000,
    "unmatched emphasis": "*x " * 20_000 + "\n" + "_x " * 20_000,
    "unclosed notes": "[[x " * 20_000,
    "scene-number hashes": "INT. X " + "#1" * 20_000 + "\n",
}


@pytest.mark.timeout(60)  # a hang guard, not a speed target: each of these takes milliseconds
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_lines_stay_linear(name: str) -> None:
    """Regexes that backtrack quadratically would freeze the editor on a pasted log or a row of
    asterisks; every pattern on the hot path is linear in the line length."""
    text = PATHOLOGICAL[name]
    script = parse(text)
    assert script.elements
    for line in text.split("\n"):
        parse_inline(line)
