"""Locked scene numbers across insertions, deletions and moves; unlocking renumbers."""

from __future__ import annotations

from editor.fountain.parser import parse
from editor.production.scene_numbers import lock_scene_numbers, number_key, unlock_scene_numbers


def script(*headings: str) -> str:
    return "\n".join(f"{h}\n\nSomething happens in {h.split('. ', 1)[-1].lower()}.\n" for h in headings)


def numbers(text: str) -> list[tuple[str, str]]:
    return [(s.heading, s.number) for s in parse(text).scenes]


BASE = script("INT. ONE - DAY", "INT. TWO - DAY", "INT. THREE - DAY", "INT. FOUR - DAY")


def locked() -> tuple[str, list[str]]:
    result = lock_scene_numbers(BASE)
    return result.text, result.numbers


def test_first_lock_numbers_every_scene_in_the_heading() -> None:
    text, nums = locked()
    assert nums == ["1", "2", "3", "4"]
    assert "INT. ONE - DAY #1#" in text
    assert numbers(text) == [
        ("INT. ONE - DAY", "1"),
        ("INT. TWO - DAY", "2"),
        ("INT. THREE - DAY", "3"),
        ("INT. FOUR - DAY", "4"),
    ]


def test_scenes_added_after_12_become_12a_12b_and_before_1_a1() -> None:
    text, nums = locked()
    text = text.replace(
        "INT. TWO - DAY #2#", "INT. NEW - DAY\n\nx\n\nINT. NEWER - DAY\n\ny\n\nINT. TWO - DAY #2#"
    )
    text = text.replace("INT. THREE - DAY #3#", "INT. TWO B - DAY\n\nz\n\nINT. THREE - DAY #3#")
    text = "INT. PROLOGUE - DAY\n\np\n\n" + text
    result = lock_scene_numbers(text, nums)
    assert [n for _h, n in numbers(result.text)] == ["A1", "1", "1A", "1B", "2", "2A", "3", "4"]
    assert sorted(result.added) == ["1A", "1B", "2A", "A1"]
    # Locking again changes nothing.
    assert lock_scene_numbers(result.text, result.numbers).text == result.text


def test_a_deleted_scene_stays_as_omitted_with_its_number() -> None:
    text, nums = locked()
    lines = text.split("\n")
    start = lines.index("INT. TWO - DAY #2#")
    end = lines.index("INT. THREE - DAY #3#")
    del lines[start:end]
    result = lock_scene_numbers("\n".join(lines), nums)
    assert result.omitted == ["2"]
    assert numbers(result.text) == [
        ("INT. ONE - DAY", "1"),
        ("OMITTED", "2"),
        ("INT. THREE - DAY", "3"),
        ("INT. FOUR - DAY", "4"),
    ]
    last = lock_scene_numbers(
        "\n".join(result.text.split("\n")[: result.text.split("\n").index("INT. FOUR - DAY #4#")]),
        result.numbers,
    )
    assert numbers(last.text)[-1] == ("OMITTED", "4")


def test_a_moved_scene_keeps_its_number_and_new_neighbours_number_from_the_ordered_ones() -> None:
    text, nums = locked()
    lines = text.split("\n")
    start = lines.index("INT. ONE - DAY #1#")
    end = lines.index("INT. TWO - DAY #2#")
    one = lines[start:end]
    rest = lines[:start] + lines[end:]
    at = rest.index("INT. FOUR - DAY #4#")
    moved = rest[:at] + one + ["INT. NEW - DAY", "", "n", ""] + rest[at:]
    result = lock_scene_numbers("\n".join(moved), nums)
    assert [n for _h, n in numbers(result.text)] == ["2", "3", "1", "3A", "4"]
    assert result.omitted == []


def test_unlock_removes_numbers_and_omitted_placeholders() -> None:
    text, nums = locked()
    lines = text.split("\n")
    del lines[lines.index("INT. TWO - DAY #2#") : lines.index("INT. THREE - DAY #3#")]
    result = lock_scene_numbers("\n".join(lines), nums)
    unlocked = unlock_scene_numbers(result.text)
    assert "#" not in unlocked and "OMITTED" not in unlocked
    assert numbers(unlocked) == [("INT. ONE - DAY", "1"), ("INT. THREE - DAY", "2"), ("INT. FOUR - DAY", "3")]


def test_number_order() -> None:
    ordered = ["A1", "B1", "1", "1A", "1B", "2", "12", "12A", "13"]
    assert sorted(ordered, key=number_key) == ordered
