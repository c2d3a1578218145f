"""Screenplay pagination: where every line of a script falls on the printed page.

The PDF renderer, the HTML preview and the status bar's page count all use this one engine, so
"page 37" means the same thing everywhere. The geometry is afterwriting's print profile (the Fountain
ecosystem's reference, ``editor.fountain.page_geometry``): Courier 12 pt at 10 characters per inch
and 6 lines per inch, 55 lines per US Letter page (57 on A4), action 61 characters wide (58 on A4),
dialogue at 2.5", parentheticals at 3.0", cues at 3.5".

Why a page is not just "every 55 lines": writers and readers rely on conventions that the engine
enforces, because a page that breaks them looks amateurish:

- a scene heading never sits alone at the foot of a page (it moves to the next page with its scene),
  nor alone at the top of one (the paragraph under it breaks at a line end if nothing else fits);
- a speech splits only between sentences, with ``(MORE)`` under the first half and
  ``NAME (CONT'D)`` over the second, and never leaves fewer than two lines on either side;
- an action paragraph splits only between sentences, also with at least two lines on either side;
  a paragraph with no sentence end at all that is taller than a page splits at a line end;
- sentences end at ``. ! ? …`` followed by a space, and at Chinese and Japanese ``。！？．``;
- dual dialogue is printed side by side and never split;
- ``===`` forces a new page; notes, boneyard, sections and synopses are not printed (notes optionally).

Modules: ``pages`` (the output: pages of positioned, styled lines), ``styled`` (markup to styled
text), ``wrap`` (measuring, wrapping, sentence ends), ``blocks`` (what is placed and where it may
split), ``builder`` (elements to blocks, the title page) and ``layout`` (the loop).
"""

from __future__ import annotations

from editor.fountain.page_geometry import A4, GEOMETRIES, LETTER, PageGeometry, Paper
from editor.fountain.pagination.blocks import CONTD, MIN_SPLIT_LINES, MORE
from editor.fountain.pagination.layout import page_count, paginate
from editor.fountain.pagination.pages import (
    LineKind,
    Page,
    PageLine,
    Pagination,
    PaginationCancelled,
    PaginationOptions,
    Run,
)
from editor.fountain.pagination.styled import (
    BOLD,
    ITALIC,
    UNDERLINE,
    StyledText,
    styled,
    styled_lines,
    styled_runs,
)
from editor.fountain.pagination.wrap import TAB_CELLS, char_width, sentence_breaks, text_width, wrap

__all__ = [
    "A4",
    "BOLD",
    "CONTD",
    "GEOMETRIES",
    "ITALIC",
    "LETTER",
    "MIN_SPLIT_LINES",
    "MORE",
    "TAB_CELLS",
    "UNDERLINE",
    "LineKind",
    "Page",
    "PageGeometry",
    "PageLine",
    "Pagination",
    "PaginationCancelled",
    "PaginationOptions",
    "Paper",
    "Run",
    "StyledText",
    "char_width",
    "page_count",
    "paginate",
    "sentence_breaks",
    "styled",
    "styled_lines",
    "styled_runs",
    "text_width",
    "wrap",
]
