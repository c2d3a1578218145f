"""Scenes and sections as blocks of lines: the engine behind index cards, the outline and
``screenwright scenes``.

A scene is its heading line and every line after it up to the next heading or section line, blank
lines included, so the blocks of a script tile it exactly: the *preamble* (title page and anything
before the first heading or section), then section lines and scenes in order, then the *tail* (a
run of boneyard blocks at the very end, where Screenwright keeps its script dictionary and Beat its
settings; those never travel with the last scene). Moving a scene moves its lines, so every byte of
it is kept and moving it back gives the original file.

Colours follow Beat: a note on the heading line whose text is a colour name, ``INT. HOUSE - DAY
[[red]]`` (Beat writes the lower-case name after a space at the end of the line; it also reads
``[[COLOR RED]]`` and ``[[#ff0000]]``). Screenwright writes it the same way, before a scene number if
the heading has one, so both Beat and Fountain's own scene-number rule still read the line.

Page budgets (target pages per section, for the outline) are kept in a note on the section line,
``# Act One [[pages: 30]]``: Fountain apps hide notes, and a section line never prints.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from editor.fountain import inline
from editor.fountain.model import LineType, Script
from editor.fountain.pagination import Pagination

#: Beat's scene colours (its BeatColors table), lower-case, in its menu order first.
BEAT_COLORS: dict[str, str] = {
    "red": "#ef0049",
    "blue": "#0081ef",
    "green": "#00df79",
    "cyan": "#07bdeb",
    "orange": "#ffa10d",
    "pink": "#fa6fc1",
    "gray": "#808080",
    "magenta": "#ec008c",
    "purple": "#b520da",
    "yellow": "#fbc123",
    "teal": "#0ce0e3",
    "brown": "#a96a07",
    "grey": "#808080",
    "prince": "#b520da",
    "lightgray": "#dcdcdc",
    "darkgray": "#aaaaaa",
}
#: The colours offered in menus (Beat's colour picker order).
MENU_COLORS = ("red", "blue", "green", "cyan", "orange", "pink", "gray", "magenta", "purple", "yellow")

_NOTE = re.compile(r"\s*\[\[([^\[\]]*)\]\]")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_SCENE_NUMBER_AT_END = re.compile(r"\s*#[A-Za-z0-9][A-Za-z0-9.\-]*#\s*$")
_BUDGET = re.compile(r"\s*\[\[\s*pages\s*:\s*([0-9]+(?:\.[0-9]+)?)\s*\]\]", re.IGNORECASE)


class SceneMoveError(ValueError):
    """A scene move that cannot be done (a number out of range); the message says why."""


@dataclass(slots=True)
class SceneBlock:
    """One scene as a block of lines ``[line, end_line)`` (0-based, end exclusive)."""

    index: int
    number: str
    heading: str
    line: int
    end_line: int
    color: str | None = None
    synopsis: str | None = None
    synopsis_line: int | None = None
    sections: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The ``screenwright scenes --json`` shape: 1-based, inclusive line range."""
        out: dict[str, object] = {
            "number": self.number,
            "heading": self.heading,
            "line": self.line + 1,
            "end_line": self.end_line,
        }
        if self.color:
            out["color"] = self.color
        if self.synopsis is not None:
            out["synopsis"] = self.synopsis
        if self.sections:
            out["sections"] = list(self.sections)
        return out


@dataclass(slots=True)
class SectionBlock:
    """A ``#`` section line; ``end_line`` is where the next section of the same or a higher level starts."""

    title: str
    level: int
    line: int
    end_line: int
    budget: float | None = None
    scenes: list[int] = field(default_factory=list)  # indices of the scenes under it, at any depth


@dataclass(slots=True)
class Outline:
    """The block structure of a script (see the module docstring)."""

    line_count: int
    preamble_end: int
    tail_start: int
    scenes: list[SceneBlock]
    sections: list[SectionBlock]
    #: Line numbers where a scene may be dropped: scene and section starts and the tail.
    boundaries: list[int]


def scene_color(heading_line: str) -> str | None:
    """The Beat colour of a heading line (lower-case name or ``#rrggbb``), or None."""
    for m in _NOTE.finditer(heading_line):
        color = _color_of(m.group(1))
        if color is not None:
            return color
    return None


def _color_of(note: str) -> str | None:
    text = note.strip().lower()
    if text.startswith("color "):
        text = text[6:].strip()
    if text in BEAT_COLORS:
        return text
    if _HEX.fullmatch(text):
        return text
    return None


def color_hex(color: str | None) -> str | None:
    """The RGB of a colour name or hex, as Beat shows it."""
    if color is None:
        return None
    return BEAT_COLORS.get(color, color if _HEX.fullmatch(color) else None)


def with_color(heading_line: str, color: str | None) -> str:
    """``heading_line`` with its colour note replaced, added (``None``: removed), nothing else touched."""
    for m in _NOTE.finditer(heading_line):
        if _color_of(m.group(1)) is not None:
            heading_line = heading_line[: m.start()] + heading_line[m.end() :]
            break
    if color is None:
        return heading_line
    note = f"[[{color.lower()}]]"
    m = _SCENE_NUMBER_AT_END.search(heading_line)
    if m is not None:
        body = heading_line[: m.start()].rstrip()
        return f"{body} {note}{heading_line[m.start() :]}"
    body = heading_line.rstrip()
    return f"{body} {note}{heading_line[len(body) :]}" if body != heading_line else f"{body} {note}"


def section_budget(section_line: str) -> float | None:
    m = _BUDGET.search(section_line)
    return float(m.group(1)) if m else None


def with_budget(section_line: str, pages: float | None) -> str:
    """A section line with its ``[[pages: N]]`` note set (None: removed)."""
    line = _BUDGET.sub("", section_line)
    if pages is None:
        return line
    shown = f"{pages:g}"
    body = line.rstrip()
    return f"{body} [[pages: {shown}]]{line[len(body) :]}"


def _display(text: str) -> str:
    return " ".join(inline.plain_text(text).split())


def outline(script: Script) -> Outline:
    """The scene and section blocks of ``script`` (its ``text`` and ``line_types``)."""
    lines = script.text.split("\n")
    types = script.line_types
    n = len(lines)
    i = n
    while i > 0 and types[i - 1] in (LineType.EMPTY, LineType.BONEYARD):
        i -= 1
    while i < n and types[i] is not LineType.BONEYARD:
        i += 1
    tail = i if i < n else n
    starts: list[tuple[int, str]] = []  # (line, "scene" | "section")
    for number in range(tail):
        kind = types[number]
        if kind is LineType.SCENE_HEADING:
            starts.append((number, "scene"))
        elif kind is LineType.SECTION:
            starts.append((number, "section"))
    preamble_end = starts[0][0] if starts else tail
    scenes: list[SceneBlock] = []
    sections: list[SectionBlock] = []
    open_sections: list[SectionBlock] = []
    by_line = {s.line: s for s in script.scenes}
    for position, (line, kind) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else tail
        raw = lines[line]
        if kind == "section":
            stripped = raw.strip()
            level = len(stripped) - len(stripped.lstrip("#"))
            while open_sections and open_sections[-1].level >= level:
                open_sections.pop().end_line = line
            section = SectionBlock(
                _display(_BUDGET.sub("", stripped.lstrip("#"))), level, line, tail, section_budget(raw)
            )
            sections.append(section)
            open_sections.append(section)
            continue
        model = by_line.get(line)
        synopsis = synopsis_line = None
        for k in range(line + 1, end):
            if types[k] is LineType.SYNOPSIS:
                synopsis_line = k
                synopsis = lines[k].strip()[1:].strip()
                break
            if types[k] not in (LineType.EMPTY, LineType.NOTE):
                break
        heading = model.heading if model is not None else raw.strip()
        scene = SceneBlock(
            index=len(scenes),
            number=model.number if model is not None else str(len(scenes) + 1),
            heading=_display(heading),
            line=line,
            end_line=end,
            color=scene_color(raw),
            synopsis=synopsis,
            synopsis_line=synopsis_line,
            sections=[s.title for s in open_sections],
        )
        for section in open_sections:
            section.scenes.append(scene.index)
        scenes.append(scene)
    boundaries = sorted({line for line, _kind in starts} | {tail})
    return Outline(n, preamble_end, tail, scenes, sections, boundaries)


# -- moving ---------------------------------------------------------------------------------------------
def _split_blank_tail(block: list[str]) -> tuple[list[str], list[str]]:
    end = len(block)
    while end > 0 and not block[end - 1].strip():
        end -= 1
    return block[:end], block[end:]


def move_lines(lines: Sequence[str], start: int, end: int, dest: int) -> tuple[int, int, list[str]]:
    """Move ``lines[start:end]`` to just before ``lines[dest]``: ``(lo, hi, new)`` such that
    replacing ``lines[lo:hi]`` with ``new`` does it (the smallest region that changes).

    The two parts of the region trade places but the blank lines that ended each part stay where
    they were: a scene never loses the blank line its heading needs above it, a scene moved away
    from the end of the file (or from just before the boneyard tail) does not take the file's ending
    with it, and moving it back gives the original lines.
    """
    if start <= dest <= end:
        return start, start, []
    if dest < start:
        lo, hi = dest, end
        first, second = list(lines[dest:start]), list(lines[start:end])
    else:
        lo, hi = start, dest
        first, second = list(lines[start:end]), list(lines[end:dest])
    first_body, first_gap = _split_blank_tail(first)
    second_body, second_gap = _split_blank_tail(second)
    return lo, hi, second_body + first_gap + first_body + second_gap


def move_scene_lines(
    script: Script, k: int, *, before: int | None = None, after: int | None = None
) -> tuple[int, int, list[str]]:
    """The ``move_lines`` edit for moving scene ``k`` (1-based) before or after scene ``j``."""
    plan = outline(script)
    count = len(plan.scenes)

    def check(value: int, what: str) -> SceneBlock:
        if not 1 <= value <= count:
            raise SceneMoveError(f"{what} {value} does not exist (the script has {count} scenes)")
        return plan.scenes[value - 1]

    moving = check(k, "scene")
    if (before is None) == (after is None):
        raise SceneMoveError("say where: before scene J or after scene J")
    dest = check(before, "scene").line if before is not None else check(after, "scene").end_line  # type: ignore[arg-type]
    return move_lines(script.text.split("\n"), moving.line, moving.end_line, dest)


def move_scene(
    text: str, script: Script, k: int, *, before: int | None = None, after: int | None = None
) -> str:
    """``text`` with scene ``k`` moved before/after scene ``j`` (all 1-based); every line kept."""
    lo, hi, new = move_scene_lines(script, k, before=before, after=after)
    lines = text.split("\n")
    lines[lo:hi] = new
    return "\n".join(lines)


# -- page lengths ----------------------------------------------------------------------------------------
def scene_pages(plan: Outline, pagination: Pagination) -> list[tuple[int, float]]:
    """``(first page, length in pages)`` of each scene of ``plan`` as ``pagination`` prints it.

    The length runs from the scene's first printed row to the next scene's (page breaks and the
    empty rest of a page count, as production's eighths do).
    """
    per_page = pagination.geometry.lines_per_page
    sources: list[int] = []
    rows: list[int] = []
    for number, page in enumerate(pagination.pages):
        for printed in page.lines:
            if printed.source_line >= 0:
                sources.append(printed.source_line)
                rows.append(number * per_page + printed.row)
    total = len(pagination.pages) * per_page
    # Source lines print in order, except inside dual dialogue: keep the running maximum.
    for i in range(1, len(sources)):
        if sources[i] < sources[i - 1]:
            sources[i] = sources[i - 1]

    def row_at(line: int) -> int:
        index = bisect.bisect_left(sources, line)
        return rows[index] if index < len(rows) else total

    out: list[tuple[int, float]] = []
    for scene in plan.scenes:
        start = row_at(scene.line)
        end = max(start, row_at(scene.end_line))
        out.append((start // per_page + 1, (end - start) / per_page))
    return out


def eighths(pages: float) -> str:
    """A length the way production counts it: ``1 3/8``, ``4/8``, at least ``1/8``."""
    total = max(1, round(pages * 8))
    whole, rest = divmod(total, 8)
    if not rest:
        return str(whole)
    return f"{whole} {rest}/8" if whole else f"{rest}/8"
