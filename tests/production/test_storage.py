"""The Beat-compatible settings block: round trips, Beat's own files, byte-identical re-saves."""

from __future__ import annotations

import json

from editor.production import storage
from editor.production.marks import Span
from editor.production.storage import ProductionData, Revision

BODY = "INT. KITCHEN - DAY\n\nMaya pours coffee 😀 slowly.\n\nMAYA\nMorning.\n"


def test_block_round_trips_marks_revisions_spans_and_numbers() -> None:
    data = ProductionData(
        revisions=[Revision(1, "2026-12-01", locked=True), Revision(2, "2026-12-03")],
        recording=2,
        marks={2: 1, 5: 2},
        spans=[Span(BODY.index("Morning"), BODY.index("Morning") + 8, "SmolLM2-135M", "2026-12-03", "ghost")],
        locked_numbers=["1"],
    )
    text = storage.join(BODY, data)
    assert text.startswith(BODY + "\n\n" + storage.BEAT_OPEN)
    assert text.rstrip().endswith(storage.BEAT_CLOSE)
    body, block = storage.split(text)
    assert body == BODY
    assert block is not None
    assert block.data.marks == {2: 1, 5: 2}
    assert [(r.generation, r.date, r.locked) for r in block.data.revisions] == [
        (1, "2026-12-01", True),
        (2, "2026-12-03", False),
    ]
    assert block.data.recording == 2
    assert block.data.spans == data.spans
    assert block.data.locked_numbers == ["1"]
    # Unchanged data writes the block back byte for byte.
    assert storage.join(body, block.data, block) == text


def test_beat_sees_our_marks_in_its_own_key_with_utf16_offsets() -> None:
    text = storage.join(BODY, ProductionData(revisions=[Revision(2, "")], marks={2: 2}))
    settings = json.loads(text[text.index("{") : text.rindex("}") + 1])
    [(loc, length, level)] = settings["Revision"]["Addition"]
    # Beat counts UTF-16 units: the emoji is two of them.
    line = BODY.split("\n")[2]
    assert loc == BODY.index(line) and length == len(line.encode("utf-16-le")) // 2
    assert level == 1  # Beat's Pink


def test_a_file_written_by_beat_gives_its_marks_and_keeps_its_other_settings() -> None:
    line = BODY.split("\n")[5]
    beat = {
        "Revision": {"Addition": [[BODY.index(line) + 1, 3, 0]], "Removed": [], "RemovalSuggestion": []},
        "Revision Level": 0,
        "Caret Position": 12,
        "CharacterGenders": {"MAYA": "woman"},
    }
    text = BODY + "\n\n" + storage.BEAT_OPEN + " " + json.dumps(beat) + " " + storage.BEAT_CLOSE
    body, block = storage.split(text)
    assert body == BODY and block is not None
    assert block.data.marks == {5: 1}  # Beat's level 0 is Blue
    saved = storage.join(body, block.data, block)
    assert saved == text  # nothing changed: the block is Beat's, byte for byte
    block.data.marks[0] = 1
    settings = json.loads(
        storage.join(body, block.data, block).split(storage.BEAT_OPEN)[1].split(storage.BEAT_CLOSE)[0]
    )
    assert settings["Caret Position"] == 12 and settings["CharacterGenders"] == {"MAYA": "woman"}


def test_legacy_colour_levels_and_the_modern_settings_block() -> None:
    beat = {"Revision": {"Addition": [[0, 4, "orange"]]}}
    body, block = storage.split(BODY + "\n\n/** settings: " + json.dumps(beat) + " **/")
    assert block is not None and body == BODY
    assert block.data.marks == {0: 2}


def test_a_broken_block_stays_in_the_text() -> None:
    text = BODY + "\n\n" + storage.BEAT_OPEN + " {not json END_BEAT */"
    body, block = storage.split(text)
    assert block is None and body == text


def test_no_data_no_block() -> None:
    assert storage.join(BODY, ProductionData()) == BODY


def test_ai_spans_are_found_again_when_another_app_edited_the_text() -> None:
    start = BODY.index("Morning")
    text = storage.join(BODY, ProductionData(spans=[Span(start, start + 8, "m", "d", "ghost")]))
    edited = "FADE IN:\n\n" + text
    body, block = storage.split(edited)
    assert block is not None
    [span] = block.data.spans
    assert body[span.start : span.end] == "Morning."
