"""The printed page: paper, margins and where each element's lines sit, defined once for the product.

Pagination (and so the PDF, the HTML preview and the status bar's page count), the page view on
screen and printing all read their numbers from here, so a line that wraps on screen wraps at the
same word in print (docs/ARCHITECTURE.md, "The page is the print"). The profile is afterwriting's,
the Fountain ecosystem's reference: Courier 12 pt at 10 characters per inch and 6 lines per inch,
55 lines per US Letter page (57 on A4), action 61 characters wide (58 on A4), dialogue at 2.5" and
36 wide, parentheticals at 3.0" and 26 wide, cues at 3.5".

Columns are in character cells (a tenth of an inch) so that the page view, which draws a
monospaced font of any zoom, only has to multiply by its cell width.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from editor.fountain.model import ElementType


class Paper(enum.StrEnum):
    LETTER = "letter"
    A4 = "a4"


class Align(enum.StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Column:
    """Where an element's lines print: ``x_in`` inches from the page's left edge, ``width`` cells wide.

    Right-aligned and centred lines are aligned within the width (transitions end at the action
    column's right edge).
    """

    x_in: float
    width: int
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class SpeechColumns:
    """The three columns of one speech: the cue, its parentheticals and its dialogue."""

    cue: Column
    parenthetical: Column
    dialogue: Column


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Page size and the printed columns, in inches and character cells (10 per inch)."""

    paper: Paper
    width_in: float
    height_in: float
    lines_per_page: int
    action_width: int
    left_in: float = 1.5
    right_in: float = 1.0
    top_in: float = 1.0
    page_number_top_in: float = 0.5
    cpi: float = 10.0
    lpi: float = 6.0
    font_size_pt: float = 12.0
    character_in: float = 3.5
    character_width: int = 38
    dialogue_in: float = 2.5
    dialogue_width: int = 36
    parenthetical_in: float = 3.0
    parenthetical_width: int = 26

    @property
    def action_right_in(self) -> float:
        """Right edge of the action column (transitions are right-aligned to it)."""
        return self.left_in + self.action_width / self.cpi

    @property
    def page_number_row(self) -> int:
        return -round((self.top_in - self.page_number_top_in) * self.lpi)

    @property
    def width_cells(self) -> float:
        """The paper's width in character cells (85 on US Letter)."""
        return self.width_in * self.cpi

    @property
    def left_cells(self) -> float:
        """The left margin in character cells (15)."""
        return self.left_in * self.cpi

    def row_top_in(self, row: int) -> float:
        """Distance from the top edge of the page to the top of ``row``."""
        return self.top_in + row / self.lpi

    def column(self, element: ElementType) -> Column:
        """The column an element prints in; headings, action, lyrics and notes use the full width."""
        if element is ElementType.CHARACTER:
            return Column(self.character_in, self.character_width)
        if element is ElementType.PARENTHETICAL:
            return Column(self.parenthetical_in, self.parenthetical_width)
        if element is ElementType.DIALOGUE:
            return Column(self.dialogue_in, self.dialogue_width)
        if element is ElementType.TRANSITION:
            return Column(self.left_in, self.action_width, Align.RIGHT)
        if element is ElementType.CENTERED:
            return Column(self.left_in, self.action_width, Align.CENTER)
        return Column(self.left_in, self.action_width)

    def speech_columns(self, dual_side: int = 0) -> SpeechColumns:
        """Columns of a speech; ``dual_side`` 1 or 2 for the left or right half of dual dialogue.

        Dual dialogue splits the action width in two (0.1" gutter) with each half's cue 1" and
        parentheticals 0.5" in from its dialogue, as afterwriting prints it.
        """
        if not dual_side:
            return SpeechColumns(
                self.column(ElementType.CHARACTER),
                self.column(ElementType.PARENTHETICAL),
                self.column(ElementType.DIALOGUE),
            )
        half = self.action_width / self.cpi / 2
        origin = self.left_in if dual_side == 1 else self.left_in + half + 0.1
        width = int(self.action_width / 2) - 2
        return SpeechColumns(
            Column(origin + 1.0, width - 10), Column(origin + 0.5, width - 5), Column(origin, width)
        )


LETTER = PageGeometry(Paper.LETTER, 8.5, 11.0, 55, 61)
A4 = PageGeometry(Paper.A4, 8.27, 11.69, 57, 58)
GEOMETRIES: dict[Paper, PageGeometry] = {Paper.LETTER: LETTER, Paper.A4: A4}


def geometry_for(paper: Paper | str) -> PageGeometry:
    """The geometry of ``paper``; an unknown name (a hand-edited setting) falls back to US Letter."""
    try:
        return GEOMETRIES[Paper(paper)]
    except ValueError:
        return LETTER
