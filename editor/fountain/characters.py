"""The cast: who speaks, how much, where they first appear and how the script introduces them; and
renaming or merging a character everywhere. Pure Python, for the Characters dock and tests.

A character's *description* is the action sentence that introduces them: the first action line
(before or in the scene of their first speech) that names them, preferring the all-capitals
introduction screenplays use ("MAYA CHEN (30s), a night nurse who never sits down").

A rename changes every cue of the person (extensions, ``@``, ``^`` and indentation kept) and, if
asked, every whole-word mention in action, dialogue and parentheticals, matching the capitalisation
of each mention (``MAYA`` -> ``NINA``, ``Maya's`` -> ``Nina's``). It returns line edits; the editor
applies them as one undo step. A merge is a rename of one spelling's cues into the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.fountain.model import LineType, Script
from editor.fountain.names import normalize_character

_CUE_TYPES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)
_PROSE_TYPES = (
    LineType.ACTION,
    LineType.DIALOGUE,
    LineType.DUAL_DIALOGUE,
    LineType.PARENTHETICAL,
    LineType.DUAL_PARENTHETICAL,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


@dataclass(slots=True)
class CastMember:
    """One speaking character, for the Characters dock."""

    name: str
    speeches: int
    words: int
    scenes: int
    first_line: int
    first_scene: str | None
    description: str

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "speeches": self.speeches,
            "words": self.words,
            "scenes": self.scenes,
            "first_line": self.first_line + 1,
            "first_scene": self.first_scene,
            "description": self.description,
        }


def _mention(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’])" + re.escape(name) + r"(?![\w])", re.IGNORECASE)


def cast(script: Script) -> list[CastMember]:
    """Every speaking character, most speeches first (ties: first appearance)."""
    lines = script.text.split("\n")
    types = script.line_types
    action_lines = [i for i, kind in enumerate(types) if kind is LineType.ACTION]
    out: list[CastMember] = []
    for name, person in script.characters.items():
        scene = script.scene_at_line(person.first_line)
        limit = scene.end_line if scene is not None else person.first_line
        out.append(
            CastMember(
                name=name,
                speeches=person.speeches,
                words=person.words,
                scenes=len(person.scenes),
                first_line=person.first_line,
                first_scene=scene.number if scene is not None else None,
                description=_description(name, lines, action_lines, limit),
            )
        )
    out.sort(key=lambda m: (-m.speeches, m.first_line))
    return out


def _description(name: str, lines: list[str], action_lines: list[int], limit: int) -> str:
    pattern = _mention(name)
    first: str | None = None
    for number in action_lines:
        if number > limit and first is not None:
            break
        text = lines[number]
        for m in pattern.finditer(text):
            sentence = _sentence_around(text, m.start())
            if text[m.start() : m.end()].isupper():
                return sentence  # the capitalised introduction
            if first is None:
                first = sentence
        if number > limit:
            break
    return first or ""


_ABBREVIATIONS = frozenset(
    ("dr.", "mr.", "mrs.", "ms.", "st.", "jr.", "sr.", "prof.", "det.", "sgt.", "lt.", "capt.")
)


def _sentence_around(text: str, at: int) -> str:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[: m.start()].split()
        if before and before[-1].lower() in _ABBREVIATIONS:
            continue  # "Dr. Patel" does not end a sentence
        if m.end() <= at:
            start = m.end()
        else:
            return text[start : m.start()].strip()
    return text[start:].strip()


def _cased_like(original: str, new: str) -> str:
    if original.isupper():
        return new.upper()
    if original[:1].isupper():
        return " ".join(w[:1].upper() + w[1:].lower() for w in new.split(" "))
    return new.lower()


def rename_edits(script: Script, old: str, new: str, *, in_prose: bool = False) -> list[tuple[int, str]]:
    """``(line, new text)`` for every line a rename of ``old`` to ``new`` changes, in order."""
    old_key = normalize_character(old)
    new = " ".join(new.split())
    if not old_key or not new:
        return []
    lines = script.text.split("\n")
    types = script.line_types
    cue_pattern = _mention(old_key)
    prose_pattern = _mention(old_key)
    edits: list[tuple[int, str]] = []
    for number, kind in enumerate(types):
        text = lines[number]
        if kind in _CUE_TYPES:
            if normalize_character(text) != old_key:
                continue
            m = cue_pattern.search(text)
            if m is None:
                continue
            replacement = new if not text[m.start() : m.end()].isupper() else new.upper()
            changed = text[: m.start()] + replacement + text[m.end() :]
        elif in_prose and kind in _PROSE_TYPES and prose_pattern.search(text):
            changed = prose_pattern.sub(lambda m: _cased_like(m.group(0), new), text)
        else:
            continue
        if changed != text:
            edits.append((number, changed))
    return edits


def apply_edits(text: str, edits: list[tuple[int, str]]) -> str:
    lines = text.split("\n")
    for number, changed in edits:
        lines[number] = changed
    return "\n".join(lines)
