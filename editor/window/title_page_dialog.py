"""Title page editor: a form for the common keys, written back as Fountain ``Key: value`` lines.

Keys the form does not know are kept as they were, in order; the edit is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.fountain.model import LineType
from editor.page.document import ScriptDocument

COMMON_KEYS = ("Title", "Credit", "Author", "Source", "Draft date", "Contact", "Copyright", "Notes")
MULTILINE_KEYS = ("Contact", "Notes")


def read_title_page(lines: Sequence[str], types: Sequence[LineType]) -> tuple[list[tuple[str, str]], int]:
    """(``[(key, value)]`` in file order, number of lines the title page spans)."""
    fields: list[tuple[str, str]] = []
    end = 0
    while end < len(lines) and types[end] is LineType.TITLE_PAGE:
        line = lines[end]
        if line[:1] in (" ", "\t") or ":" not in line:
            if fields:
                key, value = fields[-1]
                fields[-1] = (key, f"{value}\n{line.strip()}" if value else line.strip())
        else:
            key, _, value = line.partition(":")
            fields.append((key.strip(), value.strip()))
        end += 1
    return fields, end


def build_title_page(fields: Sequence[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for key, value in fields:
        parts = [p.strip() for p in value.split("\n") if p.strip()]
        if not parts:
            continue
        if len(parts) == 1 and key not in MULTILINE_KEYS:
            out.append(f"{key}: {parts[0]}")
        else:
            out.append(f"{key}:")
            out.extend(f"    {p}" for p in parts)
    return out


def apply_title_page(document: ScriptDocument, fields: Sequence[tuple[str, str]]) -> None:
    lines, types = document.parser.lines, document.parser.line_types
    _old, end = read_title_page(lines, types)
    new_lines = build_title_page(fields)
    qdoc = document.qdoc
    cursor = QTextCursor(qdoc)
    cursor.beginEditBlock()
    if end > 0:
        last = qdoc.findBlockByNumber(end - 1)
        cursor.setPosition(0)
        cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        if not new_lines and end < len(lines) and not lines[end].strip():
            # Dropping the title page: take its blank separator line with it.
            cursor.setPosition(last.position() + last.length(), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\n".join(new_lines))
    elif new_lines:
        cursor.setPosition(0)
        cursor.insertText("\n".join(new_lines) + "\n\n")
    cursor.endEditBlock()


class TitlePageDialog(QDialog):
    def __init__(self, document: ScriptDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Title Page"))
        self.document = document
        fields, _end = read_title_page(document.parser.lines, document.parser.line_types)
        self._existing = fields
        values = {key.casefold(): value for key, value in fields}
        form = QFormLayout()
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        labels = {
            "Title": self.tr("Title"),
            "Credit": self.tr("Credit"),
            "Author": self.tr("Author"),
            "Source": self.tr("Source"),
            "Draft date": self.tr("Draft date"),
            "Contact": self.tr("Contact"),
            "Copyright": self.tr("Copyright"),
            "Notes": self.tr("Notes"),
        }
        for key in COMMON_KEYS:
            value = values.get(key.casefold(), "")
            if key in MULTILINE_KEYS:
                widget: QLineEdit | QPlainTextEdit = QPlainTextEdit(value, self)
                widget.setFixedHeight(72)
            else:
                widget = QLineEdit(value, self)
            widget.setObjectName(f"titleField_{key.replace(' ', '_')}")
            self.editors[key] = widget
            form.addRow(labels[key], widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def fields(self) -> list[tuple[str, str]]:
        """Common keys in the conventional order, then any other keys the file had."""
        out: list[tuple[str, str]] = []
        for key, widget in self.editors.items():
            value = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            out.append((key, value))
        known = {k.casefold() for k in COMMON_KEYS}
        out.extend((k, v) for k, v in self._existing if k.casefold() not in known)
        return out

    def apply(self) -> None:
        apply_title_page(self.document, self.fields())
