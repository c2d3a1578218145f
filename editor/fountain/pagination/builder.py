"""From a script's elements to the blocks the layout places, and the title page.

Each element becomes one block in the column the page geometry gives it: headings keep with what
follows them, action splits between sentences, a cue and its parentheticals and dialogue make one
speech, two speeches marked ``^`` print side by side. Title page, sections, synopses, boneyard and
(unprinted) notes are not part of the body.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.fountain.model import Element, ElementType, Script
from editor.fountain.page_geometry import PageGeometry
from editor.fountain.pagination.blocks import Action, Block, Dual, PageBreak, Para, Simple, Speech
from editor.fountain.pagination.pages import LineKind, Page, PageLine, PaginationOptions, Run
from editor.fountain.pagination.styled import BOLD, ITALIC, styled, styled_lines
from editor.fountain.pagination.wrap import text_width


class BlockBuilder:
    def __init__(self, script: Script, options: PaginationOptions):
        self.script = script
        self.options = options
        self.g = options.geometry
        self.columns = [self.g.speech_columns(side) for side in (0, 1, 2)]
        self.scene_numbers: dict[int, str] = {}
        if options.scene_numbers:
            for scene in script.scenes:
                if scene.number:
                    self.scene_numbers[scene.line] = scene.number

    def paras(self, element: Element, kind: LineKind, x_in: float, width: int, style: int = 0) -> list[Para]:
        """One paragraph per source line of ``element``; ``style`` bits are added to all of it.

        A line that held nothing but part of a note or boneyard running across lines prints
        nothing, not an empty row (a line the writer left blank on purpose still does).
        """
        out: list[Para] = []
        lines = styled_lines(element.text, keep_notes=self.options.print_notes)
        sources = element.text.split("\n") if len(lines) > 1 else (element.text,)
        for k, (printed, source) in enumerate(zip(lines, sources, strict=True)):
            if out and not printed.text.strip() and source.strip():
                continue
            if style:
                printed = printed.with_style(style)
            out.append(Para.of(printed, kind, x_in, width, element.line + k))
        return out

    def aligned(self, element: Element, kind: LineKind, align: str) -> list[Para]:
        """Centred or right-aligned lines: each wrapped line gets its own x."""
        g = self.g
        out: list[Para] = []
        for para in self.paras(element, kind, g.left_in, g.action_width):
            for start, end in para.spans:
                piece = para.text.slice(start, end)
                w = text_width(piece.text)
                if align == "center":
                    x = g.left_in + max(0, g.action_width - w) / 2 / g.cpi
                else:
                    x = g.action_right_in - w / g.cpi
                out.append(Para.of(piece, kind, x, max(g.action_width, w), para.source_line))
        return out

    def speech(self, elements: Sequence[Element], dual_column: int = 0) -> Speech:
        cue_el = elements[0]
        cols = self.columns[dual_column]
        cue_text = styled(cue_el.text.replace("\n", " "))
        cue = Para.of(cue_text, LineKind.CHARACTER, cols.cue.x_in, cols.cue.width, cue_el.line)
        parts: list[Para] = []
        for el in elements[1:]:
            if el.type is ElementType.PARENTHETICAL:
                column = cols.parenthetical
                parts.extend(self.paras(el, LineKind.PARENTHETICAL, column.x_in, column.width))
            else:
                column = cols.dialogue
                parts.extend(self.paras(el, LineKind.DIALOGUE, column.x_in, column.width))
        return Speech(cue, parts, elements=elements)

    def heading(self, el: Element) -> Simple:
        g = self.g
        style = BOLD if self.options.bold_headings else 0
        paras = self.paras(el, LineKind.SCENE_HEADING, g.left_in, g.action_width, style)
        extra: list[PageLine] = []
        number = el.scene_number or self.scene_numbers.get(el.line)
        if self.options.scene_numbers and number:
            w = text_width(number) / g.cpi
            extra = [
                PageLine(LineKind.SCENE_NUMBER, 0, g.left_in - 0.5 - w, (Run(number),), el.line),
                PageLine(LineKind.SCENE_NUMBER, 0, g.action_right_in + 0.3, (Run(number),), el.line),
            ]
        return Simple(paras, keep_with_next=True, extra=extra)

    def add_speech(self, blocks: list[Block], speech_els: Sequence[Element]) -> None:
        """A speech, or the right half of dual dialogue with the speech before it."""
        previous = blocks[-1] if blocks else None
        if speech_els[0].dual and isinstance(previous, Speech) and not previous.continued:
            blocks.pop()
            dual = Dual(self.speech(previous.elements, 1), self.speech(speech_els, 2))
            if dual.height() <= self.g.lines_per_page:
                blocks.append(dual)
            else:
                # Side by side it could never fit a page: print the two speeches in turn.
                blocks.extend((previous, self.speech(speech_els)))
        else:
            blocks.append(self.speech(speech_els))

    def blocks(self) -> list[Block]:
        g = self.g
        elements = self.script.elements
        blocks: list[Block] = []
        i, n = 0, len(elements)
        while i < n:
            el = elements[i]
            t = el.type
            if t is ElementType.CHARACTER:
                j = i + 1
                while j < n and elements[j].type in (ElementType.DIALOGUE, ElementType.PARENTHETICAL):
                    j += 1
                self.add_speech(blocks, elements[i:j])
                i = j
                continue
            if t is ElementType.SCENE_HEADING:
                blocks.append(self.heading(el))
            elif t is ElementType.ACTION:
                blocks.append(Action(self.paras(el, LineKind.ACTION, g.left_in, g.action_width)))
            elif t is ElementType.LYRICS:
                blocks.append(Action(self.paras(el, LineKind.LYRICS, g.left_in, g.action_width, ITALIC)))
            elif t is ElementType.TRANSITION:
                blocks.append(Simple(self.aligned(el, LineKind.TRANSITION, "right")))
            elif t is ElementType.CENTERED:
                blocks.append(Simple(self.aligned(el, LineKind.CENTERED, "center")))
            elif t is ElementType.PAGE_BREAK:
                blocks.append(PageBreak(el.line))
            elif t is ElementType.NOTE and self.options.print_notes:
                blocks.append(Action(self.paras(el, LineKind.NOTE, g.left_in, g.action_width, ITALIC)))
            elif t in (ElementType.DIALOGUE, ElementType.PARENTHETICAL):
                # Orphaned dialogue (no cue before it) still prints, in its column.
                column = g.column(t)
                kind = LineKind.DIALOGUE if t is ElementType.DIALOGUE else LineKind.PARENTHETICAL
                blocks.append(Action(self.paras(el, kind, column.x_in, column.width)))
            i += 1
        return blocks


def title_page(script: Script, g: PageGeometry) -> Page | None:
    """The title page from the script's title page keys, or None when it has none."""
    fields = {key.strip().lower(): value for key, value in script.title_page.items() if value.strip()}
    if not fields:
        return None
    page = Page(number=0, is_title=True)

    def values(*keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            if key in fields:
                out.extend(line.strip() for line in fields[key].split("\n"))
        return out

    def centered(text: str, row: int) -> PageLine:
        st = styled(text)
        w = text_width(st.text)
        x = g.left_in + max(0, g.action_width - w) / 2 / g.cpi
        return PageLine(LineKind.TITLE, row, x, st.runs())

    row = 17
    for group in (values("title"), values("credit"), values("author", "authors"), values("source")):
        if not group:
            continue
        for text in group:
            page.lines.append(centered(text, row))
            row += 1
        row += 1

    bottom = g.lines_per_page - 1
    left: list[str] = []
    for group in (values("notes"), values("copyright"), values("contact")):
        if group:
            if left:
                left.append("")
            left.extend(group)
    right: list[str] = []
    for group in (values("revision"), values("draft date", "date")):
        if group:
            if right:
                right.append("")
            right.extend(group)
    for k, text in enumerate(left):
        if text:
            page.lines.append(
                PageLine(LineKind.TITLE, bottom - len(left) + 1 + k, g.left_in, styled(text).runs())
            )
    for k, text in enumerate(right):
        if text:
            st = styled(text)
            x = g.action_right_in - text_width(st.text) / g.cpi
            page.lines.append(PageLine(LineKind.TITLE, bottom - len(right) + 1 + k, x, st.runs()))
    return page
