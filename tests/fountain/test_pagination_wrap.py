"""The pieces a page break cuts a paragraph into wrap exactly as if each were wrapped alone.

Pagination re-wraps only the last lines before a cut and the first lines after it, joining the
paragraph's own wrap where the lines meet again (that is what keeps it linear). Here every piece
is compared with a plain ``wrap`` of its text, on random prose with long words, runs of spaces and
wide (CJK) characters.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.fountain.pagination import LineKind, StyledText, wrap
from editor.fountain.pagination.blocks import Para

WORDS = st.sampled_from(
    ["a", "rain", "door.", "Why?", "corridor", "  ", "x" * 70, "東京", "。", "日本語の文", "ok!", "\u0301"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


def shifted(spans: list[tuple[int, int]], by: int) -> list[tuple[int, int]]:
    return [(a - by, b - by) for a, b in spans]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([10, 26, 36, 61]), st.data())
def test_head_and_tail_wrap_like_their_own_text(text: str, width: int, data: st.DataObject) -> None:
    para = Para.of(StyledText(text), LineKind.ACTION, 1.5, width, 0)
    assert para.spans == wrap(text, width)
    if len(text) < 2:
        return
    cut = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
    head, tail = para.head(cut), para.tail(cut)
    assert head.spans == wrap(text[:cut], width)
    assert para.head_height(cut) == head.height
    assert shifted(tail.spans, cut) == wrap(text[cut:], width)
    assert para.tail_height(cut) == tail.height
    # A piece cut again still wraps like its own text.
    if tail.end - tail.start >= 2:
        again = data.draw(st.integers(min_value=tail.start + 1, max_value=tail.end - 1))
        assert shifted(tail.tail(again).spans, again) == wrap(text[again:], width)
        assert shifted(tail.head(again).spans, cut) == wrap(text[cut:again], width)


def test_a_tab_takes_four_cells_as_the_fountain_spec_prints_it() -> None:
    from editor.fountain.pagination import text_width, wrap

    assert text_width("\tab") == 6 and text_width("a\t\tb") == 10
    line = "\t" + "x" * 57 + " yy"  # 4 + 57 = 61 cells: the action width, so "yy" wraps
    assert wrap(line, 61) == [(0, 58), (59, 61)]
    assert wrap(line[1:], 61) == [(0, 60)]
