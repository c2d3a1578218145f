"""Revision mode for one open script: marks that follow the text, computed off the UI thread.

The marks are recomputed from a *base* (the text when the revision started, or when the file was
opened, with the marks it had then) and the current text by ``editor.production.marks.carry_marks``
(the scene-aware comparison), on a worker thread after a pause in typing. Nothing is tracked per
keystroke, so undo, paste, find-and-replace or a reload cannot leave a mark behind on the wrong
line; the same text always gives the same marks, and what is saved reopens the same.

Before a save the marks are brought up to date for the exact text being written (synchronously
if the worker has not caught up: about a tenth of a second on a 120-page script, once per save).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import date as Date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.production import colors
from editor.production.compare import Comparison, compare_texts
from editor.production.marks import Span, carry_marks, marks_from_comparison
from editor.production.storage import ProductionData, Revision

if TYPE_CHECKING:
    from editor.page.document import ScriptDocument

log = logging.getLogger(__name__)

RECOMPUTE_DELAY_MS = 400
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-revisions")


class ProductionSession(QObject):
    """Revision marks, revisions and AI spans of one document (``document.production``)."""

    #: The marks (or the revisions) changed: margins repaint, menus update.
    marks_changed = Signal()
    _computed = Signal(int, object)  # (document revision, marks) from the worker

    def __init__(self, document: ScriptDocument) -> None:
        super().__init__(document)
        self.document = document
        self.base_text = document.text()
        self.base_marks: dict[int, int] = dict(document.production.marks)
        self.marks_revision = document.revision
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self._recompute)
        self._computed.connect(self._on_computed)
        self._busy = False
        document.qdoc.contentsChanged.connect(self._on_edit)
        document.production_reloaded.connect(self._on_reloaded)
        document.before_save_hooks.append(self.bring_up_to_date)

    # -- state ---------------------------------------------------------------------------------
    @property
    def data(self) -> ProductionData:
        return self.document.production

    @property
    def marks(self) -> dict[int, int]:
        return self.data.marks

    @property
    def recording(self) -> int | None:
        return self.data.recording

    def _tracking(self) -> bool:
        return self.data.recording is not None or bool(self.base_marks)

    # -- revisions -------------------------------------------------------------------------------
    def next_generation(self) -> int:
        """The colour after the newest revision (Blue after the original White)."""
        if not self.data.revisions:
            return 1
        return max(r.generation for r in self.data.revisions) + 1

    def start_revision(self, generation: int, when: str | None = None) -> None:
        """Record every change from now on in ``generation``'s colour; earlier marks stay."""
        self.bring_up_to_date()
        existing = self.data.revision(generation)
        if existing is None:
            self.data.revisions.append(Revision(generation, when or Date.today().isoformat()))
            self.data.revisions.sort(key=lambda r: r.generation)
        else:
            existing.locked = False
            if when:
                existing.date = when
        self.data.recording = generation
        self.rebase()
        self._changed()

    def lock_revision(self) -> None:
        """Close the revision being recorded: its marks stay, new changes are not marked."""
        self.bring_up_to_date()
        revision = self.data.current()
        if revision is not None:
            revision.locked = True
        self.data.recording = None
        self.rebase()
        self._changed()

    def clear_marks(self, generation: int | None = None) -> None:
        """Remove the marks of one generation (or all of them); the text is not touched."""
        self.bring_up_to_date()
        if generation is None:
            self.data.marks.clear()
        else:
            for line in [k for k, g in self.data.marks.items() if g == generation]:
                del self.data.marks[line]
        self.rebase()
        self._changed()

    def use_as_base(
        self, old_text: str, when: str | None = None, comparison: Comparison | None = None
    ) -> int:
        """Mark the current script's changes against ``old_text`` (a draft chosen in Compare).

        Starts a revision in the next colour if none is being recorded; returns the number of
        lines marked. ``comparison`` is the one already made off the UI thread (Compare With…).
        """
        if self.data.recording is None:
            self.start_revision(self.next_generation(), when)
        generation = self.data.recording
        assert generation is not None
        if comparison is None:
            comparison = compare_texts(old_text, self.document.text())
        marks = dict(self.data.marks)
        # Lines changed since that draft take this revision's colour; others keep what they had.
        marks.update(marks_from_comparison(comparison.changed_lines, generation))
        self.data.marks = marks
        self.base_text = old_text
        self.base_marks = {}
        for new_line, old_line in comparison.line_map.items():
            if new_line in marks and marks[new_line] != generation:
                self.base_marks[old_line] = marks[new_line]
        self.marks_revision = self.document.revision
        self._changed()
        return len(comparison.changed_lines)

    def rebase(self) -> None:
        """The current text and marks become the base that later edits are compared with."""
        self.base_text = self.document.text()
        self.base_marks = dict(self.data.marks)
        self.marks_revision = self.document.revision

    @Slot()
    def _on_reloaded(self) -> None:
        """The file was read again: its text and marks are the new base; nothing is pending."""
        self._timer.stop()
        self.rebase()
        self.marks_changed.emit()

    def _changed(self) -> None:
        self.document.production_changed()
        self.marks_changed.emit()

    # -- AI provenance ---------------------------------------------------------------------------
    def record_ai(self, start: int, end: int, model: str, kind: str) -> None:
        """AI text now occupies ``[start, end)`` (document positions): remember who wrote it."""
        if end > start:
            self.document.ai_spans.add(Span(start, end, model, Date.today().isoformat(), kind))
            self.document.production_changed()
            self.marks_changed.emit()

    # -- keeping marks current -------------------------------------------------------------------
    @Slot()
    def _on_edit(self) -> None:
        if self.document.revision != self.marks_revision and self._tracking():
            self._timer.start()

    @Slot()
    def _recompute(self) -> None:
        if self._busy:
            self._timer.start()
            return
        revision = self.document.revision
        if revision == self.marks_revision or not self._tracking():
            return
        base, base_marks, text = self.base_text, dict(self.base_marks), self.document.text()
        generation = self.data.recording
        self._busy = True

        def work() -> None:
            try:
                marks = carry_marks(base, base_marks, text, generation)
            except Exception:  # never let a comparison bug take the editor down
                log.exception("revision marks could not be computed")
                marks = None
            self._computed.emit(revision, marks)

        _WORKER.submit(work)

    @Slot(int, object)
    def _on_computed(self, revision: int, marks: dict[int, int] | None) -> None:
        self._busy = False
        if marks is None:
            return
        if revision == self.document.revision:
            if marks != self.data.marks:
                self.data.marks = marks
                self.marks_changed.emit()
            self.marks_revision = revision
        elif self.document.revision != self.marks_revision:
            self._timer.start()

    def bring_up_to_date(self) -> None:
        """Marks for exactly the current text (before a save or a revision command)."""
        if self.document.revision == self.marks_revision or not self._tracking():
            return
        self.data.marks = carry_marks(
            self.base_text, self.base_marks, self.document.text(), self.data.recording
        )
        self.marks_revision = self.document.revision
        self.marks_changed.emit()

    def describe(self) -> str:
        """For the status bar: "Recording Blue revision (2026-12-03)" or ""."""
        revision = self.data.current()
        if self.data.recording is None or revision is None:
            return ""
        name = colors.color(revision.generation).name
        return self.tr("Recording %1 revision (%2)").replace("%1", name).replace("%2", revision.date or "-")
