"""Build the ``Script`` model (scenes, characters, locations, stats) from elements.

One pass over the elements; no regex on the hot path except once per scene heading. Kept separate
from the line classifier so that the incremental parser can rebuild the model from its cached line
types without re-classifying anything.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from operator import attrgetter

from editor.fountain.kinds import (
    E_ACTION,
    E_CENTERED,
    E_CHARACTER,
    E_DIALOGUE,
    E_LYRICS,
    E_NOTE,
    E_PARENTHETICAL,
    E_SCENE_HEADING,
    E_SYNOPSIS,
    E_TITLE_PAGE,
    E_TRANSITION,
)
from editor.fountain.model import Character, Element, LineType, Scene, Script, Stats
from editor.fountain.names import normalize_character
from editor.fountain.rules import HEADING_PREFIX

_TYPE = attrgetter("type")
# Cue text -> person. Scripts repeat a few dozen cues thousands of times.
_normalize = functools.lru_cache(maxsize=4096)(normalize_character)

# "INT. HOUSE - DAY": the time of day is what follows the last dash separator.
_HEADING_NOTE = re.compile(r"\s*\[\[.*?(?:\]\]|$)")
# " - ", " -- ", dashes; and "--" or a dash without spaces ("EXT. FOOTHILLS--DAY"), which many
# scripts use. A lone hyphen without spaces is part of a name ("SEMI-DETACHED HOUSE").
_TIME_SEPARATOR = re.compile(r" -{1,2} | ?[–—] ?|--")
# Elements a reader sees on the page (words are counted in these).
_PRINTED = frozenset(
    (
        E_SCENE_HEADING,
        E_ACTION,
        E_CHARACTER,
        E_DIALOGUE,
        E_PARENTHETICAL,
        E_TRANSITION,
        E_CENTERED,
        E_LYRICS,
    )
)


def split_heading(heading: str) -> tuple[str, str, str]:
    """``(int_ext, location, time_of_day)`` of a heading text (no ``.``, no scene number).

    ``int_ext`` is canonical: INT, EXT, EST, INT/EXT or I/E; "" for a forced heading without one.
    Notes on the line (Beat's scene colour ``[[red]]``) are no part of the place or the time.
    """
    if "[[" in heading:
        heading = _HEADING_NOTE.sub("", heading).strip()
    m = HEADING_PREFIX.match(heading)
    if m is None:
        int_ext = ""
        rest = heading.strip()
    else:
        int_ext = m.group(0).upper().replace(".", "").strip()
        rest = heading[m.end() :].strip().lstrip(".").strip()
    rest = " ".join(rest.split())  # single spaces: keeps the separator search linear
    parts = _TIME_SEPARATOR.split(rest)
    if len(parts) > 1:
        location = " - ".join(parts[:-1]).strip()
        time_of_day = parts[-1].strip()
    else:
        location, time_of_day = rest, ""
    return int_ext, location.upper(), time_of_day.upper()


def build_script(text: str, line_types: list[LineType], elements: list[Element], n_lines: int) -> Script:
    """Assemble the model. ``n_lines`` is the number of lines of ``text`` (for the last scene's end)."""
    scenes: list[Scene] = []
    characters: dict[str, Character] = {}
    locations: dict[str, None] = {}
    times: dict[str, None] = {}
    title_page: dict[str, str] = {}
    words = 0
    scene: Scene | None = None
    present: dict[str, None] = {}
    speaker: Character | None = None
    scene_index = -1
    for index, element in enumerate(elements):
        etype = element.type
        if etype is E_DIALOGUE:
            spoken = len(element.text.split())
            words += spoken
            if speaker is not None:
                speaker.dialogue_lines += element.end_line - element.line + 1
                speaker.words += spoken
            continue
        if etype in _PRINTED:
            words += len(element.text.split())
        if etype is E_PARENTHETICAL or etype is E_NOTE:
            continue
        speaker = None
        if etype is E_CHARACTER:
            name = _normalize(element.text)
            if not name:
                continue
            person = characters.get(name)
            if person is None:
                person = characters[name] = Character(name, first_line=element.line)
            person.speeches += 1
            speaker = person
            if scene is not None:
                if name not in present:
                    present[name] = None
                if not person.scenes or person.scenes[-1] != scene_index:
                    person.scenes.append(scene_index)
        elif etype is E_SCENE_HEADING:
            if scene is not None:
                _close_scene(scene, present, elements, index)
            scene_index += 1
            int_ext, location, time_of_day = split_heading(element.text)
            scene = Scene(
                index=scene_index,
                number=element.scene_number or str(scene_index + 1),
                heading=element.text,
                line=element.line,
                end_line=element.end_line,
                start=element.start,
                end=element.end,
                int_ext=int_ext,
                location=location,
                time_of_day=time_of_day,
                first_element=index,
            )
            scenes.append(scene)
            present = {}
            if location:
                locations[location] = None
            if time_of_day:
                times[time_of_day] = None
        elif etype is E_SYNOPSIS:
            if scene is not None and scene.synopsis is None:
                scene.synopsis = element.text
        elif etype is E_TITLE_PAGE and element.fields:
            title_page.update(element.fields)
    if scene is not None:
        _close_scene(scene, present, elements, len(elements))
        scene.end_line = max(scene.end_line, n_lines - 1)
        scene.end = max(scene.end, len(text))
    stats = Stats(
        element_counts={kind.value: count for kind, count in Counter(map(_TYPE, elements)).items()},
        scenes=len(scenes),
        words=words,
        characters=len(characters),
        dialogue_lines_per_character={name: c.dialogue_lines for name, c in characters.items()},
        speeches_per_character={name: c.speeches for name, c in characters.items()},
    )
    return Script(
        text=text,
        line_types=line_types,
        elements=elements,
        title_page=title_page,
        scenes=scenes,
        characters=characters,
        locations=list(locations),
        times_of_day=list(times),
        stats=stats,
    )


def _close_scene(scene: Scene, present: dict[str, None], elements: list[Element], end_index: int) -> None:
    """A scene runs up to (not including) the next heading: its last element sets its end."""
    scene.characters = list(present)
    scene.end_element = end_index
    if end_index < len(elements):
        following = elements[end_index]
        scene.end_line = following.line - 1
        scene.end = max(scene.start, following.start - 1)
    elif end_index > scene.first_element:
        last = elements[end_index - 1]
        scene.end_line = last.end_line
        scene.end = last.end
