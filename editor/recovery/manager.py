"""Keeps a recovery journal of every open script that has unsaved changes.

A timer ticks every ``JOURNAL_INTERVAL_MS`` while any script is ahead of its journal. It is started by
the first edit and is *not* restarted by later ones, so a writer typing without pause still gets a
journal at least every interval: the newest keystroke reaches the disk within one interval plus one
background write (well under the 2 s promise). Each tick costs the UI thread one text snapshot per
changed script; everything touching the disk runs on ``JournalWriter``'s thread.

A script that becomes unmodified (saved, or undone back to the saved text) or is closed loses its
journal; a clean exit removes the whole session directory, so only crashes leave journals behind.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.recovery.journal import JournalHeader, JournalWriter
from editor.recovery.store import RecoveryStore

if TYPE_CHECKING:
    from editor.page.document import ScriptDocument

log = logging.getLogger(__name__)

JOURNAL_INTERVAL_MS = 500


class RecoveryManager(QObject):
    """Journals the documents it ``watch``es; ``shutdown`` once at exit."""

    #: A journal could not be written (human-readable reason); emitted once per new failure.
    journal_failed = Signal(str)

    def __init__(
        self,
        store: RecoveryStore | None = None,
        *,
        interval_ms: int = JOURNAL_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store or RecoveryStore()
        # The session folder and its owner record are created by the writer thread, on the first
        # journal: the UI thread never waits for that fsync either.
        self.writer = JournalWriter(self.store.session_dir, prepare=self.store.claim)
        self._docs: dict[str, ScriptDocument] = {}
        self._queued: dict[str, int] = {}  # doc id -> revision handed to the writer
        self._reported_errors = 0
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    # -- documents -------------------------------------------------------------------------------
    def watch(self, document: ScriptDocument) -> str:
        """Start journaling ``document``; returns its journal id."""
        doc_id = getattr(document, "recovery_id", None) or uuid.uuid4().hex
        document.recovery_id = doc_id  # type: ignore[attr-defined]
        self._docs[doc_id] = document
        document.qdoc.contentsChanged.connect(self._poke)
        document.qdoc.modificationChanged.connect(self._poke)
        document.destroyed.connect(lambda _obj=None, d=doc_id: self._forget_id(d))
        if document.is_modified():
            self._poke()
        return doc_id

    def forget(self, document: ScriptDocument) -> None:
        """The script was closed (saved or deliberately discarded): its journal goes."""
        doc_id = getattr(document, "recovery_id", None)
        if doc_id is None:
            return
        for signal in (document.qdoc.contentsChanged, document.qdoc.modificationChanged):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(self._poke)
        self._forget_id(doc_id)

    def _forget_id(self, doc_id: str) -> None:
        if self._docs.pop(doc_id, None) is None:
            return
        self._queued.pop(doc_id, None)
        if not self._closed:
            self.writer.remove(doc_id)

    # -- journaling ------------------------------------------------------------------------------
    @Slot()
    def _poke(self, *_args: object) -> None:
        if not self._timer.isActive() and not self._closed:
            self._timer.start()

    @Slot()
    def _tick(self) -> None:
        busy = self._journal_all()
        if self.writer.errors > self._reported_errors:
            self._reported_errors = self.writer.errors
            self.journal_failed.emit(self.writer.last_error)
            busy = True  # keep retrying while the disk refuses
        if not busy:
            self._timer.stop()

    def _journal(self, doc_id: str, doc: ScriptDocument) -> bool:
        """Bring one journal up to date; True while it still needs attention."""
        if not doc.is_modified():
            if doc_id in self._queued:
                del self._queued[doc_id]
                self.writer.remove(doc_id)
            return False
        revision = doc.revision
        if self.writer.written_token(doc_id) == revision:
            return False
        if self._queued.get(doc_id) == revision and self.writer.pending(doc_id):
            return True  # on its way to the disk
        # A shallow copy of the parser's line list (pointers only: ~2 ms for a 10 MB script); the
        # join and the encoding happen on the writer thread.
        self.writer.write(self.header_for(doc_id, doc), list(doc.parser.lines), revision)
        self._queued[doc_id] = revision
        return True

    def _journal_all(self) -> bool:
        busy = False
        for doc_id, doc in list(self._docs.items()):
            try:
                busy |= self._journal(doc_id, doc)
            except RuntimeError:  # its Qt object is gone (a tab closed some other way): drop it
                log.info("journaled document %s no longer exists", doc_id)
                self._forget_id(doc_id)
        return busy

    def journal_now(self) -> None:
        """Queue a journal of every changed script now, without waiting for the tick or the disk."""
        self._journal_all()
        self._poke()

    def flush(self, timeout: float = 10.0) -> bool:
        """Journal everything now and wait for the disk (tests, exit; never on a keystroke path)."""
        self.journal_now()
        return self.writer.flush(timeout)

    @staticmethod
    def header_for(doc_id: str, doc: ScriptDocument) -> JournalHeader:
        src = doc.source
        return JournalHeader(
            doc_id=doc_id,
            path=str(doc.path) if doc.path is not None else None,
            title=doc.display_name() or "Untitled",
            encoding=src.encoding,
            bom=src.bom,
            newline=src.newline,
            disk_sha256=getattr(doc, "_disk_digest", None),
        )

    # -- exit ------------------------------------------------------------------------------------
    def shutdown(self, *, clean: bool = True) -> None:
        """Stop journaling. ``clean``: every script was saved or discarded, so no journal survives."""
        if self._closed:
            return
        self._timer.stop()
        if clean:
            for doc_id in list(self._docs):
                self.writer.remove(doc_id)
        else:
            self.flush()
        self._docs.clear()
        self._closed = True
        self.writer.close()
        if clean:
            self.store.release()
