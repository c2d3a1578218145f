"""The development set: short screenplays written for Screenwright, split into TUNE and EVAL.

Each script is original (written for this repository, Apache-2.0 like the code), 3 scenes, with
the things real scripts do that trip the AI features: characters introduced in capitals in the
action with an age and a description, CONT'D after action, voices on the phone (V.O., O.S.),
action written in short broken lines, three or more people in a scene. ``tune`` and ``eval``
hold different scripts in different genres; only ``tune`` is ever used to fit anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from editor.fountain.model import LineType
from editor.fountain.names import normalize_character
from editor.fountain.parser import parse

DEVSET_DIR = Path(__file__).resolve().parent.parent / "devset"
PARTS = ("tune", "eval")
_CUES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)


def scripts(part: str) -> list[tuple[str, str]]:
    """(file stem, text) for each script of ``part`` ("tune" or "eval"), sorted by name."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}: {', '.join(PARTS)}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((DEVSET_DIR / part).glob("*.fountain"))]


def is_true_cue(text: str) -> bool:
    """A cue by the book: all capitals outside its parenthetical extensions. The ground truth of
    the set does not depend on how forgiving the parser is with description lines."""
    outside = re.sub(r"\([^)]*\)", "", text.strip().lstrip("@"))
    return bool(outside.strip()) and outside == outside.upper() and "," not in outside


@dataclass(slots=True)
class SpeakerCase:
    """The script as it was when the writer reached an empty line where ``truth`` speaks next."""

    script_name: str
    text: str  # the script up to and including the empty cursor line
    line: int  # the cursor line (0-based)
    truth: str
    first_time: bool  # the speaker has not spoken before anywhere in the script


def speaker_cases(part: str) -> list[SpeakerCase]:
    """Every cue of ``part`` that follows at least one speech in its scene."""
    out: list[SpeakerCase] = []
    for name, text in scripts(part):
        script = parse(text)
        lines = text.split("\n")
        seen: set[str] = set()
        spoken_in_scene = 0
        for index, kind in enumerate(script.line_types):
            if kind == LineType.SCENE_HEADING:
                spoken_in_scene = 0
            if kind not in _CUES or not is_true_cue(lines[index]):
                continue
            truth = normalize_character(lines[index])
            if spoken_in_scene:
                cut = "\n".join(lines[:index]) + "\n"
                out.append(SpeakerCase(name, cut, index, truth, truth not in seen))
            seen.add(truth)
            spoken_in_scene += 1
    return out
