"""Draft a scene from a short description (and optionally its characters), as valid Fountain.

The scene is built one validated element at a time (see :func:`draft_task`): structure from the
program, text from the model, each piece checked with the Fountain engine as it is added, the whole
checked again at the end. When the model cannot produce a usable scene the draft is refused with a
reason rather than shown broken.

Regenerate takes a writer's note ("shorter", "make her angrier"): it goes into the prompt as a
Fountain note, and "shorter"/"longer" also change the number of speeches.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.speaker import combine
from editor.ai.task import Generate, Generated, GenerationParams, Score, Task
from editor.ai.validate import (
    cut_repetition,
    first_sentence,
    fits_element,
    looks_like_prose,
    strip_fluff,
    trim_to_words,
)
from editor.fountain.model import ElementType
from editor.fountain.names import normalize_character
from editor.fountain.parser import parse

MAX_ATTEMPTS = 3
# GenerationParams for drafted lines. Lower than Dramatron's T=1.0: sampled at 1.0 (or 0.8) the default
# 135M model drifts into lists of names and URLs within a line; a larger model tolerates more.
DRAFT_TEMPERATURE = 0.6
DRAFT_TOP_P = 0.9
DRAFT_REPETITION_PENALTY = 1.15
BODY_TOKENS = 320


@dataclass(slots=True)
class Draft:
    """A drafted scene. ``ok`` False means refused: ``text`` is empty and ``message`` says why."""

    text: str
    ok: bool
    heading: str = ""
    speakers: list[str] = field(default_factory=list)
    attempts: int = 0
    message: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "text": self.text,
            "heading": self.heading,
            "characters": list(self.speakers),
            "attempts": self.attempts,
            "message": self.message,
            "problems": list(self.problems),
        }


def length_budget(note: str | None) -> int:
    """Tokens for the body; "shorter"/"longer" in a note scale it."""
    if not note:
        return BODY_TOKENS
    lowered = note.lower()
    if re.search(r"\b(short|shorter|brief|tighter|less)\b", lowered):
        return BODY_TOKENS // 2
    if re.search(r"\b(long|longer|more|expand)\b", lowered):
        return BODY_TOKENS * 3 // 2
    return BODY_TOKENS


def _speaker_allowed(name: str, wanted: list[str]) -> bool:
    """A drafted cue matches a listed character by full name or by one of its words (ROSS ~ DET. ROSS)."""
    if not wanted:
        return True
    words = set(name.split())
    return any(name == w or words & set(w.split()) for w in wanted)


def check_draft(text: str, characters: list[str]) -> tuple[list[str], str]:
    """(speakers, problem or ""): the engine must read a heading, action and a listed speaker."""
    script = parse(text)
    kinds = [e.type for e in script.elements]
    if not kinds or kinds[0] != ElementType.SCENE_HEADING:
        return [], "no scene heading"
    if kinds.count(ElementType.SCENE_HEADING) > 1:
        return [], "more than one scene"
    speakers: list[str] = []
    for element in script.elements:
        if element.type == ElementType.CHARACTER:
            name = normalize_character(element.text)
            if name not in speakers:
                speakers.append(name)
    if ElementType.ACTION not in kinds and ElementType.DIALOGUE not in kinds:
        return speakers, "no scene content"
    if ElementType.DIALOGUE not in kinds:
        return speakers, "nobody speaks"
    if characters:
        strangers = [s for s in speakers if not _speaker_allowed(s, characters)]
        if strangers:
            return speakers, "speakers not asked for: " + ", ".join(strangers)
        if not speakers:
            return speakers, "none of the characters speaks"
    return speakers, ""


_PLACE = re.compile(
    r"\b(?:in|at|on|inside|outside|outside of|into)\s+(?:the|a|an|his|her|their|my|our)\s+"
    r"((?:[A-Za-z'-]+\s+){0,2}[A-Za-z'-]+)",
    re.IGNORECASE,
)
_PLACE_STOP = frozenset(
    {"about", "with", "while", "who", "that", "and", "but", "for", "because", "after", "before"}
)
_NAME = re.compile(r"^[A-Z][A-Z .'-]{0,28}[A-Z.]$")


def place_from_description(description: str) -> str:
    """``... questions a waitress in a diner about ...`` -> ``DINER``; "" when none is named."""
    match = _PLACE.search(description)
    if not match:
        return ""
    words = []
    for word in match.group(1).split():
        if word.lower() in _PLACE_STOP:
            break
        words.append(word)
    return " ".join(words).upper()


_ROLES = frozenset(
    [
        "man",
        "woman",
        "boy",
        "girl",
        "kid",
        "child",
        "father",
        "mother",
        "dad",
        "mom",
        "son",
        "daughter",
        "brother",
        "sister",
        "husband",
        "wife",
        "friend",
        "stranger",
        "detective",
        "officer",
        "cop",
        "nurse",
        "doctor",
        "pilot",
        "copilot",
        "co-pilot",
        "waitress",
        "waiter",
        "bartender",
        "driver",
        "soldier",
        "captain",
        "teacher",
        "student",
        "boss",
        "clerk",
        "thief",
        "priest",
        "lawyer",
        "judge",
        "witness",
        "neighbour",
        "neighbor",
        "landlord",
        "tenant",
        "manager",
        "guard",
        "agent",
        "reporter",
        "chef",
    ]
)
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "my", "our", "its"})
_PREPOSITIONS = frozenset(
    {"in", "at", "to", "from", "into", "near", "outside", "inside", "on", "of", "across"}
)
_STARTERS = frozenset(
    {
        "in",
        "at",
        "on",
        "after",
        "before",
        "when",
        "while",
        "during",
        "inside",
        "outside",
        "later",
        "two",
        "three",
    }
)


def people_from_description(description: str, place: str = "") -> list[str]:
    """Who the description names: proper names first ("Mara meets Hale"), then roles ("a boy",
    "his father"). Cue-formatted, at most three. Used when the writer gives no characters, because
    a small model asked to invent names produces noise."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", description)
    place_words = set(place.split())
    people: list[str] = []
    for i, word in enumerate(words):
        before = words[i - 1].lower() if i else ""
        if not word[0].isupper() or len(word) < 3 or before in _PREPOSITIONS:
            continue
        if (
            i == 0
            and (
                word.lower() in _STARTERS | _DETERMINERS | _ROLES
                # "Rain falls..." vs "Mara meets Hale": a capitalised first word counts as a name
                # only when the description names someone else too, or names it again.
                or not (words.count(word) > 1 or any(w[0].isupper() for w in words[1:]))
            )
        ):
            continue
        name = word.upper()
        if name not in people and name not in place_words:
            people.append(name)
    for i, word in enumerate(words):
        if word.lower() not in _DETERMINERS:
            continue
        for role in (w.lower() for w in words[i + 1 : i + 3]):
            if role in _ROLES and role.upper() not in people:
                people.append(role.upper())
                break
    return people[:3]


def _turn_prior(names: list[str], turns: list[str]) -> dict[str, float]:
    """Drafted conversation: the last speaker rarely goes again, the one before tends to answer."""
    weights = dict.fromkeys(names, 1.0)
    if turns:
        weights[turns[-1]] = weights.get(turns[-1], 1.0) * 0.1
    if len(turns) >= 2 and turns[-2] != turns[-1]:
        weights[turns[-2]] = weights.get(turns[-2], 1.0) * 2.0
    total = sum(weights.values())
    return {n: w / total for n, w in weights.items()}


def turn_count(note: str | None) -> int:
    """Speeches to draft; "shorter"/"longer" in a note scale it."""
    return max(2, length_budget(note) * 6 // BODY_TOKENS)


DRAFT_TRIES = 2


def brief_problem(text: str, description: str, characters: list[str]) -> str:
    """Why a drafted scene does not keep the writer's brief ("" when it does): a requested
    character who never speaks, a heading that is not the place the brief names, or a speech
    with words that are not English (nor the brief's, nor the names')."""
    from editor.ai.words import plausible, plausible_speech, vocabulary

    script = parse(text)
    speakers = {normalize_character(e.text) for e in script.elements if e.type == ElementType.CHARACTER}
    for wanted in characters:
        if not any(_speaker_allowed(s, [wanted]) for s in speakers):
            return f"{wanted} does not speak"
    place = place_from_description(description)
    heading = next((e.text for e in script.elements if e.type == ElementType.SCENE_HEADING), "")
    if place and place not in heading.upper():
        return f"the heading is not the {place.lower()} of the brief"
    known = vocabulary(description, names=characters)
    for element in script.elements:
        if element.type == ElementType.DIALOGUE and not plausible_speech(
            element.text, known, characters, whole=True
        ):
            return "a speech has words that are not English"
        if element.type in (ElementType.ACTION, ElementType.SCENE_HEADING) and not plausible(
            element.text, known
        ):
            return f"the {element.type.value.replace('_', ' ')} has words that are not English"
    return ""


def draft_task(
    description: str,
    characters: list[str] | None = None,
    *,
    note: str | None = None,
    seed: int | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> Task:
    """Task: a :class:`Draft` that keeps the brief, or a refusal with the reason.

    Each try builds a scene (:func:`draft_once_task`); a scene that fails the checks or leaves the
    brief (:func:`brief_problem`) is tried again with another seed, then refused.
    """
    base_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    wanted = [normalize_character(c.strip().upper()) for c in (characters or []) if c.strip()]
    draft = Draft("", False)
    problems: list[str] = []
    attempts = 0
    for attempt in range(DRAFT_TRIES):
        draft = yield from draft_once_task(
            description, characters, note=note, seed=base_seed + 7919 * attempt, max_attempts=max_attempts
        )
        attempts += draft.attempts
        problems += draft.problems
        if draft.ok:
            problem = brief_problem(draft.text, description, wanted)
            if not problem:
                break
            problems.append(problem)
            draft = Draft("", False, message=f"the draft did not keep the brief ({problem})")
    draft.attempts, draft.problems = attempts, problems
    return draft


def draft_once_task(
    description: str,
    characters: list[str] | None = None,
    *,
    note: str | None = None,
    seed: int | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> Task:
    """Task: a :class:`Draft` scene for ``description``, built one validated element at a time.

    Why not one long generation: sampled freely, the default model writes lists of names, URLs and
    prose. Built like Dramatron builds scenes (structure from the program, text from the model),
    every element is checked as it is added: the heading from the description (``INT.``/``EXT.``
    and ``DAY``/``NIGHT`` scored), one action line, then speeches where the speaker is a scored
    choice among the characters (turn-taking included) and the line a sampled continuation in that
    character's voice. Without characters, the model names up to three speakers itself.
    """
    description = " ".join(description.split())
    if not description:
        return Draft("", False, message="describe the scene first")
    names = [normalize_character(c.strip().upper()) for c in (characters or []) if c.strip()]
    given = bool(names)
    if not names:
        names = people_from_description(description, place_from_description(description))
    base_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    prompt = prompts.draft_prompt(description, names, note)
    draft = Draft("", False)
    heading = yield from _draft_heading(prompt, description, draft)
    blocks: list[str] = []

    def scene_text() -> str:
        return heading + "\n\n" + "".join(b + "\n\n" for b in blocks)

    action = yield from _draft_action(prompt, scene_text, draft, base_seed, max_attempts)
    if action:
        blocks.append(action)
    speakers: list[str] = []
    invented: list[str] = []
    for turn in range(turn_count(note)):
        name = yield from _draft_speaker(prompt, scene_text, names, invented, speakers, turn, base_seed)
        if not name:
            draft.problems.append("no speaker")
            break
        earlier = [b.split("\n", 1)[-1] for b in blocks]
        line = yield from _draft_speech(
            prompt, scene_text, name, earlier, draft, base_seed, turn, max_attempts
        )
        if not line:
            break
        blocks.append(f"{name}\n{line}")
        speakers.append(name)

    text = scene_text().rstrip("\n") + "\n"
    found, problem = check_draft(text, names if given else [])
    if not problem and len(speakers) < 2:
        problem = "fewer than two speeches"
    if problem:
        draft.problems.append(problem)
        draft.message = "the model could not draft a valid scene (" + problem + ")"
        return draft
    draft.text, draft.ok, draft.heading, draft.speakers = text, True, heading, found
    return draft


def _draft_heading(prompt: str, description: str, draft: Draft) -> Task:
    """``INT.``/``EXT.`` and ``DAY``/``NIGHT`` scored, the place from the description (or the model)."""
    scores = yield Score(
        prompts.choice_prompt(prompt),
        ("\n\nINT.", "\n\nEXT."),
        purpose="draft interior or exterior",
        priority="REWRITE",
    )
    marker = "INT." if scores[0] >= scores[1] else "EXT."
    place = place_from_description(description)
    if not place:
        reply: Generated = yield Generate(
            prompt + marker + " ",
            GenerationParams(max_tokens=8, temperature=0.0, stop=("\n", " -")),
            purpose="draft location",
            priority="REWRITE",
        )
        place = re.sub(r"[^A-Z0-9' ]", "", reply.text.upper()).strip()
        if not 2 <= len(place) <= 30:
            place = "UNKNOWN PLACE"
            draft.problems.append("no location in the description")
    heading_start = f"{marker} {place} - "
    scores = yield Score(
        prompt + heading_start, ("DAY\n", "NIGHT\n"), purpose="draft time of day", priority="REWRITE"
    )
    return heading_start + ("DAY" if scores[0] >= scores[1] else "NIGHT")


def _draft_action(
    prompt: str, scene_text: Callable[[], str], draft: Draft, base_seed: int, max_attempts: int
) -> Task:
    """One sampled action line that reads as prose and fits the element ("" after ``max_attempts``)."""
    for attempt in range(max_attempts):
        draft.attempts += 1
        reply = yield Generate(
            prompts.ends_with_one_newline(prompt + scene_text()),
            GenerationParams(
                max_tokens=40,
                temperature=DRAFT_TEMPERATURE,
                top_p=DRAFT_TOP_P,
                repetition_penalty=DRAFT_REPETITION_PENALTY,
                seed=base_seed + attempt,
                stop=("\n\n",),
            ),
            purpose="draft action",
            priority="REWRITE",
        )
        action = _clean_line(reply.text)
        if re.match(r"^[A-Za-z]+:", action):
            action = ""  # "Lady: ..." is a transcript line, not action
        lines = scene_text().split("\n")
        if (
            action
            and looks_like_prose(action)
            and len(action.split()) >= 3
            and fits_element(lines, len(lines) - 1, action, ElementType.ACTION)
        ):
            return action
        draft.problems.append("no usable action line")
    return ""


def _draft_speaker(
    prompt: str,
    scene_text: Callable[[], str],
    names: list[str],
    invented: list[str],
    speakers: list[str],
    turn: int,
    base_seed: int,
) -> Task:
    """Who speaks next: the model invents up to three names when none were given; otherwise a scored
    choice among them with turn-taking (never the one who just spoke). "" when nobody fits."""
    pool = names or invented
    name = ""
    if not names and (len(invented) < 3 and (len(invented) < 2 or turn % 3 == 2)):
        reply = yield Generate(
            prompts.ends_with_one_newline(prompt + scene_text()),
            GenerationParams(max_tokens=6, temperature=0.7, top_p=0.95, seed=base_seed + 100 + turn),
            purpose="draft character",
            priority="REWRITE",
        )
        guess = normalize_character(reply.text.strip().split("\n", 1)[0].strip())
        if _NAME.match(guess) and guess not in invented and len(guess.split()) <= 3:
            invented.append(guess)
            name = guess
            pool = invented
    if not name and pool:
        if len(pool) > 1 and speakers:
            # A new cue for the same speaker would be one speech split in two.
            pool = [n for n in pool if n != speakers[-1]]
        if len(pool) == 1:
            name = pool[0]
        else:
            logprobs = yield Score(
                prompts.choice_prompt(prompt + scene_text()),
                prompts.speaker_candidates(pool),
                purpose="draft next speaker",
                priority="REWRITE",
            )
            ranking = combine(pool, _turn_prior(pool, speakers), list(logprobs))
            name = ranking.best or pool[0]
    return name


def _draft_speech(
    prompt: str,
    scene_text: Callable[[], str],
    name: str,
    earlier: list[str],
    draft: Draft,
    base_seed: int,
    turn: int,
    max_attempts: int,
) -> Task:
    """One sampled line in ``name``'s voice that is new, prose and valid dialogue ("" if none)."""
    for attempt in range(max_attempts):
        reply = yield Generate(
            prompt + scene_text() + name + "\n",
            GenerationParams(
                max_tokens=40,
                temperature=DRAFT_TEMPERATURE,
                top_p=DRAFT_TOP_P,
                repetition_penalty=DRAFT_REPETITION_PENALTY,
                seed=base_seed + 1000 + turn * 10 + attempt,
                stop=("\n",),
            ),
            purpose="draft speech",
            priority="REWRITE",
        )
        candidate = _clean_line(reply.text)
        if candidate.startswith("(") or '"' in candidate:
            # A speech line opening with "(" reads as a parenthetical; quotes mean narration.
            draft.problems.append("unusable speech")
            continue
        lines = (scene_text() + name).split("\n")
        if (
            candidate
            and looks_like_prose(candidate)
            and candidate not in earlier
            and fits_element([*lines, ""], len(lines), candidate, ElementType.DIALOGUE)
        ):
            return candidate
        draft.problems.append("unusable speech")
    return ""


def _clean_line(raw: str) -> str:
    """First line, loops cut, at most two sentences: drafted lines stay playable."""
    text = raw.strip().split("\n", 1)[0]
    text, _ = cut_repetition(text)
    text = strip_fluff(text)
    first = first_sentence(text)
    text = first_sentence(text, min_chars=len(first) + 1) if len(first) < 60 else first
    return trim_to_words(text, 160).strip()
