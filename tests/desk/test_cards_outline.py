"""Index cards and the outline in the window: drag a card or a row to move a scene (one undo step,
every byte kept), colours in Beat's syntax, synopses written as ``=`` lines, page budgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView

SCRIPT = """Title: Quarry

# Act One [[pages: 1]]

INT. HOUSE - DAY [[red]]
= Zara finds the key.

Zara waits by the door.

ZARA
Where is it?

EXT. YARD - NIGHT

Rain. Zara digs.

# Act Two

INT. CAR - DAY

Driving, fast.

INT. QUARRY - NIGHT #4#

The key fits.
"""


def _open(make_window, qtbot, tmp_path: Path, text: str = SCRIPT):
    path = tmp_path / "quarry.fountain"
    path.write_text(text, encoding="utf-8")
    window = make_window(size=(1400, 900))
    tab = window.open_path(path)
    window.desk.show_cards()
    qtbot.waitUntil(lambda: window.desk.model.pages is not None, timeout=10000)
    return window, tab


def _headings(window) -> list[str]:
    return [s.heading for s in window.desk.model.outline.scenes]


def _drop(board, source_row: int, target_row: int) -> None:
    """A real QDropEvent on the board, as Qt delivers one at the end of a drag."""
    board.setCurrentRow(source_row)
    rect = board.visualItemRect(board.item(target_row))
    pos = QPointF(rect.left() + 5, rect.center().y())
    mime = board.mimeData([board.item(source_row)]) or QMimeData()
    event = QDropEvent(
        pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    board.dropEvent(event)


def test_cards_show_every_scene_grouped_by_section(make_window, qtbot, tmp_path) -> None:
    window, _tab = _open(make_window, qtbot, tmp_path)
    board = window.desk.cards.board
    rows = [
        (board.item(r).data(Qt.ItemDataRole.UserRole + 1), board.item(r).text()) for r in range(board.count())
    ]
    assert rows == [
        ("section", "Act One"),
        ("scene", "INT. HOUSE - DAY"),
        ("scene", "EXT. YARD - NIGHT"),
        ("section", "Act Two"),
        ("scene", "INT. CAR - DAY"),
        ("scene", "INT. QUARRY - NIGHT"),
    ]
    first = board.item(1)
    assert first.data(Qt.ItemDataRole.UserRole + 4) == "red"
    assert first.data(Qt.ItemDataRole.UserRole + 6) == "Zara finds the key."
    assert first.data(Qt.ItemDataRole.UserRole + 8).startswith("p. 1 · ")
    assert board.item(5).data(Qt.ItemDataRole.UserRole + 5) == "4"


def test_dragging_a_card_moves_the_scene_in_one_undo_step(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    board = window.desk.cards.board
    _drop(board, 5, 1)  # QUARRY before HOUSE
    assert _headings(window) == [
        "INT. QUARRY - NIGHT",
        "INT. HOUSE - DAY",
        "EXT. YARD - NIGHT",
        "INT. CAR - DAY",
    ]
    text = tab.document.text()
    assert sorted(text.split("\n")) == sorted(SCRIPT.split("\n"))  # every line kept
    assert "# Act One [[pages: 1]]\n\nINT. QUARRY - NIGHT #4#\n\nThe key fits.\n\nINT. HOUSE" in text
    tab.editor.undo()
    assert tab.document.text() == SCRIPT
    tab.editor.redo()
    window.desk.model.refresh(tab.document.script())
    # And back: QUARRY (now row 1) to the end of the board.
    board.setCurrentRow(1)
    window.desk.cards.drop_scene(0, -1)
    assert tab.document.text() == SCRIPT


def test_colour_and_synopsis_edits_write_fountain(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    model = window.desk.model
    model.set_color(1, "blue")
    assert "EXT. YARD - NIGHT [[blue]]\n" in tab.document.text()
    model.set_color(3, "green")
    assert "INT. QUARRY - NIGHT [[green]] #4#" in tab.document.text()
    model.set_color(0, None)
    assert "INT. HOUSE - DAY\n= Zara" in tab.document.text()
    model.set_synopsis(1, "Zara digs for the box.")
    assert "EXT. YARD - NIGHT [[blue]]\n= Zara digs for the box.\n\nRain." in tab.document.text()
    model.set_synopsis(0, "")
    assert "INT. HOUSE - DAY\n\nZara waits" in tab.document.text()
    assert window.desk.model.outline.scenes[1].synopsis == "Zara digs for the box."
    for _ in range(5):
        tab.editor.undo()
    assert tab.document.text() == SCRIPT


def test_outline_tree_pages_budget_and_drop(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    window.desk.show_outline()
    tree = window.desk.outline.tree
    act_one = tree.topLevelItem(0)
    assert act_one.text(0) == "Act One" and act_one.childCount() == 2
    assert act_one.child(0).text(0) == "1  INT. HOUSE - DAY"
    assert act_one.text(2) == "1"  # starts on page 1
    assert act_one.text(3).startswith("1 (")  # budget 1 page, the act runs shorter or longer
    window.desk.model.set_budget(1, 2.5)
    assert "# Act Two [[pages: 2.5]]" in tab.document.text()
    act_two = window.desk.outline.tree.topLevelItem(1)
    quarry = act_two.child(1)
    house = window.desk.outline.tree.topLevelItem(0).child(0)
    window.desk.outline.drop(
        quarry.data(0, Qt.ItemDataRole.UserRole + 2), house, QAbstractItemView.DropIndicatorPosition.BelowItem
    )
    assert _headings(window) == [
        "INT. HOUSE - DAY",
        "INT. QUARRY - NIGHT",
        "EXT. YARD - NIGHT",
        "INT. CAR - DAY",
    ]
    tab.editor.undo()
    tab.editor.undo()
    assert tab.document.text() == SCRIPT


def test_drop_point_is_before_or_after_the_card_under_it(make_window, qtbot, tmp_path) -> None:
    window, _tab = _open(make_window, qtbot, tmp_path)
    board = window.desk.cards.board
    rect = board.visualItemRect(board.item(2))
    assert board.drop_row(QPoint(rect.left() + 3, rect.center().y())) == 2
    assert board.drop_row(QPoint(rect.right() - 3, rect.center().y())) == 3
    last = board.visualItemRect(board.item(board.count() - 1))
    assert board.drop_row(QPoint(last.right() - 3, last.center().y())) == -1


def test_alt_arrows_move_the_selected_card(make_window, qtbot, tmp_path) -> None:
    window, tab = _open(make_window, qtbot, tmp_path)
    board = window.desk.cards.board
    board.setCurrentRow(1)  # INT. HOUSE
    board.setFocus()
    qtbot.keyClick(board, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert _headings(window) == [
        "EXT. YARD - NIGHT",
        "INT. HOUSE - DAY",
        "INT. CAR - DAY",
        "INT. QUARRY - NIGHT",
    ]
    assert board.currentItem().text() == "INT. HOUSE - DAY"  # the card stays selected
    qtbot.keyClick(board, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.document.text() == SCRIPT


def test_card_text_is_wrapped_to_its_lines_with_an_ellipsis(qapp) -> None:
    from PySide6.QtGui import QFont, QFontMetricsF

    from editor.desk.cards import _elide_lines

    fm = QFontMetricsF(QFont("DejaVu Sans", 10))
    text = "Hargreaves House - Kitchen (evening), Pauline and Kate: Kate washes, Pauline dries. " * 3
    width = fm.horizontalAdvance("Hargreaves House - Kitchen (ev")
    lines = _elide_lines(text, fm, width, 3).split("\n")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(fm.horizontalAdvance(line) <= width for line in lines)
    short = _elide_lines("Kate washes.", fm, width, 3)
    assert short == "Kate washes."
