"""Opening a file that is not valid UTF-8: the writer picks the encoding, seeing what it gives.

Screenwright never guesses silently (a wrong guess turns "café" into "cafÃ©" and the next save makes
it permanent). When a file fails to decode as UTF-8 and is not binary, this dialog lists the
encodings that decode it without error, previews the first lines in the selected one with the
offending line first, and opens the file only when the writer chooses. The file's encoding is then
remembered, so saving writes it back the same way.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.fountain import source as fsource

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

    from editor.config.theme import Colors
    from editor.page.document import ScriptDocument

log = logging.getLogger(__name__)

#: Offered in this order (Western first: Fountain files from old Windows and Mac tools).
CANDIDATES: tuple[tuple[str, str], ...] = (
    ("cp1252", "Western (Windows-1252)"),
    ("latin-1", "Western (ISO-8859-1)"),
    ("mac_roman", "Western (Mac OS Roman)"),
    ("iso8859-15", "Western (ISO-8859-15)"),
    ("cp1250", "Central European (Windows-1250)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8-r", "Cyrillic (KOI8-R)"),
    ("cp1253", "Greek (Windows-1253)"),
    ("cp1254", "Turkish (Windows-1254)"),
    ("shift_jis", "Japanese (Shift JIS)"),
    ("euc-jp", "Japanese (EUC-JP)"),
    ("gb18030", "Chinese (GB18030)"),
    ("big5", "Chinese (Big5)"),
    ("euc-kr", "Korean (EUC-KR)"),
    ("utf-16", "Unicode (UTF-16)"),
)
PREVIEW_BYTES = 64 * 1024
PREVIEW_LINES = 60


def looks_binary(data: bytes) -> bool:
    """NUL bytes without a UTF-16/32 byte-order mark: not a text file any encoding will fix."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:PREVIEW_BYTES] or b"\x00" in data


def workable_encodings(data: bytes) -> list[tuple[str, str]]:
    """The candidates that decode all of ``data`` without error (latin-1 always does)."""
    found = []
    for name, label in CANDIDATES:
        try:
            fsource.decode(data, name)
        except (fsource.SourceDecodeError, LookupError):
            continue
        found.append((name, label))
    return found


def _first_bad_line(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start)
    return 0


class EncodingDialog(QDialog):
    """Pick an encoding for ``data`` with a live preview; ``encoding()`` is the choice."""

    def __init__(self, name: str, data: bytes, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EncodingDialog")
        self.setWindowTitle(self.tr("Choose the Text Encoding"))
        self.resize(760, 520)
        self._data = data
        self._bad_line = _first_bad_line(data)
        # ``reason`` is the decoder's technical message (byte offsets, a command-line hint): it goes
        # to the log; the writer reads which line could not be read.
        log.info("%s needs an explicit encoding: %s", name, reason)
        message = QLabel(
            self.tr(
                "“%1” was not saved in the usual UTF-8 text encoding: line %2 has characters "
                "that cannot be read that way.\nChoose the encoding it was written in; the preview "
                "shows the text as it will open. Saving keeps this encoding."
            )
            .replace("%1", name)
            .replace("%2", str(self._bad_line + 1)),
            self,
        )
        message.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setObjectName("encodingCombo")
        for encoding, label in workable_encodings(data):
            self.combo.addItem(f"{label} — {encoding}", encoding)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("encodingPreview")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.combo)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.combo.currentIndexChanged.connect(self._update_preview)
        self._update_preview()

    def encoding(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def select(self, encoding: str) -> bool:
        index = self.combo.findData(encoding)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def _update_preview(self, _index: int = 0) -> None:
        encoding = self.encoding()
        self.open_button.setEnabled(encoding is not None)
        if encoding is None:
            self.preview.setPlainText(self.tr("No encoding decodes this file."))
            return
        lines = fsource.decode(self._data, encoding).text.split("\n")
        start = max(0, self._bad_line - 3)
        shown = lines[start : start + PREVIEW_LINES]
        self.preview.setPlainText("\n".join(f"{start + i + 1:5d}  {line}" for i, line in enumerate(shown)))


def open_with_encoding_choice(
    parent: QWidget, path: Path, error: Exception, font: QFont | None = None, colors: Colors | None = None
) -> tuple[ScriptDocument | None, bool]:
    """After ``ScriptDocument.open`` failed with ``error``: ask for an encoding when that can help.

    Returns (document or None, whether the writer was asked). Binary files, unreadable files and
    a cancelled choice give None; the caller reports the error only when the writer was not asked.
    """
    from editor.page.document import ScriptDocument

    if not isinstance(error, fsource.SourceDecodeError):
        return None, False
    try:
        data = path.read_bytes()
    except OSError:
        return None, False
    if looks_binary(data) or not workable_encodings(data):
        return None, False
    dialog = EncodingDialog(path.name, data, str(error), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.encoding() is None:
        return None, True
    try:
        return ScriptDocument.open(path, font=font, colors=colors, encoding=dialog.encoding()), True
    except (OSError, fsource.SourceDecodeError) as exc:
        log.warning("opening %s as %s failed: %s", path, dialog.encoding(), exc)
        return None, False
