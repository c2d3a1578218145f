"""One open script: the QTextDocument the writer edits, its incremental parse, and its file.

Every edit reaches the parser through ``contentsChange`` as a line replacement, so the parser's line
types are current before the highlighter and the page layout look at them (they are connected
after it). Lines outside the edited range whose type changed (a cue becomes a cue only when the
line under it gets text; opening a boneyard re-types everything after it) are re-highlighted and
re-laid out right after the edit. Whole-script consumers (navigator, statistics) listen to the
debounced ``structure_changed`` instead of every keystroke.

Files: the bytes are decoded with ``editor.fountain.source`` (BOM, encoding and line endings are
remembered) and written back atomically (temporary file, flush, fsync, ``os.replace``), byte-identical
when nothing was edited. A watcher reports changes made on disk by someone else. Production data
(revision marks, locked scene numbers, AI provenance) lives in a trailing Beat-compatible settings
block (``editor.production.storage``): it is split off when the file is read, so the writer edits
only the script, and joined back when it is saved. ``ai_spans`` follows AI-written text through
every edit (in ``QTextDocument`` positions).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QTextBlock, QTextDocument

from editor.config.theme import LIGHT, Colors
from editor.files import save_queue
from editor.fountain import source as fsource
from editor.fountain.builder import build_script
from editor.fountain.elements import build_elements, line_starts
from editor.fountain.incremental import IncrementalParser
from editor.fountain.model import LineType, Script
from editor.page.element_indents import PageLayout
from editor.page.highlighter import FountainHighlighter
from editor.production import storage as production_storage
from editor.production.marks import SpanTracker
from editor.production.storage import ProductionData
from inference.fsio import atomic_write

log = logging.getLogger(__name__)

STRUCTURE_DEBOUNCE_MS = 300
TOP_MARGIN_PX = 72.0
#: Above this many lines the structure snapshot is built on a worker thread: modelling a 10 MB
#: script takes seconds, a 120-page one (~6,000 lines) tens of milliseconds.
LARGE_LINES = 20_000

# One builder for all documents: snapshots are rare (after a pause in typing) and pure Python.
_BUILDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-model")


def _build_snapshot(lines: list[str], types: list[LineType]) -> Script:
    """The model from a copy of the parser's lines and types (touches no shared state)."""
    text = "\n".join(lines)
    elements = build_elements(lines, types, line_starts(lines))
    return build_script(text, types, elements, len(lines))


class ScriptDocument(QObject):
    """A script being edited. ``qdoc`` is what the editor widget shows."""

    #: (first line, last line) of every line re-classified by an edit, inclusive.
    lines_retyped = Signal(int, int)
    #: Debounced after edits: the scene list, characters and counts may have changed.
    structure_changed = Signal()
    #: The file was changed on disk by another program (not by our own save).
    changed_on_disk = Signal()
    #: The document now refers to a different file (Save As), or to one at all.
    path_changed = Signal()
    #: A background save finished: (path) on success, (path, message) on failure.
    saved = Signal(str)
    save_failed = Signal(str, object)
    _save_finished = Signal(object)  # from the writer thread, delivered queued
    _snapshot_built = Signal(int, object)  # (revision, Script) from the model builder thread
    #: The production data was replaced by the file's (a reload): revision marks start over from it.
    production_reloaded = Signal()

    def __init__(
        self,
        text: str = "",
        *,
        path: Path | None = None,
        source: fsource.SourceText | None = None,
        font: QFont | None = None,
        colors: Colors | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path: Path | None = path
        self.source = source or fsource.SourceText(text)
        self.revision = 0
        self._saved_revision = 0
        self._disk_digest: str | None = None
        # Production data of the file (see the module docstring) and the block it came from.
        self.production = ProductionData()
        self.production_block: production_storage.Block | None = None
        self.ai_spans = SpanTracker()
        #: Called on the UI thread just before the text to save is taken (features bring their
        #: data up to date: revision marks for the current text, AI spans).
        self.before_save_hooks: list[Callable[[], None]] = []
        self.parser = IncrementalParser(text)
        self._overrides: list[tuple[QTextBlock, LineType]] = []
        self._retyped_after: list[tuple[int, int]] = []
        self._retype_timer = QTimer(self)
        self._retype_timer.setSingleShot(True)
        self._retype_timer.setInterval(0)
        self._retype_timer.timeout.connect(self._flush_retyped)
        self._structure_timer = QTimer(self)
        self._structure_timer.setSingleShot(True)
        self._structure_timer.setInterval(STRUCTURE_DEBOUNCE_MS)
        self._structure_timer.timeout.connect(self._refresh_snapshot)
        self._snapshot: Script | None = None
        self._snapshot_revision = -1
        self._building = False
        self._snapshot_built.connect(self._on_snapshot_built)
        self._pending_saves = 0
        self._submitted_revision = -1
        self._save_finished.connect(self._on_save_finished)
        self.qdoc = QTextDocument(self)
        if font is not None:
            self.qdoc.setDefaultFont(font)
        self.qdoc.setUndoRedoEnabled(False)
        # Paper above the first line. Set once, here: changing it later is an undoable edit that
        # marks the document modified.
        self.qdoc.setDocumentMargin(TOP_MARGIN_PX)
        # Order matters: the parser must see an edit before the highlighter and the layout do.
        self.qdoc.contentsChange.connect(self._on_contents_change)
        # The highlighter and the layout get closures over plain Python objects, never a bound
        # method of this QObject: a reference cycle through a Qt child makes Python's garbage
        # collector delete Qt objects out of Qt's order (a crash). The highlighter is attached
        # while the document is empty (Qt would otherwise re-highlight all of it on the next turn
        # of the event loop) and the text goes in silently: the parser already has it.
        self.highlighter = FountainHighlighter(self.qdoc, _type_lookup(self.parser), colors or LIGHT)
        self.qdoc.blockSignals(True)
        self.qdoc.setPlainText(text)
        self.qdoc.blockSignals(False)
        self.qdoc.setUndoRedoEnabled(True)
        if self.qdoc.blockCount() != len(self.parser.lines):
            # QTextDocument splits on characters the parser keeps inside a line (U+2029): follow it.
            log.warning("document and parser disagree on the line count; re-syncing from the document")
            self.parser.set_text(self._document_text())
        # Highlight now, before any layout exists: with no layout, formatting a block is cheap (no
        # re-layout per block), so a 120-page script opens well under 100 ms. A very long one gets
        # its first screen now and the rest in idle-time slices.
        self.highlighter.highlight_opened()
        self.layout = PageLayout(
            self.qdoc, _layout_lookup(self._overrides, _type_lookup(self.parser), self.highlighter.request)
        )
        # Attaching a layout announces the whole text as changed; parser and highlighter are current.
        self.qdoc.blockSignals(True)
        self.qdoc.setDocumentLayout(self.layout)
        self.qdoc.blockSignals(False)
        self.qdoc.setModified(False)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._rewatch_timer = QTimer(self)
        self._rewatch_timer.setSingleShot(True)
        self._rewatch_timer.setInterval(50)
        self._rewatch_timer.timeout.connect(self._rewatch)
        if path is not None:
            self._watch(path)

    # -- construction from files -----------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        font: QFont | None = None,
        colors: Colors | None = None,
        parent: QObject | None = None,
        encoding: str | None = None,
    ) -> ScriptDocument:
        """Read and decode ``path``. Raises OSError or ``SourceDecodeError`` (human-readable).

        ``encoding`` is the writer's explicit choice for a file that is not valid UTF-8.
        """
        path = Path(path)
        data = path.read_bytes()
        src = fsource.decode(data, encoding)
        body, block = production_storage.split(src.text)
        doc = cls(body, path=path, source=src, font=font, colors=colors, parent=parent)
        doc._disk_digest = hashlib.sha256(data).hexdigest()
        save_queue.tidy(path)
        doc._set_production(block)
        return doc

    @classmethod
    def from_file_text(
        cls, text: str, font: QFont | None = None, colors: Colors | None = None, parent: QObject | None = None
    ) -> ScriptDocument:
        """A new, unsaved document for the text of a file (an import): its settings block is read."""
        body, block = production_storage.split(text)
        doc = cls(body, font=font, colors=colors, parent=parent)
        doc._set_production(block)
        if block is not None:
            doc.production_block = None  # nothing of it is on disk yet: the first save writes it
        return doc

    def _set_production(self, block: production_storage.Block | None) -> None:
        self.production_block = block
        self.production = (
            production_storage.from_settings_copy(block) if block is not None else ProductionData()
        )
        self.ai_spans = SpanTracker(production_storage.spans_to_qt(self.text(), self.production.spans))

    # -- queries ------------------------------------------------------------------------------------
    def set_display_overrides(self, overrides: list[tuple[QTextBlock, LineType]]) -> None:
        """Lay these blocks out as these types (smart typing's intent), without touching the text."""
        changed = [block for block, _ in self._overrides] + [block for block, _ in overrides]
        self._overrides[:] = overrides
        for block in changed:
            if block.isValid():
                self.qdoc.markContentsDirty(block.position(), block.length())

    def _type_at(self, line: int) -> LineType:
        types = self.parser.line_types
        return types[line] if 0 <= line < len(types) else LineType.EMPTY

    def line_type(self, line: int) -> LineType:
        return self._type_at(line)

    def line_count(self) -> int:
        return len(self.parser.lines)

    def line_text(self, line: int) -> str:
        return self.parser.lines[line]

    def text(self) -> str:
        """The LF-normalised Fountain text (exactly what is saved, before line-ending conversion)."""
        return self.parser.text()

    def script(self) -> Script:
        """The full model; O(document), cached until the next edit. Not for per-keystroke use."""
        return self.parser.script()

    def snapshot(self) -> Script:
        """The model as of the last pause in typing (at most ``STRUCTURE_DEBOUNCE_MS`` old).

        What per-keystroke features (SmartType's locations, the navigator) read: never rebuilt
        while the writer types.
        """
        if self._snapshot is None:
            self._snapshot = self.parser.script()
            self._snapshot_revision = self.revision
        return self._snapshot

    def snapshot_if_ready(self) -> Script | None:
        """The last snapshot if one exists: never builds one (for per-keystroke callers)."""
        return self._snapshot

    def is_large(self) -> bool:
        """True when whole-script work (model, pagination) must stay off the UI thread."""
        return len(self.parser.lines) > LARGE_LINES

    def request_snapshot(self) -> None:
        """Build the snapshot on a worker thread; ``structure_changed`` fires when it is ready.

        The UI thread only copies the line and type lists (milliseconds for half a million lines).
        """
        if self._building:
            return
        self._building = True
        revision = self.revision
        lines = list(self.parser.lines)
        types = list(self.parser.line_types)
        emit = self._snapshot_built.emit

        def build() -> None:
            try:
                script = _build_snapshot(lines, types)
            except Exception:  # a bug in the model must not kill the builder silently
                log.exception("building the script model failed")
                script = None
            with contextlib.suppress(RuntimeError):  # the document was closed meanwhile
                emit(revision, script)

        _BUILDER.submit(build)

    @Slot(int, object)
    def _on_snapshot_built(self, revision: int, script: Script | None) -> None:
        self._building = False
        if script is not None and revision > self._snapshot_revision:
            self._snapshot = script
            self._snapshot_revision = revision
            self.structure_changed.emit()
        if revision != self.revision and not self._structure_timer.isActive():
            self.request_snapshot()  # edits arrived while it was being built

    @Slot()
    def _refresh_snapshot(self) -> None:
        if self.is_large():
            self.request_snapshot()
            return
        self._snapshot = self.parser.script()
        self._snapshot_revision = self.revision
        self.structure_changed.emit()

    def is_modified(self) -> bool:
        return self.qdoc.isModified()

    def display_name(self) -> str:
        return self.path.name if self.path else ""

    def _document_text(self) -> str:
        parts: list[str] = []
        block = self.qdoc.firstBlock()
        while block.isValid():
            parts.append(block.text())
            block = block.next()
        return "\n".join(parts)

    # -- keeping the parser in step --------------------------------------------------------------
    @Slot(int, int, int)
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        doc = self.qdoc
        parser = self.parser
        first_block = doc.findBlock(position)
        if not first_block.isValid():
            first_block = doc.lastBlock()
        last_block = doc.findBlock(position + added)
        if not last_block.isValid():
            last_block = doc.lastBlock()
        first = first_block.blockNumber()
        last = max(first, last_block.blockNumber())
        new_span = last - first + 1
        old_span = new_span - (doc.blockCount() - len(parser.lines))
        if old_span < 0 or first + old_span > len(parser.lines):
            log.error(
                "lost track of an edit at %d (-%d +%d); re-parsing the document", position, removed, added
            )
            retyped = parser.set_text(self._document_text())
            self._bump()
            self._mark_retyped(0, len(parser.lines))
            self.lines_retyped.emit(retyped.start, max(retyped.start, retyped.stop - 1))
            return
        new_lines: list[str] = []
        block = first_block
        for _ in range(new_span):
            new_lines.append(block.text())
            block = block.next()
        if removed == added and new_lines == parser.lines[first : first + old_span]:
            return  # a format-only change: no text moved
        self.ai_spans.apply(position, removed, added)
        before = parser.line_types[first - 1] if first > 0 else None
        retyped = parser.replace_lines(first, old_span, new_lines)
        self._bump()
        # The parser re-classifies the line above every edit; only a changed type needs a repaint.
        if first > 0 and parser.line_types[first - 1] is not before:
            self._mark_retyped(first - 1, first)
        if retyped.stop > last + 1:
            self._mark_retyped(last + 1, retyped.stop)
        self.lines_retyped.emit(min(retyped.start, first), max(last, retyped.stop - 1))

    def _bump(self) -> None:
        self.revision += 1
        self._structure_timer.start()

    def _mark_retyped(self, start: int, stop: int) -> None:
        self._retyped_after.append((start, stop))
        self._retype_timer.start()

    @Slot()
    def _flush_retyped(self) -> None:
        """Re-highlight and re-lay out lines whose type an edit changed outside the edited lines."""
        pending, self._retyped_after = self._retyped_after, []
        doc = self.qdoc
        types = self.parser.line_types
        if sum(stop - start for start, stop in pending) < 64:
            self._retype(pending, doc, types)  # a look-back line or two: lay them out right away
            return
        self.layout.begin_bulk()
        try:
            self._retype(pending, doc, types)
        finally:
            self.layout.end_bulk()

    def _retype(self, pending: list[tuple[int, int]], doc: QTextDocument, types: list[LineType]) -> None:
        for start, stop in pending:
            stop = min(stop, doc.blockCount())
            if start >= stop:
                continue
            block = doc.findBlockByNumber(start)
            first_pos = block.position()
            last: QTextBlock = block
            for number in range(start, stop):
                if not block.isValid():
                    break
                if block.userState() != int(types[number]):
                    self.highlighter.rehighlightBlock(block)
                last = block
                block = block.next()
            doc.markContentsDirty(first_pos, last.position() + last.length() - first_pos)

    # -- files ----------------------------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> None:
        """Write atomically to ``path`` (default: the current file). Raises OSError/SourceEncodeError.

        An unedited document writes back exactly the bytes it was read from.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file name to save to")
        text = self._file_text()
        data = fsource.encode(text, self.source)
        atomic_write(target, data)
        self._disk_digest = hashlib.sha256(data).hexdigest()
        if text is not self.source.text:
            self.source = fsource.decode(data, encoding=self.source.encoding)
            self._remember_saved_block(text)
        self._saved_revision = self.revision
        if target != self.path:
            if self.path is not None:
                self._watcher.removePath(str(self.path))
            self.path = target
            self.path_changed.emit()
        self._watch(target)
        self.qdoc.setModified(False)

    def save_in_background(
        self, path: str | Path | None = None, before_write: Callable[[Path], None] | None = None
    ) -> None:
        """Save without making the UI thread wait on the disk; ``saved``/``save_failed`` report.

        The text is captured now; typing may go on while the writer works, and the document only
        becomes unmodified if nothing was typed in between. Raises ``SourceEncodeError`` at once
        (nothing is written) when the file's encoding cannot hold the text.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file name to save to")
        text = self._file_text()
        data = fsource.encode(text, self.source)
        previous = self._disk_digest
        # Our own write must not look like another program's change when the watcher sees it.
        self._disk_digest = hashlib.sha256(data).hexdigest()
        self._pending_saves += 1
        self._submitted_revision = self.revision
        save_queue.submit(target, data, text, self.revision, previous, self._save_finished.emit, before_write)

    def _file_text(self) -> str:
        """What to write: the script and its production data (the bytes read when nothing changed)."""
        for hook in list(self.before_save_hooks):
            try:
                hook()
            except Exception:  # a feature's bookkeeping must never stop a save
                log.exception("before-save hook failed")
        body = self.text()
        self.production.spans = production_storage.spans_from_qt(body, self.ai_spans.merged())
        unchanged = production_storage.unchanged(self.production, self.production_block)
        if self.revision == self._saved_revision and unchanged:
            return self.source.text
        return production_storage.join(body, self.production, self.production_block)

    def _remember_saved_block(self, text: str) -> None:
        """After a save the block as written is the one to compare with (and to write back)."""
        _body, self.production_block = production_storage.split(text)

    def production_changed(self) -> None:
        """Production data changed without a text edit (a revision started, marks cleared):
        the document has something to save."""
        self.qdoc.setModified(True)

    def save_pending(self) -> bool:
        return self._pending_saves > 0

    def save_covers_current_text(self) -> bool:
        """A save still running holds the text as it is now: closing waits for its result
        (``saved``/``save_failed``) instead of asking the writer again."""
        return bool(self._pending_saves) and self.revision == self._submitted_revision

    @Slot(object)
    def _on_save_finished(self, result: save_queue.SaveResult) -> None:
        self._pending_saves = max(0, self._pending_saves - 1)
        if result.error is not None:
            if self._disk_digest == hashlib.sha256(result.data).hexdigest():
                self._disk_digest = result.previous_digest
            self.save_failed.emit(str(result.path), result.error)
            return
        if result.text is not self.source.text:
            self.source = fsource.decode(result.data, encoding=self.source.encoding)
            self._remember_saved_block(result.text)
        self._saved_revision = result.revision
        if result.path != self.path:
            if self.path is not None:
                self._watcher.removePath(str(self.path))
            self.path = result.path
            self.path_changed.emit()
        self._watch(result.path)
        if self.revision == result.revision:
            self.qdoc.setModified(False)
        self.saved.emit(str(result.path))

    def reload(self) -> None:
        """Replace the text with what is on disk (one undoable step). Raises OSError/SourceDecodeError."""
        if self.path is None:
            return
        data = self.path.read_bytes()
        src = fsource.decode(data, encoding=None if self.source.encoding == "utf-8" else self.source.encoding)
        from PySide6.QtGui import QTextCursor

        body, block = production_storage.split(src.text)
        cursor = QTextCursor(self.qdoc)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(body)
        cursor.endEditBlock()
        self.source = src
        self._set_production(block)
        self.production_reloaded.emit()
        self._disk_digest = hashlib.sha256(data).hexdigest()
        self._saved_revision = self.revision
        self.qdoc.setModified(False)
        self._watch(self.path)

    @Slot()
    def _rewatch(self) -> None:
        if self.path is not None:
            self._watch(self.path)

    def _watch(self, path: Path) -> None:
        if str(path) not in self._watcher.files() and path.exists():
            self._watcher.addPath(str(path))

    @Slot(str)
    def _on_file_changed(self, name: str) -> None:
        path = Path(name)
        # An atomic replace (ours or another editor's) drops the watch: watch the new file. The
        # timer is the document's child, so it dies with the document.
        self._rewatch_timer.start()
        try:
            data = path.read_bytes()
        except OSError:
            log.info("%s disappeared or is unreadable", path)
            self.changed_on_disk.emit()
            return
        digest = hashlib.sha256(data).hexdigest()
        if digest != self._disk_digest:
            self._disk_digest = digest
            self.changed_on_disk.emit()


def _type_lookup(parser: IncrementalParser) -> Callable[[int], LineType]:
    def type_at(line: int) -> LineType:
        types = parser.line_types
        return types[line] if 0 <= line < len(types) else LineType.EMPTY

    return type_at


def _layout_lookup(
    overrides: list[tuple[QTextBlock, LineType]],
    type_at: Callable[[int], LineType],
    unstyled: Callable[[int], None],
) -> Callable[[QTextBlock], int]:
    """The type the page layout places a block as (hot: called per visible block per paint).

    The block state is the parser's type: the highlighter sets it before the layout runs, and lines
    re-typed outside an edit are re-highlighted before they are laid out again. Smart typing's
    display overrides come first. A block of a long script the highlighter has not reached yet
    (state -1) is placed by the parser's type and handed to the highlighter (``unstyled``).
    """

    def layout_type(block: QTextBlock) -> int:
        if overrides:
            for other, line_type in overrides:
                if other == block:
                    return line_type
        state = block.userState()
        if state < 0:
            number = block.blockNumber()
            unstyled(number)
            return int(type_at(number))
        return state

    return layout_type
