"""Light and dark colour schemes for the page, the highlighter and the chrome around them.

``Theme.SYSTEM`` follows the desktop's colour scheme (``QStyleHints.colorScheme``) and switches live
when the desktop does. Colours were chosen for long sessions: an off-white page on a soft grey desk
in light mode, a dark grey page (not black) with warm text in dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from editor.config.settings import Theme


@dataclass(frozen=True, slots=True)
class Colors:
    name: str
    dark: bool
    desk: str
    page: str
    page_border: str
    text: str
    heading: str
    character: str
    parenthetical: str
    dialogue: str
    transition: str
    dimmed: str
    note: str
    section: str
    synopsis: str
    marker: str
    selection: str
    current_line: str
    ghost: str
    window: str
    panel: str
    panel_text: str
    accent: str


LIGHT = Colors(
    name="light",
    dark=False,
    desk="#e6e4df",
    page="#fffefb",
    page_border="#cfccc4",
    text="#1d1d1b",
    heading="#111111",
    character="#1d1d1b",
    parenthetical="#4a4a46",
    dialogue="#1d1d1b",
    transition="#333333",
    dimmed="#a9a69e",
    note="#3f7d4e",
    section="#2f5d8a",
    synopsis="#7a6a3a",
    marker="#b7b3aa",
    selection="#cfe0f5",
    current_line="#f6f4ee",
    ghost="#9a978f",
    window="#f3f2ef",
    panel="#faf9f6",
    panel_text="#2a2a28",
    accent="#2f6fb3",
)

DARK = Colors(
    name="dark",
    dark=True,
    desk="#1b1c1e",
    page="#26272a",
    page_border="#34363a",
    text="#e4e1da",
    heading="#f3f0e8",
    character="#e4e1da",
    parenthetical="#b9b5ac",
    dialogue="#e4e1da",
    transition="#cfcbc2",
    dimmed="#6f6d68",
    note="#7fbf8c",
    section="#82aee0",
    synopsis="#cdb877",
    marker="#5f5d58",
    selection="#3a4d66",
    current_line="#2c2d31",
    ghost="#77746d",
    window="#202124",
    panel="#232427",
    panel_text="#dcd9d2",
    accent="#6ea8e8",
)


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(choice: Theme) -> Colors:
    if choice is Theme.DARK:
        return DARK
    if choice is Theme.LIGHT:
        return LIGHT
    return DARK if system_is_dark() else LIGHT


def palette_for(colors: Colors) -> QPalette:
    """An application palette matching ``colors`` so docks, menus and dialogs agree with the page."""
    pal = QPalette()
    window, text = QColor(colors.window), QColor(colors.panel_text)
    pal.setColor(QPalette.ColorRole.Window, window)
    pal.setColor(QPalette.ColorRole.WindowText, text)
    pal.setColor(QPalette.ColorRole.Base, QColor(colors.panel))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(colors.window))
    pal.setColor(QPalette.ColorRole.Text, text)
    pal.setColor(QPalette.ColorRole.Button, window)
    pal.setColor(QPalette.ColorRole.ButtonText, text)
    pal.setColor(QPalette.ColorRole.Highlight, QColor(colors.accent))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor(colors.panel))
    pal.setColor(QPalette.ColorRole.ToolTipText, text)
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(colors.dimmed))
    pal.setColor(QPalette.ColorRole.Link, QColor(colors.accent))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(colors.dimmed))
    return pal


def _icon(name: str) -> str:
    from editor.config.resources import resources_dir

    return (resources_dir() / "icons" / f"{name}.svg").as_posix()


def stylesheet_for(colors: Colors) -> str:
    """Chrome styling: quiet docks and tabs, a flat status bar. The page itself is painted in code."""
    return f"""
QMainWindow, QDockWidget {{ background: {colors.window}; }}
QDockWidget::title {{ padding: 6px 8px; background: {colors.window}; color: {colors.panel_text};
    font-weight: 600; }}
QTabWidget::pane {{ border: none; }}
QTabBar {{ qproperty-drawBase: 0; background: {colors.window}; border: none; }}
QTabBar::close-button {{ image: url({_icon("close-dark" if colors.dark else "close-light")});
    subcontrol-position: right; border-radius: 3px; margin: 2px; }}
QTabBar::close-button:hover {{ background: {colors.page_border}; }}
QTabBar::tab {{ background: {colors.window}; color: {colors.dimmed}; padding: 6px 14px;
    border: none; border-bottom: 2px solid transparent; }}
QTabBar::tab:selected {{ color: {colors.panel_text}; border-bottom: 2px solid {colors.accent}; }}
QStatusBar {{ background: {colors.window}; color: {colors.panel_text}; border-top: 1px solid
    {colors.page_border}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {colors.panel_text}; }}
QListView, QTreeView {{ background: {colors.panel}; border: none; }}
QLineEdit {{ padding: 4px 6px; border: 1px solid {colors.page_border}; border-radius: 4px;
    background: {colors.panel}; color: {colors.panel_text}; }}
QLineEdit:focus {{ border-color: {colors.accent}; }}
#ScriptEditor {{ border: none; }}
"""
