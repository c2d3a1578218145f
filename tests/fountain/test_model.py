from editor.fountain.model import Element, ElementType, LineType, Scene, Script


def _script() -> Script:
    elements = [
        Element(ElementType.SCENE_HEADING, "INT. HOUSE - DAY", 0, 0, 0, 16, scene_number="1"),
        Element(ElementType.ACTION, "Rain.", 2, 2, 18, 23),
        Element(ElementType.SCENE_HEADING, "EXT. YARD - NIGHT", 4, 4, 25, 42),
    ]
    scenes = [
        Scene(0, "1", "INT. HOUSE - DAY", 0, 3, 0, 24),
        Scene(1, "2", "EXT. YARD - NIGHT", 4, 4, 25, 42),
    ]
    types = [LineType.SCENE_HEADING, LineType.EMPTY, LineType.ACTION, LineType.EMPTY, LineType.SCENE_HEADING]
    return Script(text="", line_types=types, elements=elements, scenes=scenes)


def test_lookup_by_line() -> None:
    script = _script()
    assert script.element_at_line(2).text == "Rain."
    assert script.element_at_line(1) is None
    assert script.scene_at_line(3).index == 0
    assert script.scene_at_line(4).index == 1


def test_element_json_is_one_based_and_sparse() -> None:
    out = Element(ElementType.ACTION, "Rain.", 2, 2, 18, 23).to_json()
    assert out["line"] == 3 and out["end_line"] == 3
    assert "scene_number" not in out and "dual" not in out


def test_dialogue_block_membership() -> None:
    assert LineType.DUAL_DIALOGUE.is_dialogue_block and LineType.DUAL_DIALOGUE.is_dual
    assert not LineType.ACTION.is_dialogue_block
