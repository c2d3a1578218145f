"""Dialogue suggestions: several different lines for the current or next speaker.

Sampled the way Dramatron samples creative text (top-p 0.95, temperature 1.0), each sample with its
own seed so ``--seed`` reproduces a set, then cleaned, validated as dialogue and de-duplicated
(exact and near duplicates: a small model sampled three times often says the same thing twice).
Asks for up to three times as many samples as wanted and stops as soon as it has enough.
"""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.autocomplete import repeats_or_filler
from editor.ai.context import Cursor, build_context, locate, own_lines, script_lines, speaker_of, with_voice
from editor.ai.speaker import SpeakerRanking, next_speaker_task, speaker_context
from editor.ai.task import Generate, Generated, Task, creative
from editor.ai.validate import cut_repetition, fits_element, strip_fluff, trim_to_words
from editor.ai.words import plausible_speech, vocabulary
from editor.fountain.model import ElementType, LineType, Script

MAX_CHARS = 200
SIMILARITY_LIMIT = 0.7


@dataclass(slots=True)
class Alternatives:
    """Dialogue alternatives for ``speaker``.

    ``lines`` are the speeches themselves. ``replace_line`` says whether inserting one replaces the
    cursor's line (the cursor was in a speech) or inserts ``insert_prefix + line`` at the cursor
    (``insert_prefix`` holds the blank line and cue for a new speech).
    """

    speaker: str | None
    lines: list[str] = field(default_factory=list)
    replace_line: bool = False
    insert_prefix: str = ""
    ranking: SpeakerRanking | None = None
    attempts: int = 0
    reason: str = ""

    def insertions(self) -> list[str]:
        return [self.insert_prefix + line for line in self.lines]


def _key(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def is_near_duplicate(text: str, others: list[str]) -> bool:
    """Same words (order-insensitive Jaccard >= 0.7) or one contained in the other."""
    words = _key(text)
    if not words:
        return True
    joined = " ".join(words)
    mine = set(words)
    for other in others:
        theirs_list = _key(other)
        theirs = set(theirs_list)
        other_joined = " ".join(theirs_list)
        if joined == other_joined or joined in other_joined or other_joined in joined:
            return True
        if len(mine & theirs) / max(1, len(mine | theirs)) >= SIMILARITY_LIMIT:
            return True
    return False


def clean_line(raw: str) -> str:
    text = raw.split("\n", 1)[0]
    text, _ = cut_repetition(text)
    text = strip_fluff(text)
    return trim_to_words(text.strip(), MAX_CHARS)


def _at(cursor: Cursor, speaker: str | None) -> Cursor:
    """The cursor as the start of a new speech line by ``speaker`` (for the filler check)."""
    return dataclasses.replace(cursor, prefix="", element=ElementType.DIALOGUE, speaker=speaker)


def suggest_task(
    script: Script,
    line: int,
    *,
    count: int = 3,
    seed: int | None = None,
    exclude: list[str] | None = None,
) -> Task:
    """Task: up to ``count`` different speeches for the speaker at (or after) ``line``.

    Works in a speech (alternatives to that line), on the empty line under a cue, and on an empty
    line after a speech (the next speaker is ranked first, one :class:`Score` step). ``exclude``
    holds lines already shown, so Regenerate brings new ones.
    """
    cursor = locate(script, line, 0)
    lines = script_lines(script)
    base_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    result = Alternatives(speaker=None)
    if cursor.next_speaker:
        ranking = yield from next_speaker_task(script, line)
        if ranking.best is None:
            result.reason = "the script has no characters yet"
            return result
        result.speaker, result.ranking = ranking.best, ranking
        result.insert_prefix = ("\n" if cursor.leading_newline else "") + ranking.best + "\n"
        voice = own_lines(script, ranking.best, line)
        prompt = prompts.dialogue_prompt(
            with_voice(speaker_context(script, line), ranking.best, voice), ranking.best
        )
        before = [*lines[:line], *([""] if cursor.leading_newline else []), ranking.best]
        probe_lines, target = [*before, "", *lines[line + 1 :]], len(before)
    elif script.line_types[line] in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE) or (
        cursor.element == ElementType.DIALOGUE and not lines[line].strip()
    ):
        result.speaker = cursor.speaker or speaker_of(script, line)
        result.replace_line = bool(lines[line].strip())
        prompt = with_voice(
            build_context(script, line), result.speaker, own_lines(script, result.speaker, line)
        )
        probe_lines, target = list(lines), line
    else:
        result.reason = "put the cursor in a speech or on the empty line after one"
        return result

    shown = list(exclude or [])
    scene = script.scene_at_line(line)
    first = scene.line if scene is not None else 0
    scene_said = [
        lines[i]
        for i in range(first, min(line, len(lines)))
        if script.line_types[i] in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE) and len(lines[i].split()) >= 3
    ]
    names = list(script.characters)
    known = vocabulary(prompt, *script.locations, names=names)
    for attempt in range(count * 3):
        if len(result.lines) >= count:
            break
        result.attempts += 1
        reply: Generated = yield Generate(
            prompt, creative(40, base_seed + attempt), purpose="dialogue alternative", priority="SUGGESTION"
        )
        text = clean_line(reply.text)
        if len(text) < 2 or is_near_duplicate(text, result.lines + shown + scene_said):
            continue  # a repeat of a line already offered, or already said in the scene
        if repeats_or_filler(script, _at(cursor, result.speaker), text):
            continue
        if not plausible_speech(text, known, names, whole=True):
            continue  # invented words, a leaked cue ("COB"), a lone non-interjection ("Pie.")
        if not fits_element(probe_lines, target, text, ElementType.DIALOGUE):
            continue
        result.lines.append(text)
    if not result.lines:
        result.reason = "the model gave no usable line"
    return result
