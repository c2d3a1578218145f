"""Next-speaker accuracy on the development set, and the data the weights are fitted on."""

from __future__ import annotations

from dataclasses import dataclass

from editor.ai import prompts
from editor.ai.evaluation.devset import SpeakerCase
from editor.ai.runner import ModelBackend
from editor.ai.speaker import (
    FEATURES,
    MAX_CANDIDATES,
    NEW_CHARACTER,
    _candidates,
    _situation,
    features,
    load_weights,
    same_person,
    speaker_context,
)
from editor.fountain.parser import parse


@dataclass(slots=True)
class SpeakerExample:
    """One case as the ranking sees it: candidates (NEW_CHARACTER last), feature rows with the
    model column filled when a backend was given, and the index of the right answer (None when
    no candidate is right: the rules could not propose the speaker)."""

    case: SpeakerCase
    names: list[str]
    rows: list[list[float]]
    logprobs: list[float] | None
    label: int | None


def _label(case: SpeakerCase, everyone: list[str]) -> int | None:
    for i, name in enumerate(everyone[:-1]):
        if same_person(name, case.truth):
            return i
    return len(everyone) - 1 if case.first_time else None


def examples(cases: list[SpeakerCase], backend: ModelBackend | None) -> list[SpeakerExample]:
    import math

    out: list[SpeakerExample] = []
    for case in cases:
        script = parse(case.text)
        situation = _situation(script, case.line)
        names = _candidates(script, case.line, situation, MAX_CANDIDATES)
        everyone = [*names, NEW_CHARACTER]
        rows = features(script, case.line, everyone, situation)
        logprobs = None
        if backend is not None and len(names) > 1:
            prompt = prompts.speaker_prompt(speaker_context(script, case.line))
            logprobs = list(backend.score(prompt, prompts.speaker_candidates(names)))
            peak = max(logprobs)
            total = math.log(sum(math.exp(v - peak) for v in logprobs)) + peak
            column = FEATURES.index("model")
            for i, row in enumerate(rows):
                row[column] = logprobs[i] - total if i < len(names) else -math.log(len(names))
        out.append(SpeakerExample(case, names, rows, logprobs, _label(case, everyone)))
    return out


def right(case: SpeakerCase, choices: list[str], named: list[str]) -> bool:
    """Whether any of ``choices`` names the speaker; NEW_CHARACTER is right for a first-time
    speaker none of the named candidates is."""
    for choice in choices:
        if choice == NEW_CHARACTER:
            if case.first_time and not any(same_person(n, case.truth) for n in named):
                return True
        elif same_person(choice, case.truth):
            return True
    return False


def accuracy(
    items: list[SpeakerExample], weights: dict[str, float] | None, *, use_model: bool
) -> tuple[float, float, list[str]]:
    """(top-1, top-3, one row per case) of the fitted ranking over ``items``.

    Ranks from the rows :func:`examples` computed (what :func:`editor.ai.speaker.rank` does, without
    parsing the script again per weight vector: cross-validation tries many)."""
    chosen = weights if weights is not None else load_weights()["with_model" if use_model else "rules"]
    model_column = FEATURES.index("model")
    top1 = top3 = 0
    rows: list[str] = []
    for item in items:
        everyone = [*item.names, NEW_CHARACTER]
        scores = []
        for row in item.rows:
            values = list(row)
            if not use_model or item.logprobs is None:
                values[model_column] = 0.0
            scores.append(sum(chosen.get(f, 0.0) * v for f, v in zip(FEATURES, values, strict=True)))
        order = sorted(range(len(everyone)), key=lambda i: (-scores[i], i))
        choices = [everyone[i] for i in order][:3]
        hit1 = right(item.case, choices[:1], item.names)
        top1 += hit1
        top3 += right(item.case, choices, item.names)
        rows.append(f"{'ok ' if hit1 else 'MISS'} {item.case.script_name}:{item.case.line + 1} "
                    f"{item.case.truth} <- {choices}")  # fmt: skip
    n = max(1, len(items))
    return top1 / n, top3 / n, rows
