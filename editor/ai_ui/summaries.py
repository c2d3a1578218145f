"""Background scene summaries: one-sentence synopses, written only while the writer is idle.

At the lowest priority (``SUMMARY``) and only after ``IDLE_SECONDS`` without an edit, one scene at a
time is summarised with ``editor.ai.summary.summarize_task``; any edit cancels the summary in
progress, so the model is free for the writer's own requests at once. Summaries are cached by the
scene's text (``scene_key``), in memory and in ``<data dir>/summaries.json``, so only changed scenes
are redone, across sessions too. Scenes the writer has given a ``=`` synopsis are never summarised:
their own words win.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.ai.summary import SceneSummary, key_for_scene_text, scene_key, summarize_task
from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.task_driver import TaskSlot
from editor.fountain.model import Scene, Script
from editor.page.document import ScriptDocument
from inference.fsio import atomic_write

log = logging.getLogger(__name__)

IDLE_SECONDS = 4.0
POLL_MS = 1000
MAX_CACHED = 2000


def cache_path() -> Path:
    base = os.environ.get("SCREENWRIGHT_DATA_DIR")
    if base:
        root = Path(base)
    else:
        from platformdirs import user_data_dir

        root = Path(user_data_dir("screenwright", appauthor=False))
    return root / "summaries.json"


def _scene_key(lines: list[str], scene: Scene) -> str:
    """``editor.ai.summary.scene_key`` over lines split once (equal by construction; tested)."""
    return key_for_scene_text("\n".join(lines[scene.line : scene.end_line + 1]).strip())


class SummaryCache:
    """scene key -> summary text (+ source), persisted as a small JSON file written atomically."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._items: dict[str, dict[str, str]] = {}
        self._dirty = False
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self._items = {
                        str(k): {"text": str(v.get("text", "")), "source": str(v.get("source", ""))}
                        for k, v in data.items()
                        if isinstance(v, dict)
                    }
            except (OSError, ValueError):
                log.warning("ignoring an unreadable summary cache at %s", path)

    def get(self, key: str) -> str | None:
        item = self._items.get(key)
        return item["text"] if item else None

    def put(self, key: str, summary: SceneSummary) -> None:
        self._items.pop(key, None)
        self._items[key] = {"text": summary.text, "source": summary.source}
        while len(self._items) > MAX_CACHED:
            self._items.pop(next(iter(self._items)))
        self._dirty = True

    def save(self) -> None:
        if not self._dirty or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self._items, ensure_ascii=False).encode("utf-8"))
            self._dirty = False
        except OSError:
            log.warning("could not write the summary cache to %s", self.path, exc_info=True)

    def __len__(self) -> int:
        return len(self._items)


class SceneSummarizer(QObject):
    """Summarises the scenes of one document at a time (the current tab's).

    ``summary_ready(key, text)`` when a scene got a summary; ``synopsis_for(script, scene)`` answers
    the navigator and the outline from the cache.
    """

    summary_ready = Signal(str, str)

    def __init__(
        self,
        controller: AIController,
        cache: SummaryCache | None = None,
        *,
        idle_seconds: float = IDLE_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.cache = cache if cache is not None else SummaryCache(cache_path())
        self.idle_seconds = idle_seconds
        self.document: ScriptDocument | None = None
        self._slot = TaskSlot(controller, "summary", on_done=self._on_done, on_failed=self._on_failed)
        self._key = ""  # the scene text key of the summary being written
        self._failed: set[str] = set()
        self._keys_script: Script | None = None
        self._seen_revision = -1
        self._keys: list[str] = []
        self.enabled = True
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def set_document(self, document: ScriptDocument | None) -> None:
        if document is self.document:
            return
        if self.document is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.document.qdoc.contentsChange.disconnect(self._on_edit)
        self.cancel()
        self.document = document
        self._seen_revision = document.revision if document is not None else -1
        if document is not None:
            document.qdoc.contentsChange.connect(self._on_edit)

    def keys_for(self, script: Script) -> list[str]:
        """Every scene's cache key, computed once per script snapshot.

        ``scene_key`` splits the whole text per call; the navigator asks for every scene after each
        pause in typing, so on a 120-page script the keys are built here from one split.
        """
        if script is not self._keys_script:
            lines = script.text.split("\n")
            self._keys = [_scene_key(lines, scene) for scene in script.scenes]
            self._keys_script = script
        return self._keys

    def synopsis_for(self, script: Script, scene: Scene) -> str | None:
        keys = self.keys_for(script)
        key = keys[scene.index] if 0 <= scene.index < len(keys) else scene_key(script, scene)
        return self.cache.get(key)

    def is_busy(self) -> bool:
        return self._slot.busy

    def cancel(self) -> None:
        self._slot.cancel()

    @Slot(int, int, int)
    def _on_edit(self, _position: int, _removed: int, _added: int) -> None:
        # The writer is back: give the model to them (formatting-only changes are not the writer).
        if self.document is not None and self.document.revision != self._seen_revision:
            self._seen_revision = self.document.revision
            self.cancel()

    @Slot()
    def tick(self) -> None:
        """Start the next summary if the writer is idle and nothing else is running."""
        if self._slot.busy or self.document is None or not self.enabled:
            return
        if not self.controller.available or not self.controller.has_client():
            return  # summaries never start the model on their own
        if self.controller.idle_seconds() < self.idle_seconds:
            return
        script = self.document.snapshot()
        keys = self.keys_for(script)
        for index, scene in enumerate(script.scenes):
            if scene.synopsis:
                continue
            key = keys[index]
            if self.cache.get(key) is not None or key in self._failed:
                continue
            self._start(script, index, key)
            return
        self.cache.save()

    def _start(self, script: Script, index: int, key: str) -> None:
        task = summarize_task(script, index, use_model=self.controller.feature_enabled("summaries"))
        self._key = key
        self._slot.start(task)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, SceneSummary)
        self.cache.put(self._key, result)
        self.summary_ready.emit(self._key, result.text)

    def _on_failed(self, reason: str) -> None:
        if reason:  # a real failure (not a cancellation): do not retry this text in a loop
            self._failed.add(self._key)

    def shutdown(self) -> None:
        self._timer.stop()
        self.cancel()
        self.cache.save()
