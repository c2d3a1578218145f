"""One page geometry: the page view's columns and pagination's come from ``page_geometry``."""

from __future__ import annotations

from editor.fountain.model import ElementType, LineType
from editor.fountain.page_geometry import A4, LETTER, Align, Paper, geometry_for
from editor.fountain.pagination import LineKind, PaginationOptions, paginate
from editor.fountain.parser import parse


def test_profile_matches_the_print_reference() -> None:
    assert (LETTER.lines_per_page, LETTER.action_width, LETTER.dialogue_width) == (55, 61, 36)
    assert (A4.lines_per_page, A4.action_width) == (57, 58)
    assert LETTER.column(ElementType.PARENTHETICAL).width == 26
    assert LETTER.column(ElementType.CHARACTER).x_in == 3.5
    assert LETTER.column(ElementType.TRANSITION).align is Align.RIGHT
    assert LETTER.width_cells == 85 and LETTER.left_cells == 15
    assert geometry_for("a4") is A4 and geometry_for("folio") is LETTER
    assert PaginationOptions(paper=Paper.A4).geometry is A4


def test_pagination_prints_each_element_at_its_geometry_column() -> None:
    script = parse("INT. ROOM - DAY\n\nA line.\n\nMARA\n(quietly)\nHello.\n\nDANNY ^\nHi.\n\nCUT TO:\n")
    lines = {line.kind: line for page in paginate(script).pages for line in page.lines}
    assert lines[LineKind.ACTION].x_in == LETTER.column(ElementType.ACTION).x_in
    assert lines[LineKind.PARENTHETICAL].x_in == LETTER.speech_columns(1).parenthetical.x_in
    right = [ln for page in paginate(script).pages for ln in page.lines if ln.column == 2]
    dialogue_x = {ln.x_in for ln in right if ln.kind is LineKind.DIALOGUE}
    assert dialogue_x == {LETTER.speech_columns(2).dialogue.x_in}


def test_page_view_columns_are_the_print_columns() -> None:
    from editor.page.element_indents import screen_columns

    for geometry in (LETTER, A4):
        columns = screen_columns(geometry)
        dialogue = geometry.column(ElementType.DIALOGUE)
        assert columns[LineType.DIALOGUE].width == dialogue.width == 36
        assert columns[LineType.DIALOGUE].indent == (dialogue.x_in - geometry.left_in) * geometry.cpi
        assert columns[LineType.ACTION].width == geometry.action_width
        assert columns[LineType.DUAL_DIALOGUE].width == geometry.speech_columns(2).dialogue.width
