"""The Characters dock: the cast table, rename everywhere and merge, each one undo step."""

from __future__ import annotations

from pathlib import Path

SCRIPT = """INT. WARD - NIGHT

MAYA CHEN (30s), a night nurse who never sits down, checks a chart.

MAYA CHEN
Who moved bed four?

PATEL (O.S.)
Me.

EXT. ROOF - DAWN

Maya Chen smokes.

MAYA CHEN (CONT'D)
Never again.

MAYA CHAN
Typo twin.
"""


def _open(make_window, qtbot, tmp_path: Path):
    path = tmp_path / "ward.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    window = make_window(size=(1400, 900))
    tab = window.open_path(path)
    window.desk.show_characters()
    view = window.desk.characters
    qtbot.waitUntil(lambda: view.table.rowCount() == 3)
    return window, tab, view


def _rows(view) -> list[tuple[str, ...]]:
    return [
        tuple(view.table.item(r, c).text() for c in range(view.table.columnCount()))
        for r in range(view.table.rowCount())
    ]


def test_table_lists_the_cast_with_introductions(make_window, qtbot, tmp_path) -> None:
    _window, _tab, view = _open(make_window, qtbot, tmp_path)
    rows = _rows(view)
    assert rows[0][:5] == ("MAYA CHEN", "2", "6", "2", "sc. 1")
    assert rows[0][5] == "MAYA CHEN (30s), a night nurse who never sits down, checks a chart."
    assert {r[0] for r in rows} == {"MAYA CHEN", "PATEL", "MAYA CHAN"}
    view.filter.setText("chan")
    assert [view.table.isRowHidden(r) for r in range(3)].count(False) == 1


def test_rename_everywhere_and_merge_are_single_undo_steps(make_window, qtbot, tmp_path) -> None:
    window, tab, view = _open(make_window, qtbot, tmp_path)
    changed = window.desk.model.rename_character("MAYA CHEN", "Nina Ray", in_prose=True)
    assert changed == 4
    text = tab.document.text()
    assert "NINA RAY (30s), a night nurse" in text and "Nina Ray smokes." in text
    assert "NINA RAY (CONT'D)" in text and "MAYA CHEN" not in text
    qtbot.waitUntil(lambda: "NINA RAY" in {r[0] for r in _rows(view)})
    tab.editor.undo()
    assert tab.document.text() == SCRIPT
    window.desk.model.rename_character("MAYA CHAN", "MAYA CHEN")  # merge the typo into the name
    qtbot.waitUntil(lambda: len(_rows(view)) == 2)
    assert _rows(view)[0][:2] == ("MAYA CHEN", "3")
    tab.editor.undo()
    assert tab.document.text() == SCRIPT
