"""What a revised-pages print needs to know: which lines carry a mark, and what the header says.

Kept apart from the PDF renderer (Qt) so the command line, the export dialog and tests build it
the same way. Industry convention: an asterisk in the right margin on every changed line, and on
each changed page a header with the revision's colour and date ("Blue Revision - 12/03/2026").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as Date

from editor.production import colors

MARK = "*"
# Printed lines that never carry an asterisk: they belong to the page, not to the text.
UNMARKED_KINDS = frozenset({"page_number", "scene_number", "more", "title"})


@dataclass(frozen=True, slots=True)
class RevisedPrint:
    """Marks (0-based source line -> generation) and how to print them."""

    marks: Mapping[int, int] = field(default_factory=dict)
    generation: int = 1
    date: str = ""  # ISO date
    changed_pages_only: bool = False

    @property
    def header(self) -> str:
        return revision_header(self.generation, self.date)


def revision_header(generation: int, iso_date: str = "") -> str:
    """ "Blue Revision - 12/03/2026": the colour and date a changed page is headed with."""
    name = colors.color(generation).name
    when = ""
    if iso_date:
        try:
            when = Date.fromisoformat(iso_date).strftime("%m/%d/%Y")
        except ValueError:
            when = iso_date
    return f"{name} Revision - {when}" if when else f"{name} Revision"
