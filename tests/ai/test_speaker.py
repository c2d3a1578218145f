from __future__ import annotations

import json

from support.ai_testkit import DINER, line_of

from editor.ai.evaluation.devset import scripts, speaker_cases
from editor.ai.speaker import (
    FEATURES,
    NEW_CHARACTER,
    WEIGHTS_PATH,
    candidate_names,
    combine,
    features,
    next_speaker_task,
    previous_but_one_speaker,
    same_person,
    turn_taking_prior,
)
from editor.ai.task import Score
from editor.fountain.parser import parse

TWO = "INT. CAR - NIGHT\n\nANNA\nDrive.\n\nBEN\nWhere?\n\nANNA\nAnywhere.\n\n"
THREE = "INT. CAR - NIGHT\n\nANNA\nDrive.\n\nBEN\nWhere?\n\nCARL\nAnywhere.\n\n"


def _finish(task, reply):
    try:
        step = next(task)
    except StopIteration as done:
        return None, done.value
    try:
        task.send(reply(step))
    except StopIteration as done:
        return step, done.value
    raise AssertionError("more than one step")


def test_a_sentence_opening_with_a_name_and_its_age_is_no_candidate() -> None:
    # "MARY (30s), a doctor, enters." introduces a character in action: MARY is a candidate, but
    # "MARY , A DOCTOR, ENTERS." must never be offered as a cue (issue 12, defect 4); BEN just spoke.
    text = "INT. WARD - DAY\n\nMARY (30s), a doctor, enters.\nShe reads a chart.\n\nBEN\nDoctor?\n\n"
    script = parse(text)
    names = candidate_names(script, len(text.split("\n")) - 1)
    assert names == ["MARY"]


def test_same_person_ignores_titles_and_first_names() -> None:
    assert same_person("RUIZ", "DETECTIVE ANGELA RUIZ")
    assert same_person("MR. LUTZ", "LUTZ")
    assert not same_person("MRS. MORROW", "MR. LUTZ")
    assert not same_person("ANNA", "BEN")


def test_the_speaker_who_just_spoke_is_not_offered_directly_after_their_speech() -> None:
    script = parse(TWO)
    line = len(TWO.split("\n")) - 1
    assert candidate_names(script, line) == ["BEN"]
    prior = turn_taking_prior(script, line, ["ANNA", "BEN"])
    assert prior["BEN"] > prior["ANNA"]
    assert previous_but_one_speaker(script, line) == "BEN"


def test_after_action_the_same_speaker_may_go_on() -> None:
    text = "INT. ROOM - DAY\n\nANNA\nWait.\n\nBEN\nWhat?\n\nAnna opens the door.\n\n"
    script = parse(text)
    assert "BEN" in candidate_names(script, len(text.split("\n")) - 1)


def test_someone_introduced_in_the_action_is_offered_first() -> None:
    text = THREE + "A COP (50s) taps on the window.\n\n"
    script = parse(text)
    line = len(text.split("\n")) - 1
    names = candidate_names(script, line)
    assert names[0] == "COP" and "CARL" in names
    _, ranking = _finish(next_speaker_task(script, line, use_model=False), lambda step: [])
    assert ranking.best == "COP" and not ranking.used_model
    assert NEW_CHARACTER in ranking.top(len(names) + 1)


def test_someone_introduced_in_an_earlier_scene_and_seen_here_is_a_candidate() -> None:
    # Tasha was introduced in capitals in scene one and never spoke; scene two names her
    # (possessive and all). She is a candidate here although she has no cue yet.
    text = (
        "INT. STUDIO - NIGHT\n\nMILES (40s) leans into the mic. His producer, TASHA BELL (20s), "
        "screens calls.\n\nMILES\nYou're on the air.\n\nCALLER (V.O.)\nHello?\n\n"
        "INT. CONTROL ROOM - CONTINUOUS\n\nTasha's already dialling a second phone.\n\n"
        "GUS\nWhat's happening?\n\n"
    )
    script = parse(text)
    names = candidate_names(script, len(text.split("\n")) - 1)
    assert any(same_person(n, "TASHA") for n in names)


def test_a_character_is_called_by_the_first_name_they_were_introduced_with() -> None:
    # The cue says FINCH; the action introduced WALTER FINCH; "Walter" in the speech calls him.
    text = (
        "INT. INTERVIEW ROOM - DAY\n\nWALTER FINCH (50s), a bookkeeper, waits. RUIZ (40s) "
        "and KOWALSKI (30s) sit down opposite.\n\nRUIZ\nMorning.\n\nKOWALSKI\nCoffee?\n\n"
        "FINCH\nNo.\n\nRUIZ\nWe found the ledger.\n\nKOWALSKI\nWhose books are these, Walter?\n\n"
    )
    script = parse(text)
    line = len(text.split("\n")) - 1
    ruiz, finch = features(script, line, ["RUIZ", "FINCH"])
    vocative, addressed = FEATURES.index("vocative"), FEATURES.index("addressed")
    assert finch[vocative] == 1.0 and finch[addressed] == 1.0
    assert ruiz[vocative] == 0.0 and ruiz[addressed] == 0.0


def test_addressed_character_is_among_the_first_choices(diner) -> None:
    # ROSS says "Sal, you were here that night." -> SAL is addressed.
    line = line_of(DINER, "Sal, you were here that night.") + 2
    prior = turn_taking_prior(diner, line, ["ROSS", "ELLEN", "SAL"])
    assert prior["SAL"] > prior["ROSS"]
    assert previous_but_one_speaker(diner, line) == "SAL"


def test_next_speaker_task_scores_real_names_and_keeps_rules_in_charge() -> None:
    script = parse(THREE)
    line = len(THREE.split("\n")) - 1
    step, ranking = _finish(next_speaker_task(script, line), lambda step: [-0.1] * len(step.candidates))
    assert isinstance(step, Score)
    assert set(step.candidates) == {"\n\nANNA\n", "\n\nBEN\n"}  # CARL just spoke
    assert step.prompt.endswith("Anywhere.")
    assert ranking.used_model and ranking.best in ("ANNA", "BEN")
    # The model's strong preference moves the choice between equally placed candidates.
    names = [c.strip() for c in step.candidates]
    _, for_anna = _finish(
        next_speaker_task(script, line),
        lambda step: [-0.01 if "ANNA" in c else -12.0 for c in step.candidates],
    )
    _, for_ben = _finish(
        next_speaker_task(script, line),
        lambda step: [-0.01 if "BEN" in c else -12.0 for c in step.candidates],
    )
    assert names and for_anna.candidates[0].score != for_ben.candidates[0].score


def test_combine_still_ranks_by_a_given_prior_and_model() -> None:
    weak = combine(["ANNA", "BEN"], {"ANNA": 0.1, "BEN": 0.9}, [-1.0, -1.5])
    assert weak.best == "BEN"
    strong = combine(["ANNA", "BEN"], {"ANNA": 0.4, "BEN": 0.6}, [-0.1, -9.0])
    assert strong.best == "ANNA"


def test_no_characters_no_model_step() -> None:
    script = parse("INT. ROOM - DAY\n\nNothing.\n\n")
    step, ranking = _finish(next_speaker_task(script, 3), lambda step: [])
    assert step is None and ranking.best is None


def test_weights_were_fitted_on_tune_only() -> None:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert "TUNE" in data["about"]
    assert data["tune_cases"] == len(speaker_cases("tune"))
    assert {"with_model", "rules"} <= set(data)


def test_devset_parts_are_disjoint_and_large_enough() -> None:
    tune = {name for name, _ in scripts("tune")}
    held = {name for name, _ in scripts("eval")}
    assert len(tune) >= 5 and len(held) >= 5 and not tune & held
    cases = speaker_cases("eval")
    assert len(cases) >= 100
    assert any(c.first_time for c in cases)


def test_a_describing_word_of_an_introduced_name_does_not_call_anyone() -> None:
    # OLD TOM is introduced; the cue says TOM. "old" in a speech is not Tom being called.
    text = (
        "INT. PUB - NIGHT\n\nOLD TOM (80s) nurses a pint. JUNE (30s) wipes the bar.\n\n"
        "TOM\nQuiet tonight.\n\nJUNE\nIt's this old place, isn't it?\n\n"
    )
    script = parse(text)
    (tom,) = features(script, len(text.split("\n")) - 1, ["TOM"])
    assert tom[FEATURES.index("addressed")] == 0.0 and tom[FEATURES.index("vocative")] == 0.0
