"""Turning a journal back into an open script, and describing what it would bring back.

A restored script is never written to disk by the restore itself: it opens as a modified document
(the writer's file, if any, stays as it was until they save), so choosing "restore" can never make
things worse than they were.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.fountain import source as fsource
from editor.recovery.journal import Journal

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

    from editor.config.theme import Colors
    from editor.page.document import ScriptDocument

log = logging.getLogger(__name__)

MAX_PREVIEW_LINES = 400


@dataclass(frozen=True, slots=True)
class Comparison:
    """The journal against the file it belongs to, as the recovery dialog shows it."""

    state: str  # "untitled" | "missing" | "unreadable" | "same" | "differs"
    disk_text: str
    changed_on_disk: bool  # the file was modified by someone after the journal's session read it
    added: int
    removed: int
    diff: str


def compare(journal: Journal) -> Comparison:
    """Read the journal's file (if any) and diff it against the journal's text."""
    header = journal.header
    if header.path is None:
        lines = journal.text.count("\n") + 1 if journal.text else 0
        return Comparison("untitled", "", False, lines, 0, _preview_new(journal.text))
    path = Path(header.path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Comparison("missing", "", False, 0, 0, _preview_new(journal.text))
    except OSError as exc:
        return Comparison("unreadable", "", False, 0, 0, str(exc))
    changed = header.disk_sha256 is not None and hashlib.sha256(data).hexdigest() != header.disk_sha256
    try:
        disk = fsource.decode(data, None if header.encoding == "utf-8" else header.encoding).text
    except fsource.SourceDecodeError as exc:
        return Comparison("unreadable", "", changed, 0, 0, str(exc))
    if disk == journal.text:
        return Comparison("same", disk, changed, 0, 0, "")
    diff, added, removed = unified_diff(disk, journal.text, str(path.name))
    return Comparison("differs", disk, changed, added, removed, diff)


def unified_diff(old: str, new: str, name: str) -> tuple[str, int, int]:
    """A unified diff that stays fast on a 10 MB script with a few edits.

    Common leading and trailing lines are stripped in linear time first, so difflib only sees the
    region that changed.
    """
    a = old.split("\n")
    b = new.split("\n")
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    context = 3
    lo = max(0, start - context)
    a_mid = a[lo : len(a) - end + min(context, end)]
    b_mid = b[lo : len(b) - end + min(context, end)]
    out: list[str] = []
    added = removed = 0
    for line in difflib.unified_diff(
        a_mid, b_mid, f"{name} (saved)", f"{name} (recovered)", lineterm="", n=context
    ):
        if line.startswith("@@"):
            # Re-number hunks to the whole file's lines.
            line = _shift_hunk(line, lo)
        elif line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
        if len(out) < MAX_PREVIEW_LINES:
            out.append(line)
    if len(out) >= MAX_PREVIEW_LINES:
        out.append(f"… ({added} lines added and {removed} removed in all)")
    return "\n".join(out), added, removed


def _shift_hunk(line: str, offset: int) -> str:
    try:
        _at, old, new, *rest = line.split(" ")

        def shift(part: str) -> str:
            sign, body = part[0], part[1:]
            first, _, count = body.partition(",")
            return f"{sign}{int(first) + offset}" + (f",{count}" if count else "")

        return " ".join(["@@", shift(old), shift(new), *rest])
    except (ValueError, IndexError):
        return line


def _preview_new(text: str) -> str:
    lines = text.split("\n")
    shown = [f"+{line}" for line in lines[:MAX_PREVIEW_LINES]]
    if len(lines) > MAX_PREVIEW_LINES:
        shown.append(f"… ({len(lines)} lines in all)")
    return "\n".join(shown)


def document_from_journal(
    journal: Journal, font: QFont | None = None, colors: Colors | None = None
) -> ScriptDocument:
    """An open, *modified* document holding the journal's text, tied to its file when it has one.

    When the file still exists and decodes, the document is opened from it and the recovered text
    applied as one undoable edit: Undo shows the saved version, and the file-change watcher,
    encoding and line endings all work as for any opened file.
    """
    from PySide6.QtGui import QTextCursor

    from editor.page.document import ScriptDocument

    header = journal.header
    text = journal.text
    if header.path is not None:
        path = Path(header.path)
        if path.is_file():
            try:
                encoding = None if header.encoding == "utf-8" else header.encoding
                doc = ScriptDocument.open(path, font=font, colors=colors, encoding=encoding)
            except (OSError, fsource.SourceDecodeError, LookupError) as exc:
                log.info("recovering %s without its file: %s", path, exc)
            else:
                if doc.text() != text:
                    cursor = QTextCursor(doc.qdoc)
                    cursor.beginEditBlock()
                    cursor.select(QTextCursor.SelectionType.Document)
                    cursor.insertText(text)
                    cursor.endEditBlock()
                doc.qdoc.setModified(True)
                return doc
        src = fsource.SourceText(text, header.encoding, header.bom, header.newline)
        doc = ScriptDocument(text, path=path, source=src, font=font, colors=colors)
        doc.qdoc.setModified(True)
        return doc
    doc = ScriptDocument(text, font=font, colors=colors)
    doc.qdoc.setModified(True)
    return doc
