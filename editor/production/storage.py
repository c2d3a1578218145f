"""Production data in the ``.fountain`` file itself, in Beat's trailing settings block.

Beat (the most used open Fountain editor) appends its document settings to the file as one
boneyard comment, which every Fountain app skips because ``/* ... */`` is boneyard syntax::

    <script text>

    /* If you're seeing this, you can remove the following stuff - BEAT: {json} END_BEAT */

Its revision marks live under the ``"Revision"`` key as ``{"Addition": [[location, length,
level], ...], "Removed": [], "RemovalSuggestion": []}``: character ranges (UTF-16 code units,
because Beat is an NSString app) of the script text, with Beat's generation level (0 = Blue ...
7 = Cherry; older files have colour names). ``"Revision Level"`` is the generation being recorded.
Newer Beat also reads a ``/** settings: {json} **/`` block; both are read here, the classic one
is written.

Screenwright writes the same ``"Revision"`` ranges (so Beat shows our marks, and we show Beat's)
and keeps what Beat cannot express under its own ``"Screenwright"`` key: White and second-round
generations, revision dates and locks, locked scene numbers and AI provenance. Every other key of
a Beat file is kept as it was. A block that is not valid JSON is left in the text untouched.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
from dataclasses import dataclass, field, replace

from editor.production import colors
from editor.production.marks import Span

log = logging.getLogger(__name__)

BEAT_OPEN = "/* If you're seeing this, you can remove the following stuff - BEAT:"
BEAT_CLOSE = "END_BEAT */"
MODERN_OPEN = "/** settings:"
MODERN_CLOSE = "**/"
KEY = "Screenwright"
FORMAT_VERSION = 1


@dataclass(slots=True)
class Revision:
    """One revision round of the script: its colour generation, date and whether it is locked."""

    generation: int
    date: str  # ISO date, "2026-12-03"
    locked: bool = False

    @property
    def name(self) -> str:
        return colors.color(self.generation).name

    def to_json(self) -> dict[str, object]:
        return {"generation": self.generation, "color": self.name, "date": self.date, "locked": self.locked}


@dataclass(slots=True)
class ProductionData:
    """Everything this package stores for one script."""

    revisions: list[Revision] = field(default_factory=list)
    recording: int | None = None  # generation of the revision in progress (revision mode), if any
    marks: dict[int, int] = field(default_factory=dict)  # 0-based line -> generation
    spans: list[Span] = field(default_factory=list)  # AI-written passages
    locked_numbers: list[str] | None = None  # scene numbers as last locked, None = not locked
    other: dict[str, object] = field(default_factory=dict)  # keys of a Beat block we keep as they are

    @property
    def empty(self) -> bool:
        return not (
            self.revisions or self.marks or self.spans or self.locked_numbers is not None or self.other
        )

    def revision(self, generation: int) -> Revision | None:
        return next((r for r in self.revisions if r.generation == generation), None)

    def current(self) -> Revision | None:
        """The revision being recorded, else the latest one."""
        if self.recording is not None:
            return self.revision(self.recording)
        return self.revisions[-1] if self.revisions else None


@dataclass(slots=True)
class Block:
    """Where the settings block sat in the file, to write it back the same way."""

    raw: str  # the block exactly as read
    before: str  # separator between the script and the block (usually "\n\n")
    after: str  # whatever followed the block (usually "")
    data: ProductionData
    snapshot: str  # the data as saved, to tell whether it changed
    body_sha1: str = ""  # the script text it was saved with (its ranges are offsets into it)


def split(text: str) -> tuple[str, Block | None]:
    """The script text without its trailing settings block, and the block (None if none).

    Only a block at the end of the file counts (Beat's own rule is the last one); a block whose
    JSON cannot be read stays part of the text, where the writer can see it.
    """
    found = _find_block(text)
    if found is None:
        return text, None
    start, end, json_text = found
    try:
        settings = json.loads(json_text)
    except ValueError:
        log.warning("settings block at the end of the file is not valid JSON; left in the text")
        return text, None
    if not isinstance(settings, dict):
        return text, None
    body = text[:start]
    before = ""
    while body.endswith("\n") and len(before) < 2:
        body, before = body[:-1], "\n" + before
    data = from_settings(settings, body)
    block = Block(text[start:end], before, text[end:], data, _snapshot(data), _sha1(body))
    return body, block


def _find_block(text: str) -> tuple[int, int, str] | None:
    tail = text.rstrip()
    for opener, closer in ((BEAT_OPEN, BEAT_CLOSE), (MODERN_OPEN, MODERN_CLOSE)):
        if not tail.endswith(closer):
            continue
        start = text.rfind(opener)
        if start < 0:
            continue
        end = len(tail)
        inner = text[start + len(opener) : end - len(closer)]
        first, last = inner.find("{"), inner.rfind("}")
        if first < 0 or last < first:
            continue
        return start, end, inner[first : last + 1]
    return None


def join(body: str, data: ProductionData, block: Block | None = None) -> str:
    """The file text for ``body`` with ``data`` in a trailing block (none when there is nothing).

    When the data is what was read, the original block is written back byte for byte, so opening
    and saving a Beat file without edits changes nothing.
    """
    if block is not None and _snapshot(data) == block.snapshot and _sha1(body) == block.body_sha1:
        return body + block.before + block.raw + block.after
    if data.empty:
        return body
    settings = to_settings(data, body)
    raw = f"{BEAT_OPEN} {json.dumps(settings, ensure_ascii=False, separators=(',', ':'))} {BEAT_CLOSE}"
    before = block.before if block is not None else "\n\n"
    after = block.after if block is not None else ""
    return body + before + raw + after


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def unchanged(data: ProductionData, block: Block | None) -> bool:
    """Whether ``data`` is what ``block`` holds (no block: whether there is nothing to store)."""
    if block is None:
        return data.empty
    return _snapshot(data) == block.snapshot


def from_settings_copy(block: Block) -> ProductionData:
    """A copy of the block's data for the editor to change (the block keeps what was read)."""
    return ProductionData(
        revisions=[Revision(r.generation, r.date, r.locked) for r in block.data.revisions],
        recording=block.data.recording,
        marks=dict(block.data.marks),
        spans=list(block.data.spans),
        locked_numbers=list(block.data.locked_numbers) if block.data.locked_numbers is not None else None,
        other=json.loads(json.dumps(block.data.other)),
    )


def spans_to_qt(body: str, spans: list[Span]) -> list[Span]:
    """Spans in code points -> QTextDocument positions (UTF-16 units)."""
    table = _utf16_table(body)
    if table is None:
        return list(spans)
    return [replace(s, start=table[min(s.start, len(body))], end=table[min(s.end, len(body))]) for s in spans]


def spans_from_qt(body: str, spans: list[Span]) -> list[Span]:
    """QTextDocument positions (UTF-16 units) -> code points."""
    table = _utf16_table(body)
    if table is None:
        return list(spans)
    return [
        replace(s, start=bisect.bisect_left(table, s.start), end=bisect.bisect_left(table, s.end))
        for s in spans
    ]


def _snapshot(data: ProductionData) -> str:
    return json.dumps(
        {
            "revisions": [r.to_json() for r in data.revisions],
            "recording": data.recording,
            "marks": sorted(data.marks.items()),
            "spans": [s.to_json() for s in data.spans],
            "locked": data.locked_numbers,
            "other": data.other,
        },
        sort_keys=True,
        default=str,
    )


# ------------------------------------------------------------------------------------------
# Offsets: Beat counts UTF-16 code units, Python counts code points.


def _utf16_table(text: str) -> list[int] | None:
    """Code point index -> UTF-16 offset, or None when the two are the same (no astral chars)."""
    if all(ord(ch) < 0x10000 for ch in text):
        return None
    table = [0] * (len(text) + 1)
    offset = 0
    for k, ch in enumerate(text):
        table[k] = offset
        offset += 2 if ord(ch) >= 0x10000 else 1
    table[len(text)] = offset
    return table


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    return starts


def marks_to_ranges(body: str, marks: dict[int, int]) -> list[tuple[int, int, int]]:
    """Line marks as (start, length, generation) character ranges over whole lines (code points)."""
    lines = body.split("\n")
    starts = _line_starts(body)
    out: list[tuple[int, int, int]] = []
    for line in sorted(marks):
        if 0 <= line < len(lines) and lines[line]:
            start, length, gen = starts[line], len(lines[line]), marks[line]
            if out and out[-1][2] == gen and out[-1][0] + out[-1][1] + 1 == start:
                # Join runs of lines of one generation across the newline, as Beat does.
                out[-1] = (out[-1][0], out[-1][1] + 1 + length, gen)
            else:
                out.append((start, length, gen))
    return out


def ranges_to_marks(body: str, ranges: list[tuple[int, int, int]]) -> dict[int, int]:
    """Character ranges back to line marks: a line is marked by the newest generation touching it."""
    starts = _line_starts(body)
    marks: dict[int, int] = {}
    for start, length, gen in ranges:
        if length <= 0 or start < 0 or start + length > len(body):
            continue
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, start + length - 1) - 1
        for line in range(first, last + 1):
            marks[line] = max(marks.get(line, -1), gen)
    return marks


def to_settings(data: ProductionData, body: str) -> dict[str, object]:
    """The JSON object of the block (Beat's keys plus ours)."""
    settings: dict[str, object] = dict(data.other)
    table = _utf16_table(body)

    def u16(index: int) -> int:
        return table[index] if table is not None else index

    ranges = marks_to_ranges(body, data.marks)
    beat_additions = []
    for start, length, gen in ranges:
        level = colors.beat_level(gen)
        if level is not None:
            beat_additions.append([u16(start), u16(start + length) - u16(start), level])
    if beat_additions or "Revision" in settings:
        settings["Revision"] = {"Addition": beat_additions, "Removed": [], "RemovalSuggestion": []}
    if data.recording is not None and colors.beat_level(data.recording) is not None:
        settings["Revision Level"] = colors.beat_level(data.recording)
        settings["Revision Mode"] = True
    ours: dict[str, object] = {
        "version": FORMAT_VERSION,
        "text_sha1": _sha1(body),
        "revisions": [r.to_json() for r in data.revisions],
        "recording": data.recording,
        "marks": [[start, length, gen] for start, length, gen in ranges],
        "ai": [_span_json(body, span) for span in data.spans],
    }
    if data.locked_numbers is not None:
        ours["locked_scene_numbers"] = list(data.locked_numbers)
    settings[KEY] = ours
    return settings


def _span_json(body: str, span: Span) -> dict[str, object]:
    out = span.to_json()
    # The text itself anchors the span again if another app edited the file.
    out["text"] = body[span.start : span.end]
    return out


def from_settings(settings: dict[str, object], body: str) -> ProductionData:
    """ProductionData from a block's JSON object (Beat's, ours, or both)."""
    other = {
        k: v for k, v in settings.items() if k not in (KEY, "Revision", "Revision Level", "Revision Mode")
    }
    data = ProductionData(other=other)
    ours = settings.get(KEY)
    same_text = isinstance(ours, dict) and ours.get("text_sha1") == _sha1(body)
    if isinstance(ours, dict):
        for item in ours.get("revisions", []) or []:
            try:
                data.revisions.append(
                    Revision(
                        int(item["generation"]), str(item.get("date", "")), bool(item.get("locked", False))
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        recording = ours.get("recording")
        data.recording = int(recording) if isinstance(recording, int) else None
        locked = ours.get("locked_scene_numbers")
        if isinstance(locked, list):
            data.locked_numbers = [str(n) for n in locked]
        data.spans = _read_spans(body, ours.get("ai", []), same_text)
    if same_text and isinstance(ours, dict):
        data.marks = ranges_to_marks(body, _triples(ours.get("marks", [])))
    else:
        # Beat's ranges: the file was written (or edited since) by Beat.
        table = _utf16_table(body)
        ranges = []
        revision = settings.get("Revision")
        if isinstance(revision, dict):
            for item in revision.get("Addition", []) or []:
                if not isinstance(item, list) or len(item) < 2:
                    continue
                if not all(isinstance(v, int) for v in item[:2]):
                    continue
                start, end = _from_u16(table, item[0]), _from_u16(table, item[0] + item[1])
                gen = colors.from_beat_level(item[2] if len(item) > 2 else 0)
                ranges.append((start, end - start, gen))
        data.marks = ranges_to_marks(body, ranges)
        level = settings.get("Revision Level")
        if data.recording is None and isinstance(level, int) and settings.get("Revision Mode"):
            data.recording = colors.from_beat_level(level)
        for gen in sorted(
            set(data.marks.values()) | ({data.recording} if data.recording is not None else set())
        ):
            if data.revision(gen) is None:
                data.revisions.append(Revision(gen, ""))
        data.revisions.sort(key=lambda r: r.generation)
    return data


def _from_u16(table: list[int] | None, offset: int) -> int:
    if table is None:
        return offset
    return bisect.bisect_left(table, offset)


def _triples(items: object) -> list[tuple[int, int, int]]:
    out = []
    if isinstance(items, list):
        for item in items:
            if isinstance(item, list) and len(item) == 3 and all(isinstance(v, int) for v in item):
                out.append((item[0], item[1], item[2]))
    return out


def _read_spans(body: str, items: object, same_text: bool) -> list[Span]:
    """AI spans; when the text changed elsewhere, each is found again by its own text (or dropped)."""
    spans: list[Span] = []
    if not isinstance(items, list):
        return spans
    for item in items:
        if not isinstance(item, dict):
            continue
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        text = item.get("text")
        if not same_text and isinstance(text, str) and text and body[start:end] != text:
            found = _nearest(body, text, start)
            if found < 0:
                continue
            start, end = found, found + len(text)
        if 0 <= start < end <= len(body):
            spans.append(
                Span(
                    start,
                    end,
                    str(item.get("model", "")),
                    str(item.get("date", "")),
                    str(item.get("kind", "ai")),
                )
            )
    return spans


def _nearest(body: str, text: str, near: int) -> int:
    after = body.find(text, max(0, near))
    before = body.rfind(text, 0, max(0, near) + len(text))
    candidates = [k for k in (after, before) if k >= 0]
    return min(candidates, key=lambda k: abs(k - near)) if candidates else -1
