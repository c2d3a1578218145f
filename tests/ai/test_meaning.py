from __future__ import annotations

from editor.ai.meaning import meaning_flip


def test_denial_turned_into_agreement_is_a_flip() -> None:
    assert "denial" in meaning_flip("I didn't burn it.", "I burned it.")
    assert meaning_flip("I didn't burn it.", "I never set that fire.") == ""


def test_question_turned_into_a_statement_is_a_flip() -> None:
    assert "question" in meaning_flip("Is that good?", "That is good.")
    assert meaning_flip("Is that good?", "Good news, then?") == ""


def test_pronoun_person_changes_are_flips() -> None:
    assert "person" in meaning_flip("He wants the money.", "I want the money.")
    assert "person" in meaning_flip("She crosses the room.", "You cross the room.")
    assert meaning_flip("I really think it is a bad idea to go.", "Going is a bad idea, I think.") == ""


def test_who_does_what_and_introductions_are_kept() -> None:
    names = ["ROSS", "ELLEN"]
    assert "who does what" in meaning_flip("Ross slides toward Ellen.", "Ellen slides toward Ross.", names)
    assert meaning_flip("Ross slides toward Ellen.", "Ross edges closer to Ellen.", names) == ""
    assert "introduction" in meaning_flip("MARY (30s), a doctor, enters.", "A doctor comes in.", names)
    assert meaning_flip("MARY (30s), a doctor, enters.", "MARY (30s), a doctor, walks in.", names) == ""
