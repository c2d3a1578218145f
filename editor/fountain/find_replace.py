"""Find and replace with an element filter (rename a character in cues only, fix a word in dialogue).

The search runs over the parser's lines and line types (plain Python, no Qt) and returns matches as
(line, start, end) columns; the find bar (``editor.window.find_bar``) shows them and applies a
replacement to the document.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from editor.fountain.model import LineType


class ElementFilter(enum.Enum):
    ANY = ()
    CHARACTER = (LineType.CHARACTER, LineType.DUAL_CHARACTER)
    DIALOGUE = (LineType.DIALOGUE, LineType.DUAL_DIALOGUE)
    PARENTHETICAL = (LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL)
    ACTION = (LineType.ACTION,)
    SCENE_HEADING = (LineType.SCENE_HEADING,)
    TRANSITION = (LineType.TRANSITION,)
    NOTE = (LineType.NOTE,)

    def accepts(self, line_type: LineType) -> bool:
        return not self.value or line_type in self.value


@dataclass(frozen=True, slots=True)
class Match:
    line: int
    start: int
    end: int


def compile_pattern(
    needle: str, *, case_sensitive: bool = False, whole_word: bool = False
) -> re.Pattern[str]:
    body = re.escape(needle)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


def find_all(
    lines: Sequence[str],
    line_types: Sequence[LineType],
    needle: str,
    *,
    element: ElementFilter = ElementFilter.ANY,
    case_sensitive: bool = False,
    whole_word: bool = False,
) -> list[Match]:
    if not needle:
        return []
    pattern = compile_pattern(needle, case_sensitive=case_sensitive, whole_word=whole_word)
    folded = needle if case_sensitive else needle.casefold()
    out: list[Match] = []
    for number, text in enumerate(lines):
        if not element.accepts(line_types[number]):
            continue
        if (text if case_sensitive else text.casefold()).find(folded) < 0 and not whole_word:
            continue
        for m in pattern.finditer(text):
            out.append(Match(number, m.start(), m.end()))
    return out
