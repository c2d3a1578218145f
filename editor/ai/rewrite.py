"""Rewrite in style: only the text of action and dialogue changes; the Fountain structure never does.

Why units and not the whole passage: asked to rewrite a whole scene, a small model drops cues, merges
speeches or returns an unrelated paragraph (docs/ARCHITECTURE.md, "Prompts for a small model"). Here the
selection is split into units: one action paragraph line, or one whole speech (every dialogue line a
character says between two parentheticals or cues, so the rewrite reads as one thought and not as
disconnected lines); headings, cues, parentheticals, transitions and everything else are kept byte for
byte. A speech written on several lines is rewritten as one text and laid back onto the same number of
lines, at sentence breaks where it can. Each unit is rewritten with a few-shot prompt that also shows
how the speaker talks elsewhere in the script (their own earlier lines), and the answer is accepted only
if it is one line that the Fountain engine reads as the same element in the same place, is not a loop,
not the same text, not a copy of the examples or of the speaker's other lines, still about the same
thing, and says the same thing (:mod:`editor.ai.meaning`: no denial turned into agreement, no question
into a statement, no change of who speaks to whom or who does what, no dropped introduction). A failing
unit is retried with sampling; if it keeps failing it stays as the writer wrote it and the result says
so. When nothing could be rewritten the result is a refusal, never broken text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Generator
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.context import own_lines, script_lines, speaker_of
from editor.ai.meaning import meaning_flip
from editor.ai.task import Generate, Generated, GenerationParams, Task
from editor.ai.validate import (
    classify_lines,
    content_words,
    cut_repetition,
    fits_element,
    has_repetition,
    strip_fluff,
)
from editor.fountain.model import ElementType, LineType, Script
from editor.fountain.parser import parse

MAX_ATTEMPTS = 3
# Presets whose rewrite should say the same thing in other words; others may change the wording.
MEANING_KEEPING = frozenset({"Tighter", "More visual", "Period voice", "Noir"})
_REWRITABLE = {
    LineType.ACTION: ElementType.ACTION,
    LineType.DIALOGUE: ElementType.DIALOGUE,
    LineType.DUAL_DIALOGUE: ElementType.DIALOGUE,
}


@dataclass(slots=True)
class RewriteUnit:
    """One rewritable unit: an action line, or a speech whose text runs over ``line`` and the
    ``more`` lines after it (``original`` is then those lines joined by spaces); its kind, speaker
    (dialogue) and what became of it (``rewritten``: the text for ``line``, ``rewritten_more``:
    the texts for the other lines)."""

    line: int
    element: ElementType
    original: str
    speaker: str | None = None
    rewritten: str | None = None
    attempts: int = 0
    problems: list[str] = field(default_factory=list)
    more: list[int] = field(default_factory=list)
    originals: list[str] = field(default_factory=list)
    rewritten_more: list[str] = field(default_factory=list)
    voice: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[int]:
        return [self.line, *self.more]

    @property
    def changed(self) -> bool:
        return self.rewritten is not None

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line + 1,
            "lines": [i + 1 for i in self.lines],
            "element": self.element.value,
            "speaker": self.speaker,
            "original": self.original,
            "rewritten": self.rewritten
            if not self.more or self.rewritten is None
            else " ".join(t.strip() for t in [self.rewritten, *self.rewritten_more]),
            "attempts": self.attempts,
            "problems": list(self.problems),
        }


@dataclass(slots=True)
class RewriteResult:
    """The rewritten selection. ``text`` replaces lines ``first..last`` (0-based, inclusive).

    ``status``: "ok" (every unit rewritten), "partial" (some kept as written, see ``units``) or
    "refused" (nothing usable; ``text`` is the original and ``message`` says why).
    """

    first: int
    last: int
    style: str
    original: str
    text: str
    status: str
    units: list[RewriteUnit] = field(default_factory=list)
    message: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "lines": [self.first + 1, self.last + 1],
            "style": self.style,
            "status": self.status,
            "text": self.text,
            "original": self.original,
            "message": self.message,
            "units": [u.to_json() for u in self.units],
        }


def structure(text: str) -> list[tuple[LineType, str | None]]:
    """The skeleton a rewrite must keep: each line's type, plus the exact text of lines that must
    not change (everything but action and dialogue)."""
    script = parse(text)
    lines = text.split("\n")
    return [(t, None if t in _REWRITABLE else lines[i]) for i, t in enumerate(script.line_types)]


def plan(script: Script, first: int, last: int) -> list[RewriteUnit]:
    """The rewritable units in lines ``first..last`` (0-based, inclusive): one per action line, one
    per speech (consecutive dialogue lines of one speaker, up to a parenthetical or the end)."""
    lines = script_lines(script)
    units: list[RewriteUnit] = []
    previous: int | None = None
    for index in range(first, last + 1):
        kind = script.line_types[index]
        element = _REWRITABLE.get(kind)
        if element is None or not lines[index].strip():
            previous = None
            continue
        speaker = speaker_of(script, index) if element == ElementType.DIALOGUE else None
        if (
            element == ElementType.DIALOGUE
            and previous == index - 1
            and units
            and units[-1].element == ElementType.DIALOGUE
            and units[-1].speaker == speaker
        ):
            unit = units[-1]
            unit.more.append(index)
            unit.originals.append(lines[index])
            unit.original = " ".join(t.strip() for t in unit.originals)
        else:
            units.append(RewriteUnit(index, element, lines[index], speaker, originals=[lines[index]]))
            if speaker:
                units[-1].voice = own_lines(script, speaker, index)
        previous = index
    return units


def spread(text: str, originals: list[str]) -> list[str] | None:
    """``text`` laid onto as many lines as ``originals``, at sentence breaks where there are enough,
    else at word breaks, each line's share close to the original's; None when there are fewer
    words than lines (a speech line may never be empty: the speech would end there)."""
    count = len(originals)
    if count == 1:
        return [text.strip()]
    sentences = split_sentences(text)
    pieces = sentences if len(sentences) >= count else text.split()
    if len(pieces) < count:
        return None
    weights = [max(1, len(o.strip())) for o in originals]
    total_weight = sum(weights)
    total = sum(len(p) + 1 for p in pieces)
    out: list[str] = []
    start = 0
    for i in range(count - 1):
        target = total * sum(weights[: i + 1]) / total_weight
        # The cut after piece ``end`` nearest the target that leaves a piece for each later line.
        best, best_gap, used = start + 1, float("inf"), sum(len(p) + 1 for p in pieces[:start])
        for end in range(start + 1, len(pieces) - (count - 1 - i) + 1):
            used_here = used + sum(len(p) + 1 for p in pieces[start:end])
            gap = abs(used_here - target)
            if gap < best_gap:
                best, best_gap = end, gap
        out.append(" ".join(pieces[start:best]))
        start = best
    out.append(" ".join(pieces[start:]))
    return out


def wanted_length(style: str, note: str | None) -> int:
    """-1 when the style or the writer's note asks for shorter text, +1 for longer, else 0."""
    said = f"{style} {note or ''}".lower()
    if re.search(r"\b(tighter|shorter|short|brief|trim|cut)\b", said):
        return -1
    if re.search(r"\b(longer|expand|more detail)\b", said):
        return 1
    return 0


def check_unit(
    lines: list[str],
    unit: RewriteUnit,
    candidate: str,
    style: str = "",
    note: str | None = None,
    names: list[str] | None = None,
) -> str:
    """Why ``candidate`` cannot replace ``unit`` ("" when it can)."""
    if not candidate.strip():
        return "empty"
    if "\n" in candidate:
        return "more than one line"
    if has_repetition(candidate):
        return "repetitive"
    original = unit.original.strip()
    if (
        unit.element == ElementType.DIALOGUE
        and candidate.lstrip().startswith("(")
        and not original.startswith("(")
    ):
        # In a speech, a line opening with "(" is a parenthetical as soon as anything follows it.
        return "would not stay dialogue"
    if _words(candidate) == _words(original):
        return "unchanged"
    if len(original.split()) >= 3 and len(candidate.split()) < 2:
        return "too short"
    if len(candidate) > max(int(2.5 * len(original)), len(original) + 80):
        return "much longer than the original"
    new_caps = set(_CAPS.findall(candidate)) - set(_CAPS.findall(original))
    known = {w.lower() for w in re.findall(r"[A-Za-z']+", original)}
    new_names = {
        m.group()
        for m in _NAME_WORD.finditer(candidate)
        if m.group().lower() not in known and not _SENTENCE_START.search(candidate[: m.start()])
    }
    if new_caps or new_names:
        # A new all-caps word is a new character (or shouting) the writer did not put there.
        return "adds a name"
    if unit.element == ElementType.ACTION and _PERSONAL.search(candidate) and not _PERSONAL.search(original):
        return "action written as speech"
    direction = wanted_length(style, note)
    if direction < 0 and len(candidate.split()) >= len(original.split()) and len(original.split()) > 2:
        return "not shorter"
    if direction > 0 and len(candidate.split()) <= len(original.split()):
        return "not longer"
    mine = content_words(candidate)
    for before, after in prompts.rewrite_examples(style):
        example = content_words(before) | content_words(after)
        shared_example = len(mine & example)
        if (
            len(mine) >= 3
            and shared_example / len(mine) >= 0.6
            and shared_example > len(mine & content_words(original))
        ):
            return "copied the prompt's example"
    if unit.voice and _copies(candidate, unit.voice, original):
        return "copied another of the speaker's lines"
    # Meaning-keeping styles must keep some of the line's words (5-letter stems: "storms" keeps
    # "storm"); styles that change the wording on purpose only need that for longer lines.
    stems = {w[:5] for w in content_words(original)}
    needed = 1 if prompts.resolve_style(style)[0] in MEANING_KEEPING else 3
    if len(stems) >= needed and not ({w[:5] for w in mine} & stems):
        return "unrelated to the original"
    flip = meaning_flip(original, candidate, names)
    if flip:
        return flip
    indent = unit.original[: len(unit.original) - len(unit.original.lstrip())]
    if not fits_element(lines, unit.line, indent + candidate.strip(), unit.element):
        return f"would not stay {unit.element.value}"
    return ""


def _copies(candidate: str, voice: list[str], original: str) -> bool:
    """The answer is one of the speaker's other lines (the prompt shows them) rather than this one:
    it shares most of its words with that line, and more than with the line it rewrites."""
    mine = set(_words(candidate))
    if not mine:
        return False
    kept = len(mine & set(_words(original))) / len(mine)
    for other in voice:
        theirs = set(_words(other))
        if len(mine & theirs) / len(mine | theirs) >= 0.6 and len(mine & theirs) / len(mine) > kept:
            return True
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def clean(raw: str) -> str:
    text = raw.strip().split("\n", 1)[0]
    text = strip_fluff(text)
    text, _ = cut_repetition(text)
    return text.strip()


def rewrite_task(
    script: Script,
    first: int,
    last: int,
    style: str,
    *,
    note: str | None = None,
    seed: int | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> Task:
    """Task: rewrite lines ``first..last`` (0-based, inclusive) in ``style`` (preset or free text).

    ``note`` steers a Regenerate ("shorter", "make her angrier"). The first attempt per unit is
    greedy (deterministic), retries are sampled from ``seed``. Returns a :class:`RewriteResult`.
    Raises ``IndexError`` for a range outside the script.
    """
    lines = script_lines(script)
    if not (0 <= first <= last < len(lines)):
        raise IndexError(f"lines {first + 1}-{last + 1} are outside the script (1-{len(lines)})")
    name, _ = prompts.resolve_style(style)
    base_seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    original = "\n".join(lines[first : last + 1])
    units = plan(script, first, last)
    result = RewriteResult(
        first, last, name if name != "Custom" else style, original, original, "refused", units
    )
    if not units:
        result.message = "the selection has no action or dialogue to rewrite"
        return result
    working = list(lines)
    names = list(script.characters)
    for unit in units:
        indent = unit.original[: len(unit.original) - len(unit.original.lstrip())]
        sentences = split_sentences(unit.original)
        if unit.element == ElementType.ACTION and len(sentences) > 1:
            # A small model rewrites one sentence well and a paragraph badly: go sentence by
            # sentence, keep any sentence it cannot do, then check the whole line again.
            parts = []
            for sentence in sentences:
                part = RewriteUnit(unit.line, unit.element, sentence)
                done = yield from _rewrite_one(working, part, style, note, base_seed, max_attempts, names)
                unit.attempts += part.attempts
                unit.problems += part.problems
                parts.append(done or sentence)
            joined = indent + " ".join(parts)
            # Each sentence passed on its own; the whole line must too (an introduction split
            # across sentences, or a subject that moved from one sentence to another).
            flip = meaning_flip(unit.original, joined, names)
            if flip:
                unit.problems.append(flip)
            elif joined.strip() != unit.original.strip() and fits_element(
                working, unit.line, joined, unit.element
            ):
                unit.rewritten = joined
                working[unit.line] = joined
            continue
        done = yield from _rewrite_one(working, unit, style, note, base_seed, max_attempts, names)
        if done is not None and unit.more:
            _lay_out(working, unit, done)
        elif done is not None:
            unit.rewritten = indent + done
            working[unit.line] = unit.rewritten
    _verify(lines, working, units, first, last)
    changed = [u for u in units if u.changed]
    result.text = "\n".join(working[first : last + 1])
    if not changed:
        result.status, result.text = "refused", original
        result.message = "the model could not rewrite this selection without breaking it; nothing was changed"
    elif len(changed) < len(units):
        result.status = "partial"
        result.message = (
            f"{len(units) - len(changed)} of {len(units)} lines kept as written (no valid rewrite)"
        )
    else:
        result.status = "ok"
    return result


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ABBREVIATIONS = frozenset({"dr.", "mr.", "mrs.", "ms.", "st.", "jr.", "sr.", "vs.", "no.", "mt."})


def split_sentences(text: str) -> list[str]:
    """Sentences of an action line; "DR. OKAFOR" and "J. Smith" stay in one piece."""
    pieces: list[str] = []
    for piece in _SENTENCE_BREAK.split(text.strip()):
        last_word = pieces[-1].rsplit(None, 1)[-1].lower() if pieces else ""
        if pieces and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last_word)):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


_NAME_WORD = re.compile(r"\b[A-Z][a-z'-]+\b")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|[\"“]\s*)$")
_CAPS = re.compile(r"\b[A-Z][A-Z'-]*[A-Z]\b")
_PERSONAL = re.compile(r"\b(I|I'm|I've|I'll|I'd|me|my|mine|you|your|you're|we|we're|us|our)\b", re.IGNORECASE)


def _rewrite_one(
    working: list[str],
    unit: RewriteUnit,
    style: str,
    note: str | None,
    base_seed: int,
    max_attempts: int,
    names: list[str] | None = None,
) -> Generator[Generate, Generated, str | None]:
    """Rewrite ``unit.original`` (a line or a sentence of one); the accepted text or None."""
    if len(re.findall(r"[A-Za-z]{2,}", unit.original)) < 3:
        # "Two-thirty." / "DR." : nothing for a small model to work with, nothing to check against.
        unit.problems.append("too short to rewrite")
        return None
    prompt = prompts.rewrite_prompt(
        style, unit.original, unit.element.value, unit.speaker, note, voice=unit.voice
    )
    limit = min(160, max(24, len(unit.original) // 2 + 32))
    for attempt in range(max_attempts):
        unit.attempts += 1
        sampling = (
            GenerationParams(max_tokens=limit, temperature=0.0, stop=("\n",))
            if attempt == 0
            else GenerationParams(
                max_tokens=limit, temperature=0.8, top_p=0.95, seed=base_seed + attempt, stop=("\n",)
            )
        )
        reply: Generated = yield Generate(
            prompt, sampling, purpose=f"rewrite line {unit.line + 1}", priority="REWRITE"
        )
        candidate = clean(reply.text)
        problem = check_unit(working, unit, candidate, style, note, names)
        if not problem:
            return candidate
        unit.problems.append(problem)
    return None


def _lay_out(working: list[str], unit: RewriteUnit, text: str) -> None:
    """Put a whole speech's rewrite back on its lines (each keeps its own indent), or keep the
    speech as written when it cannot be laid out as dialogue."""
    pieces = spread(text, unit.originals)
    if pieces is None:
        unit.problems.append("too short for the speech's lines")
        return
    placed = []
    for original, piece in zip(unit.originals, pieces, strict=True):
        indent = original[: len(original) - len(original.lstrip())]
        placed.append(indent + piece.strip())
    trial = list(working)
    for index, new_text in zip(unit.lines, placed, strict=True):
        trial[index] = new_text
    if not all(fits_element(trial, i, t, unit.element) for i, t in zip(unit.lines, placed, strict=True)):
        unit.problems.append(f"would not stay {unit.element.value}")
        return
    unit.rewritten, unit.rewritten_more = placed[0], placed[1:]
    for index, new_text in zip(unit.lines, placed, strict=True):
        working[index] = new_text


def _verify(lines: list[str], working: list[str], units: list[RewriteUnit], first: int, last: int) -> None:
    """Final check on the assembled selection; undo any unit that changed the skeleton."""
    for _ in range(len(units) + 1):
        before = [classify_lines(lines, i, [lines[i]])[0] for i in range(first, last + 1)]
        after = [classify_lines(working, i, [working[i]])[0] for i in range(first, last + 1)]
        broken = [
            u for u in units if u.changed and any(before[i - first] != after[i - first] for i in u.lines)
        ]
        fixed = [
            i
            for i in range(first, last + 1)
            if before[i - first] not in _REWRITABLE and working[i] != lines[i]
        ]
        if not broken and not fixed and before == after:
            return
        for unit in broken or [u for u in units if u.changed][-1:]:
            unit.problems.append("changed the structure of the selection")
            unit.rewritten = None
            unit.rewritten_more = []
            for index, text in zip(unit.lines, unit.originals or [unit.original], strict=True):
                working[index] = text
