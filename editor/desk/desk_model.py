"""What the writer's desk views (index cards, outline) show of the current script, and the edits
they make to it.

One ``DeskModel`` per window follows the current tab: after a pause in typing it re-reads the
scene and section blocks (``editor.fountain.scenes.outline``) and, on a worker thread, paginates the
script for page lengths and running page numbers. Every edit (move a scene, colour a card, write a
synopsis, set a page budget) is one ``QTextCursor`` edit block on the document: one undo step, and
only the lines that change are replaced.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QTextCursor

from editor.fountain.model import Scene, Script
from editor.fountain.pagination import PaginationOptions, paginate
from editor.fountain.scenes import (
    Outline,
    SceneBlock,
    move_lines,
    outline,
    scene_pages,
    with_budget,
    with_color,
)
from editor.page.document import ScriptDocument

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)

_PAGINATOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-desk")


def replace_lines(document: ScriptDocument, lo: int, hi: int, new: Sequence[str]) -> None:
    """Replace lines ``[lo, hi)`` of ``document`` with ``new`` as one undo step."""
    doc = document.qdoc
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        if hi > lo:
            first = doc.findBlockByNumber(lo)
            last = doc.findBlockByNumber(hi - 1)
            cursor.setPosition(first.position())
            cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText("\n".join(new))
        elif new:  # an insertion before line lo
            block = doc.findBlockByNumber(lo)
            if block.isValid():
                cursor.setPosition(block.position())
                cursor.insertText("\n".join(new) + "\n")
            else:
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText("\n" + "\n".join(new))
    finally:
        cursor.endEditBlock()


def replace_each_line(document: ScriptDocument, edits: Sequence[tuple[int, str]]) -> None:
    """Set the text of each ``(line, text)`` of ``document``, all in one undo step."""
    if not edits:
        return
    doc = document.qdoc
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        for line, text in edits:
            block = doc.findBlockByNumber(line)
            cursor.setPosition(block.position())
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
    finally:
        cursor.endEditBlock()


class DeskModel(QObject):
    """The current script's outline and page lengths, and the desk's edits to it."""

    #: The outline (and maybe the page lengths) changed; views re-read ``outline``/``pages``.
    changed = Signal()
    _paginated = Signal(int, object)  # (revision, pages per scene) from the worker

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document: ScriptDocument | None = None
        self.script: Script | None = None
        self.outline: Outline | None = None
        self.pages: list[tuple[int, float]] | None = None
        self._scenes_of: Script | None = None
        self._scene_by_line: dict[int, Scene] = {}
        self.active = False  # a desk view is showing: worth reading the outline and paginating
        self._stale = True
        self.want_pages = False  # the cards or the outline show page lengths
        self._paginating = False
        self._paginated.connect(self._on_paginated)
        window.tabs.currentChanged.connect(self._on_current_tab)
        self._on_current_tab()

    # -- following the window --------------------------------------------------------------------
    @Slot()
    def _on_current_tab(self, _index: int = -1) -> None:
        tab = self.window.current_tab()
        document = tab.document if tab is not None else None
        if document is self.document:
            return
        if self.document is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.document.structure_changed.disconnect(self.refresh)
        self.document = document
        if document is not None:
            document.structure_changed.connect(self.refresh)
        self.refresh()

    def set_active(self, on: bool) -> None:
        was = self.active
        self.active = on
        if on and (not was or self._stale):
            self.refresh()

    @Slot()
    def refresh(self, script: Script | None = None) -> None:
        """Re-read the outline (only while a desk view shows: nobody pays for what nobody sees)."""
        if not self.active and script is None:
            self._stale = True
            return
        self._stale = False
        document = self.document
        if document is None:
            self.script = self.outline = self.pages = None
            self.changed.emit()
            return
        if script is None:
            script = document.snapshot_if_ready()
            if script is None and not document.is_large():
                script = document.snapshot()
        if script is None:
            return
        self.script = script
        self.outline = outline(script)
        if self.pages is not None and len(self.pages) != len(self.outline.scenes):
            self.pages = None
        self.changed.emit()
        if self.active and self.want_pages:
            self._paginate(script, document.revision)

    def _paginate(self, script: Script, revision: int) -> None:
        if self._paginating:
            return
        self._paginating = True
        plan = self.outline
        paper = self.window.settings.get(_paper_key())
        emit = self._paginated.emit

        def run() -> None:
            pages = None
            try:
                options = PaginationOptions(title_page=False)
                if str(paper).lower() == "a4":
                    from editor.fountain.page_geometry import Paper

                    options = PaginationOptions(paper=Paper.A4, title_page=False)
                pages = scene_pages(plan, paginate(script, options))
            except Exception:
                log.exception("paginating for the desk failed")
            with contextlib.suppress(RuntimeError):
                emit(revision, pages)

        _PAGINATOR.submit(run)

    @Slot(int, object)
    def _on_paginated(self, revision: int, pages: list[tuple[int, float]] | None) -> None:
        self._paginating = False
        document = self.document
        if document is None:
            return
        if revision != document.revision:
            if self.active and self.want_pages and self.script is not None:
                self._paginate(self.script, document.revision)
            return
        if pages is not None and self.outline is not None and len(pages) == len(self.outline.scenes):
            self.pages = pages
            self.changed.emit()

    def _after_edit(self) -> None:
        """Re-read the outline at once (not after the typing pause) so the views follow the edit."""
        if self.document is not None and not self.document.is_large():
            self.refresh(self.document.script())

    # -- edits -------------------------------------------------------------------------------------------
    def move_scene(self, index: int, dest_line: int) -> bool:
        """Move scene ``index`` (0-based) to just before line ``dest_line`` (a boundary)."""
        if self.document is None or self.outline is None or not 0 <= index < len(self.outline.scenes):
            return False
        scene = self.outline.scenes[index]
        lo, hi, new = move_lines(self.document.parser.lines, scene.line, scene.end_line, dest_line)
        if hi <= lo:
            return False
        replace_lines(self.document, lo, hi, new)
        self._after_edit()
        return True

    def dest_before_scene(self, index: int) -> int:
        """The drop line "just before scene ``index``" (after the section line above it, if any)."""
        assert self.outline is not None
        if index >= len(self.outline.scenes):
            return self.outline.tail_start
        return self.outline.scenes[index].line

    def set_color(self, index: int, color: str | None) -> None:
        scene = self._scene(index)
        if scene is None or self.document is None:
            return
        line = self.document.line_text(scene.line)
        new = with_color(line, color)
        if new != line:
            replace_lines(self.document, scene.line, scene.line + 1, [new])
            self._after_edit()

    def set_synopsis(self, index: int, text: str) -> None:
        """Write scene ``index``'s ``=`` synopsis line (added under the heading; removed when empty)."""
        scene = self._scene(index)
        if scene is None or self.document is None:
            return
        text = " ".join(text.split())
        if scene.synopsis_line is not None:
            if text:
                replace_lines(self.document, scene.synopsis_line, scene.synopsis_line + 1, [f"= {text}"])
            else:
                replace_lines(self.document, scene.synopsis_line, scene.synopsis_line + 1, [])
                self._drop_line(scene.synopsis_line)
        elif text:
            replace_lines(self.document, scene.line + 1, scene.line + 1, [f"= {text}"])
        self._after_edit()

    def _drop_line(self, line: int) -> None:
        """Remove the (now empty) line ``line`` itself, joining the edit into the same undo step."""
        doc = self.document.qdoc  # type: ignore[union-attr]
        block = doc.findBlockByNumber(line)
        cursor = QTextCursor(block)
        cursor.joinPreviousEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.endEditBlock()

    def set_budget(self, section_index: int, pages: float | None) -> None:
        if self.document is None or self.outline is None:
            return
        if not 0 <= section_index < len(self.outline.sections):
            return
        section = self.outline.sections[section_index]
        line = self.document.line_text(section.line)
        new = with_budget(line, pages)
        if new != line:
            replace_lines(self.document, section.line, section.line + 1, [new])
            self._after_edit()

    def rename_character(self, old: str, new: str, *, in_prose: bool = False) -> int:
        """Rename (or merge into ``new``) as one undo step; the number of lines changed."""
        from editor.fountain.characters import rename_edits

        if self.document is None:
            return 0
        edits = rename_edits(self.document.script(), old, new, in_prose=in_prose)
        replace_each_line(self.document, edits)
        self._after_edit()
        return len(edits)

    def go_to_line(self, line: int) -> None:
        tab = self.window.current_tab()
        if tab is not None:
            tab.editor.go_to_line(line)
            tab.editor.setFocus()

    def _scene(self, index: int) -> SceneBlock | None:
        if self.outline is None or not 0 <= index < len(self.outline.scenes):
            return None
        return self.outline.scenes[index]

    def summary_for(self, index: int) -> str | None:
        """The AI summary the navigator shows for a scene without a synopsis, if there is one."""
        provider = getattr(self.window.navigator, "synopsis_provider", None)
        if provider is None or self.script is None or self.outline is None:
            return None
        scene = self.outline.scenes[index]
        # One lookup table per script: a scan per card was quadratic (10 s for 11,000 scenes).
        if self._scenes_of is not self.script:
            self._scenes_of = self.script
            self._scene_by_line = {s.line: s for s in self.script.scenes}
        model = self._scene_by_line.get(scene.line)
        if model is None:
            return None
        try:
            text = provider(self.script, model)
            display = getattr(self.window.navigator, "synopsis_display", None)
            return display(text, model) if text and display is not None else text
        except Exception:  # the AI layer's business; the card shows no summary
            log.debug("no summary for scene %s", index, exc_info=True)
            return None


def _paper_key():
    from editor.config.settings import Key

    return Key.PAPER
