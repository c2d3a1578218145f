"""Inline autocomplete (ghost text): what the editor would show after the cursor.

Element aware, cheapest source first:
- scene heading: the script's own locations and times of day by prefix (no model); the model only
  when nothing known matches;
- character cue being typed: the script's characters by prefix, ranked by turn-taking (no model;
  a model would invent names);
- empty line after a speech: the next speaker by model scoring + turn-taking, always a real name;
- dialogue: that character's voice to the end of the sentence or line (greedy model continuation);
- action: at most one line; parenthetical: up to the closing parenthesis; transition: known ones.

Every model suggestion is validated with the Fountain engine as the element it is for; anything that
fails becomes "no suggestion" rather than garbage on screen.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.context import DEFAULT_BUDGET_CHARS, Cursor, build_context, locate, script_lines
from editor.ai.speaker import candidate_names, combine, next_speaker_task, turn_taking_prior
from editor.ai.task import Generate, Generated, GenerationParams, Task
from editor.ai.validate import cut_repetition, first_sentence, fits_element, strip_fluff, trim_to_words
from editor.ai.words import plausible, plausible_speech, vocabulary
from editor.fountain.model import ElementType, LineType, Script
from editor.fountain.names import normalize_character

log = logging.getLogger(__name__)

STANDARD_TIMES = ("DAY", "NIGHT", "MORNING", "EVENING", "AFTERNOON", "LATER", "CONTINUOUS", "MOMENTS LATER")
HEADING_MARKERS = ("INT. ", "EXT. ", "INT./EXT. ", "EST. ", "I/E ")
TRANSITIONS = (
    "CUT TO:",
    "SMASH CUT TO:",
    "MATCH CUT TO:",
    "DISSOLVE TO:",
    "FADE TO:",
    "FADE OUT.",
    "FADE TO BLACK.",
)
MAX_ACTION_CHARS = 110
MAX_DIALOGUE_CHARS = 160

_TOKENS = {
    ElementType.DIALOGUE: 24,
    ElementType.ACTION: 28,
    ElementType.PARENTHETICAL: 8,
    ElementType.SCENE_HEADING: 12,
}


@dataclass(slots=True)
class Suggestion:
    """An inline suggestion. ``text`` is inserted verbatim at the cursor ("" = nothing to show).

    ``element`` is the Fountain element the suggestion is for. ``source`` says where it came from:
    "script" (known names/places, no model), "model", "cache" or "none". ``alternatives`` are
    other full insertions for Alt+] / Alt+[ (ranked speakers, other locations). ``prompt`` is what
    the model saw (empty for script-only suggestions), kept for the cache and for debugging.
    """

    text: str
    element: ElementType | None
    source: str
    line: int
    column: int
    alternatives: list[str] = field(default_factory=list)
    reason: str = ""
    prompt: str = ""
    scores: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "text": self.text,
            "element": self.element.value if self.element else None,
            "source": self.source,
            "line": self.line + 1,
            "column": self.column + 1,  # 1-based, like the command line
            "alternatives": list(self.alternatives),
        }
        if self.reason:
            out["reason"] = self.reason
        if self.scores:
            out["candidates"] = self.scores
        return out


class CompletionCache:
    """LRU of model suggestions keyed by (element, prompt), the prompt ending at the cursor.

    ``get`` also answers when the writer has typed part of a cached suggestion: the prompt then
    extends a cached one by exactly what was predicted, and the rest of the suggestion is returned.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], str] = OrderedDict()

    def get(self, element: ElementType, prompt: str) -> str | None:
        key = (element.value, prompt)
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        for (kind, cached_prompt), text in reversed(self._items.items()):
            if kind != element.value or not prompt.startswith(cached_prompt):
                continue
            typed = prompt[len(cached_prompt) :]
            if typed and text.startswith(typed) and len(text) > len(typed):
                return text[len(typed) :]
        return None

    def put(self, element: ElementType, prompt: str, text: str) -> None:
        self._items[(element.value, prompt)] = text
        self._items.move_to_end((element.value, prompt))
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def _match_case(typed: str, completion: str) -> str:
    """Follow the writer's case: lower-case typing gets a lower-case completion."""
    letters = [c for c in typed if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        return completion.lower()
    return completion


def heading_completions(script: Script, prefix: str, line: int | None = None) -> list[str]:
    """Known completions of a scene heading prefix, most used first (empty when none fits).

    ``line`` is the heading being typed: its own half-typed location is not a known one.
    """
    upper = prefix.upper()
    scenes = [s for s in script.scenes if s.line != line]
    marker = next((m for m in sorted(HEADING_MARKERS, key=len, reverse=True) if upper.startswith(m)), None)
    if marker is None:
        stem = upper.strip()
        return [m[len(prefix) :] for m in HEADING_MARKERS if m.startswith(upper) and stem]
    rest = upper[len(marker) :]
    locations = Counter(s.location.upper() for s in scenes if s.location)
    times = Counter(s.time_of_day.upper() for s in scenes if s.time_of_day)
    if " - " in rest or rest.endswith(" -"):
        _location, _, partial = rest.rpartition(" -")
        partial = partial.lstrip()
        ordered = [t for t, _ in times.most_common()] + [t for t in STANDARD_TIMES if t not in times]
        out = [t[len(partial) :] for t in ordered if t.startswith(partial) and len(t) > len(partial)]
        if rest.endswith(" -"):
            out = [" " + t for t in ordered]
        return out
    if rest in locations:
        for_here = Counter(
            s.time_of_day.upper() for s in scenes if s.location.upper() == rest and s.time_of_day
        )
        ordered = [t for t, _ in for_here.most_common()] + [
            t for t, _ in times.most_common() if t not in for_here
        ]
        return [" - " + t for t in ordered]
    if not rest:
        return [loc for loc, _ in locations.most_common()]
    return [
        loc[len(rest) :]
        for loc, _ in locations.most_common()
        if loc.startswith(rest) and len(loc) > len(rest)
    ]


def cue_completions(script: Script, line: int, prefix: str) -> list[str]:
    """Known character names that extend a cue prefix, most likely speaker first."""
    typed = prefix.strip().lstrip("@").upper()
    if not typed:
        return []
    names = candidate_names(script, line, limit=len(script.characters) or 1)
    matches = [n for n in names if n.upper().startswith(typed) and len(n) > len(typed)]
    if not matches:
        return []
    ranking = combine(matches, turn_taking_prior(script, line, matches), None)
    return [r.name[len(typed) :] for r in ranking.candidates]


def transition_completions(script: Script, prefix: str) -> list[str]:
    typed = prefix.strip().upper()
    known = [line.strip() for line in script_lines(script) if line.strip().upper().endswith(" TO:")]
    ordered = list(dict.fromkeys([*(k.upper() for k in known), *TRANSITIONS]))
    return [t[len(typed) :] for t in ordered if t.startswith(typed) and len(t) > len(typed)]


def complete_task(
    script: Script,
    line: int,
    column: int | None = None,
    *,
    cache: CompletionCache | None = None,
    use_model: bool = True,
    budget_chars: int = DEFAULT_BUDGET_CHARS,
    validate: bool = True,
    model_speaker: bool = True,
    model_text: bool = True,
) -> Task:
    """Task: the inline suggestion for a cursor at (``line``, ``column``), 0-based.

    ``validate`` False shows the model's continuation without checking it fits the element or is
    made of real words: only for tests that need a suggestion at every line end (the keys corpus).

    Yields at most one model step (a :class:`~editor.ai.task.Score` for the next speaker or a
    :class:`~editor.ai.task.Generate` continuation) and returns a :class:`Suggestion`.
    Raises ``IndexError`` (before yielding) for a line outside the script. ``model_speaker`` and
    ``model_text`` let the model judge the next speaker / write prose only where its report card
    says it helps (``editor.ai.gate``); without them the script's own answers are given.
    """
    cursor = locate(script, line, column)
    if cursor.element is None:
        return _none(cursor, cursor.reason)
    lines = script_lines(script)

    if cursor.next_speaker:
        ranking = yield from next_speaker_task(script, line, use_model=use_model and model_speaker)
        if ranking.best is None:
            return _none(cursor, "the script has no characters yet")
        lead = "\n" if cursor.leading_newline else ""
        texts = [lead + r.name for r in ranking.candidates]
        valid = [
            t for t in texts if fits_element(lines, line, t, ElementType.CHARACTER, followed_by_speech=True)
        ]
        if not valid:
            return _none(cursor, "no candidate formed a valid cue")
        return Suggestion(
            valid[0],
            ElementType.CHARACTER,
            "model" if ranking.used_model else "script",
            line,
            cursor.column,
            alternatives=valid[1:],
            scores=[r.to_json() for r in ranking.candidates],
        )

    known: list[str] = []
    if cursor.element == ElementType.SCENE_HEADING:
        known = [_match_case(cursor.prefix, c) for c in heading_completions(script, cursor.prefix, line)]
    elif cursor.element == ElementType.CHARACTER:
        known = cue_completions(script, line, cursor.prefix)
    elif cursor.element == ElementType.TRANSITION:
        known = transition_completions(script, cursor.prefix)
    if known:
        valid = [
            k
            for k in known
            if fits_element(
                lines,
                line,
                cursor.prefix + k,
                cursor.element,
                followed_by_speech=cursor.element == ElementType.CHARACTER,
            )
        ]
        if valid:
            return Suggestion(
                valid[0], cursor.element, "script", line, cursor.column, alternatives=valid[1:6]
            )
    if cursor.element in (ElementType.CHARACTER, ElementType.TRANSITION):
        return _none(
            cursor,
            "no known name matches"
            if cursor.element == ElementType.CHARACTER
            else "no known transition matches",
        )
    if not use_model:
        return _none(cursor, "the model is off")
    if not model_text:
        return _none(cursor, "inline completions are off for this model")

    context = build_context(script, line, budget_chars=budget_chars)
    # A writer pauses after a space. BPE tokenizers carry the space at the start of the next word's
    # token, so a prompt ending in a bare space asks for a word without one, which the model almost
    # never writes (measured: 2 of 10 mid-sentence positions after a space got a suggestion, 8 of 10
    # without it). So the prompt stops before the trailing space and the continuation must open
    # with the space the writer already typed.
    typed_space = cursor.prefix[len(cursor.prefix.rstrip(" \t")) :]
    prompt = prompts.continuation_prompt(context, cursor.prefix[: len(cursor.prefix) - len(typed_space)])
    if cache is not None:
        hit = cache.get(cursor.element, prompt)
        if hit is not None:
            return Suggestion(hit, cursor.element, "cache", line, cursor.column, prompt=prompt)
    stop = (")", "\n") if cursor.element == ElementType.PARENTHETICAL else ("\n",)
    sampling = GenerationParams(max_tokens=_TOKENS.get(cursor.element, 24), temperature=0.0, stop=stop)
    result: Generated = yield Generate(
        prompt, sampling, purpose=f"complete {cursor.element.value}", priority="AUTOCOMPLETE"
    )
    raw = result.text
    if typed_space and cursor.prefix.strip() and validate:
        if not raw[:1].isspace() or raw[:1] == "\n":
            return _none(cursor, "the model would go on with the word before the space", prompt=prompt)
        raw = raw[1:]
    text = postprocess(cursor, raw)
    if not raw.split("\n", 1)[0].strip():
        return _none(cursor, "the model had nothing to add here", prompt=prompt)
    if not text or (validate and not fits_element(lines, line, cursor.prefix + text, cursor.element)):
        log.debug("autocomplete rejected %r for %s", result.text, cursor.element)
        return _none(cursor, "the model's suggestion was not valid here", prompt=prompt)
    if validate and not plausible_completion(script, cursor, prompt, text):
        log.debug("autocomplete rejected %r: invented words or a stray cue", text)
        return _none(cursor, "the model's suggestion had words that are not English", prompt=prompt)
    problem = repeats_or_filler(script, cursor, text) if validate else ""
    if problem:
        return _none(cursor, problem, prompt=prompt)
    if cache is not None:
        cache.put(cursor.element, prompt, text)
    return Suggestion(text, cursor.element, "model", line, cursor.column, prompt=prompt)


# Lines any character could say anywhere: as a suggestion they cost attention and add nothing,
# unless the character has said them before (then it is their habit).
GENERIC_LINES = frozenset(
    {"i'm sorry", "thank you", "thanks", "i don't know", "okay", "ok", "yes", "no", "what", "i know",
     "i'm fine", "oh", "really", "sure", "right", "hello", "hi", "goodbye", "i see", "of course"}
)  # fmt: skip


def _line_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def repeats_or_filler(script: Script, cursor: Cursor, text: str) -> str:
    """Why a completion should stay quiet, or "": the finished line repeats a line already in the
    scene (the small model copies the previous speech), or it is generic filler the character
    has never said."""
    finished = _line_key(cursor.prefix + text)
    added = _line_key(text)
    if not finished:
        return ""
    lines = script_lines(script)
    scene = script.scene_at_line(cursor.line)
    first = scene.line if scene is not None else 0
    last = scene.end_line if scene is not None else len(lines) - 1
    for index in range(first, min(last + 1, len(lines))):
        if index == cursor.line:
            continue
        other = _line_key(lines[index])
        if other and (other == finished or (len(added.split()) >= 4 and added in other)):
            return "the suggestion repeats a line already in the scene"
    if cursor.element == ElementType.DIALOGUE and finished in GENERIC_LINES:
        own = {_line_key(t) for t in _speeches_of(script, cursor.speaker)}
        if finished not in own:
            return "the suggestion is generic filler, not this character's voice"
    return ""


def _speeches_of(script: Script, speaker: str | None) -> list[str]:
    if not speaker:
        return []
    lines = script_lines(script)
    out: list[str] = []
    owner: str | None = None
    for index, kind in enumerate(script.line_types):
        if kind in (LineType.CHARACTER, LineType.DUAL_CHARACTER):
            owner = normalize_character(lines[index].strip())
        elif kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE) and owner == speaker:
            out.append(lines[index])
        elif kind == LineType.EMPTY:
            owner = None
    return out


def plausible_completion(script: Script, cursor: Cursor, prompt: str, text: str) -> bool:
    """The words a completion writes (the half-typed word it finishes included) are real: in the
    script's context or English. In dialogue, no character name or other stray capitals either."""
    if cursor.element not in (ElementType.DIALOGUE, ElementType.ACTION):
        return True
    partial = re.search(r"[A-Za-z']*$", cursor.prefix)
    written = (partial.group() if partial else "") + text
    names = list(script.characters)
    known = vocabulary(prompt, *script.locations, names=names)
    if cursor.element == ElementType.DIALOGUE:
        return plausible_speech(written, known, names, whole=False)
    return plausible(written, known)


def postprocess(cursor: Cursor, raw: str) -> str:
    """Turn a raw continuation into the text to insert, or "" when nothing usable is left."""
    text = raw.split("\n", 1)[0]
    if cursor.element == ElementType.PARENTHETICAL:
        text = text.split(")", 1)[0].rstrip()
        if not text.strip():
            return ""
        return text + ")"
    text, _ = cut_repetition(text)
    if not cursor.prefix.strip():
        text = strip_fluff(text)
    if cursor.prefix.endswith((" ", "\t")) or not cursor.prefix:
        text = text.lstrip()
    if not text.strip(" .,;:-—"):
        return ""
    if cursor.element in (ElementType.DIALOGUE, ElementType.ACTION):
        # Finish the sentence being typed, never start a second one.
        text = first_sentence(text, min_chars=1)
        limit = MAX_DIALOGUE_CHARS if cursor.element == ElementType.DIALOGUE else MAX_ACTION_CHARS
        text = trim_to_words(text, limit)
    elif cursor.element == ElementType.SCENE_HEADING:
        text = text.rstrip()
        if cursor.prefix.isupper() or not any(c.isalpha() for c in cursor.prefix):
            text = text.upper()
    return text.rstrip()


def _none(cursor: Cursor, reason: str, *, prompt: str = "") -> Suggestion:
    return Suggestion("", cursor.element, "none", cursor.line, cursor.column, reason=reason, prompt=prompt)
