"""Marks follow the text: revision generations by recomputation, AI spans edit by edit."""

from __future__ import annotations

from editor.production.marks import Span, SpanTracker, carry_marks, next_mark

BASE = "INT. A - DAY\n\nOne.\n\nTwo.\n\nINT. B - DAY\n\nThree.\n"


def test_earlier_generations_keep_their_marks_and_new_changes_get_the_current_one() -> None:
    base_marks = {2: 1}  # "One." was changed in Blue
    current = BASE.replace("Three.", "Three, changed.").replace(
        "INT. A - DAY\n", "INT. A - DAY\n\nNew line.\n"
    )
    marks = carry_marks(BASE, base_marks, current, 2)
    lines = current.split("\n")
    assert {lines[k]: g for k, g in marks.items()} == {"New line.": 2, "One.": 1, "Three, changed.": 2}


def test_a_moved_scene_keeps_its_lines_marks() -> None:
    a, b = BASE.split("INT. B - DAY")
    moved = "INT. B - DAY" + b + "\n" + a
    marks = carry_marks(BASE, {2: 1}, moved, 2)
    lines = moved.split("\n")
    assert marks[lines.index("One.")] == 1


def test_next_and_previous_change() -> None:
    marks = {3: 1, 4: 1, 9: 2}
    assert next_mark(marks, 0) == 3
    assert next_mark(marks, 3) == 9
    assert next_mark(marks, 9) is None
    assert next_mark(marks, 10, forward=False) == 9
    assert next_mark(marks, 9, forward=False) == 3


def test_span_tracker_follows_edits_and_typing_inside_is_the_writers() -> None:
    tracker = SpanTracker([Span(10, 20, "m", "d")])
    tracker.apply(0, 0, 5)  # typed before: the span moves
    assert [(s.start, s.end) for s in tracker.spans] == [(15, 25)]
    tracker.apply(18, 0, 3)  # typed inside: split around the writer's text
    assert [(s.start, s.end) for s in tracker.spans] == [(15, 18), (21, 28)]
    tracker.apply(28, 0, 2)  # typed right after: not the AI's
    assert [(s.start, s.end) for s in tracker.spans] == [(15, 18), (21, 28)]
    tracker.apply(16, 7, 0)  # a deletion across both parts
    assert [(s.start, s.end) for s in tracker.spans] == [(15, 16), (16, 21)]
    tracker.apply(15, 6, 0)  # all gone
    assert tracker.spans == []


def test_merged_joins_adjacent_spans_of_one_model() -> None:
    tracker = SpanTracker([Span(0, 5, "m", "d"), Span(5, 9, "m", "d"), Span(9, 12, "other", "d")])
    assert [(s.start, s.end, s.model) for s in tracker.merged()] == [(0, 9, "m"), (9, 12, "other")]
