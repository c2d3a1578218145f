"""Production drafts in the main window (``window.production``), installed by ``editor.app``.

- Script ▸ Revisions: Start Revision… (colour of the standard sequence and a date), Lock Revision,
  Next Change / Previous Change, Clear Marks (all, or one colour).
- Script ▸ Lock Scene Numbers / Unlock Scene Numbers (one undoable edit each).
- File ▸ Compare With… (a file) and File ▸ Compare With Backup ▸ (the backup generations of the
  script): side by side by scene, "use as revision base".
- View ▸ Show AI-Written Text (a margin layer) and View ▸ AI-Written Passages… (the list).

One ``ProductionSession`` per open document keeps its marks current; one ``RevisionMargin`` per
editor paints them.
"""

from __future__ import annotations

import logging
from datetime import date as Date
from difflib import SequenceMatcher
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from editor.production import colors
from editor.production.marks import next_mark
from editor.production.provenance import provenance_report
from editor.production.revised import RevisedPrint
from editor.production.scene_numbers import lock_scene_numbers, unlock_scene_numbers
from editor.production.storage import spans_from_qt
from editor.production_ui.compare_dialog import CompareDialog, load_text_file
from editor.production_ui.margin import RevisionMargin
from editor.production_ui.session import ProductionSession

if TYPE_CHECKING:
    from editor.page.document import ScriptDocument
    from editor.page.script_editor import ScriptEditor
    from editor.window.main_window import MainWindow

log = logging.getLogger(__name__)


def _menu(window: MainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.text() == window.tr(title) and action.menu() is not None:
            return action.menu()  # type: ignore[return-value]
    return None


class StartRevisionDialog(QDialog):
    """Pick the revision's colour (the next one in the sequence by default) and date."""

    def __init__(self, suggested: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start Revision"))
        self.color_box = QComboBox(self)
        for entry in colors.sequence(27):
            self.color_box.addItem(entry.name, entry.generation)
        self.color_box.setCurrentIndex(max(0, min(suggested, self.color_box.count() - 1)))
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("&Colour:"), self.color_box)
        form.addRow(self.tr("&Date:"), self.date_edit)
        note = QLabel(self.tr("From now on every changed or added line is marked in this colour."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def generation(self) -> int:
        return int(self.color_box.currentData())

    def iso_date(self) -> str:
        return self.date_edit.date().toString("yyyy-MM-dd")


class WindowProduction(QObject):
    """Revisions, locked scene numbers, compare and AI provenance for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.sessions: dict[int, ProductionSession] = {}
        self.margins: dict[int, RevisionMargin] = {}
        self.show_ai = False
        self._build_menus()
        window.document_added.connect(self._on_document_added)
        window.tabs.currentChanged.connect(self._update_actions)
        for tab in window.tabs_list():
            self.attach(tab.document, tab.editor)
        export_menu = getattr(window, "export_menu", None)
        if export_menu is not None:
            export_menu.revisions_provider = self.revised_print
        self._update_actions()

    def revised_print(self) -> RevisedPrint | None:
        """The current script's marks for a revised-pages PDF or an FDX (None without marks)."""
        session = self.current_session()
        if session is None:
            return None
        session.bring_up_to_date()
        if not session.marks:
            return None
        revision = session.data.current()
        generation = revision.generation if revision is not None else max(session.marks.values())
        return RevisedPrint(dict(session.marks), generation, revision.date if revision is not None else "")

    # -- documents ------------------------------------------------------------------------------
    def attach(self, document: ScriptDocument, editor: ScriptEditor) -> ProductionSession:
        session = self.sessions.get(id(document))
        if session is None:
            session = ProductionSession(document)
            self.sessions[id(document)] = session
            session.marks_changed.connect(self._update_actions)
            document.destroyed.connect(partial(self._forget, self.sessions, id(document)))
        if id(editor) not in self.margins:
            margin = RevisionMargin(editor, session)
            margin.set_show_ai(self.show_ai)
            self.margins[id(editor)] = margin
            editor.destroyed.connect(partial(self._forget, self.margins, id(editor)))
        return session

    @staticmethod
    def _forget(table: dict[int, object], key: int, _obj: object = None) -> None:
        table.pop(key, None)

    @Slot(object)
    def _on_document_added(self, document: ScriptDocument) -> None:
        for tab in self.window.tabs_list():
            if tab.document is document:
                self.attach(document, tab.editor)
        self._update_actions()

    def current_session(self) -> ProductionSession | None:
        tab = self.window.current_tab()
        if tab is None:
            return None
        return self.attach(tab.document, tab.editor)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        w = self.window
        tr = self.tr
        script_menu = _menu(w, "&Script")
        file_menu = _menu(w, "&File")
        view_menu = _menu(w, "&View")
        self.revisions_menu = QMenu(tr("&Revisions"), w)
        self.revisions_menu.setObjectName("revisionsMenu")
        self.start_action = QAction(tr("&Start Revision…"), w)
        self.start_action.triggered.connect(self.start_revision)
        self.lock_action = QAction(tr("&Lock Revision"), w)
        self.lock_action.triggered.connect(self.lock_revision)
        self.next_action = QAction(tr("&Next Change"), w)
        self.next_action.setShortcut(QKeySequence("Ctrl+Alt+Down"))
        self.next_action.triggered.connect(lambda: self.go_to_change(True))
        self.previous_action = QAction(tr("&Previous Change"), w)
        self.previous_action.setShortcut(QKeySequence("Ctrl+Alt+Up"))
        self.previous_action.triggered.connect(lambda: self.go_to_change(False))
        self.clear_menu = QMenu(tr("&Clear Marks"), w)
        self.clear_menu.aboutToShow.connect(self._fill_clear_menu)
        for action in (self.start_action, self.lock_action):
            self.revisions_menu.addAction(action)
        self.revisions_menu.addSeparator()
        for action in (self.next_action, self.previous_action):
            w.addAction(action)
            self.revisions_menu.addAction(action)
        self.revisions_menu.addSeparator()
        self.revisions_menu.addMenu(self.clear_menu)
        self.lock_numbers_action = QAction(tr("Lock Scene &Numbers"), w)
        self.lock_numbers_action.triggered.connect(self.lock_scene_numbers)
        self.unlock_numbers_action = QAction(tr("&Unlock Scene Numbers"), w)
        self.unlock_numbers_action.triggered.connect(self.unlock_scene_numbers)
        if script_menu is not None:
            script_menu.addSeparator()
            script_menu.addMenu(self.revisions_menu)
            script_menu.addAction(self.lock_numbers_action)
            script_menu.addAction(self.unlock_numbers_action)
        self.compare_action = QAction(tr("Compare &With…"), w)
        self.compare_action.triggered.connect(self.compare_with_file)
        self.backup_menu = QMenu(tr("Compare With &Backup"), w)
        self.backup_menu.aboutToShow.connect(self._fill_backup_menu)
        if file_menu is not None:
            anchor = next((a for a in file_menu.actions() if a.text() == w.tr("&Close")), None)
            file_menu.insertAction(anchor, self.compare_action)
            file_menu.insertMenu(anchor, self.backup_menu)
            file_menu.insertSeparator(anchor)
        self.ai_layer_action = QAction(tr("Show &AI-Written Text"), w)
        self.ai_layer_action.setCheckable(True)
        self.ai_layer_action.toggled.connect(self.set_show_ai)
        self.ai_list_action = QAction(tr("AI-&Written Passages…"), w)
        self.ai_list_action.triggered.connect(self.show_ai_passages)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.ai_layer_action)
            view_menu.addAction(self.ai_list_action)

    @Slot()
    def _update_actions(self) -> None:
        session = self.current_session()
        has_doc = session is not None
        recording = session is not None and session.recording is not None
        has_marks = session is not None and bool(session.marks)
        locked = session is not None and session.data.locked_numbers is not None
        self.start_action.setEnabled(has_doc)
        self.lock_action.setEnabled(recording)
        self.next_action.setEnabled(has_marks)
        self.previous_action.setEnabled(has_marks)
        self.clear_menu.setEnabled(has_marks)
        self.lock_numbers_action.setEnabled(has_doc)
        self.lock_numbers_action.setText(
            self.tr("Update Locked Scene &Numbers") if locked else self.tr("Lock Scene &Numbers")
        )
        self.unlock_numbers_action.setEnabled(locked)
        self.compare_action.setEnabled(has_doc)
        if session is not None and session.describe():
            self.window.status.showMessage(session.describe(), 4000)

    # -- revisions -------------------------------------------------------------------------------
    @Slot()
    def start_revision(self) -> None:
        session = self.current_session()
        if session is None:
            return
        dialog = StartRevisionDialog(session.next_generation(), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            session.start_revision(dialog.generation(), dialog.iso_date())
            self._update_actions()

    @Slot()
    def lock_revision(self) -> None:
        session = self.current_session()
        if session is not None:
            session.lock_revision()
            self.window.status.showMessage(self.tr("Revision locked: new changes are not marked."), 4000)
            self._update_actions()

    def _fill_clear_menu(self) -> None:
        self.clear_menu.clear()
        session = self.current_session()
        if session is None:
            return
        everything = self.clear_menu.addAction(self.tr("All Marks"))
        everything.triggered.connect(lambda: session.clear_marks())
        for generation in sorted(set(session.marks.values())):
            action = self.clear_menu.addAction(
                self.tr("%1 Marks").replace("%1", colors.color(generation).name)
            )
            action.triggered.connect(lambda _=False, g=generation: session.clear_marks(g))

    def go_to_change(self, forward: bool) -> None:
        session = self.current_session()
        editor = self.window.current_editor()
        if session is None or editor is None:
            return
        session.bring_up_to_date()
        line = next_mark(session.marks, editor.current_line(), forward)
        if line is None:
            self.window.status.showMessage(
                self.tr("No more changes after this line.")
                if forward
                else self.tr("No changes before this line."),
                3000,
            )
            return
        editor.go_to_line(line)

    # -- scene numbers -----------------------------------------------------------------------------
    @Slot()
    def lock_scene_numbers(self) -> None:
        session = self.current_session()
        editor = self.window.current_editor()
        if session is None or editor is None:
            return
        result = lock_scene_numbers(session.document.text(), session.data.locked_numbers)
        _apply_text(editor, result.text)
        session.data.locked_numbers = result.numbers
        session.document.production_changed()
        parts = [self.tr("%1 scenes numbered").replace("%1", str(len(result.numbers)))]
        if result.added:
            parts.append(self.tr("new: %1").replace("%1", ", ".join(result.added[:8])))
        if result.omitted:
            parts.append(self.tr("omitted: %1").replace("%1", ", ".join(result.omitted[:8])))
        self.window.status.showMessage(self.tr("Scene numbers locked: ") + "; ".join(parts), 6000)
        self._update_actions()

    @Slot()
    def unlock_scene_numbers(self) -> None:
        session = self.current_session()
        editor = self.window.current_editor()
        if session is None or editor is None:
            return
        _apply_text(editor, unlock_scene_numbers(session.document.text()))
        session.data.locked_numbers = None
        session.document.production_changed()
        self.window.status.showMessage(self.tr("Scene numbers unlocked: scenes are numbered in order."), 4000)
        self._update_actions()

    # -- compare ---------------------------------------------------------------------------------
    @Slot()
    def compare_with_file(self) -> None:
        session = self.current_session()
        if session is None:
            return
        folder = str(session.document.path.parent) if session.document.path else ""
        name, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Compare With"),
            folder,
            self.tr("Scripts (*.fountain *.spmd *.txt *.fdx);;All files (*)"),
        )
        if name:
            self.compare_with(Path(name))

    def compare_with(self, path: Path, label: str | None = None) -> CompareDialog | None:
        session = self.current_session()
        if session is None:
            return None
        dialog = CompareDialog(session, label or path.name, load_text_file(path), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _fill_backup_menu(self) -> None:
        from editor.files.backups import list_backups

        self.backup_menu.clear()
        session = self.current_session()
        path = session.document.path if session is not None else None
        backups = list_backups(path) if path is not None else []
        if not backups:
            none = self.backup_menu.addAction(self.tr("(no backups yet: they are made when you save)"))
            none.setEnabled(False)
            return
        for backup in backups:
            stamp = Date.fromtimestamp(backup.stat().st_mtime).isoformat() if backup.exists() else ""
            action = self.backup_menu.addAction(f"{backup.name}  ({stamp})")
            action.triggered.connect(lambda _=False, b=backup: self.compare_with(b, b.name))

    # -- AI provenance -------------------------------------------------------------------------------
    @Slot(bool)
    def set_show_ai(self, on: bool) -> None:
        self.show_ai = on
        for margin in self.margins.values():
            margin.set_show_ai(on)

    @Slot()
    def show_ai_passages(self) -> QDialog | None:
        session = self.current_session()
        editor = self.window.current_editor()
        if session is None or editor is None:
            return None
        body = session.document.text()
        report = provenance_report(body, spans_from_qt(body, session.document.ai_spans.merged()))
        dialog = QDialog(self.window)
        dialog.setObjectName("aiPassagesDialog")
        dialog.setWindowTitle(self.tr("AI-Written Passages"))
        dialog.resize(720, 420)
        summary = QLabel(report.summary(), dialog)
        summary.setWordWrap(True)
        listing = QListWidget(dialog)
        for passage in report.passages:
            scene = self.tr("Scene %1").replace("%1", passage.scene) if passage.scene else self.tr("Opening")
            text = " ".join(passage.text.split())
            where = f"{scene}, line {passage.line + 1}"
            item = QListWidgetItem(
                f"{where} · {passage.words} words · {passage.model} · {passage.date}\n    {text[:120]}"
            )
            item.setData(Qt.ItemDataRole.UserRole, passage.line)
            listing.addItem(item)
        listing.itemActivated.connect(
            lambda item: editor.go_to_line(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(summary)
        layout.addWidget(listing, 1)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ai_layer_action.setChecked(True)
        dialog.show()
        return dialog


def _apply_text(editor: ScriptEditor, new_text: str) -> None:
    """Turn the editor's text into ``new_text`` as one undo step, touching only the lines that differ."""
    doc = editor.document()
    old_lines = editor.script_document.text().split("\n")
    new_lines = new_text.split("\n")
    if len(old_lines) == len(new_lines):
        # Numbers written into (or taken out of) headings: line for line, no matcher needed.
        ops = [("replace", k, k + 1, k, k + 1) for k in range(len(old_lines)) if old_lines[k] != new_lines[k]]
    else:
        matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not ops:
        return
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for _tag, i1, i2, j1, j2 in reversed(ops):
        replacement = "\n".join(new_lines[j1:j2])
        if i1 < i2:
            start = doc.findBlockByNumber(i1).position()
            last = doc.findBlockByNumber(i2 - 1)
            end = last.position() + last.length() - 1
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            if j1 == j2:
                # Whole lines go: take one line break with them.
                if i2 < len(old_lines):
                    cursor.setPosition(doc.findBlockByNumber(i2).position(), QTextCursor.MoveMode.KeepAnchor)
                elif i1 > 0:
                    prev = doc.findBlockByNumber(i1 - 1)
                    cursor.setPosition(prev.position() + prev.length() - 1)
                    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
            else:
                cursor.insertText(replacement)
        else:
            # Pure insertion before old line i1 (or at the end).
            if i1 < len(old_lines):
                cursor.setPosition(doc.findBlockByNumber(i1).position())
                cursor.insertText(replacement + "\n")
            else:
                last = doc.lastBlock()
                cursor.setPosition(last.position() + last.length() - 1)
                cursor.insertText("\n" + replacement)
    cursor.endEditBlock()


def install(window: MainWindow) -> WindowProduction:
    """Add production drafts to ``window`` (called by ``editor.app.build_main_window``)."""
    return WindowProduction(window)
