"""Compare two drafts scene by scene: what changed, what moved, what was added or omitted.

A production office asks two questions of a new draft: which scenes changed (and how), and which
printed lines changed (they get an asterisk). Both answers come from one comparison:

1. Both drafts are cut into scenes (plus the part before the first heading). Lines are compared
   without what does not print differently: trailing blanks, a heading's ``#12A#`` number and its
   forcing dot, so locking scene numbers is not a change.
2. Scenes are paired: identical scenes first (wherever they are: a move), then, between those
   anchors, scenes with the same heading or mostly the same lines, then scenes that moved *and*
   changed (found through their distinctive lines). A scene left without a partner is added (new
   draft) or omitted (old draft), never "deleted + added" because it moved.
3. Moves are the paired scenes outside the longest run that kept its order.
4. Each pair is diffed line by line with ``difflib.SequenceMatcher`` (the standard library's
   Ratcliff/Obershelp matcher: no dependency, exact, and fast on scene-sized inputs; a 120-page
   draft is ~120 small diffs instead of one 6,000-line one). Replaced and inserted lines are
   changed; where lines were only removed, the next printed line carries the mark, as production
   drafts do, so the reader sees that something went.

Everything here is pure Python and runs off the UI thread in the editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from editor.fountain.model import LineType, Script
from editor.fountain.pagination import Pagination
from editor.fountain.parser import parse

_SCENE_NUMBER = re.compile(r"\s*#[^#\n]*#\s*$")
# Lines that are not printed: they can change without a revision mark.
_UNPRINTED = frozenset(
    {
        LineType.EMPTY,
        LineType.SECTION,
        LineType.SYNOPSIS,
        LineType.NOTE,
        LineType.BONEYARD,
        LineType.TITLE_PAGE,
    }
)
# A line shared by more old scenes than this says nothing about where a scene went.
_COMMON_LINE_SCENES = 4


class SceneStatus:
    """What happened to a scene (string constants: they are the JSON vocabulary)."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MOVED = "moved"
    ADDED = "added"
    OMITTED = "omitted"


@dataclass(slots=True)
class Segment:
    """A scene (or the text before the first heading) of one draft."""

    index: int  # position among the draft's segments; -1 for the preamble
    number: str
    heading: str
    first_line: int
    end_line: int  # exclusive
    keys: list[str]  # one normalised key per line ("" for lines that do not print)

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(key for key in self.keys if key)


@dataclass(slots=True)
class SceneChange:
    """One scene of the comparison, in the new draft's order (omitted scenes where they were)."""

    status: str
    heading: str
    new_index: int | None
    old_index: int | None
    new_number: str | None = None
    old_number: str | None = None
    new_line: int | None = None  # 0-based heading line in the new draft
    old_line: int | None = None
    moved: bool = False
    changed_lines: list[int] = field(default_factory=list)  # 0-based lines of the new draft
    lines_added: int = 0
    lines_removed: int = 0

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"status": self.status, "heading": self.heading, "moved": self.moved}
        if self.new_number is not None:
            out["number"] = self.new_number
        if self.old_number is not None:
            out["old_number"] = self.old_number
        if self.new_line is not None:
            out["line"] = self.new_line + 1
        if self.old_line is not None:
            out["old_line"] = self.old_line + 1
        out["changed_lines"] = [line + 1 for line in self.changed_lines]
        out["lines_added"] = self.lines_added
        out["lines_removed"] = self.lines_removed
        return out


@dataclass(slots=True)
class Comparison:
    """The result: scenes in the new draft's order, changed lines, and how lines map back."""

    scenes: list[SceneChange]
    changed_lines: list[int]  # sorted, 0-based lines of the new draft that carry a mark
    line_map: dict[int, int]  # new line -> old line, for lines that did not change
    old_scene_count: int
    new_scene_count: int

    @property
    def identical(self) -> bool:
        return not self.changed_lines and all(s.status == SceneStatus.UNCHANGED for s in self.scenes)

    @property
    def related(self) -> bool:
        """False when the drafts share no scene at all: most likely two different scripts."""
        return any(
            s.old_index is not None and s.new_index is not None for s in self.scenes if s.new_index != -1
        )

    def count(self, status: str) -> int:
        return sum(1 for s in self.scenes if s.status == status and s.new_index != -1)

    def moved_count(self) -> int:
        return sum(1 for s in self.scenes if s.moved)

    def summary(self) -> str:
        """One plain-English sentence for the status bar and the command line."""
        if self.identical:
            return "No changes: the two drafts are the same."
        if not self.related and self.old_scene_count and self.new_scene_count:
            return (
                f"These look like different scripts: none of the {self.old_scene_count} old scenes "
                f"is in the new draft ({self.new_scene_count} scenes)."
            )
        parts = []
        for status, word in (
            (SceneStatus.CHANGED, "changed"),
            (SceneStatus.ADDED, "added"),
            (SceneStatus.OMITTED, "omitted"),
        ):
            if n := self.count(status):
                parts.append(f"{n} {word}")
        if n := self.moved_count():
            parts.append(f"{n} moved")
        scenes = ", ".join(parts) if parts else "no scene changed"
        lines = len(self.changed_lines)
        return f"Scenes: {scenes}; {lines} line{'s' if lines != 1 else ''} marked."

    def to_json(self, changed_pages: Sequence[int] | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "identical": self.identical,
            "related": self.related,
            "summary": self.summary(),
            "scenes_changed": [
                s.to_json() for s in self.scenes if s.status != SceneStatus.UNCHANGED or s.moved
            ],
            "counts": {
                "changed": self.count(SceneStatus.CHANGED),
                "added": self.count(SceneStatus.ADDED),
                "omitted": self.count(SceneStatus.OMITTED),
                "moved": self.moved_count(),
                "unchanged": self.count(SceneStatus.UNCHANGED),
            },
            "changed_lines": [line + 1 for line in self.changed_lines],
        }
        if changed_pages is not None:
            out["changed_pages"] = list(changed_pages)
        return out


def line_key(line: str, line_type: LineType) -> str:
    """What a line prints as, for comparison ("" when it does not print)."""
    if line_type in _UNPRINTED:
        return ""
    text = line.strip()
    if line_type is LineType.SCENE_HEADING:
        text = _SCENE_NUMBER.sub("", text)
        if text.startswith(".") and not text.startswith(".."):
            text = text[1:]
        text = text.upper()
    return text


def segments(script: Script) -> list[Segment]:
    """The draft cut into the preamble (index -1) and its scenes."""
    lines = script.text.split("\n")
    types = script.line_types
    keys = [line_key(line, types[k] if k < len(types) else LineType.EMPTY) for k, line in enumerate(lines)]
    starts = [scene.line for scene in script.scenes]
    out = [
        Segment(
            -1, "", "", 0, starts[0] if starts else len(lines), keys[: starts[0] if starts else len(lines)]
        )
    ]
    for k, scene in enumerate(script.scenes):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        out.append(Segment(k, scene.number, scene.heading, scene.line, end, keys[scene.line : end]))
    return out


def diff_keys(old: Sequence[str], new: Sequence[str]) -> tuple[list[int], list[tuple[int, int]], int, int]:
    """Line diff of two key lists: (changed new indices, equal (new, old) pairs, added, removed).

    Only printed lines count: blank keys are never marked. A pure removal marks the next printed
    line after it (or the last one before it at the end of the list).
    """
    changed: set[int] = set()
    equal: list[tuple[int, int]] = []
    added = removed = 0
    # Trim what is identical at both ends first: edits are local, the matcher then sees little.
    lo = 0
    limit = min(len(old), len(new))
    while lo < limit and old[lo] == new[lo]:
        equal.append((lo, lo))
        lo += 1
    hi = 0
    while hi < limit - lo and old[len(old) - 1 - hi] == new[len(new) - 1 - hi]:
        hi += 1
    old_mid, new_mid = old[lo : len(old) - hi], new[lo : len(new) - hi]
    if old_mid or new_mid:
        matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                equal.extend((lo + j1 + k, lo + i1 + k) for k in range(j2 - j1))
                continue
            gone = sum(1 for key in old_mid[i1:i2] if key)
            came = [lo + j for j in range(j1, j2) if new_mid[j]]
            removed += gone
            added += len(came)
            if tag == "replace":
                # A replaced line that prints the same (only a blank changed around it) is not a change.
                if not came and gone:
                    _mark_removal(new, lo + j2, changed)
                changed.update(came)
            elif tag == "insert":
                changed.update(came)
            elif gone:
                _mark_removal(new, lo + j1, changed)
    for k in range(hi):
        equal.append((len(new) - hi + k, len(old) - hi + k))
    return sorted(changed), equal, added, removed


def _mark_removal(new: Sequence[str], at: int, changed: set[int]) -> None:
    for j in range(at, len(new)):
        if new[j]:
            changed.add(j)
            return
    for j in range(min(at, len(new)) - 1, -1, -1):
        if new[j]:
            changed.add(j)
            return


def _similarity(a: Segment, b: Segment) -> float:
    ca, cb = a.content, b.content
    if not ca and not cb:
        return 1.0
    matcher = SequenceMatcher(None, ca, cb, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return 0.0
    return matcher.ratio()


def _heading_key(seg: Segment) -> str:
    return seg.keys[0] if seg.keys else ""


def _pair_scenes(old: list[Segment], new: list[Segment]) -> dict[int, int]:
    """new scene index -> old scene index, for the scenes of both drafts that are the same scene."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    # 1. Identical scenes, wherever they are.
    by_content: dict[tuple[str, ...], list[int]] = {}
    for seg in old:
        by_content.setdefault(seg.content, []).append(seg.index)
    for seg in new:
        candidates = by_content.get(seg.content)
        if candidates:
            old_index = candidates.pop(0)
            pairs[seg.index] = old_index
            used.add(old_index)
    # 2. Between identical anchors, in order: same heading or mostly the same lines.
    anchors = sorted(pairs.items())
    keep = _longest_increasing([o for _n, o in anchors])
    bounds = [(-1, -1), *[anchors[k] for k in sorted(keep)], (len(new), len(old))]
    for (n0, o0), (n1, o1) in pairwise(bounds):
        gap_new = [seg for seg in new[n0 + 1 : n1] if seg.index not in pairs]
        gap_old = [seg for seg in old[o0 + 1 : o1] if seg.index not in used] if o1 > o0 else []
        if not gap_new or not gap_old:
            continue
        by_heading: dict[str, list[Segment]] = {}
        for seg in gap_old:
            by_heading.setdefault(_heading_key(seg), []).append(seg)
        small = len(gap_old) <= 8
        for seg in gap_new:
            candidates = gap_old if small else by_heading.get(_heading_key(seg), [])[:8]
            best, best_score = None, 0.0
            for cand in candidates:
                if cand.index in used:
                    continue
                score = _similarity(cand, seg)
                needed = 0.34 if _heading_key(cand) == _heading_key(seg) else 0.6
                if score >= needed and score > best_score:
                    best, best_score = cand, score
            if best is not None:
                pairs[seg.index] = best.index
                used.add(best.index)
    # 3. Moved and changed: vote by distinctive lines, confirm by similarity.
    rest_old = [seg for seg in old if seg.index not in used]
    rest_new = [seg for seg in new if seg.index not in pairs]
    if rest_old and rest_new:
        where: dict[str, set[int]] = {}
        for seg in rest_old:
            for key in set(seg.content):
                where.setdefault(key, set()).add(seg.index)
        for seg in rest_new:
            votes: dict[int, int] = {}
            for key in set(seg.content):
                holders = where.get(key)
                if holders and len(holders) <= _COMMON_LINE_SCENES:
                    for index in holders:
                        votes[index] = votes.get(index, 0) + 1
            ranked = sorted(votes.items(), key=lambda item: -item[1])[:3]
            best_index, best_score = None, 0.0
            for index, _count in ranked:
                if index in used:
                    continue
                score = _similarity(old[index], seg)
                if score >= 0.5 and score > best_score:
                    best_index, best_score = index, score
            if best_index is not None:
                pairs[seg.index] = best_index
                used.add(best_index)
    return pairs


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    out: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        out.add(pos)
        pos = prev[pos]
    return out


def compare_scripts(old: Script, new: Script) -> Comparison:
    """Compare two parsed drafts (see the module docstring)."""
    old_segs, new_segs = segments(old), segments(new)
    old_pre, new_pre = old_segs[0], new_segs[0]
    old_scenes, new_scenes = old_segs[1:], new_segs[1:]
    pairs = _pair_scenes(old_scenes, new_scenes)
    ordered = sorted(pairs.items())
    keep = _longest_increasing([o for _n, o in ordered])
    moved = {ordered[k][0] for k in range(len(ordered)) if k not in keep}

    changes: list[SceneChange] = []
    all_changed: set[int] = set()
    line_map: dict[int, int] = {}

    def diff_pair(new_seg: Segment, old_seg: Segment, change: SceneChange) -> None:
        changed, equal, added, removed = diff_keys(old_seg.keys, new_seg.keys)
        change.changed_lines = [new_seg.first_line + j for j in changed]
        change.lines_added, change.lines_removed = added, removed
        for j, i in equal:
            line_map[new_seg.first_line + j] = old_seg.first_line + i

    pre = SceneChange(SceneStatus.UNCHANGED, "", -1, -1)
    diff_pair(new_pre, old_pre, pre)
    if pre.changed_lines:
        pre.status = SceneStatus.CHANGED
    all_changed.update(pre.changed_lines)

    # Omitted scenes are listed after the scene that followed them in the old draft's order.
    omitted_after: dict[int | None, list[Segment]] = {}
    old_to_new = {o: n for n, o in pairs.items()}
    last_new: int | None = None
    for seg in old_scenes:
        if seg.index in old_to_new:
            last_new = old_to_new[seg.index]
        else:
            omitted_after.setdefault(last_new, []).append(seg)

    def add_omitted(after: int | None) -> None:
        for seg in omitted_after.get(after, []):
            changes.append(
                SceneChange(
                    SceneStatus.OMITTED,
                    seg.heading,
                    None,
                    seg.index,
                    old_number=seg.number,
                    old_line=seg.first_line,
                    lines_removed=len(seg.content),
                )
            )

    changes.append(pre)
    add_omitted(None)
    for seg in new_scenes:
        old_index = pairs.get(seg.index)
        if old_index is None:
            change = SceneChange(
                SceneStatus.ADDED,
                seg.heading,
                seg.index,
                None,
                new_number=seg.number,
                new_line=seg.first_line,
                changed_lines=[seg.first_line + j for j, key in enumerate(seg.keys) if key],
                lines_added=len(seg.content),
            )
        else:
            old_seg = old_scenes[old_index]
            change = SceneChange(
                SceneStatus.UNCHANGED,
                seg.heading,
                seg.index,
                old_index,
                new_number=seg.number,
                old_number=old_seg.number,
                new_line=seg.first_line,
                old_line=old_seg.first_line,
                moved=seg.index in moved,
            )
            diff_pair(seg, old_seg, change)
            if change.changed_lines:
                change.status = SceneStatus.CHANGED
            elif change.moved:
                change.status = SceneStatus.MOVED
                # A moved scene's heading carries the mark: the text is the same, its place is not.
                change.changed_lines = [seg.first_line]
                line_map.pop(seg.first_line, None)
        all_changed.update(change.changed_lines)
        changes.append(change)
        add_omitted(seg.index)
    return Comparison(changes, sorted(all_changed), line_map, len(old_scenes), len(new_scenes))


def compare_texts(old_text: str, new_text: str) -> Comparison:
    """Compare two drafts given as Fountain text (without a settings block)."""
    return compare_scripts(parse(old_text), parse(new_text))


def changed_pages(pagination: Pagination, lines: Iterable[int]) -> list[int]:
    """Body page numbers (1-based, as printed) that show at least one of ``lines``."""
    wanted = set(lines)
    out: list[int] = []
    for page in pagination.pages:
        if any(line.source_line in wanted for line in page.lines if line.kind.value not in _NOT_MARKED):
            out.append(page.number)
    return out


# Printed lines that never carry a revision mark (they belong to the page, not to the text).
_NOT_MARKED = frozenset({"page_number", "scene_number", "more"})
