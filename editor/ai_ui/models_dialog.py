"""AI ▸ Models…: the installed models and servers, importing, removing, and which model does what.

Two roles, because they pull in opposite directions: ghost text and the next-speaker guess run on
every pause in typing and must answer in a fraction of a second (a small local model), while
suggestions, rewrites, drafts and summaries are asked for and waited on, where a larger model (an
imported one, or a server) writes much better. Choices are stored with the models
(``inference.store.models.set_role_model``) and applied at once through
``AIController.reload_models``; nothing needs a restart.

Imports run as a ``ModelImportJob`` (conversion in child processes) with progress and Cancel; the
window stays usable meanwhile. Connecting a server on another machine asks first, and says plainly
that the script's text will be sent there.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

_FOLLOW_ACTIVE = "__active__"
ROLE_LABELS = {
    "fast": "Ghost text and next speaker:",
    "writing": "Suggestions, rewrites, drafts, summaries:",
}


def _size_text(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size else "—"


def _report_card_text(path: Path) -> str:
    """A one-line summary of the model's report card (``screenwright-model eval``), when it has one."""
    for name in ("report_card.json", "report-card.json"):
        card = path / name
        if card.is_file():
            try:
                data = json.loads(card.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return "unreadable"
            features = data.get("features", data) if isinstance(data, dict) else {}
            if isinstance(features, dict):
                good = [k for k, v in features.items() if isinstance(v, dict) and v.get("enabled")]
                return ", ".join(good) if good else "beats the rules in nothing yet"
            return "evaluated"
    return "not evaluated"


class ConnectServerDialog(QDialog):
    """URL, model id and a name; confirms before a server on another machine is used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect a Model Server"))
        form = QFormLayout(self)
        self.url = QLineEdit("http://127.0.0.1:8080")
        self.model = QLineEdit()
        self.model.setPlaceholderText(self.tr("the server's default"))
        self.name = QLineEdit("server")
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("Model:"), self.model)
        form.addRow(self.tr("Name:"), self.name)
        note = QLabel(
            self.tr(
                "llama.cpp (llama-server), Ollama, LM Studio and vLLM all work: give the address of "
                "their OpenAI-compatible API. The text around your cursor is sent to this server."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ModelsDialog(QDialog):
    """The model manager. ``models_changed`` fires after any change the AI should pick up."""

    models_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(760, 420)
        self._job = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Format"), self.tr("Size"), self.tr("License"), self.tr("Report card")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)

        roles = QFormLayout()
        self.role_boxes: dict[str, QComboBox] = {}
        for role, label in ROLE_LABELS.items():
            box = QComboBox()
            box.activated.connect(lambda _i, r=role: self._role_chosen(r))
            self.role_boxes[role] = box
            roles.addRow(self.tr(label), box)
        layout.addLayout(roles)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        row = QHBoxLayout()
        self.import_file = QPushButton(self.tr("Import GGUF File…"))
        self.import_folder = QPushButton(self.tr("Import Folder…"))
        self.connect_button = QPushButton(self.tr("Connect Server…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.cancel_button = QPushButton(self.tr("Cancel Import"))
        self.cancel_button.setVisible(False)
        close = QPushButton(self.tr("Close"))
        for button in (self.import_file, self.import_folder, self.connect_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.import_file.clicked.connect(self._import_file)
        self.import_folder.clicked.connect(self._import_folder)
        self.connect_button.clicked.connect(self._connect_server)
        self.remove_button.clicked.connect(self._remove)
        self.cancel_button.clicked.connect(self._cancel_import)
        close.clicked.connect(self.accept)
        self.refresh()

    # -- listing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        from inference.store.models import active_model_name, list_models, role_model_name

        models = list_models()
        active = active_model_name()
        self.table.setRowCount(len(models))
        for row, info in enumerate(models):
            manifest = info.manifest
            name = info.name + ("  (active)" if info.name == active else "")
            cells = [
                name,
                manifest.format if manifest else "damaged",
                _size_text(manifest.size) if manifest else "—",
                manifest.license if manifest else "—",
                info.error or _report_card_text(info.path),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                if manifest is not None:
                    item.setToolTip(manifest.description or manifest.source)
                self.table.setItem(row, column, item)
        usable = [m.name for m in models if m.error is None]
        for role, box in self.role_boxes.items():
            box.clear()
            box.addItem(self.tr("The active model ({name})").format(name=active), _FOLLOW_ACTIVE)
            for name in usable:
                box.addItem(name, name)
            chosen = role_model_name(role)
            index = box.findData(chosen) if chosen != active else 0
            box.setCurrentIndex(max(0, index))

    def selected_name(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    # -- roles -------------------------------------------------------------------------------------
    def _role_chosen(self, role: str) -> None:
        from inference.errors import InferenceError
        from inference.store.models import set_role_model

        data = self.role_boxes[role].currentData()
        try:
            set_role_model(role, None if data == _FOLLOW_ACTIVE else str(data))
        except InferenceError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(self.tr("Saved. The new model loads on the next request."))
        self.models_changed.emit()

    # -- import ------------------------------------------------------------------------------------
    @Slot()
    def _import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a GGUF Model"), "", "GGUF (*.gguf)")
        if path:
            self.start_import(Path(path))

    @Slot()
    def _import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a Hugging Face or ONNX Model Folder"))
        if path:
            self.start_import(Path(path))

    def start_import(self, source: Path, name: str | None = None) -> None:
        """Convert and install ``source`` in the background, with progress and Cancel."""
        from inference.convert.import_job import ModelImportJob

        if self._job is not None:
            return
        job = ModelImportJob(source, name, parent=self)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_import_done)
        job.failed.connect(self._on_import_failed)
        job.cancelled.connect(self._on_import_cancelled)
        self._job = job
        self._set_busy(True)
        self.status.setText(self.tr("Importing {name}…").format(name=source.name))
        job.start()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(busy)
        for button in (self.import_file, self.import_folder, self.remove_button):
            button.setEnabled(not busy)

    @Slot(str, float, str)
    def _on_progress(self, stage: str, fraction: float, detail: str) -> None:
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        self.status.setText(f"{stage} {detail}".strip())

    def _finish_job(self) -> None:
        if self._job is not None:
            self._job.wait(5000)
            self._job.deleteLater()
        self._job = None
        self._set_busy(False)

    @Slot(object)
    def _on_import_done(self, info: object) -> None:
        self._finish_job()
        self.status.setText(self.tr("Imported {name}. Choose it for a role below.").format(name=info.name))
        self.refresh()
        self.models_changed.emit()

    @Slot(str)
    def _on_import_failed(self, reason: str) -> None:
        self._finish_job()
        self.status.setText(reason)

    @Slot()
    def _on_import_cancelled(self) -> None:
        self._finish_job()
        self.status.setText(self.tr("Import cancelled; nothing was installed."))

    @Slot()
    def _cancel_import(self) -> None:
        if self._job is not None:
            self._job.cancel()

    # -- servers and removal ----------------------------------------------------------------------
    @Slot()
    def _connect_server(self) -> None:
        from inference.errors import InferenceError
        from inference.runtime.server_session import ServerConfig, is_loopback
        from inference.store.servers import connect

        form = ConnectServerDialog(self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        url, model, name = form.url.text().strip(), form.model.text().strip(), form.name.text().strip()
        host = ServerConfig(url=url).host
        remote = bool(host) and not is_loopback(host)
        if remote:
            answer = QMessageBox.question(
                self,
                self.tr("Send Your Script to Another Machine?"),
                self.tr(
                    "{host} is not this computer. While this server is in use, the text around your "
                    "cursor (and the scenes you summarise or rewrite) is sent to it. Connect anyway?"
                ).format(host=host),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            connect(url, name, model=model, allow_remote=remote, check=False)
        except InferenceError as exc:
            self.status.setText(str(exc))
            return
        done = self.tr("Connected {name}. Choose it for a role below; it is checked on first use.")
        self.status.setText(done.format(name=name))
        self.refresh()
        self.models_changed.emit()

    @Slot()
    def _remove(self) -> None:
        from inference.errors import InferenceError
        from inference.store.models import remove_model

        name = self.selected_name()
        if not name:
            self.status.setText(self.tr("Select a model to remove."))
            return
        answer = QMessageBox.question(
            self, self.tr("Remove Model"), self.tr("Remove {name} from this computer?").format(name=name)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_model(name)
        except InferenceError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(self.tr("Removed {name}.").format(name=name))
        self.refresh()
        self.models_changed.emit()

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job.wait(30000)
        super().done(result)
