"""The window's search index: loads the encoder and indexes each open script in the background.

One worker thread (a ``ThreadPoolExecutor`` with one worker) does all model work: loading
all-MiniLM-L6-v2 (~0.7 s), embedding a script's new lines, embedding a query. Results come back to
the UI thread through a queued Qt signal; the UI thread never waits on the model. An index is
tagged with the document revision it was built from: a query runs on the newest finished index
(the last edit's lines may be missing for a second, which search by meaning tolerates), and a newer
revision supersedes a pending build (its ``cancelled`` check stops it between batches).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from editor.analysis.search import (
    Cancelled,
    EmbeddingCache,
    Hit,
    ScriptIndex,
    default_cache_path,
    search_scripts,
)
from editor.fountain.model import Script

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Built:
    key: int
    revision: int
    index: ScriptIndex


def _lower_thread_priority() -> None:
    """Run this worker thread at nice +10 (Linux: a thread is a task with its own priority).

    The encoder runs with one onnxruntime thread, i.e. on this thread, so embedding a script in the
    background yields the cores to the UI thread whenever the writer types (the same reason the
    model process runs at nice +10).
    """
    # Not Linux/macOS, or not permitted: indexing still works, at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


class SearchService(QObject):
    """Owns the encoder and one index per document (keyed by ``id(document)``)."""

    index_ready = Signal(object, object)  # (document key, revision); keys are id()s, too big for int
    index_progress = Signal(object, int, int)  # (document key, done, total)
    results_ready = Signal(int, object)  # (request id, list[Hit])
    failed = Signal(str)  # one line for the status bar: the model is missing, damaged ...

    _built = Signal(object)
    _answered = Signal(int, object)
    _error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        self._encoder = None
        self._cache: EmbeddingCache | None = None
        self._indexes: dict[int, _Built] = {}
        self._wanted: dict[int, int] = {}  # document key -> newest requested revision
        self._request = 0
        self._closed = False
        self._built.connect(self._on_built)
        self._answered.connect(self._on_answered)
        self._error.connect(self.failed)

    # -- worker side -------------------------------------------------------------------------------

    def _ensure_encoder(self):  # type: ignore[no-untyped-def]
        if self._encoder is None:
            _lower_thread_priority()
            from inference.embed.encoder import SentenceEncoder

            self._encoder = SentenceEncoder(threads=1)
            self._cache = EmbeddingCache(default_cache_path(self._encoder.name))
        return self._encoder

    def _build(self, key: int, revision: int, script: Script) -> None:
        try:
            encoder = self._ensure_encoder()
            assert self._cache is not None
            index = ScriptIndex.build(
                script,
                encoder,
                self._cache,
                path=str(key),  # hits name their document, for searches across open scripts
                progress=lambda done, total: self.index_progress.emit(key, done, total),
                cancelled=lambda: self._closed or self._wanted.get(key, revision) != revision,
            )
        except Cancelled:
            return
        except Exception as exc:  # the model missing or damaged: say so, never crash the window
            log.info("search index failed", exc_info=True)
            self._error.emit(_reason(exc))
            return
        self._built.emit(_Built(key, revision, index))

    def _query(
        self, request: int, indexes: list[ScriptIndex], text: str, limit: int, kinds: str, scene: int
    ) -> None:
        try:
            encoder = self._ensure_encoder()
            if scene >= 0 and indexes:
                hits = indexes[0].scenes_like(scene, limit)
            else:
                hits = search_scripts(indexes, encoder.embed([text])[0], limit, kinds) if indexes else []
        except Exception as exc:
            log.info("search failed", exc_info=True)
            self._error.emit(_reason(exc))
            return
        self._answered.emit(request, hits)

    # -- UI side ----------------------------------------------------------------------------------

    def update(self, key: int, revision: int, script: Script) -> None:
        """Index ``script`` (document ``key`` at ``revision``) in the background."""
        built = self._indexes.get(key)
        if (
            self._closed
            or (built is not None and built.revision == revision)
            or self._wanted.get(key) == revision
        ):
            return
        self._wanted[key] = revision
        self._pool.submit(self._build, key, revision, script)

    def forget(self, key: int) -> None:
        self._indexes.pop(key, None)
        self._wanted.pop(key, None)

    def index_for(self, key: int) -> ScriptIndex | None:
        built = self._indexes.get(key)
        return built.index if built else None

    def ready_revision(self, key: int) -> int:
        built = self._indexes.get(key)
        return built.revision if built else -1

    def search(self, keys: list[int], text: str, limit: int = 10, kinds: str = "all") -> int:
        """Start a query; ``results_ready(request, hits)`` answers. Returns the request id."""
        self._request += 1
        if self._closed:
            return self._request
        indexes = [self._indexes[k].index for k in keys if k in self._indexes]
        self._pool.submit(self._query, self._request, indexes, text, limit, kinds, -1)
        return self._request

    def scenes_like(self, key: int, scene: int, limit: int = 10) -> int:
        self._request += 1
        if self._closed:
            return self._request
        indexes = [self._indexes[key].index] if key in self._indexes else []
        self._pool.submit(self._query, self._request, indexes, "", limit, "scene", scene)
        return self._request

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _on_built(self, built: _Built) -> None:
        if self._wanted.get(built.key) is None:
            return  # the document was closed meanwhile
        current = self._indexes.get(built.key)
        if current is None or current.revision <= built.revision:
            self._indexes[built.key] = built
            self.index_ready.emit(built.key, built.revision)

    def _on_answered(self, request: int, hits: list[Hit]) -> None:
        self.results_ready.emit(request, hits)


def _reason(exc: BaseException) -> str:
    """One line for the writer: an InferenceError's message and hint, anything else as it reads."""
    message = getattr(exc, "message", None) or str(exc)
    hint = getattr(exc, "hint", None)
    return f"{message} {hint}" if hint else message
