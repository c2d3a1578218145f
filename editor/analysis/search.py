"""Search by meaning: every scene and every speech of a script as sentence embeddings, cached on disk.

What is embedded: each speech (its dialogue), each action paragraph and each scene heading, once
(``units_of``). A scene's vector is the normalised mean of its units' vectors, weighted by their
length, so a scene is not embedded a second time on top of its own lines: that halves the work of
indexing, which runs in the background. A scene's score for a query is the better of its mean
vector, less half its "hubness" (the mean cosine to its 5 nearest other scenes in what is being
searched): CSLS, from Conneau et al. 2018. Small sentence encoders give some scenes (generic talk,
short exchanges) a middling similarity to every query; without the correction those hubs crowd the
top 3. On the development queries (tests/analysis/data/search_queries.json, 24 paraphrases over two
dev scripts plus the 120-page synthetic script as distractors) recall@3 was 0.67 with the plain mean,
0.54 with the best single line, 0.62 with the whole scene embedded at once, and 0.83 with CSLS
(k = 5 chosen on that same set, so it is a development figure, not a held-out one).

Embeddings are cached by the hash of (model, text) in a SQLite file in the per-user data folder, so
re-indexing after an edit embeds only the changed lines, and the same line in two scripts is embedded
once. The encoder comes from ``inference.embed`` (onnxruntime + tokenizers; no torch at run time).

Qt-free. The window runs ``ScriptIndex.build`` on a worker thread; ``cancelled`` is polled between
batches so a closed window or a newer revision stops it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from editor.fountain.model import ElementType, Script
from editor.fountain.names import normalize_character

BATCH_UNITS = 64  # units per encoder call: the granularity of progress and cancellation


class Encoder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Unit:
    """One indexed piece of a script: a speech, an action paragraph or a scene heading."""

    kind: str  # "speech", "action" or "heading"
    scene: int  # index of its scene, -1 before the first heading
    line: int  # 0-based first source line (the cue for a speech)
    end_line: int
    text: str
    speaker: str = ""


@dataclass(slots=True)
class Hit:
    kind: str  # "scene" or "speech"
    score: float
    scene: int
    line: int
    end_line: int
    title: str  # the heading for a scene, "NAME: words" for a speech
    text: str
    matching_lines: list[tuple[int, int]] = field(default_factory=list)  # (first, last) source lines
    path: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "scene": self.scene,
            "line": self.line + 1,
            "end_line": self.end_line + 1,
            "title": self.title,
            "text": self.text,
            "matching_lines": [[a + 1, b + 1] for a, b in self.matching_lines],
            "path": self.path,
        }


def units_of(script: Script) -> list[Unit]:
    """Speeches (cue to last dialogue line), action paragraphs and headings, in script order."""
    starts = [s.line for s in script.scenes]
    units: list[Unit] = []
    scene = -1
    speaker = ""
    speech_line = -1
    speech: list[str] = []
    speech_end = -1

    def close_speech() -> None:
        nonlocal speech
        if speech:
            units.append(Unit("speech", scene, speech_line, speech_end, " ".join(speech), speaker))
        speech = []

    for element in script.elements:
        etype = element.type
        if etype is ElementType.DIALOGUE:
            speech.append(" ".join(element.text.split()))
            speech_end = element.end_line
            continue
        if etype is ElementType.PARENTHETICAL:
            continue
        close_speech()
        if etype is ElementType.CHARACTER:
            speaker = normalize_character(element.text)
            speech_line = element.line
        elif etype is ElementType.SCENE_HEADING:
            while scene + 1 < len(starts) and starts[scene + 1] <= element.line:
                scene += 1
            units.append(Unit("heading", scene, element.line, element.end_line, element.text))
        elif etype is ElementType.ACTION and element.text.strip():
            units.append(
                Unit("action", scene, element.line, element.end_line, " ".join(element.text.split()))
            )
    close_speech()
    return units


class EmbeddingCache:
    """(model, text) hash -> vector, in SQLite. Safe to use from several threads (a lock, one connection)."""

    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._memory: dict[bytes, bytes] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=5)
                self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)")
                self._db.commit()
            except sqlite3.Error:
                self._db = None  # a broken cache file costs time, never the search

    @staticmethod
    def key(model: str, text: str) -> bytes:
        return hashlib.sha256(f"{model}\0{text}".encode()).digest()[:16]

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            missing = []
            for k in keys:
                blob = self._memory.get(k)
                if blob is None:
                    missing.append(k)
                else:
                    found[k] = np.frombuffer(blob, dtype=np.float32)
            if self._db is not None and missing:
                try:
                    for i in range(0, len(missing), 500):
                        chunk = missing[i : i + 500]
                        marks = ",".join("?" * len(chunk))
                        rows = self._db.execute(
                            f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
                        )
                        for k, blob in rows:
                            self._memory[k] = blob
                            found[k] = np.frombuffer(blob, dtype=np.float32)
                except sqlite3.Error:
                    pass
        return found

    def put_many(self, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        with self._lock:
            rows = [(k, v.astype(np.float32).tobytes()) for k, v in items]
            for k, blob in rows:
                self._memory[k] = blob
            if self._db is not None:
                try:
                    self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
                    self._db.commit()
                except sqlite3.Error:
                    pass


def default_cache_path(model: str) -> Path:
    from inference.store.paths import data_dir

    return data_dir() / "cache" / f"embeddings-{model}.sqlite"


class Cancelled(Exception):
    """``ScriptIndex.build`` stopped because ``cancelled()`` answered True."""


@dataclass(slots=True)
class ScriptIndex:
    """A script's units with their vectors, and one vector per scene."""

    script: Script
    units: list[Unit]
    unit_vectors: np.ndarray  # (units, d)
    scene_vectors: np.ndarray  # (scenes, d); zero rows for scenes without text
    path: str = ""
    hubness: np.ndarray | None = None  # (scenes,), set by set_hubness over what is searched together

    @classmethod
    def build(
        cls,
        script: Script,
        encoder: Encoder,
        cache: EmbeddingCache,
        *,
        path: str = "",
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ScriptIndex:
        units = units_of(script)
        keys = [EmbeddingCache.key(encoder.name, u.text) for u in units]
        known = cache.get_many(keys)
        todo: dict[bytes, str] = {}
        for k, u in zip(keys, units, strict=True):
            if k not in known and k not in todo:
                todo[k] = u.text
        pending = list(todo.items())
        for start in range(0, len(pending), BATCH_UNITS):
            if cancelled is not None and cancelled():
                raise Cancelled
            batch = pending[start : start + BATCH_UNITS]
            vectors = encoder.embed([text for _, text in batch])
            cache.put_many([(k, v) for (k, _), v in zip(batch, vectors, strict=True)])
            known.update({k: v for (k, _), v in zip(batch, vectors, strict=True)})
            if progress is not None:
                progress(min(start + BATCH_UNITS, len(pending)), len(pending))
        dims = next(iter(known.values())).shape[0] if known else 384
        unit_vectors = np.zeros((len(units), dims), dtype=np.float32)
        for i, k in enumerate(keys):
            unit_vectors[i] = known[k]
        return cls(script, units, unit_vectors, _scene_vectors(script, units, unit_vectors), path)

    # -- queries ---------------------------------------------------------------------------------

    def scene_scores(self, query: np.ndarray) -> np.ndarray:
        """Per scene: cosine of its mean vector with ``query`` less half its hubness (CSLS)."""
        if not len(self.script.scenes):
            return np.zeros(0, dtype=np.float32)
        if self.hubness is None:
            set_hubness([self])
        return self.scene_vectors @ query - 0.5 * self.hubness

    def search(self, query: np.ndarray, limit: int = 10, kinds: str = "all") -> list[Hit]:
        """Scenes and speeches ranked by similarity to ``query`` (an L2-normalised vector)."""
        hits: list[Hit] = []
        unit_scores = self.unit_vectors @ query if len(self.units) else np.zeros(0)
        if kinds in ("all", "scene") and self.script.scenes:
            scores = self.scene_scores(query)
            for i in np.argsort(-scores, kind="stable")[:limit]:
                hits.append(self._scene_hit(int(i), float(scores[i]), unit_scores))
        if kinds in ("all", "speech"):
            speech_rows = [i for i, u in enumerate(self.units) if u.kind == "speech"]
            if speech_rows:
                rows = np.array(speech_rows)
                order = rows[np.argsort(-unit_scores[rows], kind="stable")[:limit]]
                hits += [self._speech_hit(int(i), float(unit_scores[i])) for i in order]
        return hits  # scenes (best first), then speeches (best first): their scores differ in scale

    def scenes_like(self, scene: int, limit: int = 10) -> list[Hit]:
        """Other scenes nearest to ``scene`` by their mean vectors."""
        if not 0 <= scene < len(self.script.scenes):
            return []
        query = self.scene_vectors[scene]
        if not np.any(query):
            return []
        scores = self.scene_vectors @ query
        unit_scores = self.unit_vectors @ query
        if self.hubness is None:
            set_hubness([self])
        scores = scores - 0.5 * self.hubness
        order = [int(i) for i in np.argsort(-scores, kind="stable") if int(i) != scene]
        return [self._scene_hit(i, float(scores[i]), unit_scores) for i in order[:limit]]

    def _scene_hit(self, i: int, score: float, unit_scores: np.ndarray) -> Hit:
        scene = self.script.scenes[i]
        members = [j for j, u in enumerate(self.units) if u.scene == i and u.kind != "heading"]
        members.sort(key=lambda j: -unit_scores[j])
        top = float(unit_scores[members[0]]) if members else 0.0
        lines = [
            (self.units[j].line, self.units[j].end_line)
            for j in members[:3]
            if unit_scores[j] >= max(0.25, top - 0.12)
        ]
        first = next((self.units[j].text for j in members[:1]), "")
        return Hit(
            "scene", score, i, scene.line, scene.end_line, scene.heading, first, sorted(lines), self.path
        )

    def _speech_hit(self, j: int, score: float) -> Hit:
        u = self.units[j]
        title = f"{u.speaker}: {u.text[:60]}"
        return Hit(
            "speech", score, u.scene, u.line, u.end_line, title, u.text, [(u.line, u.end_line)], self.path
        )

    def similar_lines(self, character: str, text: str | np.ndarray, before_line: int, k: int = 3,
                      encoder: Encoder | None = None) -> list[str]:  # fmt: skip
        """The ``k`` earlier speeches of ``character`` (before ``before_line``) most similar to ``text``.

        For the AI's dialogue suggestions: a character's own earlier lines on the same subject show the
        model how this person talks about it. ``text`` is the context to match (a vector, or a string
        to embed with ``encoder``).
        """
        name = normalize_character(character)
        rows = [
            i
            for i, u in enumerate(self.units)
            if u.kind == "speech" and u.speaker == name and u.line < before_line
        ]
        if not rows:
            return []
        if isinstance(text, str):
            if encoder is None:
                raise ValueError("similar_lines needs an encoder to embed a text query")
            query = encoder.embed([text])[0]
        else:
            query = text
        scores = self.unit_vectors[rows] @ query
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.units[rows[i]].text for i in order]


HUB_NEIGHBOURS = 5
_hub_scope: tuple[int, ...] = ()


def set_hubness(indexes: Sequence[ScriptIndex]) -> None:
    """Each scene's mean cosine to its ``HUB_NEIGHBOURS`` nearest other scenes among ``indexes``.

    Blockwise, so 10,000 scenes never build a 10,000 x 10,000 matrix at once.
    """
    vectors = np.concatenate([ix.scene_vectors for ix in indexes]) if indexes else np.zeros((0, 384))
    n = len(vectors)
    hub = np.zeros(n, dtype=np.float32)
    k = min(HUB_NEIGHBOURS, n - 1)
    if k > 0:
        for start in range(0, n, 1024):
            sims = vectors[start : start + 1024] @ vectors.T
            rows = np.arange(len(sims))
            sims[rows, start + rows] = -np.inf
            hub[start : start + len(sims)] = np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)
    offset = 0
    for ix in indexes:
        m = len(ix.scene_vectors)
        ix.hubness = hub[offset : offset + m]
        offset += m


def search_scripts(
    indexes: Sequence[ScriptIndex], query: np.ndarray, limit: int = 10, kinds: str = "all"
) -> list[Hit]:
    """Search several scripts together (a folder): hubness is measured over all their scenes."""
    global _hub_scope
    scope = tuple(id(ix) for ix in indexes)
    if scope != _hub_scope or any(ix.hubness is None for ix in indexes):
        set_hubness(indexes)  # once per set of scripts, not per query
        _hub_scope = scope
    hits = [h for ix in indexes for h in ix.search(query, limit, kinds)]
    hits.sort(key=lambda h: -h.score)
    return hits[:limit] if kinds != "all" else _interleave(hits, limit)


def _interleave(hits: list[Hit], limit: int) -> list[Hit]:
    """The best ``limit`` scenes and the best ``limit`` speeches, scenes first."""
    scenes = [h for h in hits if h.kind == "scene"][:limit]
    speeches = [h for h in hits if h.kind == "speech"][:limit]
    return scenes + speeches


def _scene_vectors(script: Script, units: list[Unit], vectors: np.ndarray) -> np.ndarray:
    out = np.zeros((len(script.scenes), vectors.shape[1] if len(vectors) else 384), dtype=np.float32)
    for i, u in enumerate(units):
        if u.scene >= 0:
            out[u.scene] += vectors[i] * np.sqrt(max(1, len(u.text.split())))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def similar_lines(
    index: ScriptIndex, character: str, context: np.ndarray, before_line: int, k: int = 3
) -> list[str]:
    """The AI's entry point: ``character``'s ``k`` earlier speeches most like ``context``.

    ``context`` is an L2-normalised vector, e.g. ``index.unit_vectors[i]`` of the line being
    answered, so no model runs on the caller's thread. Measured in tests/benchmarks/bench_retrieval.py:
    prepending two such lines raises SmolLM2's likelihood of the line the writer really wrote
    (-3.70 vs -3.90 nats/token), though two random earlier lines of the speaker do nearly as well.
    """
    return index.similar_lines(character, context, before_line, k)
