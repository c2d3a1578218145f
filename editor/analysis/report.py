"""The script report: characters, who talks to whom, places, times, scene lengths, page balance,
pacing, sentiment per scene and themes, as plain data (``Report.to_json()`` is the ``--json`` shape).

Every figure comes from the parsed ``Script`` and its ``Pagination`` (the printed page is the unit a
writer and a producer think in): scene lengths are in eighths of a printed page, measured from a
scene's heading row to the next heading's row, blank rows included, the way a breakdown sheet
counts them. A figure that cannot be computed for this script (no scenes, no dialogue, text that is
not English) is left empty and ``notes`` says why, so the report still renders.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np

from editor.analysis.sentiment import NEUTRAL, english_share, valence, words_of
from editor.analysis.themes import Cluster, Term, TfIdf, cluster_scenes, terms_of
from editor.fountain.model import ElementType, Script
from editor.fountain.names import normalize_character
from editor.fountain.pagination import LineKind, Pagination, paginate

_DIALOGUE_KINDS = frozenset({LineKind.CHARACTER, LineKind.PARENTHETICAL, LineKind.DIALOGUE, LineKind.MORE})
_ACTION_KINDS = frozenset(
    {LineKind.ACTION, LineKind.SCENE_HEADING, LineKind.TRANSITION, LineKind.CENTERED, LineKind.LYRICS}
)
_DAY = frozenset({"DAY", "MORNING", "AFTERNOON", "NOON", "DAWN", "SUNRISE", "DAYTIME", "LATE AFTERNOON"})
_NIGHT = frozenset({"NIGHT", "EVENING", "DUSK", "SUNSET", "MIDNIGHT", "LATE NIGHT", "NIGHTTIME", "TWILIGHT"})
_MIN_ENGLISH = 0.12  # below this share of common English words, VADER's numbers mean nothing
_NAME_PART = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class CharacterRow:
    name: str
    speeches: int = 0
    words: int = 0
    scenes: int = 0
    pages: int = 0
    first_scene: int = -1
    last_scene: int = -1
    first_page: int = 0
    last_page: int = 0
    dialogue_share: float = 0.0
    scene_list: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Exchange:
    """``a`` and ``b`` spoke one right after the other ``count`` times in the same scene."""

    a: str
    b: str
    count: int


@dataclass(slots=True)
class LocationRow:
    location: str
    scenes: int
    eighths: int
    int_ext: str


@dataclass(slots=True)
class SceneRow:
    index: int
    number: str
    heading: str
    line: int  # 0-based source line of the heading
    page: int
    eighths: int
    int_ext: str
    location: str
    time_of_day: str
    position: float = 0.0  # where it starts, in pages: 3.5 is half-way down page 3 (chart x axis)
    speeches: int = 0
    dialogue_words: int = 0
    action_words: int = 0
    characters: list[str] = field(default_factory=list)
    sentiment: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    keywords: list[str] = field(default_factory=list)
    cluster: int = -1


@dataclass(slots=True)
class PageRow:
    number: int
    action_rows: int
    dialogue_rows: int


@dataclass(slots=True)
class Report:
    title: str
    pages: int
    scenes: list[SceneRow]
    characters: list[CharacterRow]
    exchanges: list[Exchange]
    locations: list[LocationRow]
    int_ext: dict[str, int]
    time_of_day: dict[str, int]
    day_night: dict[str, int]
    page_balance: list[PageRow]
    themes: list[Term]
    clusters: list[Cluster]
    sentiment_available: bool
    clusters_by: str  # "meaning" (embeddings), "words" (tf-idf) or ""
    notes: list[str] = field(default_factory=list)

    @property
    def total_dialogue_words(self) -> int:
        return sum(c.words for c in self.characters)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        for scene in data["scenes"]:
            scene["line"] += 1  # 1-based, like `python -m editor.fountain parse --json`
        return data


def build_report(
    script: Script,
    *,
    pagination: Pagination | None = None,
    embeddings: np.ndarray | None = None,
) -> Report:
    """Analyse ``script``. ``pagination`` defaults to US Letter; ``embeddings`` (one L2-normalised row
    per scene, from the search index) make the scene clusters group by meaning instead of by words."""
    pagination = pagination or paginate(script)
    notes: list[str] = []
    scenes = _scene_rows(script, pagination)
    characters, exchanges = _characters(script, scenes, pagination)
    page_balance = _page_balance(pagination)
    sentiment_ok = _sentiment(script, scenes, notes)
    themes, clusters, clusters_by = _themes(script, scenes, characters, embeddings, notes)
    if not script.scenes:
        notes.append(
            "No scene headings: scene lengths, places, times, pacing and the emotional arc need "
            "INT./EXT. headings."
        )
    if not characters:
        notes.append("No dialogue: there are no characters, exchanges or dialogue shares to show.")
    int_ext = Counter(s.int_ext or "(none)" for s in scenes)
    times = Counter(s.time_of_day or "(none)" for s in scenes)
    day_night = Counter(_day_or_night(s.time_of_day) for s in scenes)
    return Report(
        title=_title(script),
        pages=pagination.page_count,
        scenes=scenes,
        characters=characters,
        exchanges=exchanges,
        locations=_locations(scenes),
        int_ext=dict(int_ext.most_common()),
        time_of_day=dict(times.most_common()),
        day_night={k: day_night[k] for k in ("day", "night", "other") if day_night[k]},
        page_balance=page_balance,
        themes=themes,
        clusters=clusters,
        sentiment_available=sentiment_ok,
        clusters_by=clusters_by,
        notes=notes,
    )


def _title(script: Script) -> str:
    for key, value in script.title_page.items():
        if key.lower() == "title" and value.strip():
            return " ".join(value.replace("*", "").replace("_", "").split())
    return "Untitled"


def _day_or_night(time_of_day: str) -> str:
    if time_of_day in _DAY:
        return "day"
    if time_of_day in _NIGHT:
        return "night"
    return "other"


def _scene_rows(script: Script, pagination: Pagination) -> list[SceneRow]:
    """One row per scene with its page and its length in eighths of a printed page."""
    lpp = pagination.geometry.lines_per_page
    starts = [s.line for s in script.scenes]
    # (page index, row) where each scene's heading is printed; scanning lines in print order.
    where: list[tuple[int, int] | None] = [None] * len(starts)
    end_mark = (len(pagination.pages), 0)
    for p, page in enumerate(pagination.pages):
        for pl in page.lines:
            if pl.source_line < 0 or pl.kind is LineKind.PAGE_NUMBER or pl.kind is LineKind.SCENE_NUMBER:
                continue
            i = bisect.bisect_right(starts, pl.source_line) - 1
            if i >= 0 and where[i] is None:
                where[i] = (p, pl.row)
    rows: list[SceneRow] = []
    for i, scene in enumerate(script.scenes):
        begin = where[i]
        nxt = next((w for w in where[i + 1 :] if w is not None), end_mark)
        if begin is None:
            eighths, page = 0, pagination.page_for_line(scene.line)
            position = float(page)
        else:
            span = (nxt[0] - begin[0]) * lpp + (nxt[1] - begin[1])
            eighths, page = max(1, round(span * 8 / lpp)), begin[0] + 1
            position = round(page + max(0, begin[1]) / lpp, 3)
        rows.append(
            SceneRow(
                index=i,
                number=scene.number,
                heading=scene.heading,
                line=scene.line,
                page=page,
                eighths=eighths,
                position=position,
                int_ext=scene.int_ext,
                location=scene.location,
                time_of_day=scene.time_of_day,
                characters=list(scene.characters),
            )
        )
    return rows


def _characters(
    script: Script, scenes: list[SceneRow], pagination: Pagination
) -> tuple[list[CharacterRow], list[Exchange]]:
    """Speeches, words, presence and exchanges, walking the elements once."""
    page_starts = [p.first_source_line for p in pagination.pages]
    scene_starts = [s.line for s in script.scenes]
    rows: dict[str, CharacterRow] = {}
    pages_of: dict[str, set[int]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    speaker: CharacterRow | None = None
    previous: tuple[int, str] | None = None  # (scene, name) of the last speech
    for element in script.elements:
        etype = element.type
        if etype is ElementType.DIALOGUE:
            if speaker is not None:
                n = len(element.text.split())
                speaker.words += n
                si = bisect.bisect_right(scene_starts, element.line) - 1
                if si >= 0:
                    scenes[si].dialogue_words += n
            continue
        if etype in (ElementType.PARENTHETICAL, ElementType.NOTE):
            continue
        speaker = None
        if etype is not ElementType.CHARACTER:
            continue
        name = normalize_character(element.text)
        if not name:
            continue
        row = rows.get(name)
        if row is None:
            row = rows[name] = CharacterRow(name)
            pages_of[name] = set()
        row.speeches += 1
        speaker = row
        page = max(1, bisect.bisect_right(page_starts, element.line))
        pages_of[name].add(page)
        row.first_page = row.first_page or page
        row.last_page = page
        si = bisect.bisect_right(scene_starts, element.line) - 1
        if si >= 0:
            scenes[si].speeches += 1
            if not row.scene_list or row.scene_list[-1] != si:
                row.scene_list.append(si)
            if previous is not None and previous[0] == si and previous[1] != name:
                pairs[tuple(sorted((previous[1], name)))] += 1  # type: ignore[index]
            previous = (si, name)
    total = sum(r.words for r in rows.values())
    for name, row in rows.items():
        row.pages = len(pages_of[name])
        row.scenes = len(row.scene_list)
        if row.scene_list:
            row.first_scene, row.last_scene = row.scene_list[0], row.scene_list[-1]
        row.dialogue_share = round(row.words / total, 4) if total else 0.0
    ordered = sorted(rows.values(), key=lambda r: (-r.words, -r.speeches, r.name))
    exchanges = [Exchange(a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ordered, exchanges


def _page_balance(pagination: Pagination) -> list[PageRow]:
    out = []
    for page in pagination.pages:
        action = dialogue = 0
        for pl in page.lines:
            if pl.kind in _DIALOGUE_KINDS:
                dialogue += 1
            elif pl.kind in _ACTION_KINDS:
                action += 1
        out.append(PageRow(page.number, action, dialogue))
    return out


def _locations(scenes: list[SceneRow]) -> list[LocationRow]:
    by: dict[str, LocationRow] = {}
    for s in scenes:
        key = s.location or "(no location)"
        row = by.get(key)
        if row is None:
            row = by[key] = LocationRow(key, 0, 0, s.int_ext)
        elif s.int_ext and row.int_ext != s.int_ext:
            row.int_ext = "INT/EXT" if row.int_ext else s.int_ext  # seen both inside and outside
        row.scenes += 1
        row.eighths += s.eighths
    return sorted(by.values(), key=lambda r: (-r.scenes, -r.eighths, r.location))


def _scene_texts(script: Script) -> list[tuple[list[str], list[str]]]:
    """(dialogue texts, action texts) of each scene."""
    out: list[tuple[list[str], list[str]]] = []
    for scene in script.scenes:
        dialogue: list[str] = []
        action: list[str] = []
        for element in script.elements[scene.first_element + 1 : scene.end_element]:
            if element.type is ElementType.DIALOGUE:
                dialogue.append(element.text)
            elif element.type is ElementType.ACTION:
                action.append(element.text)
        out.append((dialogue, action))
    return out


def _sentiment(script: Script, scenes: list[SceneRow], notes: list[str]) -> bool:
    """VADER valence per scene: the mean over its speeches, each scored whole.

    Dialogue is what VADER was validated on (short, spoken, informal); action is descriptive prose
    where its lexicon mostly scores neutral, and scoring it doubled the report's cost. A scene
    without dialogue is scored on its action instead, so silent scenes still have a value.
    """
    if not scenes:
        return False
    texts = _scene_texts(script)
    sample = [w for d, a in texts[:: max(1, len(texts) // 200)] for t in d + a for w in words_of(t)]
    if english_share(sample) < _MIN_ENGLISH:
        notes.append(
            "The emotional arc needs English text (VADER is an English lexicon); this script's words "
            "are mostly not English, so no sentiment is shown."
        )
        return False
    for row, (dialogue, action) in zip(scenes, texts, strict=True):
        row.action_words = sum(len(t.split()) for t in action)
        parts = [valence(t) for t in (dialogue or action)] or [NEUTRAL]
        row.sentiment = round(sum(v.compound for v in parts) / len(parts), 4)
        row.positive = round(sum(v.pos for v in parts) / len(parts), 4)
        row.negative = round(sum(v.neg for v in parts) / len(parts), 4)
    return True


def _themes(
    script: Script,
    scenes: list[SceneRow],
    characters: list[CharacterRow],
    embeddings: np.ndarray | None,
    notes: list[str],
) -> tuple[list[Term], list[Cluster], str]:
    if not scenes:
        return [], [], ""
    names = frozenset(p.lower() for c in characters for p in _NAME_PART.findall(c.name))
    texts = _scene_texts(script)
    documents = [terms_of("\n".join(d + a), names) for d, a in texts]
    tfidf = TfIdf.build(documents)
    for row, vector in zip(scenes, tfidf.matrix, strict=True):
        order = np.argsort(-vector, kind="stable")[:5]
        row.keywords = [tfidf.vocabulary[i] for i in order if vector[i] > 0]
    use_embeddings = embeddings is not None and len(embeddings) == len(scenes)
    clusters = cluster_scenes(tfidf, embeddings if use_embeddings else None)
    for j, cluster in enumerate(clusters):
        for i in cluster.scenes:
            scenes[i].cluster = j
    if not clusters:
        notes.append("Too few scenes with words to group scenes into clusters (at least 4 are needed).")
    return tfidf.top_terms(25), clusters, ("meaning" if use_embeddings else "words") if clusters else ""
