"""Long scripts are highlighted lazily: the first screen at once, the rest in idle-time slices.

The thresholds are lowered here so that a few hundred lines count as "long"; what must hold is
that the end result is exactly what synchronous highlighting gives, that an edit does not make
Qt's ripple run over the never-highlighted rest of the document, and that nothing is lost while
the slices run.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument
from support.synthetic import generate_script

from editor.config.resources import load_script_fonts, script_font
from editor.fountain.model import LineType
from editor.page import document as document_module
from editor.page import highlighter as highlighter_module
from editor.page.document import ScriptDocument


@pytest.fixture
def lazy(monkeypatch) -> None:
    monkeypatch.setattr(highlighter_module, "LAZY_BLOCKS", 100)
    monkeypatch.setattr(highlighter_module, "FIRST_SCREEN_BLOCKS", 20)
    monkeypatch.setattr(document_module, "LARGE_LINES", 100)
    load_script_fonts()


def _formats(qdoc: QTextDocument) -> list[list[tuple[int, int, str, int, bool, bool, tuple[str, ...]]]]:
    out = []
    block = qdoc.firstBlock()
    while block.isValid():
        ranges = []
        for r in block.layout().formats():
            f = r.format
            families = tuple(str(x) for x in (f.fontFamilies() or []))
            ranges.append(
                (
                    r.start,
                    r.length,
                    f.foreground().color().name(),
                    int(f.fontWeight()),
                    f.fontItalic(),
                    f.fontUnderline(),
                    families,
                )
            )
        out.append(ranges)
        block = block.next()
    return out


def _states(qdoc: QTextDocument) -> list[int]:
    out = []
    block = qdoc.firstBlock()
    while block.isValid():
        out.append(block.userState())
        block = block.next()
    return out


def _reference(text: str) -> ScriptDocument:
    """The same text highlighted synchronously (the thresholds restored)."""
    saved = highlighter_module.LAZY_BLOCKS
    highlighter_module.LAZY_BLOCKS = 10**9
    try:
        return ScriptDocument(text, font=script_font())
    finally:
        highlighter_module.LAZY_BLOCKS = saved


def _wait_highlighted(qtbot, doc: ScriptDocument) -> None:
    qtbot.waitUntil(lambda: not doc.highlighter.is_highlighting(), timeout=20000)


def test_long_script_paints_first_screen_now_and_the_rest_in_slices(qtbot, lazy) -> None:
    text = generate_script(12)
    doc = ScriptDocument(text, font=script_font())
    n = doc.qdoc.blockCount()
    assert n > 300
    states = _states(doc.qdoc)
    assert all(s >= 0 for s in states[:20])
    assert states[-1] == -1  # not painted while opening
    assert doc.highlighter.is_highlighting()
    _wait_highlighted(qtbot, doc)
    ref = _reference(text)
    assert _states(doc.qdoc) == [int(t) for t in doc.parser.line_types]
    assert _formats(doc.qdoc) == _formats(ref.qdoc)


def test_an_edit_does_not_ripple_over_the_unpainted_rest_and_ends_right(qtbot, lazy) -> None:
    text = generate_script(12)
    doc = ScriptDocument(text, font=script_font())
    qdoc = doc.qdoc
    # Typing into a block never painted paints it, and the ripple stops right after it.
    block = qdoc.findBlockByNumber(150)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText(" more")
    assert qdoc.findBlockByNumber(150).userState() == int(doc.parser.line_types[150])
    assert qdoc.findBlockByNumber(qdoc.blockCount() - 1).userState() == -1
    # An edit that re-types everything below it (a boneyard opened) and a multi-line paste.
    cursor = QTextCursor(qdoc.findBlockByNumber(60))
    cursor.insertText("/*\n")
    cursor = QTextCursor(qdoc.findBlockByNumber(10))
    cursor.insertText("INT. PASTED - DAY\n\nA line.\n\n")
    _wait_highlighted(qtbot, doc)
    doc._flush_retyped()
    ref = _reference(doc.text())
    assert [int(t) for t in doc.parser.line_types] == [int(t) for t in ref.parser.line_types]
    assert _states(qdoc) == [int(t) for t in ref.parser.line_types]
    assert _formats(qdoc) == _formats(ref.qdoc)
    assert LineType.BONEYARD in doc.parser.line_types


def test_theme_switch_on_a_long_script_repaints_in_slices(qtbot, lazy) -> None:
    from editor.config.theme import DARK

    text = generate_script(12)
    doc = ScriptDocument(text, font=script_font())
    _wait_highlighted(qtbot, doc)
    doc.highlighter.set_colors(DARK)
    assert doc.highlighter.is_highlighting()
    _wait_highlighted(qtbot, doc)
    ref = _reference(text)
    ref.highlighter.set_colors(DARK)
    assert _formats(doc.qdoc) == _formats(ref.qdoc)


def test_long_script_snapshot_is_built_off_the_ui_thread(qtbot, lazy) -> None:
    text = generate_script(12)
    doc = ScriptDocument(text, font=script_font())
    assert doc.is_large()
    assert doc.snapshot_if_ready() is None
    with qtbot.waitSignal(doc.structure_changed, timeout=20000):
        doc.request_snapshot()
    built = doc.snapshot_if_ready()
    assert built is not None
    assert built.scenes == _reference(text).script().scenes


def test_a_long_scene_list_fills_in_slices_filtered_and_follows_the_cursor(qtbot, monkeypatch) -> None:
    from editor.fountain.parser import parse
    from editor.window import navigator as navigator_module

    monkeypatch.setattr(navigator_module, "ROWS_PER_SLICE", 3)
    text = "\n\n".join(f"INT. ROOM {i} - DAY\n\n{'MAYA' if i % 2 else 'RAY'}\nHi." for i in range(10))
    script = parse(text)
    nav = navigator_module.SceneNavigator()
    qtbot.addWidget(nav)
    nav.filter_edit.setText("room")
    nav.set_script(script)
    nav.set_current_line(script.scenes[8].line)
    assert nav.list.count() == 3 and nav.is_filling()
    assert len(nav.visible_entries()) == 10
    qtbot.waitUntil(lambda: not nav.is_filling(), timeout=5000)
    assert nav.list.count() == 10
    assert nav.current_scene_row() == 8
    nav.filter_edit.setText("ROOM 7")
    assert [e.heading for e in nav.visible_entries()] == ["INT. ROOM 7 - DAY"]
