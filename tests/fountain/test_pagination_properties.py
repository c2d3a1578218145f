"""Pagination invariants on random scripts (hypothesis): nothing lost, nothing off the page.

Whatever the mix of elements, every printed word comes from the script in order, no line falls
outside the page or on top of another, no page ends on a scene heading, a cue or a parenthetical,
and ``(MORE)``/``(CONT'D)`` always come in pairs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.fountain.model import Element, ElementType, LineType, Script
from editor.fountain.pagination import LineKind, PaginationOptions, Paper, paginate

E = ElementType

WORDS = st.sampled_from(
    ["rain", "door", "Maya", "runs.", "Why?", "now!", "the", "long", "quietly", "never.", "a", "corridor"]
)


def sentence() -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=1, max_size=30).map(" ".join)


def lines(max_lines: int) -> st.SearchStrategy[str]:
    return st.lists(sentence(), min_size=1, max_size=max_lines).map("\n".join)


@st.composite
def elements(draw: st.DrawFn) -> list[tuple[ElementType, str, bool]]:
    kind = draw(st.sampled_from(["heading", "action", "speech", "dual", "transition", "break"]))
    if kind == "heading":
        return [(E.SCENE_HEADING, "INT. ROOM " + draw(st.sampled_from("ABCD")) + " - DAY", False)]
    if kind == "action":
        return [(E.ACTION, draw(lines(12)), False)]
    if kind == "transition":
        return [(E.TRANSITION, "CUT TO:", False)]
    if kind == "break":
        return [(E.PAGE_BREAK, "", False)]
    out: list[tuple[ElementType, str, bool]] = []
    # Dual dialogue is short exchanges in real scripts; speeches alone may run for pages.
    parts, max_lines = (2, 3) if kind == "dual" else (4, 8)
    for dual in [False, True] if kind == "dual" else [False]:
        out.append((E.CHARACTER, draw(st.sampled_from(["MAYA", "DANIEL (V.O.)", "OLD TOM"])), dual))
        for _ in range(draw(st.integers(1, parts))):
            if draw(st.booleans()):
                out.append((E.PARENTHETICAL, "(" + draw(sentence()) + ")", dual))
            out.append((E.DIALOGUE, draw(lines(max_lines)), dual))
    return out


def build(groups: list[list[tuple[ElementType, str, bool]]]) -> Script:
    items = [item for group in groups for item in group]
    out: list[Element] = []
    line = 0
    for kind, text, dual in items:
        n = text.count("\n")
        out.append(Element(kind, text, line, line + n, 0, 0, dual=dual))
        line += n + 2
    return Script("", [LineType.EMPTY] * line, out)


def printed_words(script: Script) -> list[str]:
    words: list[str] = []
    for el in script.elements:
        if el.type is not E.PAGE_BREAK:
            words.extend(el.text.split())
    return words


def no_heading_runs(
    groups: list[list[tuple[ElementType, str, bool]]],
) -> list[list[tuple[ElementType, str, bool]]]:
    """Drop a heading that directly follows another: a long run of headings before a block that
    cannot split may have no valid layout at all (runs are covered by a hand-checked test)."""
    out: list[list[tuple[ElementType, str, bool]]] = []
    for group in groups:
        if out and group[0][0] is E.SCENE_HEADING and out[-1][0][0] is E.SCENE_HEADING:
            continue
        out.append(group)
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(elements(), min_size=1, max_size=40).map(no_heading_runs),
    st.sampled_from([Paper.LETTER, Paper.A4]),
)
def test_layout_invariants(groups: list[list[tuple[ElementType, str, bool]]], paper: Paper) -> None:
    script = build(groups)
    pagination = paginate(script, PaginationOptions(paper=paper))
    per_page = pagination.geometry.lines_per_page

    next_element = {
        el.line: (script.elements[k + 1].type if k + 1 < len(script.elements) else None)
        for k, el in enumerate(script.elements)
    }
    body_words: list[str] = []
    more = contd = 0
    for page in pagination.pages:
        body = [ln for ln in page.lines if ln.kind is not LineKind.PAGE_NUMBER]
        # On the page, one line per row and column.
        seen: set[tuple[int, int]] = set()
        for ln in body:
            assert 0 <= ln.row < per_page
            assert (ln.row, ln.column) not in seen
            seen.add((ln.row, ln.column))
        if body:
            last_row = max(ln.row for ln in body)
            last = [ln for ln in body if ln.row == last_row]
            # The page's last line may only be a heading (or a cue...) if the writer forced a break
            # right after it, or the script ends there.
            nxt = next_element.get(last[0].source_line)
            if page is not pagination.pages[-1] and nxt is not E.PAGE_BREAK:
                assert all(ln.kind is not LineKind.SCENE_HEADING for ln in last), "heading alone at the foot"
                if all(ln.column == 0 for ln in last):
                    assert all(ln.kind not in (LineKind.CHARACTER, LineKind.PARENTHETICAL) for ln in last)
        # Reading order: rows top to bottom, left column before right.
        for ln in sorted(body, key=lambda ln: (ln.row, ln.column, ln.x_in)):
            if ln.kind is LineKind.MORE:
                more += 1
                continue
            text = ln.text
            if ln.kind is LineKind.CHARACTER and text.endswith(" (CONT'D)") and ln.row == 0:
                contd += 1
                continue
            body_words.extend(text.split())
    assert more == contd

    # Dual dialogue interleaves its two columns row by row, so compare as multisets there.
    expected = printed_words(script)
    assert sorted(body_words) == sorted(expected)
    if not any(dual for group in groups for _k, _t, dual in group):
        assert body_words == expected
