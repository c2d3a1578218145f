"""What pagination produces: pages of positioned, styled lines, and the options that shape them.

Plain data, so that the renderers (PDF, HTML, the status bar's page count) only read it and tests
can check a layout without Qt. Positions are in inches from the page's left edge (``x_in``) and in
1/6" rows from the top margin (``row``; the page number sits at a negative row, above the margin).
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import NamedTuple

from editor.fountain.page_geometry import PageGeometry, Paper, geometry_for


@dataclass(frozen=True, slots=True)
class PaginationOptions:
    paper: Paper = Paper.LETTER
    scene_numbers: bool = False
    print_notes: bool = False
    title_page: bool = True
    #: Scene headings in bold (the editor's "Bold scene headings" setting; off by default, as
    #: afterwriting and the industry print them).
    bold_headings: bool = False

    @property
    def geometry(self) -> PageGeometry:
        return geometry_for(self.paper)


class LineKind(enum.StrEnum):
    SCENE_HEADING = "scene_heading"
    ACTION = "action"
    CHARACTER = "character"
    PARENTHETICAL = "parenthetical"
    DIALOGUE = "dialogue"
    TRANSITION = "transition"
    CENTERED = "centered"
    LYRICS = "lyrics"
    NOTE = "note"
    MORE = "more"
    PAGE_NUMBER = "page_number"
    SCENE_NUMBER = "scene_number"
    TITLE = "title"


class Run(NamedTuple):
    """A stretch of text in one style (a tuple: cheap to build by the thousand)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


class PageLine(NamedTuple):
    """One printed line: what, where and in which styles."""

    kind: LineKind
    row: int
    x_in: float
    runs: tuple[Run, ...]
    source_line: int = -1
    # Dual dialogue: 0 for a normal line, 1 for the left column, 2 for the right column.
    column: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(slots=True)
class Page:
    number: int
    lines: list[PageLine] = field(default_factory=list)
    is_title: bool = False
    first_source_line: int = -1


@dataclass(slots=True)
class Pagination:
    geometry: PageGeometry
    pages: list[Page]
    title_page: Page | None = None

    @property
    def page_count(self) -> int:
        """Body pages (the title page is not counted, as in every screenwriting app)."""
        return len(self.pages)

    def page_for_line(self, source_line: int) -> int:
        """1-based page that shows ``source_line`` (the last page that starts at or before it)."""
        starts = [page.first_source_line for page in self.pages]
        index = bisect.bisect_right(starts, source_line)
        return max(1, index)


class PaginationCancelled(Exception):
    """Raised when the caller's ``cancelled`` callback answers True."""
