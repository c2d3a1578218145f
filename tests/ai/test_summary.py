from __future__ import annotations

from support.ai_testkit import DINER

from editor.ai.context import scene_facts
from editor.ai.summary import (
    check_summary,
    extractive_summary,
    insert_synopses,
    is_truncated,
    scene_key,
    summarize_task,
)
from editor.ai.task import Generate, Generated
from editor.fountain.parser import parse


def _finish(task, reply: str):
    step = next(task)
    assert isinstance(step, Generate) and step.priority == "SUMMARY"
    try:
        task.send(Generated(reply))
    except StopIteration as done:
        return step, done.value
    raise AssertionError("summary task asked for more than one step")


def test_extractive_summary_names_only_real_people(diner) -> None:
    text = extractive_summary(diner, diner.scenes[0])
    assert text.startswith("Diner (night), Ross, Ellen and Sal:")
    assert "Ross slides into a booth across from Ellen." in text
    assert extractive_summary(diner, diner.scenes[1]) == "Parking Lot (night), Ellen: Ellen runs to her car."


def test_check_summary_rejects_invented_and_nameless(diner) -> None:
    scene = diner.scenes[0]
    facts = scene_facts(diner, scene)
    assert check_summary("Ross presses Ellen about the money.", diner, scene, facts) == (
        ["ROSS", "ELLEN"],
        "",
    )
    assert "invented" in check_summary("Ross asks Jennifer about the money.", diner, scene, facts)[1]
    # Copying the prompt's example names is inventing.
    assert "invented" in check_summary("Ross tells Oswin he is hiding.", diner, scene, facts)[1]
    assert (
        check_summary("A man talks to a woman about pie.", diner, scene, facts)[1]
        == "names nobody in the scene"
    )
    assert "words" in check_summary("Ross.", diner, scene, facts)[1]
    # True of any scene: not a summary of this one.
    assert check_summary("Ross and Ellen are in the middle of a conversation.", diner, scene, facts)[1] == (
        "says nothing the scene says"
    )
    assert check_summary("Ross and Ellen argue over the dollars.", diner, scene, facts)[1] == ""


def test_summary_task_compresses_extracted_facts_without_a_forced_subject(diner) -> None:
    step, result = _finish(
        summarize_task(diner, 0), " Ross presses Ellen about the missing money. Then more."
    )
    # Extract-then-compress: the prompt carries the scene's facts and ends on "Summary:" (no name).
    assert step.prompt.endswith("Summary:")
    assert "People: Ross, Ellen, Sal" in step.prompt and "Ross slides into a booth" in step.prompt
    assert (result.source, result.text) == ("model", "Ross presses Ellen about the missing money.")
    _, result = _finish(summarize_task(diner, 0), " Ross and Jennifer steal the pie.")
    assert result.source == "extractive" and "invented" in result.rejected
    assert "Jennifer" not in result.text
    # A sentence that leaves out one of the two main people loses to the extract.
    _, result = _finish(summarize_task(diner, 0), " Ross wants the missing money back.")
    assert result.source == "extractive" and "main people" in result.rejected
    # Who and where but nothing that happens: refused.
    _, result = _finish(summarize_task(diner, 0), " Ross and Ellen in the diner.")
    assert result.source == "extractive" and result.rejected == "says nothing the scene says"
    # Cut off mid-phrase: refused.
    _, result = _finish(summarize_task(diner, 0), " Ross asks Ellen about the money and the")
    assert result.source == "extractive"


def test_extractive_summary_rejoins_broken_action_and_ends_as_a_sentence() -> None:
    text = (
        "INT. WARD - NIGHT\n\nA monitor beeps.\nRain on the window.\n\n"
        "CAROL\nDad?\n\nMR. LUTZ\nLet her work.\n\nCarol grips the rail\nand waits.\n"
    )
    script = parse(text)
    summary = extractive_summary(script, script.scenes[0])
    assert summary == "Ward (night), Carol and Mr. Lutz: Carol grips the rail and waits."
    assert not is_truncated(summary)
    assert is_truncated("Ward (night), Mr. Lutz (80s),") and is_truncated("Carol grips the")
    assert is_truncated("Carol waits") and not is_truncated("Tom is not sure he is allowed in.")


def test_a_scene_without_action_quotes_its_first_speech_once() -> None:
    alone = parse("EXT. CAR LOT\n\nANNOUNCER (V.O.)\nDo you need a car? Come on down!\n")
    assert (
        extractive_summary(alone, alone.scenes[0]) == 'Car Lot, Announcer: "Do you need a car? Come on down!"'
    )
    two = parse("INT. HALL - NIGHT\n\nANNA\nWhere were you?\n\nBEN\nOut.\n")
    assert (
        extractive_summary(two, two.scenes[0]) == 'Hall (night), Anna and Ben: Anna says, "Where were you?"'
    )


def test_continuity_notes_are_not_times(diner) -> None:
    script = parse("INT. HALL - CONTINUOUS\n\nANNA\nHi.\n\nBEN\nHello.\n")
    assert extractive_summary(script, script.scenes[0]).startswith("Hall, Anna and Ben")


def test_summary_without_model_is_extractive(diner) -> None:
    task = summarize_task(diner, 1, use_model=False)
    try:
        next(task)
    except StopIteration as done:
        assert done.value.source == "extractive"


def test_scene_key_changes_only_with_the_scene() -> None:
    a = parse(DINER)
    b = parse(DINER.replace("Sal alone.", "Sal alone, mopping."))
    assert scene_key(a, a.scenes[0]) == scene_key(b, b.scenes[0])
    assert scene_key(a, a.scenes[2]) != scene_key(b, b.scenes[2])


def test_insert_synopses_touches_nothing_else(diner) -> None:
    new, written = insert_synopses(DINER, diner, {0: "x", 1: "Ellen flees.", 2: "Sal  mops\nthe floor."})
    assert written == [1, 2]  # scene 1 already has the writer's synopsis
    old_lines, new_lines = DINER.split("\n"), new.split("\n")
    added = [line for line in new_lines if line not in old_lines or line == ""]
    assert "= Ellen flees." in new_lines and "= Sal mops the floor." in new_lines
    # Removing the inserted lines gives back the original exactly.
    stripped = new.replace("\n\n= Ellen flees.", "").replace("\n\n= Sal mops the floor.", "")
    assert stripped == DINER
    assert added
    reparsed = parse(new)
    assert [s.synopsis for s in reparsed.scenes] == [
        "Ross questions Ellen about the missing money.",
        "Ellen flees.",
        "Sal mops the floor.",
    ]


def test_outline_is_valid_fountain_with_sections_headings_and_synopses() -> None:
    from editor.ai.summary import outline_fountain
    from editor.fountain.model import ElementType

    text = "# Act One\n\n" + DINER.split("\n", 3)[3]
    script = parse(text)
    outline = outline_fountain(script, {1: "Ellen flees."})
    assert outline.startswith(
        "# Act One\n\nINT. DINER - NIGHT\n\n= Ross questions Ellen about the missing money."
    )
    assert "EXT. PARKING LOT - NIGHT\n\n= Ellen flees.\n\nINT. DINER - DAY\n" in outline
    kinds = [e.type for e in parse(outline).elements]
    assert kinds.count(ElementType.SCENE_HEADING) == 3 and kinds.count(ElementType.SYNOPSIS) == 2


def test_no_sentence_break_inside_a_quotation() -> None:
    from editor.ai.summary import sentences

    assert sentences('He takes the "GURU 12 MI. NORTH" trail. She waits.') == [
        'He takes the "GURU 12 MI. NORTH" trail.',
        "She waits.",
    ]


def test_two_cues_for_one_person_are_one_main_character() -> None:
    from editor.ai.summary import main_characters

    text = (
        "EXT. PARK - DAY\n\nCYBER BOB, 40, strolls.\n\nBOB\nHi.\n\nMARGARET\nHello.\n\n"
        "CYBER BOB\nLook!\n\nMARGARET\nWhat?\n\nBOB\nThere.\n"
    )
    script = parse(text)
    facts = scene_facts(script, script.scenes[0])
    assert main_characters(facts, 3) == ["BOB", "MARGARET"]


def test_the_list_of_people_names_whoever_the_turn_sentence_names() -> None:
    text = (
        "INT. DINING ROOM - NIGHT\n\nGEORGE\nWho wants the end?\n\nDANIEL\nMe.\n\nGEORGE\nNobody.\n\n"
        "KATE\nHe moved out.\n\nDANIEL\nI knew.\n\nKATE\nDad.\n\nPAULINE\nWhen?\n\n"
        "Pauline sets the gravy boat down very carefully.\n"
    )
    script = parse(text)
    summary = extractive_summary(script, script.scenes[0])
    # Four speakers are all listed; Pauline, who speaks least, is the one the sentence is about.
    assert summary.startswith("Dining Room (night), George, Daniel, Kate and Pauline: Pauline sets")
    talk = "".join(f"{n}\nHi.\n\n" for n in ("AL", "BO", "AL", "CY", "BO", "DI", "ED", "AL"))
    crowd = parse("INT. PUB - NIGHT\n\n" + talk + "Ed knocks over a pint.\n")
    listed = "Pub (night), Al, Bo, Cy, Ed and others: Ed knocks"
    assert extractive_summary(crowd, crowd.scenes[0]).startswith(listed)


def test_capitals_in_the_turn_sentence_read_as_prose() -> None:
    from editor.ai.summary import _proper_case

    acronyms = "Jess finds a VHS tape marked NYPD."
    assert _proper_case(acronyms, ["JESS"]) == acronyms
    sounds = "The phone RINGS. SILENCE. ROSA (40s) enters."
    assert _proper_case(sounds, []) == "The phone rings. Silence. Rosa enters."
    assert _proper_case("BANG. A LOUD hiss from the SUV.", []) == "Bang. A loud hiss from the SUV."
    assert _proper_case("MR. LUTZ waves at KATE.", ["MR. LUTZ", "KATE"]) == "Mr. Lutz waves at Kate."


def test_a_one_person_scene_says_who_does_it_and_skips_the_introduction() -> None:
    script = parse(
        "INT. TABERNACLE - DAY\n\nIt is empty, except for:\n\n"
        "NOB, 42, white, male,\nordinary, if a tad officious.\n\n"
        "NOB\nAnd then, fire.\n\nThe tabernacle is on fire.\nBut it is not on fire.\n\n"
        "NOB\nYes. Fire.\n\nHe breaks out into a horrible robot dance.\n"
    )
    assert extractive_summary(script, script.scenes[0]) == (
        "Tabernacle (day), Nob: Nob breaks out into a horrible robot dance."
    )


def test_beside_its_heading_a_summary_drops_the_place_it_repeats() -> None:
    from editor.ai.summary import without_place

    script = parse(
        "INT. HALL - NIGHT\n\nANNA\nWhere were you?\n\nBEN\nOut.\n\nEXT. YARD\n\nBen digs a deep hole.\n"
    )
    hall, yard = script.scenes
    full = extractive_summary(script, hall)
    assert full.startswith("Hall (night), Anna and Ben: ")
    assert without_place(full, hall) == 'Anna and Ben: Anna says, "Where were you?"'
    assert without_place(extractive_summary(script, yard), yard) == "Ben: Ben digs a deep hole."
    # A summary that does not open with the place (the writer's own words, a model's) is kept.
    assert without_place("Ben comes home late.", hall) == "Ben comes home late."


def test_acronyms_keep_their_capitals_in_places_and_prose() -> None:
    from editor.ai.summary import _proper_case, display_name, display_place

    assert display_place("FBI HEADQUARTERS") == "FBI Headquarters"
    assert display_place("JFK AIRPORT - TERMINAL 4") == "JFK Airport - Terminal 4"
    assert display_place("O'HARE AIRPORT") == "O'Hare Airport"
    assert display_place("BOB'S DINER") == "Bob's Diner"
    # A character's name is a name, even one the word lists know as an acronym.
    assert display_name("BO") == "Bo" and display_name("O'BRIEN") == "O'Brien"
    prose = "Kate parks her SUV by the FBI office."
    assert _proper_case(prose.replace("Kate", "KATE"), ["KATE"]) == prose
    script = parse("INT. FBI HEADQUARTERS - NIGHT\n\nKATE\nWell?\n\nBO\nNothing.\n\nKate sits with Bo.\n")
    summary = extractive_summary(script, script.scenes[0])
    assert summary == "FBI Headquarters (night), Kate and Bo: Kate sits with Bo."


def test_places_keep_capitals_no_word_list_knows_when_they_cannot_be_said() -> None:
    from editor.ai.summary import display_name, display_place

    # Not in the acronym list, but no English word starts "wkrp" or ends "pd": letters, not a word.
    assert display_place("NYPD PRECINCT 14") == "NYPD Precinct 14"
    assert display_place("LAPD HEADQUARTERS") == "LAPD Headquarters"
    assert display_place("WKRP-STYLE RADIO STATION") == "WKRP-Style Radio Station"
    # Unknown words that can be said are names, and read as names.
    assert display_place("KIM'S APARTMENT") == "Kim's Apartment"
    assert display_place("GETTYSBURG FIELD") == "Gettysburg Field"
    assert display_place("MCALLISTER HOUSE") == "McAllister House"
    assert display_name("MCCOY") == "McCoy"
    assert display_place("THE III CORPS - IV DRIP ROOM") == "The III Corps - IV Drip Room"


def test_a_name_in_quotes_keeps_its_capital() -> None:
    from editor.ai.summary import display_name

    assert display_name('"DUKE"') == '"Duke"' and display_name("(VOICE)") == "(Voice)"


def test_a_summary_quotes_the_words_never_the_markup() -> None:
    """Force markers, emphasis, notes and boneyard print as nothing; a synopsis that says
    "!LOUD NOISES" or "**BOOM**" reads as a glitch."""
    text = (
        "INT. CONTROL ROOM - NIGHT\n\n"
        "[[fix this later]]\n"
        "!BANG. The door **slams** /* cut: and rattles */ shut.\n\n"
        "@McCLANE\nI *told* you. [[too glib?]]\n"
    )
    script = parse(text)
    summary = extractive_summary(script, script.scenes[0])
    assert summary.startswith("Control Room (night), McClane: ") and "The door slams shut." in summary
    assert not any(mark in summary for mark in ("!", "*", "[[", "/*", "@", "fix", "rattles"))
    alone = parse("INT. HALL - NIGHT\n\n@McCLANE\nI *told* you so. [[too glib?]]\n")
    assert extractive_summary(alone, alone.scenes[0]) == 'Hall (night), McClane: "I told you so."'


def test_summaries_an_older_summarizer_cached_are_written_anew(monkeypatch) -> None:
    import editor.ai.summary as summary

    script = parse("INT. HALL - NIGHT\n\n!BANG. Anna drops the tray.\n")
    before = scene_key(script, script.scenes[0])
    monkeypatch.setattr(summary, "SUMMARY_VERSION", summary.SUMMARY_VERSION + 1)
    assert scene_key(script, script.scenes[0]) != before
