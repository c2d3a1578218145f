from __future__ import annotations

from editor.ai.draft import (
    check_draft,
    draft_task,
    length_budget,
    people_from_description,
    place_from_description,
    turn_count,
)
from editor.ai.task import Generate, Generated, Score


def test_place_comes_from_the_description() -> None:
    assert place_from_description("A detective questions a waitress in a diner about money.") == "DINER"
    assert place_from_description("Two kids at the old train station.") == "OLD TRAIN STATION"
    assert place_from_description("They argue.") == ""


def test_people_come_from_the_description() -> None:
    assert people_from_description("A boy confesses to his father in the garage.") == ["BOY", "FATHER"]
    assert people_from_description("Mara meets Hale in a diner.") == ["MARA", "HALE"]
    assert people_from_description("In Paris, Jean tells Marie the truth.") == ["JEAN", "MARIE"]
    assert people_from_description("Rain falls on an empty street.") == []


def test_notes_steer_length() -> None:
    assert length_budget("shorter please") < length_budget(None) < length_budget("make it longer")
    assert turn_count("shorter") < turn_count(None)


def test_check_draft_wants_a_real_scene() -> None:
    good = "INT. DINER - NIGHT\n\nRain.\n\nROSS\nWhere is it?\n"
    assert check_draft(good, ["ROSS", "ELLEN"]) == (["ROSS"], "")
    assert check_draft("INT. DINER - NIGHT\n\nRain.\n", [])[1] == "nobody speaks"
    assert "not asked for" in check_draft(good.replace("ROSS", "MIKE"), ["ROSS"])[1]
    assert check_draft("Rain.\n", [])[1] == "no scene heading"


def test_draft_task_builds_valid_fountain_step_by_step() -> None:
    """The test plays the model: every step's answer is checked before it is used."""
    task = draft_task("A detective questions a waitress in a diner.", ["Ross", "Ellen"], seed=3)
    step = next(task)
    assert isinstance(step, Score) and step.candidates == ("\n\nINT.", "\n\nEXT.")
    step = task.send([-1.0, -5.0])
    assert isinstance(step, Score) and step.prompt.endswith("INT. DINER - ")  # time of day
    step = task.send([-3.0, -1.0])
    assert isinstance(step, Generate) and step.purpose == "draft action"
    step = task.send(Generated("\nRain streaks the window of the empty diner.\n"))
    speeches = iter(["Where were you at nine?", "WORK WORK", "Working. Like always.", "Prove it."])
    result = None
    try:
        while True:
            if isinstance(step, Score):
                step = task.send([-1.0] * len(step.candidates))
            else:
                step = task.send(Generated(next(speeches, "Fine.")))
    except StopIteration as done:
        result = done.value
    assert result.ok, result.problems
    assert result.text.startswith("INT. DINER - NIGHT\n\nRain streaks the window of the empty diner.\n\n")
    assert "WORK WORK" not in result.text  # shouting fragment rejected, retried
    assert set(result.speakers) <= {"ROSS", "ELLEN"}
    assert "ROSS\nWhere were you at nine?" in result.text or "ELLEN\nWhere were you at nine?" in result.text


def test_empty_description_is_refused() -> None:
    task = draft_task("   ")
    try:
        next(task)
    except StopIteration as done:
        assert not done.value.ok and done.value.message


def test_brief_problem_names_what_the_draft_left_out() -> None:
    from editor.ai.draft import brief_problem

    brief = "Two sisters argue about selling the house in the kitchen."
    good = "INT. KITCHEN - NIGHT\n\nAnna slams a mug down.\n\nANNA\nWe sell it.\n\nBETH\nOver my dead body.\n"
    assert brief_problem(good, brief, ["ANNA", "BETH"]) == ""
    assert brief_problem(good.replace("BETH\n", "CARL\n"), brief, ["ANNA", "BETH"]) == "BETH does not speak"
    assert "heading" in brief_problem(good.replace("KITCHEN", "GARAGE"), brief, ["ANNA", "BETH"])
    garbled = good.replace("Anna slams a mug down.", "Anna grizzboteers the flombulator.")
    assert "not English" in brief_problem(garbled, brief, ["ANNA", "BETH"])
