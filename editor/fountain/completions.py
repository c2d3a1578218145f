"""SmartType: completion of names, headings, locations, times and transitions without any model.

Pure Python over the parser's lines and types (no Qt), so it is instant and testable. The speaker
ranking follows the conversation: in an exchange where A has just answered B, B is the most likely
next speaker, then the scene's other speakers by recency, then A, then everyone else in the script
by how much they speak. Each person appears once, whatever extensions their cues carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from editor.fountain.model import LineType
from editor.fountain.names import normalize_character

#: How a scene heading starts while it is being typed (lower case too, before Enter fixes it).
HEADING_START = re.compile(r"^\s*(?:int\.?/ext|i/e|int|ext|est)[. ]", re.IGNORECASE)
_CUE_LIKE = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")


def looks_like_cue(text: str) -> bool:
    """An upper-case name line that will be a cue once dialogue follows (not a heading/transition)."""
    stripped = text.strip()
    if not stripped or HEADING_START.match(stripped) or stripped.endswith(("TO:", ":")):
        return False
    return bool(_CUE_LIKE.match(stripped.lstrip("@")))


HEADING_PREFIXES = ("INT. ", "EXT. ", "INT./EXT. ", "I/E ", "EST. ")
TIMES_OF_DAY = (
    "DAY",
    "NIGHT",
    "MORNING",
    "AFTERNOON",
    "EVENING",
    "DAWN",
    "DUSK",
    "CONTINUOUS",
    "LATER",
    "MOMENTS LATER",
    "SAME",
)
TRANSITIONS = (
    "CUT TO:",
    "SMASH CUT TO:",
    "MATCH CUT TO:",
    "JUMP CUT TO:",
    "DISSOLVE TO:",
    "FADE TO:",
    "FADE OUT.",
    "FADE TO BLACK.",
    "INTERCUT WITH:",
    "BACK TO:",
)
MAX_ITEMS = 8
LOOKBACK_LINES = 400  # about eight pages: the exchange in progress and the scene around it
_CUES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)
_TIME_SPLIT = re.compile(r"\s+[-–—]\s*")


@dataclass(frozen=True, slots=True)
class Completion:
    """Replace the line's text from column ``start`` to the cursor with ``text``."""

    text: str
    start: int
    kind: str  # character | heading | location | time | transition


def rank_speakers(
    lines: Sequence[str],
    line_types: Sequence[LineType],
    line: int,
    known: Iterable[str] = (),
) -> list[str]:
    """Normalised character names, most likely next speaker at ``line`` first."""
    scene: list[str] = []
    older: list[str] = []
    seen: set[str] = set()
    in_scene = True
    stop = max(-1, line - 1 - LOOKBACK_LINES)
    for i in range(min(line, len(lines)) - 1, stop, -1):
        kind = line_types[i]
        if kind in _CUES:
            name = normalize_character(lines[i])
            if name and name not in seen:
                seen.add(name)
                (scene if in_scene else older).append(name)
        elif kind is LineType.SCENE_HEADING:
            in_scene = False
    ordered = scene[1:] + scene[:1] if len(scene) >= 2 else scene
    ordered += older
    ordered += [name for name in known if name and name not in seen]
    return list(dict.fromkeys(ordered))


def _prefix_matches(candidates: Iterable[str], typed: str, *, limit: int = MAX_ITEMS) -> list[str]:
    typed_upper = typed.upper()
    out: list[str] = []
    for candidate in candidates:
        if candidate.upper().startswith(typed_upper) and candidate.upper() != typed_upper:
            out.append(candidate)
            if len(out) >= limit:
                break
    return out


def complete(
    lines: Sequence[str],
    line_types: Sequence[LineType],
    line: int,
    column: int,
    *,
    intent: LineType | None = None,
    characters: Iterable[str] = (),
    locations: Iterable[str] = (),
    times: Iterable[str] = (),
) -> list[Completion]:
    """Completions for the cursor at (``line``, ``column``); empty when nothing fits.

    ``characters`` are the script's names by importance, ``locations``/``times`` the script's own
    (from the last snapshot); standard times of day and transitions are always offered.
    """
    text = lines[line]
    if text[column:].strip():
        return []
    before = text[:column]
    prev_blank = line == 0 or not lines[line - 1].strip()
    heading = HEADING_START.match(before)
    if heading and (prev_blank or intent is LineType.SCENE_HEADING):
        rest_start = heading.end()
        rest = before[rest_start:]
        parts = _TIME_SPLIT.split(rest)
        if len(parts) >= 2:
            partial = parts[-1]
            start = column - len(partial)
            pool = list(dict.fromkeys([t.upper() for t in times] + list(TIMES_OF_DAY)))
            return [Completion(t, start, "time") for t in _prefix_matches(pool, partial)]
        partial = rest.lstrip()
        start = column - len(partial)
        pool = list(dict.fromkeys(loc.upper() for loc in locations if loc))
        if not partial:
            return [Completion(loc, start, "location") for loc in pool[:MAX_ITEMS]]
        return [Completion(loc, start, "location") for loc in _prefix_matches(pool, partial)]
    typed = before.lstrip()
    lead = len(before) - len(typed)
    if intent is LineType.TRANSITION:
        if not typed:  # as on an empty cue line: Tab on an empty line keeps cycling the element
            return []
        return [Completion(t, lead, "transition") for t in _prefix_matches(TRANSITIONS, typed)]
    cue_context = intent is LineType.CHARACTER or (
        prev_blank and typed and looks_like_cue(typed) and intent in (None, LineType.CHARACTER)
    )
    out: list[Completion] = []
    if cue_context and typed:
        ranked = rank_speakers(lines, line_types, line, characters)
        out = [Completion(n, lead, "character") for n in _prefix_matches(ranked, typed)]
        if intent is None and not typed.startswith("@"):  # an explicit cue (Tab) wants names only
            out += [Completion(t, lead, "transition") for t in _prefix_matches(TRANSITIONS, typed, limit=3)]
    if prev_blank and intent is None and len(typed) >= 2 and not out:
        out = [Completion(p, lead, "heading") for p in _prefix_matches(HEADING_PREFIXES, typed)]
    return out[:MAX_ITEMS]
