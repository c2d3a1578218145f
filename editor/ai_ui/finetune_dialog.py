"""AI ▸ Learn From My Scripts…: fine-tune the active model on the writer's scripts, with Cancel.

The training runs in a niced child process (:mod:`inference.finetune.trainer`); this dialog only
reads the scripts and waits for the child on a worker QThread, and gets progress as queued signals,
so the editor never waits on the disk or the model. Cancel terminates the child; its last
checkpoint stays, so starting the same fine-tune again resumes it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.ai.kept_log import read_entries
from editor.ai.training_text import TrainingInputError, add_kept, build_training_set
from inference.convert.conversion import Converter
from inference.errors import ConversionCancelled, InferenceError

log = logging.getLogger(__name__)


#: stage -> (start, width) of the overall bar
_STAGES = {"Training": (0.0, 0.85), "Exporting to ONNX": (0.85, 0.13), "Installing": (0.98, 0.02)}


class _Runner(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, paths: list[Path], name: str, base: Any, *, kept: bool = False) -> None:
        super().__init__()
        self.paths = paths
        self.kept = kept
        self.name = name
        self.base = base
        self.converter = Converter(on_progress=self._on_progress)

    def _on_progress(self, stage: str, fraction: float | None, detail: str) -> None:
        """One bar for the whole run: training, then the int4 export, then the install.

        Each stage reports its own monotonic fraction (the trainer's one scale for evaluation and
        steps, the converter's "never back" per stage) and the stages follow one another, so the
        overall value never moves back; the dialog shows it as is (no max() that would hide a
        regression). A stage without a place on the bar, or without a fraction yet, sends -1:
        text only."""
        span = _STAGES.get(stage)
        overall = -1.0 if span is None or fraction is None else span[0] + span[1] * fraction
        self.progress.emit(overall, f"{stage}: {detail}" if detail else stage)

    @Slot()
    def run(self) -> None:
        from inference.finetune.job import finetune

        try:
            training = build_training_set(self.paths)
            if self.kept:
                add_kept(training, read_entries())
            self.converter.check_cancelled()
            _info, record = finetune(self.converter, self.base, self.name, training.to_json())
        except ConversionCancelled:
            self.cancelled.emit()
        except (TrainingInputError, InferenceError) as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{exc.strerror or exc} ({exc.filename or ''}). Check free disk space.")
        except Exception as exc:  # a dialog must always get an answer
            log.exception("fine-tune failed")
            self.failed.emit(f"The fine-tune failed unexpectedly: {exc}")
        else:
            self.done.emit(record)


def summary_text(name: str, record: dict[str, Any]) -> str:
    """The result in words: before/after on the held-out scenes and what to do next."""
    b, a = record["before"], record["after"]
    lines = [
        f"Held-out perplexity: {b['perplexity']:.2f} → {a['perplexity']:.2f} (lower is better)",
        f"Next speaker right: {b['next_speaker_accuracy']:.0%} → {a['next_speaker_accuracy']:.0%}",
        f"Next word right: {b['next_word_match']:.0%} → {a['next_word_match']:.0%}",
        record["verdict"],
    ]
    if record.get("kept_used"):
        lines.insert(3, f"Learned from {record['kept_used']} suggestion(s) you kept, too.")
    if not record.get("worse"):
        lines.append(f"'{name}' is installed; choose it in AI ▸ Models… to use it.")
    return "\n".join(lines)


class FinetuneDialog(QDialog):
    """Pick scripts and a name, train with a progress bar and ETA, Cancel, then a result summary."""

    models_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, files: list[Path] | None = None, *, learn_kept: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Learn From My Scripts"))
        self.setObjectName("finetuneDialog")
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self.files = QListWidget()
        for path in files or []:
            self.files.addItem(str(path))
        add = QPushButton(self.tr("Add Scripts…"))
        add.clicked.connect(self._add_files)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(
            lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()]
        )
        self.name = QLineEdit("my-voice")
        self.name.setObjectName("finetuneName")
        # Shown only when the writer lets Screenwright record kept suggestions (Preferences ▸
        # Learning); then on by default, as the CLI's --kept.
        self.kept = QCheckBox(self.tr("Also learn from the AI suggestions I kept"))
        self.kept.setObjectName("finetuneKept")
        self.kept.setChecked(learn_kept)
        self.kept.setVisible(learn_kept)
        self._learn_kept = learn_kept
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("finetuneStatus")
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start.clicked.connect(self.begin)
        self.cancel.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        self.cancel.setEnabled(False)

        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("New model name:"), self.name)
        form.addRow(self.kept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Scripts to learn from (.fountain, .fdx):")))
        layout.addWidget(self.files)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

        from inference.finetune.job import training_available

        reason = training_available()
        if reason:
            self.status.setText(reason)
            self.start.setEnabled(False)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Scripts to Learn From"), "", self.tr("Screenplays (*.fountain *.fdx *.txt)")
        )
        for path in paths:
            self.files.addItem(path)

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    @Slot()
    def begin(self) -> None:
        from inference.store.models import active_model

        try:
            base = active_model()
        except InferenceError as exc:
            self.status.setText(str(exc))
            return
        self._runner = _Runner(
            self.paths(), self.name.text().strip(), base, kept=self._learn_kept and self.kept.isChecked()
        )
        self._thread = QThread(self)
        self._thread.setObjectName("screenwright-finetune")
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self._on_progress)
        self._runner.done.connect(self._on_done)
        self._runner.failed.connect(self._on_failed)
        self._runner.cancelled.connect(self._on_cancelled)
        for signal in (self._runner.done, self._runner.failed, self._runner.cancelled):
            signal.connect(self._thread.quit)
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.bar.setValue(0)
        self.status.setText(self.tr("Reading the scripts…"))
        self._thread.start()

    @Slot()
    def stop(self) -> None:
        if self._runner is not None:
            self._runner.converter.cancel()
            self.status.setText(self.tr("Stopping…"))

    def _finish(self, text: str) -> None:
        self.status.setText(text)
        self.cancel.setEnabled(False)
        self.start.setEnabled(True)

    @Slot(float, str)
    def _on_progress(self, fraction: float, detail: str) -> None:
        if fraction >= 0:
            self.bar.setValue(round(fraction * 1000))
        self.status.setText(detail)

    @Slot(object)
    def _on_done(self, record: dict[str, Any]) -> None:
        self.bar.setValue(1000)
        self._finish(summary_text(self.name.text().strip(), record))
        self.models_changed.emit()

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self._finish(reason)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(
            self.tr("Cancelled. Nothing was installed; starting again resumes from the last checkpoint.")
        )

    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._thread is None or bool(self._thread.wait(timeout_ms))

    def reject(self) -> None:
        if self.running():
            self.stop()
            self.wait()
        super().reject()
