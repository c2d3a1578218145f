"""A deterministic, realistic synthetic screenplay for benchmarks and load tests.

Every benchmark that needs "a real 120-page script" uses this one generator so that numbers from
different areas (parsing, highlighting, pagination, export, AI context) describe the same document.
The mix follows what working scripts look like: a title page, three acts as sections, about one
scene per page with INT/EXT headings, recurring characters with V.O./O.S./CONT'D extensions,
parentheticals, occasional dual dialogue, transitions, synopses, notes, emphasis, centred text,
rare lyrics and page breaks. Line lengths are drawn so that the result paginates to roughly
``pages`` pages at 55 lines per page (action wrapped at 61 characters, dialogue at 36,
parentheticals at 26), and the source is about 50 lines per page.

Only ``random.Random(seed)`` is used, so the text is identical across runs, machines and Python
versions (``random.Random`` with an int seed is stable).
"""

from __future__ import annotations

import random
import textwrap

LINES_PER_PAGE = 55
ACTION_WIDTH = 61
DIALOGUE_WIDTH = 36
PAREN_WIDTH = 26

_CHARACTERS = [
    "MAYA",
    "DANIEL",
    "ROSA ALVAREZ",
    "OLD TOM",
    "DETECTIVE KIM",
    "JUNE",
    "FATHER O'BRIEN",
    "LUCAS",
    "DR. PATEL",
    "NINA",
    "MR. HOLLOWAY",
    "ZOE",
]
# Leads speak far more often than the supporting cast, as in real scripts.
_CHARACTER_WEIGHTS = [30, 26, 14, 9, 12, 8, 5, 7, 5, 6, 4, 3]

_LOCATIONS = [
    "MAYA'S APARTMENT - KITCHEN",
    "MAYA'S APARTMENT - BEDROOM",
    "POLICE STATION - BULLPEN",
    "POLICE STATION - INTERROGATION ROOM",
    "HARBOR DOCKS",
    "DINER",
    "ST. AUGUSTINE CHURCH",
    "HOSPITAL - CORRIDOR",
    "HOSPITAL - ROOM 312",
    "DANIEL'S CAR",
    "CITY BRIDGE",
    "HOLLOWAY MANSION - STUDY",
    "HOLLOWAY MANSION - GARDEN",
    "ROOFTOP",
    "SUBWAY PLATFORM",
    "ABANDONED WAREHOUSE",
    "LIBRARY - ARCHIVES",
    "MOTEL ROOM",
    "HIGHWAY",
    "BEACH",
]
_OUTDOOR = {"HARBOR DOCKS", "CITY BRIDGE", "HOLLOWAY MANSION - GARDEN", "ROOFTOP", "HIGHWAY", "BEACH"}
_TIMES = ["DAY", "NIGHT", "DAY", "NIGHT", "MORNING", "EVENING", "CONTINUOUS", "LATER", "DAWN", "DUSK"]

_SUBJECTS = [
    "Maya",
    "Daniel",
    "Rosa",
    "The detective",
    "Old Tom",
    "A gull",
    "The rain",
    "June",
    "A siren",
    "The kettle",
    "Lucas",
    "The radio",
    "A stranger in a grey coat",
    "Nina",
]
_VERBS = [
    "crosses to the window",
    "stares at the photograph",
    "pulls a folded letter from a pocket",
    "hesitates at the door",
    "sets down the cup without drinking",
    "scans the room",
    "flips through the file",
    "checks the time",
    "lights a cigarette and does not smoke it",
    "sinks into the chair",
    "rattles against the glass",
    "drifts past, unnoticed",
    "leans on the railing",
    "counts the money twice",
    "wipes the counter in slow circles",
    "listens",
    "turns the key, then stops",
]
_DETAILS = [
    "Somewhere below, a dog barks.",
    "The neon sign outside flickers.",
    "Nobody moves.",
    "A long beat.",
    "Headlights sweep across the ceiling.",
    "The clock on the wall has stopped at 3:17.",
    "Rain streaks the glass.",
    "Papers everywhere.",
    "The room smells of old coffee and rust.",
    "A train passes, shaking the floor.",
    "The phone rings. And rings.",
    "Silence.",
]
_DIALOGUE = [
    "You said you'd be here at nine.",
    "I know what I said.",
    "Then where were you?",
    "It doesn't matter now.",
    "It matters to me.",
    "Look, I didn't come here to fight.",
    "Nobody ever does.",
    "He knew. He always knew.",
    "Tell me about the night of the fire.",
    "There's nothing to tell.",
    "There's always something to tell.",
    "I kept the key. I don't know why.",
    "We should go. Now.",
    "Not until I see it for myself.",
    "Do you have any idea what they'll do if they find out?",
    "I stopped being afraid of them a long time ago.",
    "That's not courage, that's exhaustion.",
    "Maybe. Maybe that's all courage ever is.",
    "Where did you get this?",
    "A friend.",
    "You don't have friends.",
    "I have one. Had one.",
    "Sit down. Please.",
    "I'd rather stand.",
    "The harbor. Tomorrow. Come alone.",
    "And if I don't?",
    "Then you'll never know what happened to her.",
    "I'm sorry. I really am.",
    "Sorry doesn't bring anyone back.",
    "Nothing does.",
    "Hey. Look at me. We're going to be okay.",
    "You can't promise that.",
    "Watch me.",
]
_PARENTHETICALS = [
    "(quietly)",
    "(beat)",
    "(not looking up)",
    "(into phone)",
    "(smiling despite herself)",
    "(re: the letter)",
    "(under his breath)",
    "(a little too fast)",
    "(then)",
    "(softer)",
]
_TRANSITIONS = ["CUT TO:", "DISSOLVE TO:", "SMASH CUT TO:", "MATCH CUT TO:"]
_NOTES = [
    "[[check the timeline here]]",
    "[[Rosa's line needs work]]",
    "[[is this too on the nose?]]",
    "[[plant the key earlier]]",
]
_SYNOPSES = [
    "Maya learns the fire was no accident.",
    "Daniel hides what he found at the harbor.",
    "The detective closes in on the Holloway family.",
    "Old Tom tells the story he has never told.",
    "A quiet moment before everything breaks.",
]
_LYRICS = [
    "~Down by the water where the lanterns glow,",
    "~I left my heart in the undertow.",
]


class _Writer:
    """Accumulates source lines and an estimate of printed lines (what pagination will produce)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.printed = 0

    def blank(self) -> None:
        self.lines.append("")

    def element(self, source: list[str], width: int, blank_before: int = 1) -> None:
        """Append source lines of one element; estimate its wrapped height on the page."""
        if self.lines and self.lines[-1] != "":
            self.blank()
        self.lines.extend(source)
        self.printed += blank_before + sum(max(1, len(textwrap.wrap(s, width))) for s in source)

    def speech(self, cue: str, parts: list[tuple[str, str]]) -> None:
        """A dialogue block: cue, then ("paren"|"line"|"gap", text) parts, no blank lines inside."""
        if self.lines and self.lines[-1] != "":
            self.blank()
        self.lines.append(cue)
        self.printed += 2
        for kind, text in parts:
            self.lines.append(text)
            width = PAREN_WIDTH if kind == "paren" else DIALOGUE_WIDTH
            self.printed += max(1, len(textwrap.wrap(text, width)))


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)}."


def _action_paragraph(rng: random.Random, cast: list[str]) -> str:
    parts = [_sentence(rng)]
    for _ in range(rng.choice((0, 1, 1, 2, 2))):
        parts.append(_sentence(rng) if rng.random() < 0.6 else rng.choice(_DETAILS))
    if cast and rng.random() < 0.15:
        # First appearance convention: a character's name in capitals inside action.
        parts.insert(0, f"{rng.choice(cast)} enters, soaked.")
    # Some writers break an action paragraph into one beat per line; keep both styles.
    text = ("\n" if rng.random() < 0.5 else " ").join(parts)
    roll = rng.random()
    if roll < 0.05:
        text = text.replace(".", ". *Too late.*", 1)
    elif roll < 0.08:
        text += " **BANG!**"
    elif roll < 0.10:
        text += " She _never_ looks back."
    elif roll < 0.13:
        text += " " + rng.choice(_NOTES)
    return text


def _speech_parts(rng: random.Random) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    if rng.random() < 0.22:
        parts.append(("paren", rng.choice(_PARENTHETICALS)))
    for i in range(rng.choice((1, 1, 2, 2, 3, 4))):
        if i and rng.random() < 0.25:
            parts.append(("paren", rng.choice(_PARENTHETICALS)))
        line = rng.choice(_DIALOGUE)
        if rng.random() < 0.1:
            line = f"{line} {rng.choice(_DIALOGUE)}"
        if rng.random() < 0.04:
            line = line.replace(" ", " *", 1) + "*"
        parts.append(("line", line))
    return parts


def _cue(rng: random.Random, name: str, interrupted: str | None) -> str:
    roll = rng.random()
    if roll < 0.07:
        return f"{name} (V.O.)"
    if roll < 0.12:
        return f"{name} (O.S.)"
    if name == interrupted or roll < 0.14:
        return f"{name} (CONT'D)"
    return name


def _title_page(rng: random.Random) -> list[str]:
    return [
        "Title: **THE UNDERTOW**",
        "Credit: Written by",
        "Author: Alex Morgan",
        "Source: Based on a story by Sam Reyes",
        f"Draft date: {rng.randint(1, 28)} March 2026",
        "Contact:",
        "    Alex Morgan",
        "    12 Harbor Lane",
        "    alex@example.com",
        "",
    ]


def _heading(rng: random.Random, number: int) -> str:
    location = rng.choice(_LOCATIONS)
    roll = rng.random()
    if location in _OUTDOOR:
        prefix = "EXT." if roll < 0.9 else "EST."
    elif roll < 0.85:
        prefix = "INT."
    elif roll < 0.93:
        prefix = "INT./EXT."
    else:
        prefix = "I/E"
    heading = f"{prefix} {location} - {rng.choice(_TIMES)}"
    if rng.random() < 0.03:
        heading = f".{location} - LATER"  # forced heading without a prefix
    if rng.random() < 0.2:
        heading += f" #{number}#"
    return heading


def _scene(rng: random.Random, w: _Writer, number: int) -> None:
    w.element([_heading(rng, number)], ACTION_WIDTH, blank_before=2)
    if rng.random() < 0.12:
        w.element([f"= {rng.choice(_SYNOPSES)}"], ACTION_WIDTH, blank_before=0)
        w.printed -= 1  # synopses are not printed
    size = rng.choice((2, 2, 3, 3, 3, 4))
    cast = rng.sample(_CHARACTERS, k=size)
    cast.sort(key=lambda name: -_CHARACTER_WEIGHTS[_CHARACTERS.index(name)])
    w.element(_action_paragraph(rng, cast[:1]).split("\n"), ACTION_WIDTH)
    beats = rng.randint(6, 14)
    previous: str | None = None
    last_before_action: str | None = None  # a speaker interrupted by action gets (CONT'D)
    for _ in range(beats):
        roll = rng.random()
        if roll < 0.22:
            w.element(_action_paragraph(rng, cast).split("\n"), ACTION_WIDTH)
            last_before_action = previous
            previous = None
        elif roll < 0.25 and previous is not None:
            # Dual dialogue: the second cue carries the caret.
            first, second = rng.sample(cast, k=2)
            w.speech(first, [("line", rng.choice(_DIALOGUE))])
            w.speech(f"{second} ^", [("line", rng.choice(_DIALOGUE))])
            previous = None
        else:
            speaker = rng.choices(cast, weights=[len(cast) - i for i in range(len(cast))])[0]
            if speaker == previous and rng.random() < 0.9:
                speaker = rng.choice([c for c in cast if c != previous])
            parts = _speech_parts(rng)
            if rng.random() < 0.03 and len(parts) > 1:
                parts.insert(1, ("gap", "  "))  # two-space line keeps the speech together
            w.speech(_cue(rng, speaker, last_before_action), parts)
            previous = speaker
            last_before_action = None
    if rng.random() < 0.015:
        w.element(list(_LYRICS), ACTION_WIDTH)
    roll = rng.random()
    if roll < 0.25:
        w.element([rng.choice(_TRANSITIONS)], ACTION_WIDTH)
    elif roll < 0.28:
        w.element(["> FADE TO BLACK."], ACTION_WIDTH)


def generate_script(pages: int = 120, seed: int = 0) -> str:
    """Return a Fountain screenplay of about ``pages`` pages, identical for the same arguments.

    The source has LF line endings and ends with a newline, like a file saved by the editor.
    """
    rng = random.Random(seed)
    w = _Writer()
    w.lines.extend(_title_page(rng))
    w.lines.append("FADE IN:")
    # The estimate ignores keep-together rules and widows; calibrated against editor.fountain.pagination.
    target = int(pages * LINES_PER_PAGE * 1.01)
    acts = ["# ACT ONE", "# ACT TWO", "# ACT THREE"]
    act_starts = [0, int(target * 0.25), int(target * 0.75)]
    act = 0
    number = 0
    while w.printed < target:
        if act < len(acts) and w.printed >= act_starts[act]:
            w.element([acts[act]], ACTION_WIDTH, blank_before=0)
            w.printed -= 1  # sections are not printed
            if act == 1:
                w.element(["## The investigation"], ACTION_WIDTH, blank_before=0)
                w.printed -= 1
            act += 1
        number += 1
        _scene(rng, w, number)
        if rng.random() < 0.01:
            w.element(["==="], ACTION_WIDTH, blank_before=0)
            w.printed += LINES_PER_PAGE // 2  # a forced break wastes half a page on average
        if number == 40:
            cut = ["/* Cut scene, keep for reference:", "", "INT. DINER - NIGHT", "", "Empty.", "*/"]
            w.element(cut, ACTION_WIDTH, blank_before=0)
            w.printed -= 6
    w.element(["> THE END <"], ACTION_WIDTH)
    return "\n".join(w.lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a quick look at the output
    text = generate_script()
    print(text[:2000])
    print(f"... {text.count(chr(10))} lines, {len(text)} characters")
