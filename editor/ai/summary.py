"""One-line scene synopses: model-written when the model's sentence checks out, extractive otherwise.

Why the checks: measured with the default 135M model and a naive prompt, the summary invented a character and
named almost nobody (docs/ARCHITECTURE.md, "Prompts for a small model"). So the prompt is primed with the
scene's main character's name, and the answer is accepted only if it is one sentence of sensible length that
names someone in the scene and no name that the scene does not contain. Otherwise the summary is built from
the parse alone (who, where, when, the key action line): plainer, but never wrong about who is there.
``SceneSummary.source`` says which one the writer is looking at.

Summaries are cached by the scene's text (:func:`scene_key`), so only changed scenes are redone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.context import SceneFacts, mentions, name_variants, scene_facts, script_lines
from editor.ai.task import Generate, Generated, GenerationParams, Task
from editor.ai.validate import content_words, cut_repetition, first_sentence, has_repetition, strip_fluff
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


def scene_key(script: Script, scene: Scene) -> str:
    """Cache key: the scene's text (heading to last line), so an edit elsewhere keeps the summary."""
    text = "\n".join(script_lines(script)[scene.line : scene.end_line + 1]).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def display_name(name: str) -> str:
    """``DETECTIVE ROSS`` -> ``Detective Ross``; how prose refers to a cue name."""
    return " ".join(part.capitalize() if part.isupper() else part for part in name.split())


def main_characters(facts: SceneFacts, limit: int = 2) -> list[str]:
    """The scene's main characters: most speeches first, then people only named in action."""
    ordered = sorted(facts.speakers, key=lambda n: (-facts.speech_counts.get(n, 0), facts.speakers.index(n)))
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
        text = lines[index].strip()
        if kind in (LineType.CHARACTER, LineType.DUAL_CHARACTER):
            flush()
            speaker = normalize_character(text)
        elif kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE):
            speech.append(text)
        elif kind == LineType.ACTION:
            flush()
            speaker = ""
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


def _key_action(script: Script, scene: Scene, facts: SceneFacts) -> str:
    """The action sentence that involves the most of the scene's people (ties: the earliest)."""
    lines = script_lines(script)
    best, best_hits = "", -1
    for index in range(scene.line + 1, scene.end_line + 1):
        if script.line_types[index] != LineType.ACTION:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", lines[index].strip()):
            if len(sentence.split()) < 3:
                continue
            hits = sum(1 for name in facts.present if mentions(sentence, name))
            if hits > best_hits:
                best, best_hits = sentence, hits
    return best


def _proper_case(sentence: str, names: list[str]) -> str:
    """Known names written as in prose (``ROSS slides`` -> ``Ross slides``)."""
    out = sentence
    for name in names:
        out = re.sub(r"\b" + re.escape(name) + r"\b", display_name(name), out)
    return out


def extractive_summary(script: Script, scene: Scene) -> str:
    """Who, where, when and what from the parse alone; it cannot name anyone who is not there."""
    facts = scene_facts(script, scene)
    people = [display_name(n) for n in (main_characters(facts, 3) or facts.present[:3])]
    where = display_name(facts.location) if facts.location else display_name(facts.heading) or "Scene"
    when = f" ({facts.time_of_day.lower()})" if facts.time_of_day else ""
    who = ""
    if people:
        who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    key = _key_action(script, scene, facts)
    if key:
        what = _proper_case(key, facts.present)
    else:
        first_speech = transcript(script, scene, 400).split("\n")
        line = next((t for t in first_speech if ": " in t), "")
        what = ""
        if line:
            name, _, said = line.partition(": ")
            what = f'{display_name(name)}: "{said}"'
    head = f"{where}{when}" + (f", {who}" if who else "")
    if not what:
        summary = f"{head}."
    elif key:
        summary = f"{head}: {what}"
    else:
        summary = f"{head}. {what}"
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
        if match.start() == 0 and word.lower() not in _EXAMPLE_NAMES:
            # The opening word is the primed lead or an ordinary sentence start ("Later, ...").
            continue
        return named, f"invented name {word!r}"
    if not _grounded(text, scene_text, facts):
        return named, "says nothing the scene says"
    return named, ""


def _grounded(text: str, scene_text: str, facts: SceneFacts) -> bool:
    """At least one content word besides names comes from the scene (5-letter stems, so "argues"
    matches "argue"): "Lena and Milo are in the middle of a conversation" is true of any scene."""
    names = {w.lower() for n in facts.present for w in name_variants(n)} | {n.lower() for n in facts.present}
    scene_stems = {w[:5] for w in content_words(scene_text)}
    words = [w for w in content_words(text) if w not in names]
    return any(w[:5] in scene_stems for w in words)


def summarize_task(
    script: Script, scene_index: int, *, use_model: bool = True, note: str | None = None
) -> Task:
    """Task: a :class:`SceneSummary` for ``script.scenes[scene_index]`` (one greedy step at most)."""
    scene = script.scenes[scene_index]
    facts = scene_facts(script, scene)
    key = scene_key(script, scene)
    fallback = SceneSummary(scene_index, scene.heading, extractive_summary(script, scene), "extractive", key)
    fallback.named = [n for n in facts.present if mentions(fallback.text, n)]
    body = transcript(script, scene)
    if not use_model or not body.strip():
        return fallback
    # Primed with the main characters (up to two), so the sentence names who the scene is about.
    leads = [display_name(n) for n in main_characters(facts, 2)]
    lead = " and ".join(leads)
    prompt = prompts.summary_prompt(facts.heading, facts.present, body, lead, note)
    reply: Generated = yield Generate(
        prompt,
        GenerationParams(max_tokens=48, temperature=0.0, stop=("\n",)),
        purpose="scene summary",
        priority="SUMMARY",
    )
    text = (lead + reply.text).strip() if lead else strip_fluff(reply.text)
    text, _ = cut_repetition(text)
    text = first_sentence(text, min_chars=len(lead) + 1).strip()
    named, problem = check_summary(text, script, scene, facts)
    if problem:
        fallback.rejected = problem
        return fallback
    if not text.endswith((".", "!", "?")):
        fallback.rejected = "unfinished sentence"
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
