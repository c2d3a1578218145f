"""Typing like a writer: key events in, plain Fountain and the right element types out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from support.editor_testkit import drain, type_text, types_of

from editor.fountain.model import LineType
from editor.fountain.parser import parse
from editor.page.element_indents import column_for

SCENE_KEYS = (
    "int. kitchen - night\n"
    "Rain hammers the window. MAYA stirs a pot.\n"
    "\tmaya\n"
    "Where were you?\n"
    "\ttom\n"
    "(softly)\tOut.\n"
)


def _assert_in_step(editor) -> None:
    doc = editor.script_document
    blocks = []
    block = doc.qdoc.firstBlock()
    while block.isValid():
        blocks.append(block.text())
        block = block.next()
    assert doc.parser.lines == blocks
    assert doc.parser.line_types == parse(doc.text()).line_types


def test_a_scene_typed_with_enter_and_tab_is_plain_fountain(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, SCENE_KEYS)
    doc = editor.script_document
    assert doc.text() == (
        "INT. KITCHEN - NIGHT\n\nRain hammers the window. MAYA stirs a pot.\n\n"
        "MAYA\nWhere were you?\n\nTOM\n(softly)\nOut.\n\n"
    )
    assert types_of(editor)[:10] == [
        "SCENE_HEADING",
        "EMPTY",
        "ACTION",
        "EMPTY",
        "CHARACTER",
        "DIALOGUE",
        "EMPTY",
        "CHARACTER",
        "PARENTHETICAL",
        "DIALOGUE",
    ]
    _assert_in_step(editor)


def test_tab_on_empty_line_starts_an_uppercase_cue_shown_at_the_cue_indent(qtbot, make_editor) -> None:
    editor = make_editor("Some action.\n\n")
    editor.go_to_line(2)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.element_at_cursor() is LineType.CHARACTER
    type_text(qtbot, editor, "nina")
    drain()
    block = editor.textCursor().block()
    assert block.text() == "NINA"
    # Before Fountain can know it is a cue (no dialogue yet) the page already shows it as one.
    x = block.layout().lineAt(0).x()
    assert x == editor.script_document.layout._geo[int(LineType.CHARACTER)][0]
    assert column_for(LineType.CHARACTER).indent == 20


def test_tab_cycles_cue_transition_action_and_shift_tab_goes_back(qtbot, make_editor) -> None:
    editor = make_editor()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.element_at_cursor() is LineType.CHARACTER
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.element_at_cursor() is LineType.TRANSITION
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.element_at_cursor() is LineType.CHARACTER
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_text(qtbot, editor, "smash to\n")
    # A transition that does not end in TO: is forced with ">" so Fountain keeps it a transition.
    assert editor.script_document.parser.lines[0] == ">SMASH TO"
    assert editor.script_document.line_type(0) is LineType.TRANSITION


def test_enter_after_dialogue_ends_the_speech_with_a_blank_line(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tbob\nHello.\nHe leaves.")
    assert editor.script_document.text() == "BOB\nHello.\n\nHe leaves."
    assert types_of(editor) == ["CHARACTER", "DIALOGUE", "EMPTY", "ACTION"]


def test_paren_in_empty_dialogue_line_starts_a_parenthetical(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tann\n(beat")
    assert editor.script_document.parser.lines == ["ANN", "(beat)"]
    # Typing ")" steps over the closing parenthesis smart typing inserted.
    type_text(qtbot, editor, ")\nWell.")
    assert editor.script_document.text() == "ANN\n(beat)\nWell."
    assert types_of(editor) == ["CHARACTER", "PARENTHETICAL", "DIALOGUE"]


def test_tab_at_end_of_dialogue_opens_a_parenthetical(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tann\nWait.\twhispers\tGo.")
    assert editor.script_document.text() == "ANN\nWait.\n(whispers)\nGo."
    assert types_of(editor) == ["CHARACTER", "DIALOGUE", "PARENTHETICAL", "DIALOGUE"]


def test_backspace_removes_an_empty_parenthetical(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tann\n(\b")
    assert editor.script_document.parser.lines == ["ANN", ""]


def test_heading_is_uppercased_as_typed_and_undo_is_one_step_per_action(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "ext. pier")
    assert editor.script_document.parser.lines == ["EXT. PIER"]
    editor.undo()
    assert editor.script_document.parser.lines[0] != "EXT. PIER"
    while editor.document().isUndoAvailable():
        editor.undo()
    assert editor.script_document.text() == ""
    _assert_in_step(editor)


def test_shift_enter_is_a_plain_fountain_newline(qtbot, make_editor) -> None:
    editor = make_editor()
    type_text(qtbot, editor, "\tbob\nOne line")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_text(qtbot, editor, "and another")
    assert editor.script_document.text() == "BOB\nOne line\nand another"
    assert "\u2028" not in editor.script_document.text()
    assert types_of(editor) == ["CHARACTER", "DIALOGUE", "DIALOGUE"]


def test_a_cue_typed_without_tab_is_recognised_when_dialogue_follows(qtbot, make_editor) -> None:
    editor = make_editor("The door opens.\n\n")
    editor.go_to_line(2)
    type_text(qtbot, editor, "LUCAS")
    assert editor.script_document.line_type(2) is LineType.ACTION
    type_text(qtbot, editor, "\nI'm back.")
    drain()
    doc = editor.script_document
    assert doc.line_type(2) is LineType.CHARACTER
    # Look-back: the cue's block was re-highlighted and re-laid out when the line below got text.
    cue = doc.qdoc.findBlockByNumber(2)
    assert cue.userState() == int(LineType.CHARACTER)
    assert cue.layout().lineAt(0).x() == doc.layout._geo[int(LineType.CHARACTER)][0]
    _assert_in_step(editor)


def test_boneyard_retypes_everything_after_it_and_back(qtbot, make_editor) -> None:
    editor = make_editor("INT. A - DAY\n\nBOB\nHi.\n\nEXT. B - NIGHT\n")
    editor.go_to_line(2)
    type_text(qtbot, editor, "/*")
    drain()
    doc = editor.script_document
    assert all(t is LineType.BONEYARD for t in doc.parser.line_types[2:])
    assert doc.qdoc.findBlockByNumber(5).userState() == int(LineType.BONEYARD)
    type_text(qtbot, editor, "\b\b")
    drain()
    assert doc.line_type(5) is LineType.SCENE_HEADING
    assert doc.qdoc.findBlockByNumber(5).userState() == int(LineType.SCENE_HEADING)
    _assert_in_step(editor)


def test_smart_typing_off_leaves_keys_alone(qtbot, make_editor) -> None:
    editor = make_editor()
    editor.smart.enabled = False
    type_text(qtbot, editor, "int. x\nbob")
    assert editor.script_document.text() == "int. x\nbob"


def test_paste_is_plain_text_with_normalised_newlines(qtbot, make_editor) -> None:
    from PySide6.QtCore import QMimeData

    editor = make_editor()
    data = QMimeData()
    data.setText("BOB\r\nHi.\r\n")
    editor.insertFromMimeData(data)
    assert editor.script_document.text() == "BOB\nHi.\n"
    _assert_in_step(editor)


def test_layouts_stay_at_their_indents_across_resizes_and_zoom(qtbot, make_editor) -> None:
    editor = make_editor("INT. A - DAY\n\nBOB\nHello there.\n")
    layout = editor.script_document.layout
    cue = editor.script_document.qdoc.findBlockByNumber(2)
    for width, height, zoom in ((1000, 500, 100), (1000, 900, 100), (700, 900, 100), (1200, 800, 150)):
        editor.resize(width, height)
        editor.set_zoom(zoom)
        editor.viewport().update()
        qtbot.wait(20)
        layout.blockBoundingRect(cue)
        assert cue.layout().lineAt(0).x() == layout._geo[int(LineType.CHARACTER)][0]
        assert cue.layout().lineAt(0).x() > layout._geo[int(LineType.ACTION)][0]


def test_enter_at_the_end_of_an_existing_cue_keeps_its_speech_together(qtbot, make_editor) -> None:
    editor = make_editor("INT. A - DAY\n\nBOB\nHello.\n\nShe leaves.\n")
    editor.go_to_line(2)
    editor.moveCursor(editor.textCursor().MoveOperation.EndOfBlock)
    type_text(qtbot, editor, "\n(quietly")
    doc = editor.script_document
    assert doc.text() == "INT. A - DAY\n\nBOB\n(quietly)\nHello.\n\nShe leaves.\n"
    assert types_of(editor)[2:5] == ["CHARACTER", "PARENTHETICAL", "DIALOGUE"]
    # Enter in the middle of a speech, after the parenthetical: a new dialogue line, still attached.
    type_text(qtbot, editor, ")\nWell.")
    assert doc.parser.lines[2:6] == ["BOB", "(quietly)", "Well.", "Hello."]
    assert types_of(editor)[2:6] == ["CHARACTER", "PARENTHETICAL", "DIALOGUE", "DIALOGUE"]
