"""Menus and actions of the main window, with platform-standard shortcuts.

Kept apart from ``main_window`` so the window class holds behaviour, not a page of menu plumbing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from editor.config.settings import Theme

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow

SK = QKeySequence.StandardKey


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    revert: QAction
    close_tab: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    replace: QAction
    find_next: QAction
    find_previous: QAction
    go_to_scene: QAction
    go_to_page: QAction
    page_view: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    focus_mode: QAction
    typewriter_mode: QAction
    title_page: QAction
    smart_typing: QAction
    smart_type: QAction
    theme_group: QActionGroup
    recent_menu: QMenu
    print_: QAction
    preferences: QAction


def _action(window: MainWindow, text: str, shortcut: QKeySequence | SK | str | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, SK):
            action.setShortcuts(QKeySequence.keyBindings(shortcut))
        else:
            action.setShortcut(QKeySequence(shortcut))
    window.addAction(action)
    return action


def _free(standard: SK, taken: set[str], fallback: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` minus those another action owns (``fallback`` if none)."""
    portable = QKeySequence.SequenceFormat.PortableText
    keys = [k for k in QKeySequence.keyBindings(standard) if k.toString(portable) not in taken]
    return keys or [QKeySequence(fallback)]


def _show_shortcuts(window: MainWindow) -> None:
    from editor.window.shortcuts_dialog import show_shortcuts

    show_shortcuts(window)


def build_actions(w: MainWindow) -> WindowActions:
    """The window's menu bar, menu by menu, in the order the writer sees them."""
    menu = w.menuBar()
    file_items = _file_menu(w, menu.addMenu(w.tr("&File")))
    edit_items = _edit_menu(w, menu.addMenu(w.tr("&Edit")))
    view_items = _view_menu(w, menu.addMenu(w.tr("&View")))
    script_items = _script_menu(w, menu.addMenu(w.tr("&Script")))
    _help_menu(w, menu.addMenu(w.tr("&Help")))
    return WindowActions(**file_items, **edit_items, **view_items, **script_items)  # type: ignore[arg-type]


def _file_menu(w: MainWindow, file_menu: QMenu) -> dict[str, QAction | QMenu]:
    tr = w.tr
    new = _action(w, tr("&New"), SK.New)
    open_ = _action(w, tr("&Open…"), SK.Open)
    recent_menu = QMenu(tr("Open &Recent"), w)
    recent_menu.setObjectName("recentMenu")
    save = _action(w, tr("&Save"), SK.Save)
    save_as = _action(w, tr("Save &As…"), SK.SaveAs)
    revert = _action(w, tr("Re&vert to Saved"))
    close_tab = _action(w, tr("&Close"), SK.Close)
    quit_ = _action(w, tr("&Quit"), SK.Quit)
    print_ = _action(w, tr("&Print…"), SK.Print)
    for item in (new, open_):
        file_menu.addAction(item)
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    for item in (save, save_as, revert):
        file_menu.addAction(item)
    file_menu.addSeparator()
    file_menu.addAction(print_)
    file_menu.addSeparator()
    file_menu.addAction(close_tab)
    file_menu.addAction(quit_)
    return {
        "new": new,
        "open": open_,
        "recent_menu": recent_menu,
        "save": save,
        "save_as": save_as,
        "revert": revert,
        "close_tab": close_tab,
        "quit": quit_,
        "print_": print_,
    }


def _edit_menu(w: MainWindow, edit_menu: QMenu) -> dict[str, QAction]:
    tr = w.tr
    undo = _action(w, tr("&Undo"), SK.Undo)
    redo = _action(w, tr("&Redo"), SK.Redo)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    for text, key, slot in (
        (tr("Cu&t"), SK.Cut, "cut"),
        (tr("&Copy"), SK.Copy, "copy"),
        (tr("&Paste"), SK.Paste, "paste"),
        (tr("Select &All"), SK.SelectAll, "selectAll"),
    ):
        action = _action(w, text, key)
        action.triggered.connect(lambda _=False, name=slot: w.editor_call(name))
        edit_menu.addAction(action)
    edit_menu.addSeparator()
    find = _action(w, tr("&Find…"), SK.Find)
    replace = _action(
        w, tr("Find and &Replace…"), SK.Replace if QKeySequence.keyBindings(SK.Replace) else "Ctrl+H"
    )
    go_to_scene = _action(w, tr("Go to &Scene…"), "Ctrl+G")
    go_to_page = _action(w, tr("Go to &Page…"), "Ctrl+Shift+G")
    # The platform's Find Next/Previous include Ctrl+G / Ctrl+Shift+G on Linux and the Mac: two
    # actions on one key fire neither (Qt's "ambiguous shortcut"), so Go to keeps them.
    taken = {"Ctrl+G", "Ctrl+Shift+G"}
    find_next = _action(w, tr("Find &Next"))
    find_next.setShortcuts(_free(SK.FindNext, taken, "F3"))
    find_previous = _action(w, tr("Find Pre&vious"))
    find_previous.setShortcuts(_free(SK.FindPrevious, taken, "Shift+F3"))
    for item in (find, replace, find_next, find_previous):
        edit_menu.addAction(item)
    edit_menu.addSeparator()
    edit_menu.addAction(go_to_scene)
    edit_menu.addAction(go_to_page)
    edit_menu.addSeparator()
    preferences = _action(
        w, tr("Pr&eferences…"), SK.Preferences if QKeySequence.keyBindings(SK.Preferences) else "Ctrl+,"
    )
    preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    edit_menu.addAction(preferences)
    return {
        "undo": undo,
        "redo": redo,
        "find": find,
        "replace": replace,
        "find_next": find_next,
        "find_previous": find_previous,
        "go_to_scene": go_to_scene,
        "go_to_page": go_to_page,
        "preferences": preferences,
    }


def _view_menu(w: MainWindow, view_menu: QMenu) -> dict[str, QAction | QActionGroup]:
    tr = w.tr
    page_view = _action(w, tr("&Page View"), "Ctrl+Alt+P")
    page_view.setCheckable(True)
    zoom_in = _action(w, tr("Zoom &In"), SK.ZoomIn)
    zoom_out = _action(w, tr("Zoom &Out"), SK.ZoomOut)
    zoom_reset = _action(w, tr("&Actual Size"), "Ctrl+0")
    focus_mode = _action(w, tr("&Focus Mode"), "Ctrl+Shift+F")
    focus_mode.setCheckable(True)
    typewriter_mode = _action(w, tr("&Typewriter Mode"), "Ctrl+Shift+T")
    typewriter_mode.setCheckable(True)
    for item in (page_view, zoom_in, zoom_out, zoom_reset):
        view_menu.addAction(item)
    view_menu.addSeparator()
    view_menu.addAction(focus_mode)
    view_menu.addAction(typewriter_mode)
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu(tr("T&heme"))
    theme_group = QActionGroup(w)
    for theme, label in (
        (Theme.SYSTEM, tr("Follow &System")),
        (Theme.LIGHT, tr("&Light")),
        (Theme.DARK, tr("&Dark")),
    ):
        action = QAction(label, w)
        action.setCheckable(True)
        action.setData(theme.value)
        theme_group.addAction(action)
        theme_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(w.navigator_dock.toggleViewAction())
    return {
        "page_view": page_view,
        "zoom_in": zoom_in,
        "zoom_out": zoom_out,
        "zoom_reset": zoom_reset,
        "focus_mode": focus_mode,
        "typewriter_mode": typewriter_mode,
        "theme_group": theme_group,
    }


def _script_menu(w: MainWindow, script_menu: QMenu) -> dict[str, QAction]:
    tr = w.tr
    title_page = _action(w, tr("&Title Page…"), "Ctrl+Shift+P")
    smart_typing = _action(w, tr("Smart &Typing"))
    smart_typing.setCheckable(True)
    smart_type = _action(w, tr("Smart&Type Completion"))
    smart_type.setCheckable(True)
    script_menu.addAction(title_page)
    script_menu.addSeparator()
    script_menu.addAction(smart_typing)
    script_menu.addAction(smart_type)
    return {"title_page": title_page, "smart_typing": smart_typing, "smart_type": smart_type}


def _help_menu(w: MainWindow, help_menu: QMenu) -> None:
    tr = w.tr
    shortcuts = QAction(tr("&Keyboard Shortcuts"), w)
    shortcuts.setObjectName("keyboardShortcutsAction")
    shortcuts.triggered.connect(lambda: _show_shortcuts(w))
    help_menu.addAction(shortcuts)
    about = QAction(tr("&About Screenwright"), w)
    about.triggered.connect(w.show_about)
    help_menu.addAction(about)
