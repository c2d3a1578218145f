"""Every keyboard shortcut of a window, from the real ``QAction``/``QShortcut`` objects plus the
page's own keys (``editor.page.keymap``): what Help ▸ Keyboard Shortcuts lists, what the README's
key tables are generated from, and what the collision test checks.

Reading the live objects (not a hand-kept list) means a menu item added tomorrow shows up in the
dialog by itself, and two actions given the same keys fail a test instead of silently shadowing
each other (Qt then fires neither: "ambiguous shortcut").

``python -m editor.window.shortcuts --markdown`` prints the README's tables.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from editor.page.keymap import GROUPS, PAGE_KEYS, markdown

_PORTABLE = QKeySequence.SequenceFormat.PortableText
_NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True, slots=True)
class ShortcutRow:
    """One line of the list: ``keys`` for people, ``sequences`` in Qt's portable text."""

    keys: str
    does: str
    where: str  # "File", "Edit ▸ Go to Page…" style menu path, or a page key group
    sequences: tuple[str, ...]
    action: QAction | QShortcut | None = None  # None: a key the page handles itself


def _label(text: str) -> str:
    """Menu text without its mnemonic ampersand and any "\\tShortcut" hint."""
    return text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """Qt's standard bindings include the dedicated keys of some keyboards (XF86 New, Save, Undo;
    Sun's F14-F20 for Undo, Copy, Paste): real, but not what a writer looks up."""
    key = sequence[0].key()
    return key.value < Qt.Key.Key_F13.value or Qt.Key.Key_F35.value < key.value < Qt.Key.Key_Back.value


def _sequences(action: QAction | QShortcut) -> tuple[str, ...]:
    keys = action.shortcuts() if isinstance(action, QAction) else [action.key()]
    return tuple(s.toString(_PORTABLE) for s in keys if not s.isEmpty() and _on_a_keyboard(s))


def _native(sequences: tuple[str, ...]) -> str:
    return ", ".join(QKeySequence(s, _PORTABLE).toString(_NATIVE) for s in sequences)


def _menu_rows(menu: QMenu, path: str, seen: set[int], rows: list[ShortcutRow]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            _menu_rows(sub, f"{path} ▸ {_label(sub.title())}", seen, rows)
            continue
        seen.add(id(action))
        sequences = _sequences(action)
        if sequences:
            rows.append(ShortcutRow(_native(sequences), _label(action.text()), path, sequences, action))


def action_rows(window: QMainWindow) -> list[ShortcutRow]:
    """The window's shortcuts: menu actions by menu, then actions and ``QShortcut`` objects that
    live outside the menus (a dock's Alt+1..3)."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            _menu_rows(menu, _label(menu.title()), seen, rows)
    for action in window.findChildren(QAction):
        sequences = _sequences(action)
        if sequences and id(action) not in seen and _label(action.text()):
            seen.add(id(action))
            rows.append(ShortcutRow(_native(sequences), _label(action.text()), "Window", sequences, action))
    for shortcut in window.findChildren(QShortcut):
        sequences = _sequences(shortcut)
        if sequences:
            where = _owner_title(shortcut.parent())
            does = shortcut.whatsThis() or where
            rows.append(ShortcutRow(_native(sequences), does, where, sequences, shortcut))
    return rows


def _owner_title(widget: object) -> str:
    while isinstance(widget, QWidget):
        if widget.windowTitle():
            return widget.windowTitle()
        widget = widget.parentWidget()
    return "Window"


def page_rows() -> list[ShortcutRow]:
    return [ShortcutRow(k.keys, k.does, k.group, k.sequences) for k in PAGE_KEYS]


def all_rows(window: QMainWindow) -> list[ShortcutRow]:
    """The page's own keys first (what a writer looks up on day one), then the menus'."""
    return page_rows() + action_rows(window)


def collisions(rows: list[ShortcutRow]) -> list[str]:
    """Two window shortcuts on one key, or a window shortcut on a key the page handles itself
    (it would never reach the page). Page keys in different groups layer by design (Enter in the
    SmartType list, in an empty cue, elsewhere), so only the same group counts."""
    problems: list[str] = []
    by_key: dict[str, list[ShortcutRow]] = defaultdict(list)
    for row in rows:
        for sequence in {_normal(s) for s in row.sequences}:
            by_key[sequence].append(row)
    for sequence, owners in sorted(by_key.items()):
        actions = [r for r in owners if r.action is not None]
        pages = [r for r in owners if r.action is None]
        if len(actions) > 1:
            problems.append(f"{sequence}: " + " / ".join(f"{r.where}: {r.does}" for r in actions))
        if actions and pages:
            problems.append(f"{sequence}: {actions[0].does} hides the page's {pages[0].keys}")
        groups = [r.where for r in pages]
        for group in set(groups):
            if groups.count(group) > 1:
                problems.append(f"{sequence}: twice in {group}")
    return problems


def _normal(sequence: str) -> str:
    """One spelling per key: Return and Enter, Shift+Tab and Backtab are the same to the writer."""
    text = QKeySequence(sequence, _PORTABLE).toString(_PORTABLE)
    text = text.replace("Enter", "Return").replace("Shift+Backtab", "Shift+Tab")
    return text.replace("Backtab", "Shift+Tab")


def menu_markdown(rows: list[ShortcutRow]) -> str:
    lines = ["| keys | menu | command |", "|---|---|---|"]
    for row in rows:
        if row.action is not None:
            keys = " or ".join(row.sequences).replace("|", "\\|")
            lines.append(f"| {keys} | {row.where} | {row.does.rstrip('.…')} |")
    return "\n".join(lines)


def readme_tables(window: QMainWindow) -> str:
    """Both README tables, as ``--markdown`` prints them."""
    return markdown() + "\n\n" + menu_markdown(action_rows(window))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m editor.window.shortcuts")
    parser.add_argument("--markdown", action="store_true", help="print the README's key tables")
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SCREENWRIGHT_AI_AUTOSTART", "0")
    from PySide6.QtWidgets import QApplication

    from editor.app import build_main_window
    from editor.config.settings import Settings

    app = QApplication.instance() or QApplication([])
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        window = build_main_window(Settings(Path(folder) / "settings.ini"))
        text = (
            readme_tables(window)
            if args.markdown
            else "\n".join(f"{r.keys}\t{r.where}\t{r.does}" for r in all_rows(window))
        )
        window.close()
    sys.stdout.write(text + "\n")
    del app
    return 0


__all__ = ["GROUPS", "ShortcutRow", "action_rows", "all_rows", "collisions", "page_rows", "readme_tables"]

if __name__ == "__main__":
    raise SystemExit(main())
