"""The next-speaker fitter learns what decides the answer, and never from the EVAL half."""

from __future__ import annotations

import random

from editor.ai.evaluation.devset import SpeakerCase
from editor.ai.evaluation.fit_speaker import fit
from editor.ai.evaluation.speaker_eval import SpeakerExample, accuracy
from editor.ai.speaker import FEATURES, NEW_CHARACTER


def _example(rng: random.Random, size: int) -> SpeakerExample:
    """Candidates with noise in every column; the answer is the one named in the last speech."""
    names = [f"P{i}" for i in range(size)]
    truth = rng.randrange(size)
    rows = []
    for i in range(size + 1):
        row = [rng.random() * 0.3 for _ in FEATURES]
        row[FEATURES.index("addressed")] = float(i == truth)
        row[FEATURES.index("new")] = float(i == size)
        rows.append(row)
    case = SpeakerCase("synthetic", "", 0, names[truth], first_time=False)
    return SpeakerExample(case, names, rows, None, truth)


def test_fit_finds_the_deciding_feature_across_candidate_lists_of_any_length() -> None:
    rng = random.Random(7)
    items = [_example(rng, rng.randint(2, 8)) for _ in range(120)]
    columns = [f for f in FEATURES if f != "model"]
    weights = fit(items, columns, l2=0.05)
    assert weights["addressed"] == max(weights.values())
    assert set(weights) == set(columns)
    top1, _, rows = accuracy(items, weights, use_model=False)
    assert top1 == 1.0, rows[:3]


def test_an_unlabelled_set_fits_nothing() -> None:
    case = SpeakerCase("synthetic", "", 0, "NOBODY", first_time=False)
    row = [0.0] * len(FEATURES)
    item = SpeakerExample(case, ["A"], [row, row], None, None)
    assert fit([item], ["new", "recency"], 0.1) == {"new": 0.0, "recency": 0.0}
    assert NEW_CHARACTER not in item.names
