"""The recovery preview for writers: what the crash would have lost, not a unified diff.

The comparison is computed as a unified diff (fast, and the line counts come from it), but ``---``,
``+++`` and ``@@ -12,3 +12,4 @@`` mean nothing to a writer: lines the recovered text drops are
shown struck through in red, lines it adds in green, unchanged context plainly, and each hunk is
introduced by the line number where it starts.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

REMOVED_COLOR = "#d9534f"  # readable on the light and the dark theme
ADDED_COLOR = "#3c9a4a"
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryDiff", text)


def _format(kind: str, base: QTextCharFormat) -> QTextCharFormat:
    fmt = QTextCharFormat(base)
    if kind == "-":
        fmt.setForeground(QColor(REMOVED_COLOR))
        fmt.setFontStrikeOut(True)
    elif kind == "+":
        fmt.setForeground(QColor(ADDED_COLOR))
    elif kind == "@":
        fmt.setFontItalic(True)
        fmt.setFontWeight(QFont.Weight.Bold)
    elif kind == "…":
        fmt.setFontItalic(True)
    return fmt


def render_diff(view: QPlainTextEdit, diff: str) -> None:
    """Fill ``view`` with ``diff`` (from ``restore.unified_diff``) rendered for a writer."""
    view.clear()
    cursor = QTextCursor(view.document())
    base = QTextCharFormat()
    first = True
    for line in diff.split("\n") if diff else []:
        if line.startswith(("--- ", "+++ ")):
            continue
        hunk = _HUNK.match(line)
        if hunk:
            kind, text = "@", _tr("Around line %1:").replace("%1", hunk.group(1))
        elif line.startswith(("-", "+")):
            kind, text = line[0], line[1:]
        elif line.startswith("…"):
            kind, text = "…", line
        else:
            kind, text = " ", line[1:] if line.startswith(" ") else line
        if not first:
            cursor.insertBlock()
        first = False
        cursor.insertText(text, _format(kind, base))
    view.moveCursor(QTextCursor.MoveOperation.Start)
