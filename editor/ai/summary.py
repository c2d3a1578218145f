"""One-line scene synopses: extracted from the scene, compressed by the model where it checks out.

Why extract-then-compress: measured with the default 135M model and a naive prompt, the summary invented a
character and named almost nobody; primed with the most talkative character, it made a voice on the phone
the one who drives (docs/ARCHITECTURE.md, "Prompts for a small model"). So the summary is first built from
the parse (who, where, the action sentence that carries the scene's turn, with action broken across short
lines rejoined), and the model is only asked to compress those extracted facts into one sentence, with no
subject forced on it. Its sentence is used only if it names the scene's main people and nobody else, says
something the scene says, and ends as a sentence; otherwise the extract is shown. ``SceneSummary.source``
says which one the writer is looking at.

Summaries are cached by the scene's text (:func:`scene_key`), so only changed scenes are redone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.context import SceneFacts, mentions, name_variants, scene_facts, script_lines
from editor.ai.task import Generate, Generated, GenerationParams, Task
from editor.ai.validate import (
    content_words,
    cut_repetition,
    first_sentence,
    has_repetition,
    strip_fluff,
    trim_to_words,
)
from editor.fountain.elements import printed_line
from editor.fountain.model import ElementType, LineType, Scene, Script
from editor.fountain.names import normalize_character

MAX_SCENE_CHARS = 1400
MIN_WORDS, MAX_WORDS = 4, 40
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'’-]+\b")
# Names from the prompt's worked example: a summary that copies them invented them.
_EXAMPLE_NAMES = frozenset({"oswin", "prudence"})
# Capitalised words that are not names; a summary may use them freely.
_COMMON = frozenset(
    [
        "I",
        "A",
        "An",
        "The",
        "He",
        "She",
        "They",
        "It",
        "We",
        "You",
        "His",
        "Her",
        "Their",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Then",
        "When",
        "While",
        "After",
        "Before",
        "As",
        "At",
        "In",
        "On",
        "Of",
        "Into",
        "Onto",
        "From",
        "To",
        "With",
        "Without",
        "For",
        "And",
        "But",
        "Or",
        "So",
        "Yet",
        "Later",
        "Meanwhile",
        "Inside",
        "Outside",
        "Back",
        "Now",
        "Still",
        "Alone",
        "Together",
        "Once",
        "Finally",
        "Suddenly",
        "Night",
        "Day",
        "Morning",
        "Evening",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Detective",
        "Officer",
        "Agent",
        "Captain",
        "Sergeant",
        "Professor",
        "Sir",
        "Madam",
        "Mom",
        "Dad",
        "Mother",
        "Father",
        "God",
        "Christmas",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "INT",
        "EXT",
        "OK",
        "Okay",
    ]
)


@dataclass(slots=True)
class SceneSummary:
    """A synopsis for one scene. ``source`` is "model" or "extractive"; ``rejected`` says why a
    model answer was not used (empty when it was, or when no model was asked)."""

    scene_index: int
    heading: str
    text: str
    source: str
    key: str
    named: list[str] = field(default_factory=list)
    rejected: str = ""

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "scene": self.scene_index + 1,
            "heading": self.heading,
            "text": self.text,
            "source": self.source,
            "characters": list(self.named),
        }
        if self.rejected:
            out["rejected"] = self.rejected
        return out


#: Raise it whenever the summaries this module writes change for the same scene: summaries an
#: older release cached are then written anew instead of shown forever (caches from before the
#: version existed quote markup such as "!LOUD NOISES" that summaries now leave out).
SUMMARY_VERSION = 1


def key_for_scene_text(text: str) -> str:
    """Cache key of a scene's text, heading to last line, stripped (and of this summarizer)."""
    return hashlib.sha256(f"{SUMMARY_VERSION}\n{text}".encode()).hexdigest()[:16]


def scene_key(script: Script, scene: Scene) -> str:
    """Cache key: the scene's text (heading to last line), so an edit elsewhere keeps the summary."""
    return key_for_scene_text("\n".join(script_lines(script)[scene.line : scene.end_line + 1]).strip())


def display_name(name: str) -> str:
    """``DETECTIVE ROSS`` -> ``Detective Ross``, ``O'BRIEN`` -> ``O'Brien``: how prose writes a cue
    name."""
    return " ".join(_capitalized(part) if part.isupper() else part for part in name.split())


def display_place(place: str) -> str:
    """``FBI HEADQUARTERS`` -> ``FBI Headquarters``: a heading's place as prose writes it; acronyms
    keep their capitals ("Fbi Headquarters" read like a typo), whether the word lists know them or
    they cannot be said as a word (``NYPD PRECINCT 14`` -> "NYPD Precinct 14", not "Nypd").
    Names are not looked up this way: a character called BO is "Bo", not an acronym."""
    return " ".join(
        "-".join(_place_word(piece) for piece in part.split("-")) if part.isupper() else part
        for part in place.split()
    )


def _place_word(piece: str) -> str:
    from editor.ai.words import acronyms, english_words, speakable

    if piece in acronyms() or _ROMAN.fullmatch(piece):
        return piece
    # Not is_known(): its inflection rules read LAPD as "lap" + "d".
    if piece.isalpha() and piece.lower() not in english_words() and not speakable(piece):
        return piece
    return _capitalized(piece)


# Two or more letters (a lone I or V is a word or a letter): III, IV, XII.
_ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(IX|IV|V?I{0,3})")


def _capitalized(word: str) -> str:
    if re.fullmatch(r"[A-Z]'[A-Z]{2,}", word):  # O'BRIEN, D'ARCY (but BOB'S stays Bob's)
        return word[:2] + word[2:].capitalize()
    if re.fullmatch(r"MC[A-Z]{3,}(?:'S)?", word):  # MCALLISTER, MCCOY'S: no English word starts "mc"
        return "Mc" + word[2:].capitalize()
    lead = len(word) - len(word.lstrip("\"'(“‘["))
    if lead:  # "ASCENT -> "Ascent, not "ascent (str.capitalize() would lower the letter)
        return word[:lead] + _capitalized(word[lead:])
    return word.capitalize()


def main_characters(facts: SceneFacts, limit: int = 2) -> list[str]:
    """The scene's main characters: most speeches first, then people only named in action. Two
    cues for one person (``CYBER BOB`` and ``BOB``) count as one, under the name used most."""
    from editor.ai.speaker import same_person

    counts: dict[str, int] = {}
    for name in facts.speakers:
        merged = next((other for other in counts if same_person(other, name)), None)
        if merged is None:
            counts[name] = facts.speech_counts.get(name, 0)
            continue
        total = counts.pop(merged) + facts.speech_counts.get(name, 0)
        keep = name if facts.speech_counts.get(name, 0) > facts.speech_counts.get(merged, 0) else merged
        counts[keep] = total
    ordered = sorted(counts, key=lambda n: (-counts[n], facts.speakers.index(n)))
    if not ordered:
        ordered = list(facts.present)
    return ordered[:limit]


def transcript(script: Script, scene: Scene, limit: int = MAX_SCENE_CHARS) -> str:
    """The scene as compact prose: action lines, ``NAME: speech`` lines; parentheticals dropped."""
    lines = script_lines(script)
    out: list[str] = []
    speaker = ""
    speech: list[str] = []

    def flush() -> None:
        if speaker and speech:
            out.append(f"{speaker}: {' '.join(speech)}")
        speech.clear()

    for index in range(scene.line + 1, scene.end_line + 1):
        kind = script.line_types[index]
        text = printed_line(lines[index], kind)  # the words, not "!", "@" or "**"
        if kind in (LineType.CHARACTER, LineType.DUAL_CHARACTER):
            flush()
            speaker = normalize_character(text)
        elif kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE):
            speech.append(text)
        elif kind == LineType.ACTION:
            flush()
            speaker = ""
            if text:
                out.append(text)
        elif kind == LineType.EMPTY:
            flush()
    flush()
    joined = "\n".join(out)
    if len(joined) <= limit:
        return joined
    head = joined[: int(limit * 0.7)].rsplit("\n", 1)[0]
    tail = joined[-int(limit * 0.3) :].split("\n", 1)[-1]
    return head + "\n...\n" + tail


_PRONOUN_START = re.compile(r"^(He|She|They|It|His|Her|Their|Its|This|That|There|Then|But|And|Yet|So|Or)\b")
_HE_SHE = re.compile(r"^(He|She)\b(?!')")
_AGE = re.compile(r"\s*\((?:\d+s?|[a-z]+ ?\d*s?|late \d+s|early \d+s|mid-\d+s)\)", re.IGNORECASE)
# "NOB, 42, white, male," introduces someone as surely as "NOB (42)" does.
_AGE_AFTER_COMMA = re.compile(r"\b[A-Z][A-Z'.-]+,\s*\d{1,2}s?,")
_DANGLING = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "to", "with", "for", "from", "by", "his", "her",
     "their", "my", "your", "our", "its", "than"}
)  # fmt: skip
MAX_TURN_WORDS = 30


def action_paragraphs(script: Script, scene: Scene) -> list[str]:
    """The scene's action paragraphs, each rejoined into one line: writers break action into short
    lines ("MR. LUTZ (80s) lies propped on pillows," / "breathing hard."), and a sentence read one
    line at a time stops mid-phrase."""
    lines = script_lines(script)
    out: list[str] = []
    current: list[str] = []
    for index in range(scene.line + 1, scene.end_line + 1):
        if script.line_types[index] == LineType.ACTION and lines[index].strip():
            words = printed_line(lines[index], LineType.ACTION)
            if words:  # a line that is only a [[note]] prints nothing and is not quoted
                current.append(words)
            continue
        if current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def sentences(paragraph: str) -> list[str]:
    """Sentences of an action paragraph (a period after Mr/Dr/Mrs/St does not end one)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph.strip())
    out: list[str] = []
    for part in parts:
        # No break inside a quotation (a sign that reads "GURU 12 MI. FOOTHILLS 4 MI.").
        open_quote = out and (out[-1].count('"') % 2 == 1 or out[-1].count("“") > out[-1].count("”"))
        if out and (open_quote or re.search(r"\b(Mr|Mrs|Ms|Dr|St|Jr|Sr)\.$", out[-1])):
            out[-1] += " " + part
        else:
            out.append(part)
    return [p for p in out if p]


def is_truncated(text: str) -> bool:
    """Whether a summary stops mid-phrase: no sentence end, a dangling last word ("with the."),
    a comma right before the end, or an unclosed parenthesis or quote."""
    body = text.strip()
    if not body or not re.search(r"[.!?][\"”')]?$", body):
        return True
    words = re.findall(r"[A-Za-z']+", body)
    if not words or words[-1].lower() in _DANGLING:
        return True
    if re.search(r",\s*[.!?][\"”')]?$", body):
        return True
    return body.count("(") != body.count(")") or body.count('"') % 2 == 1


def _only_person(facts: SceneFacts) -> str:
    """The scene's one person (speakers and people named in the action), or "" when there are more."""
    from editor.ai.speaker import same_person

    people: list[str] = []
    for name in facts.present:
        if not any(same_person(name, other) for other in people):
            people.append(name)
    return people[0] if len(people) == 1 else ""


def turn_sentence(script: Script, scene: Scene, facts: SceneFacts) -> str:
    """The action sentence that best carries the scene's turn: it names the scene's people, comes
    late in the scene, is a whole sentence of readable length, and does not open on a pronoun
    (read alone, "She does." says nothing). Introductions ("Rita (50s), head nurse, ...") set the
    scene up rather than turn it."""
    candidates = [s for p in action_paragraphs(script, scene) for s in sentences(p)]
    alone = _only_person(facts)
    resolved: set[str] = set()
    if alone:
        # With one person in the scene, "He breaks out into a robot dance." is about them.
        for index, sentence in enumerate(candidates):
            named = _HE_SHE.sub(display_name(alone), sentence, count=1)
            if named != sentence:
                candidates[index] = named
                resolved.add(named)
    best, best_score = "", float("-inf")
    for position, sentence in enumerate(candidates):
        words = sentence.split()
        if len(words) < 3 or not sentence.rstrip().endswith((".", "!", "?")):
            continue
        names = sum(1 for name in facts.present if mentions(sentence, name))
        score = 2.0 * min(names, 2) + 1.5 * position / max(1, len(candidates) - 1)
        score -= 2.0 if _PRONOUN_START.match(sentence) else 0.0
        score -= 1.5 if _AGE.search(sentence) or _AGE_AFTER_COMMA.search(sentence) else 0.0
        score -= 3.0 if len(words) > MAX_TURN_WORDS else 0.0
        score -= 0.5 if len(words) < 5 else 0.0
        # Read alone, a sentence that leans on the one before ("walks to cross it.") says less.
        score -= 0.75 if sentence in resolved else 0.0
        score -= 1.0 if re.search(r"\b(it|them|this|that)[.!?]$", sentence) else 0.0
        if score > best_score:
            best, best_score = sentence, score
    return best


def _proper_case(sentence: str, names: list[str]) -> str:
    """Capitals written as in prose, ages dropped. Names become ``Ross`` (``ROSS slides``); a
    sound or a shout that is an English word becomes lower case (``The phone RINGS``: "rings");
    short capitals that are neither stay as written, since they are acronyms (``a VHS tape``,
    ``NYPD``: "Vhs" read like a typo)."""
    from editor.ai.words import acronyms, is_known
    from editor.fountain.introductions import introductions

    out = _AGE.sub("", sentence)
    for name in names:
        out = re.sub(r"\b" + re.escape(name) + r"\b", display_name(name), out)

    def words_of(people: list[str]) -> set[str]:
        return {w for n in people for w in re.findall(r"[A-Z][A-Z'-]+", n)}

    name_words = words_of(names)
    # Introduced in capitals by the speaker heuristics, which also take "her SUV" for a person:
    # an acronym there stays one.
    introduced = words_of(introductions(sentence))

    def recase(match: re.Match[str]) -> str:
        word = match.group()
        if word in name_words:
            return display_name(word)
        if word in acronyms():
            return word
        if word in introduced:
            return display_name(word)
        if len(word) >= 4 and is_known(word):
            lowered = word.lower()
            before = out[: match.start()].rstrip()
            starts = not before or before.endswith((".", "!", "?"))
            return lowered.capitalize() if starts else lowered
        if len(word) >= 5:
            return display_name(word)
        return word

    out = re.sub(r"\b[A-Z][A-Z'-]{2,}\b", recase, out)
    return " ".join(out.split())


def _first_line_of_speech(script: Script, scene: Scene, people: list[str]) -> str:
    """The scene's first whole short speech, quoted. When the summary already names only its
    speaker ("Car Lot, Announcer"), the quote follows on its own; otherwise it says who speaks.
    ("Car Lot, Announcer: Announcer: ..." read like a glitch.)"""
    for line in transcript(script, scene, 2000).split("\n"):
        name, sep, said = line.partition(": ")
        if sep and said.rstrip().endswith((".", "!", "?")) and len(said.split()) <= MAX_TURN_WORDS:
            speaker = display_name(name)
            if people == [speaker]:
                return f'"{said.strip()}"'
            return f'{speaker} says, "{said.strip()}"'
    return ""


_NOT_TIMES = frozenset({"CONTINUOUS", "LATER", "MOMENTS LATER", "SAME", "SAME TIME", "CONT'D", "CONTD"})


def _is_time(time_of_day: str) -> bool:
    """A time of day worth saying ("night"), not a continuity note ("continuous", "later")."""
    return bool(time_of_day) and time_of_day.strip().upper() not in _NOT_TIMES


MAX_LISTED = 4


def _listed_people(facts: SceneFacts, key: str) -> list[str]:
    """Who the summary lists: every speaker when there are few, else the most talkative three, and
    always anyone the turn sentence names ("Kate, George and Daniel: Pauline sets the gravy boat
    down" read as if Pauline were not in the scene). "others" stands for speakers left out."""
    from editor.ai.speaker import same_person

    everyone = main_characters(facts, len(facts.speakers) or 1) or facts.present[:3]
    listed = list(everyone if len(everyone) <= MAX_LISTED else everyone[:3])
    if key:
        for name in facts.present:
            if mentions(key, name) and not any(same_person(name, other) for other in listed):
                listed.append(name)
    if any(not any(same_person(name, other) for other in listed) for name in everyone):
        listed.append("others")
    return listed


def _where(location: str, heading: str, time_of_day: str) -> str:
    """Where and when a summary says the scene is: ``Hargreaves House - Kitchen (day)``."""
    place = (display_place(location) if location else display_place(heading)) or "Scene"
    return place + (f" ({time_of_day.lower()})" if _is_time(time_of_day) else "")


def without_place(text: str, scene: Scene) -> str:
    """A summary as shown beside its own heading (navigator rows, index cards): the place and time
    it opens with are already in the bold heading above it, and in a narrow row or a three-line
    card they left no room for what happens ("Hargreaves House - Kitchen (da…"). The stored and
    inserted summary keeps them."""
    place = _where(scene.location, scene.heading, scene.time_of_day)
    for separator in (", ", ": "):
        if place and text.startswith(place + separator) and len(text) > len(place) + len(separator):
            return text[len(place) + len(separator) :]
    return text


def extractive_summary(script: Script, scene: Scene) -> str:
    """Who, where, when and the scene's turn, from the parse alone: one sentence that ends as a
    sentence and cannot name anyone who is not there."""
    facts = scene_facts(script, scene)
    key = turn_sentence(script, scene, facts)
    people = [display_name(n) for n in _listed_people(facts, key)]
    who = ""
    if people:
        who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    what = _proper_case(key, facts.present) if key else _first_line_of_speech(script, scene, people)
    head = _where(facts.location, facts.heading, facts.time_of_day) + (f", {who}" if who else "")
    summary = f"{head}: {what}" if what else f"{head}."
    return " ".join(summary.split())


def check_summary(text: str, script: Script, scene: Scene, facts: SceneFacts) -> tuple[list[str], str]:
    """(characters named, reason for rejection or ""). Names must come from the scene."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return [], f"{len(words)} words"
    if has_repetition(text):
        return [], "repetitive"
    named = [n for n in facts.present if mentions(text, n)]
    if facts.present and not named:
        return [], "names nobody in the scene"
    scene_text = "\n".join(script_lines(script)[scene.line : scene.end_line + 1]).lower()
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if word in _COMMON or word.lower() in scene_text:
            continue
        return named, f"invented name {word!r}"
    if not _grounded(text, scene_text, facts):
        return named, "says nothing the scene says"
    return named, ""


def _grounded(text: str, scene_text: str, facts: SceneFacts) -> bool:
    """At least one content word besides names and the place comes from the scene (5-letter stems,
    so "argues" matches "argue"): "Lena and Milo are in the middle of a conversation" is true of any
    scene, and "Tom and the deckhand on the pier." says who and where but not what happens."""
    names = {w.lower() for n in facts.present for w in name_variants(n)} | {n.lower() for n in facts.present}
    names |= content_words(f"{facts.location} {facts.heading}")
    scene_stems = {w[:5] for w in content_words(scene_text)}
    words = [w for w in content_words(text) if w not in names]
    return any(w[:5] in scene_stems for w in words)


def scene_notes(script: Script, scene: Scene, facts: SceneFacts, limit: int = 600) -> str:
    """What the model compresses: the scene's most telling action sentences and its last lines of
    speech, in scene order, with names written as in prose."""
    candidates = [s for p in action_paragraphs(script, scene) for s in sentences(p)]
    key = turn_sentence(script, scene, facts)
    opening = next((s for s in candidates if any(mentions(s, n) for n in facts.present)), "")
    picked = [_proper_case(s, facts.present) for s in dict.fromkeys([opening, key]) if s]
    speech = [t for t in transcript(script, scene, 4000).split("\n") if ": " in t]
    for line in speech[-3:]:
        name, _, said = line.partition(": ")
        picked.append(f'{display_name(name)}: "{trim_to_words(said, 160)}"')
    notes = " ".join(picked)
    return trim_to_words(notes, limit)


def summarize_task(
    script: Script, scene_index: int, *, use_model: bool = True, note: str | None = None
) -> Task:
    """Task: a :class:`SceneSummary` for ``script.scenes[scene_index]`` (one greedy step at most).

    Extract, then compress: the extractive summary is built first from the parse; the model is asked
    to compress the extracted facts into one sentence, and its answer is used only when it names
    someone in the scene and nobody else, says something the scene says, and ends as a sentence.
    """
    scene = script.scenes[scene_index]
    facts = scene_facts(script, scene)
    key = scene_key(script, scene)
    fallback = SceneSummary(scene_index, scene.heading, extractive_summary(script, scene), "extractive", key)
    fallback.named = [n for n in facts.present if mentions(fallback.text, n)]
    if not use_model or not transcript(script, scene).strip():
        return fallback
    place = _where(facts.location, facts.heading, facts.time_of_day)
    people = [display_name(n) for n in (main_characters(facts, 4) or facts.present[:4])]
    prompt = prompts.summary_prompt(place, people, scene_notes(script, scene, facts), note)
    reply: Generated = yield Generate(
        prompt,
        GenerationParams(max_tokens=48, temperature=0.0, stop=("\n",)),
        purpose="scene summary",
        priority="SUMMARY",
    )
    text, _ = cut_repetition(strip_fluff(reply.text))
    text = first_sentence(text).strip()
    named, problem = check_summary(text, script, scene, facts)
    if not problem and is_truncated(text):
        problem = "unfinished sentence"
    if not problem and not all(mentions(text, n) for n in main_characters(facts, 2)):
        # The extractive summary names them all; a model sentence that drops one is worse.
        problem = "leaves out the scene's main people"
    if problem:
        fallback.rejected = problem
        return fallback
    return SceneSummary(scene_index, scene.heading, text, "model", key, named)


def insert_synopses(text: str, script: Script, summaries: dict[int, str]) -> tuple[str, list[int]]:
    """``text`` with ``= synopsis`` lines under the headings of ``summaries`` (scene index -> text).

    Scenes that already have a synopsis keep it (the writer's own words win); returns the new text
    and the indices of the scenes that got one. Every other line is left exactly as it was.
    """
    lines = text.split("\n")
    done: list[int] = []
    for index in sorted(summaries, reverse=True):
        scene = script.scenes[index]
        if scene.synopsis:
            continue
        synopsis = " ".join(summaries[index].split())
        after = scene.line + 1
        block = ["", f"= {synopsis}"]
        if after < len(lines) and lines[after].strip():
            block.append("")
        lines[after:after] = block
        done.append(index)
    return "\n".join(lines), sorted(done)


def outline_fountain(script: Script, summaries: dict[int, str]) -> str:
    """The script as a Fountain outline: its ``#`` sections, each scene heading and its synopsis.

    ``summaries`` maps scene index to text; a scene without one keeps the writer's own synopsis
    if it has one. The result opens in any Fountain tool as a valid (if actionless) script, which
    is what "copy as outline" is for.
    """
    scene_at_line = {scene.line: scene for scene in script.scenes}
    out: list[str] = []
    for element in script.elements:
        if element.type == ElementType.SECTION:
            out += ["#" * (element.level or 1) + " " + element.text, ""]
        elif element.type == ElementType.SCENE_HEADING and element.line in scene_at_line:
            scene = scene_at_line[element.line]
            out += [script_lines(script)[scene.line].strip(), ""]
            synopsis = summaries.get(scene.index) or scene.synopsis
            if synopsis:
                out += ["= " + " ".join(synopsis.split()), ""]
    return "\n".join(out).rstrip("\n") + "\n" if out else ""
