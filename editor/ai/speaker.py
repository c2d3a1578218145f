"""Who speaks next: the script's rules propose, the model judges, fitted weights combine them.

Why rules first: conversation has strong structure that a 135M model only partly sees in a short
context. The person who just spoke does not answer themself across a blank line; the one before them
usually does; someone just introduced in capitals in the action (``MARY (30s), a doctor, enters.``)
is about to speak; the one addressed by name answers. Measured on public-domain scripts, the model's
score alone picked the right name 39% of the time where it was consulted, the rules 58%
(docs/ARCHITECTURE.md, "Prompts for a small model").

Why a fitted combination: each signal is a feature of a candidate (:func:`features`), and the
weights that turn them into a ranking are a tiny conditional-logit model fitted on the TUNE half of
the development set (:mod:`editor.ai.evaluation.fit_speaker`) and stored as data in
``editor/ai/data/speaker_weights.json``: one set with the model's score as a feature, one set for the
rules alone (AI off, or a model whose report card says its score does not help).

The candidates are the scene's speakers, people introduced or named in the scene's action, the
script's most frequent speakers, and a "new character" choice (:data:`NEW_CHARACTER`) for a voice
the script has not named yet; the editor shows no ghost cue when that choice wins.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from editor.ai import prompts
from editor.ai.context import (
    build_context,
    mentions,
    name_variants,
    scene_facts,
    script_lines,
    speeches_before,
)
from editor.ai.task import Score, Task
from editor.fountain.introductions import paragraph_introductions
from editor.fountain.model import LineType, Script
from editor.fountain.names import normalize_character

MAX_CANDIDATES = 8
NEW_CHARACTER = "<new character>"
WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "speaker_weights.json"

# Feature names, in the order of the weight vectors.
FEATURES = (
    "last_after_action",  # the last speaker, with action since their speech (CONT'D)
    "previous_but_one",  # the speaker before the last one (A-B-A)
    "answers_question",  # ... when the last speech asked a question
    "recency",  # 1/rank among the scene's recent speakers, the last one excluded
    "spoke_in_scene",
    "scene_share",  # share of the scene's speeches so far
    "introduced",  # introduced in capitals in this scene's action, not yet spoken in it
    "introduced_since",  # ... in the action since the last speech
    "named_since",  # named (any case) in the action since the last speech
    "acts_last",  # named in the last action sentence before the cursor (who is doing something now)
    "follows_last",  # share of the last speaker's earlier speeches in the scene that this one answered
    "addressed",  # named in the last speech
    "present",  # named in the scene's action at all
    "script_share",  # share of the script's speeches before the cursor
    "vocative",  # called by name in the last speech ("Kate, sit down." / "Sit down, Kate?")
    "directed_to",  # the last speech or the action since turns to them ("(to Kate)", "looks at Kate")
    "answers_script",  # share of the last speaker's speeches in the whole script this one answered
    "two_hander",  # the other one, in a scene where only two people have spoken so far
    "answers_you",  # previous-but-one, and the last speech speaks to "you"
    "subject_last",  # the subject of the last action sentence ("Kate puts down her fork.")
    "keeps_talking",  # the last speaker, and the action since names nobody else (CONT'D)
    "new",  # the "new character" choice
    "model",  # the model's log-softmax over the named candidates (0 without the model)
)

_CUES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)
_SPEECH = (LineType.DIALOGUE, LineType.DUAL_DIALOGUE, LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL)
_TITLES = frozenset(
    {"MR", "MRS", "MS", "DR", "DETECTIVE", "OFFICER", "AGENT", "CAPTAIN", "SERGEANT", "PROFESSOR",
     "COACH", "COMMANDER", "NURSE", "FATHER", "SISTER", "UNCLE", "AUNT", "LORD", "LADY", "SIR"}
)  # fmt: skip
# Words of an introduced name that describe the person rather than name them.
_DESCRIPTIVE = frozenset(
    {"OLD", "YOUNG", "LITTLE", "BIG", "TALL", "SHORT", "FAT", "THIN", "MAN", "WOMAN", "BOY", "GIRL",
     "GUY", "KID", "LADY", "GENTLEMAN", "ELDERLY", "TEENAGE", "FIRST", "SECOND", "THIRD", "OTHER",
     "HEAD", "CHIEF", "SENIOR", "JUNIOR", "ONE", "TWO", "THREE", "FOUR", "FIVE"}
)  # fmt: skip


@dataclass(slots=True)
class RankedSpeaker:
    name: str
    score: float  # the fitted model's log-probability over the candidates; higher is better
    model_logprob: float | None  # the model's log-probability of "NAME\n" (None without the model)
    prior: float  # probability from the rules alone

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "score": round(self.score, 4),
            "model_logprob": None if self.model_logprob is None else round(self.model_logprob, 4),
            "prior": round(self.prior, 4),
        }


@dataclass(slots=True)
class SpeakerRanking:
    """Candidates best first. ``best`` is None when there is nobody, or when a new character is
    the likeliest speaker (``new_character_first``): then no name is worth offering."""

    candidates: list[RankedSpeaker] = field(default_factory=list)
    used_model: bool = False
    new_character_first: bool = False
    new_character_score: float = float("-inf")

    @property
    def best(self) -> str | None:
        if self.new_character_first:
            return None
        return self.candidates[0].name if self.candidates else None

    def top(self, count: int) -> list[str]:
        """The ``count`` best choices, :data:`NEW_CHARACTER` included where it ranks."""
        names = [c.name for c in self.candidates]
        at = sum(1 for c in self.candidates if c.score > self.new_character_score)
        if self.new_character_score > float("-inf"):
            names.insert(0 if self.new_character_first else at, NEW_CHARACTER)
        return names[:count]


def same_person(a: str, b: str) -> bool:
    """Whether two cue names name one person: ``RUIZ`` and ``DETECTIVE ANGELA RUIZ`` do,
    ``MR. LUTZ`` and ``LUTZ`` do, ``MRS. MORROW`` and ``MR. LUTZ`` do not."""
    if a == b:
        return True
    words_a, words_b = _name_words(a), _name_words(b)
    if not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[\s.]+", name.upper()) if w and w not in _TITLES)


@dataclass(slots=True)
class _Situation:
    """What the script says at the cursor, computed once per ranking."""

    history: list[str]  # the scene's speakers in order, one entry per speech
    direct: bool  # nothing but speech between the last speech and the cursor
    last_speech: str
    action_since: str
    last_action_sentence: str
    scene_action: str
    introduced: list[str]
    introduced_since: list[str]
    script_introduced: list[str]  # everyone introduced in capitals in the script so far
    script_counts: dict[str, int]
    script_pairs: dict[tuple[str, str], int]  # (speaker, the next speaker) over the script so far


def _situation(script: Script, line: int) -> _Situation:
    lines = script_lines(script)
    scene = script.scene_at_line(line)
    first = scene.line + 1 if scene is not None and scene.line < line else 0
    history: list[str] = []
    last_speech: list[str] = []
    action_since: list[str] = []
    scene_action: list[str] = []
    introduced: list[str] = []
    introduced_since: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            names = paragraph_introductions(" ".join(paragraph))
            _add_new(introduced, names)
            _add_new(introduced_since, names)
            paragraph.clear()

    for index in range(first, min(line, len(lines))):
        kind = script.line_types[index]
        text = lines[index].strip()
        if kind in _CUES:
            flush()
            history.append(normalize_character(text))
            last_speech.clear()
            action_since.clear()
            introduced_since.clear()
        elif kind in _SPEECH:
            last_speech.append(text)
        elif kind == LineType.ACTION:
            action_since.append(text)
            scene_action.append(text)
            paragraph.append(text)
        elif kind == LineType.EMPTY:
            flush()
    flush()
    counts: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    previous: str | None = None
    full_names: list[str] = []
    action: list[str] = []
    for index in range(min(line, len(lines))):
        kind = script.line_types[index]
        if kind == LineType.ACTION:
            action.append(lines[index].strip())
            continue
        if action:
            _add_new(full_names, paragraph_introductions(" ".join(action)))
            action.clear()
        if kind == LineType.SCENE_HEADING:
            previous = None
        elif kind in _CUES:
            name = normalize_character(lines[index].strip())
            counts[name] = counts.get(name, 0) + 1
            if previous is not None and previous != name:
                pairs[(previous, name)] = pairs.get((previous, name), 0) + 1
            previous = name
    if action:
        _add_new(full_names, paragraph_introductions(" ".join(action)))
    return _Situation(
        history=history,
        direct=not action_since,
        last_speech=" ".join(last_speech),
        action_since=" ".join(action_since),
        last_action_sentence=_last_sentence(" ".join(action_since)),
        scene_action=" ".join(scene_action),
        introduced=introduced,
        introduced_since=introduced_since,
        script_introduced=full_names,
        script_counts=counts,
        script_pairs=pairs,
    )


def _add_new(names: list[str], more: tuple[str, ...]) -> None:
    for name in more:
        if name not in names:
            names.append(name)


def _aliases(name: str, full_names: list[str]) -> list[str]:
    """The name on the cue and the other names the script introduced the person by: the cue says
    FINCH, the action introduced WALTER FINCH, and the others call him Walter. Words that
    describe rather than name ("OLD TOM", "YOUNG MAN") are no way of calling someone."""
    out = [name]
    own = _name_words(name)
    for full in full_names:
        if full == name or not same_person(full, name):
            continue
        for word in _name_words(full) - own:
            if len(word) >= 3 and word not in _DESCRIPTIVE and word not in out:
                out.append(word)
    return out


_YOU = re.compile(r"(?<![\w'])(you|your|yours|you're|you've|you'll|you'd)(?![\w'])", re.IGNORECASE)
_TOWARD = re.compile(
    r"\(to ([^)]*)\)|(?:turns|turning|looks|looking|glances|glancing|nods|nodding|smiles|smiling|points"
    r"|pointing|stares|staring|hands|handing|whispers|whispering|goes|going|steps|stepping)"
    r"(?:\s+\w+)?\s+(?:to|at|toward|towards)\s+([^.,;!?]*)",
    re.IGNORECASE,
)


def _called(speech: str, name: str) -> bool:
    """Called by name: the name opens the speech or a sentence and a comma follows, or a comma
    comes before it and the sentence ends after it ("Kate, sit." / "Sit down, Kate.")."""
    for variant in name_variants(name):
        v = re.escape(variant)
        if re.search(
            rf"(?:^|[.!?]\s+|--\s*)(?:hey|oh|well|yes|no|look|listen)?,?\s*{v}(?![\w'])\s*[,!?]"
            rf"|,\s*{v}(?![\w'])\s*(?:[.!?]|--|$)",
            speech.strip(),
            re.IGNORECASE,
        ):
            return True
    return False


def _subject_of(sentence: str, name: str) -> bool:
    """Named as the one acting: the sentence opens with the name (after "Then", "Finally", ...)."""
    opening = re.sub(r"^(?:then|finally|now|suddenly|slowly|at last|at once)[,]?\s+", "", sentence.strip(),
                     flags=re.IGNORECASE)  # fmt: skip
    for variant in name_variants(name):
        if re.match(re.escape(variant) + r"(?:'s)?(?![\w])", opening, re.IGNORECASE):
            return True
    return False


def _directed_to(text: str, name: str) -> bool:
    """The speech's parenthetical or the action turns to them: "(to Kate)", "looks at Kate"."""
    for match in _TOWARD.finditer(text):
        target = match.group(1) or match.group(2) or ""
        if mentions(target, name):
            return True
    return False


def _last_sentence(text: str) -> str:
    sentences = [t for t in re.split(r"(?<=[.!?])\s+", text.strip()) if t]
    return sentences[-1] if sentences else ""


def _plausible_name(name: str) -> bool:
    """Keeps description lines the parser once took for cues out of the candidates."""
    return bool(name) and len(name) <= 30 and "," not in name and len(name.split()) <= 4


def _canonical(name: str, known: list[str]) -> str:
    """An introduced name as the script already knows the person, if it does."""
    for other in known:
        if same_person(name, other):
            return other
    return name


def candidate_names(script: Script, line: int, limit: int = MAX_CANDIDATES) -> list[str]:
    """The named candidates: the scene's speakers (most recent first, the one who just spoke
    left out unless action came between), people introduced or named in the scene's action, then
    the script's most frequent speakers. Bounded because each costs the model a scoring pass."""
    return _candidates(script, line, _situation(script, line), limit)


def _candidates(script: Script, line: int, situation: _Situation, limit: int) -> list[str]:
    known = [n for n in situation.script_counts if _plausible_name(n)]
    ordered: list[str] = []

    def add(name: str) -> None:
        name = _canonical(name, known + ordered)
        if _plausible_name(name) and not any(same_person(name, o) for o in ordered):
            ordered.append(name)

    last = situation.history[-1] if situation.history else None
    for name in situation.introduced_since:
        add(name)
    for name in reversed(situation.history):
        if name != last:
            add(name)
    for name in situation.introduced:
        add(name)
    facts = scene_facts(script, script.scene_at_line(line), until_line=line)
    for name in facts.present:
        add(name)
    for name in situation.script_introduced:
        if mentions(situation.scene_action, name):
            add(name)
    for name, _ in sorted(situation.script_counts.items(), key=lambda kv: -kv[1]):
        add(name)
    if last is not None and not situation.direct:
        add(last)
    if last is not None and situation.direct:
        ordered = [n for n in ordered if not same_person(n, last)]
    return ordered[:limit]


def features(
    script: Script, line: int, names: list[str], situation: _Situation | None = None
) -> list[list[float]]:
    """One feature row (see :data:`FEATURES`, model column 0) per name; :data:`NEW_CHARACTER`
    may be among them."""
    s = situation or _situation(script, line)
    last = s.history[-1] if s.history else None
    before_last = s.history[-2] if len(s.history) >= 2 else None
    recent: list[str] = []
    for name in reversed(s.history[:-1]):
        if name not in recent and name != last:
            recent.append(name)
    total_scene = max(1, len(s.history))
    total_script = max(1, sum(s.script_counts.values()))
    # What does not depend on the candidate, once per ranking.
    last_pairs = [(a, b) for a, b in zip(s.history, s.history[1:], strict=False) if a == last]
    script_answers = [(b, c) for (a, b), c in s.script_pairs.items() if a == last]
    script_answered = sum(c for _, c in script_answers)
    two_people = len(set(s.history)) == 2
    to_you = bool(_YOU.search(s.last_speech))
    people = set(s.history) | set(s.introduced_since)
    full_names = [n for n in s.script_introduced if len(n.split()) >= 2]
    rows: list[list[float]] = []
    for name in names:
        row = dict.fromkeys(FEATURES, 0.0)
        if name == NEW_CHARACTER:
            row["new"] = 1.0
            rows.append([row[f] for f in FEATURES])
            continue
        aliases = _aliases(name, full_names)

        def said(text: str, aliases: list[str] = aliases) -> bool:
            return any(mentions(text, a) for a in aliases)

        spoke = [h for h in s.history if same_person(h, name)]
        row["last_after_action"] = float(last is not None and same_person(name, last) and not s.direct)
        row["previous_but_one"] = float(
            before_last is not None and same_person(name, before_last) and not same_person(name, last or "")
        )
        row["answers_question"] = row["previous_but_one"] * float(s.last_speech.rstrip().endswith("?"))
        rank = next((i for i, r in enumerate(recent, start=1) if same_person(r, name)), None)
        row["recency"] = 1.0 / rank if rank else 0.0
        row["spoke_in_scene"] = float(bool(spoke))
        row["scene_share"] = len(spoke) / total_scene
        row["introduced"] = float(not spoke and any(same_person(i, name) for i in s.introduced))
        row["introduced_since"] = float(any(same_person(i, name) for i in s.introduced_since))
        row["named_since"] = float(bool(s.action_since) and said(s.action_since))
        row["acts_last"] = float(bool(s.last_action_sentence) and said(s.last_action_sentence))
        if last_pairs:
            answered = sum(1 for _, b in last_pairs if same_person(b, name))
            row["follows_last"] = answered / len(last_pairs)
        row["addressed"] = float(bool(s.last_speech) and said(s.last_speech))
        row["present"] = float(said(s.scene_action))
        count = sum(c for n, c in s.script_counts.items() if same_person(n, name))
        row["script_share"] = count / total_script
        row["vocative"] = float(bool(s.last_speech) and any(_called(s.last_speech, a) for a in aliases))
        turned = s.last_speech + " " + s.action_since
        row["directed_to"] = float(any(_directed_to(turned, a) for a in aliases))
        if script_answered:
            answering = sum(c for b, c in script_answers if same_person(b, name))
            row["answers_script"] = answering / script_answered
        row["two_hander"] = row["previous_but_one"] * float(two_people)
        row["answers_you"] = row["previous_but_one"] * float(to_you)
        row["subject_last"] = float(any(_subject_of(s.last_action_sentence, a) for a in aliases))
        if row["last_after_action"]:
            others = [h for h in people if not same_person(h, name)]
            row["keeps_talking"] = float(not any(mentions(s.action_since, o) for o in others))
        rows.append([row[f] for f in FEATURES])
    return rows


@functools.cache
def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, dict[str, float]]:
    """{"with_model": {...}, "rules": {...}} feature weights fitted on the development set."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: dict(data[key]["weights"]) for key in ("with_model", "rules")}


def _dot(weights: dict[str, float], row: list[float]) -> float:
    return sum(weights.get(f, 0.0) * v for f, v in zip(FEATURES, row, strict=True))


def _log_softmax(values: list[float]) -> list[float]:
    peak = max(values)
    total = math.log(sum(math.exp(v - peak) for v in values)) + peak
    return [v - total for v in values]


def rank(
    script: Script,
    line: int,
    names: list[str],
    logprobs: list[float] | None,
    *,
    weights: dict[str, float] | None = None,
    situation: _Situation | None = None,
) -> SpeakerRanking:
    """Rank ``names`` plus :data:`NEW_CHARACTER` by the fitted weights; ``logprobs`` are the model's
    scores of ``names`` (None: the rules-only weights)."""
    fitted = load_weights()
    rules_weights = fitted["rules"]
    chosen = weights or (fitted["with_model"] if logprobs else rules_weights)
    everyone = [*names, NEW_CHARACTER]
    rows = features(script, line, everyone, situation)
    model = _log_softmax(logprobs) if logprobs else None
    if model is not None:
        uniform = -math.log(len(names))
        for i, row in enumerate(rows):
            row[FEATURES.index("model")] = model[i] if i < len(names) else uniform
    scores = _log_softmax([_dot(chosen, row) for row in rows])
    rules_scores = _log_softmax([_dot(rules_weights, row) for row in rows])
    ranked = [
        RankedSpeaker(
            name, scores[i], logprobs[i] if logprobs and i < len(names) else None, math.exp(rules_scores[i])
        )
        for i, name in enumerate(everyone)
    ]
    order = sorted(range(len(ranked)), key=lambda i: (-ranked[i].score, i))
    new_first = everyone[order[0]] == NEW_CHARACTER
    named = [ranked[i] for i in order if everyone[i] != NEW_CHARACTER]
    return SpeakerRanking(
        named,
        used_model=logprobs is not None,
        new_character_first=new_first,
        new_character_score=scores[len(names)],
    )


def turn_taking_prior(script: Script, line: int, names: list[str]) -> dict[str, float]:
    """P(next speaker) over ``names`` from the fitted rules alone (no model); the person who
    just spoke, with nothing but a blank line since, gets none."""
    if not names:
        return {}
    situation = _situation(script, line)
    last = situation.history[-1] if situation.history else None
    rows = features(script, line, names, situation)
    weights = load_weights()["rules"]
    raw = [
        -1e9 if last is not None and situation.direct and same_person(name, last) else _dot(weights, row)
        for name, row in zip(names, rows, strict=True)
    ]
    scores = _log_softmax(raw)
    return {name: math.exp(score) for name, score in zip(names, scores, strict=True)}


def combine(names: list[str], prior: dict[str, float], logprobs: list[float] | None) -> SpeakerRanking:
    """Rank ``names`` by a given prior, plus the model's scores when there are any.

    For choices outside a script's own turn-taking (a drafted scene's speakers, a cue being typed),
    where the fitted features do not apply; ties keep the candidate order.
    """
    model = _log_softmax(logprobs) if logprobs else None
    ranked = []
    for i, name in enumerate(names):
        p = max(prior.get(name, 0.0), 1e-6)
        score = math.log(p) + (model[i] if model else 0.0)
        ranked.append(RankedSpeaker(name, score, logprobs[i] if logprobs else None, prior.get(name, 0.0)))
    order = sorted(range(len(ranked)), key=lambda i: (-ranked[i].score, i))
    return SpeakerRanking([ranked[i] for i in order], used_model=logprobs is not None)


def speaker_context(script: Script, line: int, budget_chars: int | None = None) -> str:
    """The prompt a cue is scored after: the context up to the cursor, ending with a blank line."""
    context = (
        build_context(script, line)
        if budget_chars is None
        else build_context(script, line, budget_chars=budget_chars)
    )
    if not context.endswith("\n\n"):
        context = context.rstrip("\n") + "\n\n"
    return context


def next_speaker_task(script: Script, line: int, *, use_model: bool = True) -> Task:
    """Task: rank the next speaker for an empty line at ``line`` (0-based).

    Yields one :class:`Score` step (unless ``use_model`` is False or there is one candidate) and
    returns a :class:`SpeakerRanking` (empty when the script has no characters yet).
    """
    situation = _situation(script, line)
    names = _candidates(script, line, situation, MAX_CANDIDATES)
    if not names:
        return SpeakerRanking()
    if not use_model or len(names) == 1:
        return rank(script, line, names, None, situation=situation)
    prompt = prompts.speaker_prompt(speaker_context(script, line))
    logprobs = yield Score(prompt, prompts.speaker_candidates(names), purpose="next speaker")
    return rank(script, line, names, list(logprobs), situation=situation)


def previous_but_one_speaker(script: Script, line: int) -> str | None:
    """The simplest baseline: who spoke the speech before the last one."""
    history = speeches_before(script, line)
    return history[-2][1] if len(history) >= 2 else None
