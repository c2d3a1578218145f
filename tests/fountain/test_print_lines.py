"""Where a source line's first printed word starts: what the page view hangs left of its column."""

from __future__ import annotations

import pytest

from editor.fountain.print_lines import dropped_lead, source_starts


@pytest.mark.parametrize(
    ("text", "printed", "lead"),
    [
        ("BOB", "BOB", 0),
        ("@McCLANE", "McCLANE", 1),
        ("\t\tBOB", "BOB", 2),
        ("    Hello there.", "    Hello there.", 4),  # action keeps its indent: hangs by 4 - 4 = 0
        ("> CUT TO:", "CUT TO:", 2),
        ("> THE END <", "THE END", 2),
        (".FLASHBACK", "FLASHBACK", 1),
        ("~Row, row, row", "Row, row, row", 1),
        ("!LOUD NOISES fill the room.", "LOUD NOISES fill the room.", 1),
        ("**BOOM** goes the door.", "BOOM goes the door.", 2),
        ("_*Very*_ quiet.", "Very quiet.", 2),
        ("...and then nothing.", "...and then nothing.", 0),  # the dots print
        ("*not closed", "*not closed", 0),  # an unclosed star prints
        ("[[a long note]] Bob waits.", "Bob waits.", 0),  # a note is not hung: it may be long
        ("/* cut */ Bob waits.", "Bob waits.", 0),
        ("", "", 0),
    ],
)
def test_what_print_drops_before_the_first_word(text: str, printed: str, lead: int) -> None:
    assert dropped_lead(text, printed) == lead


def test_later_lines_start_with_their_opening_markup() -> None:
    text = "Bob waits by the **door** for a long while."
    assert source_starts(text, ["Bob waits by the", "door for a long while."]) == [0, 17]
