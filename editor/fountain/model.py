"""The plain-data model every part of Screenwright shares: line types, elements, scenes, the script.

This module is the contract between the Fountain engine (which fills it), the Qt editor (which
highlights and navigates with it), the output formats (which paginate it) and the AI layer (which
builds prompts from it). It holds no parsing logic and imports nothing from Qt, so any consumer can
depend on it without pulling in the rest of the engine.

Conventions:
- Lines are 0-based indices into the LF-normalised text (``text.split("\\n")``); the CLI adds 1.
- ``start``/``end`` are character offsets into that same LF-normalised text (``end`` exclusive).
  They map 1:1 onto ``QTextDocument`` positions, whose block separator is also one character.
- ``Element.text`` is the canonical text: force markers (``. ! @ > ~ = #``), scene numbers, the
  dual-dialogue ``^`` and centred ``> <`` removed; multi-line elements joined with ``\\n``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class LineType(enum.IntEnum):
    """What one physical line is. Stored as ``QTextBlock.userState`` by the highlighter.

    The values are stable integers because they are persisted in Qt block state; never renumber,
    only append.
    """

    EMPTY = 0
    ACTION = 1
    SCENE_HEADING = 2
    CHARACTER = 3
    PARENTHETICAL = 4
    DIALOGUE = 5
    TRANSITION = 6
    CENTERED = 7
    LYRICS = 8
    PAGE_BREAK = 9
    SECTION = 10
    SYNOPSIS = 11
    NOTE = 12
    BONEYARD = 13
    TITLE_PAGE = 14
    DUAL_CHARACTER = 15
    DUAL_PARENTHETICAL = 16
    DUAL_DIALOGUE = 17

    @property
    def is_dialogue_block(self) -> bool:
        """True for the lines that make up a speech (cue, parenthetical, dialogue), dual or not."""
        return self in _DIALOGUE_BLOCK

    @property
    def is_dual(self) -> bool:
        return self in (LineType.DUAL_CHARACTER, LineType.DUAL_PARENTHETICAL, LineType.DUAL_DIALOGUE)


_DIALOGUE_BLOCK = frozenset(
    {
        LineType.CHARACTER,
        LineType.PARENTHETICAL,
        LineType.DIALOGUE,
        LineType.DUAL_CHARACTER,
        LineType.DUAL_PARENTHETICAL,
        LineType.DUAL_DIALOGUE,
    }
)


class ElementType(enum.StrEnum):
    """Element kinds; the values are exactly the vocabulary of the shared conformance corpus."""

    TITLE_PAGE = "title_page"
    SCENE_HEADING = "scene_heading"
    ACTION = "action"
    CHARACTER = "character"
    DIALOGUE = "dialogue"
    PARENTHETICAL = "parenthetical"
    TRANSITION = "transition"
    CENTERED = "centered"
    LYRICS = "lyrics"
    PAGE_BREAK = "page_break"
    SECTION = "section"
    SYNOPSIS = "synopsis"
    NOTE = "note"
    BONEYARD = "boneyard"


@dataclass(slots=True)
class Element:
    """One Fountain element with its exact place in the document."""

    type: ElementType
    text: str
    line: int
    end_line: int
    start: int
    end: int
    scene_number: str | None = None
    level: int | None = None
    dual: bool = False
    fields: dict[str, str] | None = None

    def to_json(self) -> dict[str, object]:
        """The `parse --json` shape: 1-based lines, optional keys only where they apply."""
        out: dict[str, object] = {
            "type": self.type.value,
            "text": self.text,
            "line": self.line + 1,
            "end_line": self.end_line + 1,
            "start": self.start,
            "end": self.end,
        }
        if self.scene_number is not None:
            out["scene_number"] = self.scene_number
        if self.level is not None:
            out["level"] = self.level
        if self.dual:
            out["dual"] = True
        if self.fields is not None:
            out["fields"] = dict(self.fields)
        return out


@dataclass(slots=True)
class Scene:
    """A scene: its heading element and everything up to the next heading."""

    index: int
    number: str
    heading: str
    line: int
    end_line: int
    start: int
    end: int
    int_ext: str = ""
    location: str = ""
    time_of_day: str = ""
    characters: list[str] = field(default_factory=list)
    synopsis: str | None = None
    first_element: int = 0
    end_element: int = 0


@dataclass(slots=True)
class Character:
    """One person, however their cues are decorated (extensions, CONT'D, ``^``, ``@``)."""

    name: str
    speeches: int = 0
    dialogue_lines: int = 0
    words: int = 0
    first_line: int = 0
    scenes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Stats:
    """Counts a writer (and the status bar) asks for."""

    element_counts: dict[str, int] = field(default_factory=dict)
    scenes: int = 0
    words: int = 0
    characters: int = 0
    dialogue_lines_per_character: dict[str, int] = field(default_factory=dict)
    speeches_per_character: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "element_counts": dict(self.element_counts),
            "scenes": self.scenes,
            "words": self.words,
            "characters": self.characters,
            "dialogue_lines_per_character": dict(self.dialogue_lines_per_character),
            "speeches_per_character": dict(self.speeches_per_character),
        }


@dataclass(slots=True)
class Script:
    """A parsed screenplay. Built by ``editor.fountain.parser.parse`` or the incremental parser."""

    text: str
    line_types: list[LineType]
    elements: list[Element]
    title_page: dict[str, str] = field(default_factory=dict)
    scenes: list[Scene] = field(default_factory=list)
    characters: dict[str, Character] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    times_of_day: list[str] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)

    def scene_at_line(self, line: int) -> Scene | None:
        """The scene containing ``line`` (None before the first heading). Binary search."""
        lo, hi = 0, len(self.scenes)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.scenes[mid].line <= line:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return None
        scene = self.scenes[lo - 1]
        return scene if line <= scene.end_line else None

    def element_at_line(self, line: int) -> Element | None:
        """The element covering ``line``, or None on a blank line between elements."""
        lo, hi = 0, len(self.elements)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.elements[mid].line <= line:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return None
        element = self.elements[lo - 1]
        return element if line <= element.end_line else None
