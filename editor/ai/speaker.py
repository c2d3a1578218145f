"""Who speaks next: model scoring over the script's real characters, combined with turn-taking.

Why scoring and not generation: asked to *write* a name, a small model invents one; asked to *rate* the
script's own names as the next cue, it is good at it (docs/ARCHITECTURE.md, "Prompts for a small model"). The
suggestion is therefore always a real character. Why turn-taking too: conversation has strong structure the
model only partly sees in a short context (the previous speaker rarely follows themself across a blank line,
the one addressed by name tends to answer, people in the scene speak more than people elsewhere). The two are
combined as ``log P_model(name | context) + log P_turns(name)`` over the candidates, each normalised over the
candidate set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from editor.ai import prompts
from editor.ai.context import (
    build_context,
    mentions,
    scene_facts,
    script_lines,
    speeches_before,
)
from editor.ai.task import Score, Task
from editor.fountain.model import LineType, Script

MAX_CANDIDATES = 8
# How much the turn-taking prior counts against the model (1.0 = equal footing, in log space).
PRIOR_WEIGHT = 1.0


@dataclass(slots=True)
class RankedSpeaker:
    name: str
    score: float  # combined log score; higher is better
    model_logprob: float | None  # the model's log-probability of "NAME\n" (None without the model)
    prior: float  # turn-taking probability over the candidates

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "score": round(self.score, 4),
            "model_logprob": None if self.model_logprob is None else round(self.model_logprob, 4),
            "prior": round(self.prior, 4),
        }


@dataclass(slots=True)
class SpeakerRanking:
    candidates: list[RankedSpeaker] = field(default_factory=list)
    used_model: bool = False

    @property
    def best(self) -> str | None:
        return self.candidates[0].name if self.candidates else None


def candidate_names(script: Script, line: int, limit: int = MAX_CANDIDATES) -> list[str]:
    """The characters worth scoring: the scene's people first, then the script's most frequent.

    Bounded because every candidate costs a scoring pass; a speaker who is in neither group is a
    poor guess anyway.
    """
    scene = script.scene_at_line(line)
    facts = scene_facts(script, scene)
    history = [name for _, name in speeches_before(script, line)]
    ordered: list[str] = []
    for name in reversed(history):
        if name not in ordered:
            ordered.append(name)
    for name in facts.present:
        if name not in ordered:
            ordered.append(name)
    by_frequency = sorted(script.characters.items(), key=lambda kv: (-kv[1].speeches, kv[1].first_line))
    for key, _character in by_frequency:
        if key not in ordered:
            ordered.append(key)
    return ordered[:limit]


def turn_taking_prior(script: Script, line: int, names: list[str]) -> dict[str, float]:
    """P(next speaker) from conversation structure alone, normalised over ``names``."""
    history = speeches_before(script, line)
    facts = scene_facts(script, script.scene_at_line(line))
    lines = script_lines(script)
    weights = {name: (0.15 if name in facts.present else 0.02) for name in names}
    recent: list[str] = []
    for _, name in reversed(history):
        if name not in recent:
            recent.append(name)
    last = recent[0] if recent else None
    for rank, name in enumerate(recent[1:], start=1):
        if name in weights:
            weights[name] += 1.0 / rank
    if last is not None and last in weights:
        # Directly after the speech the same person rarely speaks again; after action they may.
        speech_end = _last_nonblank(lines, line - 1)
        direct = speech_end is not None and script.line_types[speech_end] in (
            LineType.DIALOGUE,
            LineType.DUAL_DIALOGUE,
            LineType.PARENTHETICAL,
            LineType.DUAL_PARENTHETICAL,
        )
        weights[last] *= 0.1 if direct else 0.6
        if len(recent) == 1 and not direct:
            weights[last] += 0.3
    if history:
        last_cue = history[-1][0]
        speech = "\n".join(lines[last_cue + 1 : line])
        for name in names:
            if name != last and mentions(speech, name):
                weights[name] += 0.8
    total = sum(weights.values()) or 1.0
    return {name: weight / total for name, weight in weights.items()}


def _last_nonblank(lines: list[str], index: int) -> int | None:
    while index >= 0:
        if lines[index].strip():
            return index
        index -= 1
    return None


def _log_softmax(values: list[float]) -> list[float]:
    peak = max(values)
    total = math.log(sum(math.exp(v - peak) for v in values)) + peak
    return [v - total for v in values]


def combine(names: list[str], prior: dict[str, float], logprobs: list[float] | None) -> SpeakerRanking:
    """Rank ``names`` by prior alone or by model + prior; ties keep the candidate order."""
    model = _log_softmax(logprobs) if logprobs else None
    ranked = []
    for i, name in enumerate(names):
        p = max(prior.get(name, 0.0), 1e-6)
        score = PRIOR_WEIGHT * math.log(p) + (model[i] if model else 0.0)
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

    Yields one :class:`Score` step (unless ``use_model`` is False) and returns a
    :class:`SpeakerRanking` (empty when the script has no characters yet).
    """
    names = candidate_names(script, line)
    if not names:
        return SpeakerRanking()
    prior = turn_taking_prior(script, line, names)
    if not use_model or len(names) == 1:
        return combine(names, prior, None)
    prompt = prompts.speaker_prompt(speaker_context(script, line))
    logprobs = yield Score(prompt, prompts.speaker_candidates(names), purpose="next speaker")
    return combine(names, prior, list(logprobs))


def previous_but_one_speaker(script: Script, line: int) -> str | None:
    """The baseline the evaluation compares against: who spoke the speech before the last one."""
    history = speeches_before(script, line)
    return history[-2][1] if len(history) >= 2 else None
