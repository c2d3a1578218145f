"""Glue between the main window and crash recovery: journal its tabs, offer what a crash left.

``install`` gives the window a ``RecoveryManager`` that follows the window's ``document_added``,
``document_removed`` and ``closing`` signals (``editor.app.build_main_window`` calls it).
``offer`` runs once after the window is shown: if dead sessions left journals, the recovery dialog
lists them and restored scripts open as modified tabs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor

from editor.recovery.dialog import RecoveryDialog
from editor.recovery.journal import Journal
from editor.recovery.manager import RecoveryManager
from editor.recovery.restore import compare, document_from_journal
from editor.recovery.store import RecoveryStore

if TYPE_CHECKING:
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)


def install(window: MainWindow) -> RecoveryManager:
    manager = RecoveryManager(parent=window)
    window.document_added.connect(manager.watch)
    window.document_removed.connect(manager.forget)
    window.closing.connect(lambda: manager.shutdown(clean=True))
    manager.journal_failed.connect(
        lambda reason: window.status.showMessage(
            window.tr("Recovery copy could not be written: %1").replace("%1", reason), 10000
        )
    )
    return manager


def offer(window: MainWindow, manager: RecoveryManager) -> RecoveryDialog | None:
    """Show the recovery dialog when a crashed session left journals (returns it, already shown)."""
    scan = manager.store.scan()
    for journal in list(scan.journals):
        if compare(journal).state == "same":  # the file already holds this text: nothing to offer
            RecoveryStore.discard(journal.file)
            scan.journals.remove(journal)
    if not scan.journals and not scan.damaged:
        return None
    for file, reason in scan.damaged:
        log.warning("damaged recovery journal %s: %s", file, reason)
    dialog = RecoveryDialog(scan.journals, scan.damaged, window)
    dialog.restore_requested.connect(lambda journal: restore(window, manager, journal))
    dialog.discard_requested.connect(lambda journal: RecoveryStore.discard(journal.file))
    dialog.setModal(True)
    dialog.show()
    return dialog


def restore(window: MainWindow, manager: RecoveryManager, journal: Journal) -> None:
    """Open the journal's text as a modified tab; its old journal goes once the new one is written."""
    from editor.config.resources import script_font

    path = Path(journal.header.path).resolve() if journal.header.path else None
    existing = next((t for t in window.tabs_list() if path is not None and t.document.path == path), None)
    if existing is not None:
        doc = existing.document
        if doc.text() != journal.text:
            cursor = QTextCursor(doc.qdoc)
            cursor.beginEditBlock()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(journal.text)
            cursor.endEditBlock()
            doc.qdoc.setModified(True)
        window.tabs.setCurrentWidget(existing)
    else:
        blank = window.current_tab()
        window.add_document(document_from_journal(journal, font=script_font(), colors=window.colors))
        if (
            blank is not None
            and blank.document.path is None
            and not blank.document.is_modified()
            and not blank.document.text()
        ):
            window.tabs.removeTab(window.tabs.indexOf(blank))
            manager.forget(blank.document)
            blank.deleteLater()
    # Write the new session's journal first, then drop the old one (same FIFO thread): a crash in
    # between leaves two copies, never none.
    manager.journal_now()
    manager.writer.remove_file(journal.file)
    window.status.showMessage(window.tr("Recovered %1").replace("%1", journal.header.title), 6000)
