"""``[[notes]]`` as the writer's comments: where each one is, what it says, which scene it is in.

Notes may sit inside a line (``He waits. [[too long?]]``) or span lines; a note inside the boneyard
is not a note (the boneyard is ignored completely). Two kinds of note are markup rather than
comments and are left out: Beat's scene colour on a heading (``[[red]]``) and a section's page budget
(``[[pages: 30]]``), see ``editor.fountain.scenes``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from editor.fountain.elements import line_starts
from editor.fountain.inline import _delimited
from editor.fountain.model import LineType, Script
from editor.fountain.scenes import _BUDGET, _color_of


@dataclass(frozen=True, slots=True)
class Note:
    """A comment: 0-based ``line``/``column`` of its ``[[`` and ``end_line``/``end_column`` after ``]]``."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    scene: str | None  # the scene number it is in, None before the first scene

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line + 1,
            "column": self.column + 1,
            "text": self.text,
            "scene": self.scene,
        }


def extract_notes(script: Script) -> list[Note]:
    """Every comment note of ``script``, in order."""
    text = script.text
    if "[[" not in text:
        return []
    boneyard = _delimited(text, "/*", "*/") if "/*" in text else []
    starts = line_starts(text.split("\n"))
    types = script.line_types
    out: list[Note] = []
    for start, end in _delimited(text, "[[", "]]"):
        if any(a <= start < b for a, b in boneyard):
            continue
        body = text[start + 2 : end - 2]
        line = bisect.bisect_right(starts, start) - 1
        end_line = bisect.bisect_right(starts, end - 1) - 1
        kind = types[line] if line < len(types) else LineType.EMPTY
        if kind is LineType.SCENE_HEADING and _color_of(body) is not None:
            continue
        if kind is LineType.SECTION and _BUDGET.fullmatch(text[start:end]):
            continue
        scene = script.scene_at_line(line)
        out.append(
            Note(
                line=line,
                column=start - starts[line],
                end_line=end_line,
                end_column=end - starts[end_line],
                text=" ".join(body.split()),
                scene=scene.number if scene is not None else None,
            )
        )
    return out


def with_note(line_text: str, column: int, note: str) -> str:
    """``line_text`` with ``[[note]]`` inserted at ``column`` (a space before it if it follows a word)."""
    note = " ".join(note.replace("]]", "] ]").split())
    before, after = line_text[:column], line_text[column:]
    space = " " if before and not before.endswith((" ", "\t")) else ""
    return f"{before}{space}[[{note}]]{after}"
