"""``ModelImportJob``: a model import (or the default install) run off the UI thread, for dialogs.

The conversion itself already runs in child processes; this only keeps the waiting (and the file
copying) off the UI thread and turns the converter's callbacks into queued signals. QtCore only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from inference.convert.conversion import Converter
from inference.errors import ConversionCancelled, InferenceError

log = logging.getLogger(__name__)


class _Runner(QObject):
    progress = Signal(str, float, str)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, converter: Converter, source: Path | None, name: str | None, replace: bool) -> None:
        super().__init__()
        self.converter = converter
        self.source = source
        self.name = name
        self.replace = replace

    @Slot()
    def run(self) -> None:
        try:
            if self.source is None:
                from inference.store.provision import install_default

                info = install_default(self.converter)
            else:
                info = self.converter.import_model(self.source, self.name, replace=self.replace)
        except ConversionCancelled:
            self.cancelled.emit()
        except InferenceError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(
                f"{exc.strerror or exc} ({exc.filename or ''}). Check free disk space and permissions."
            )
        except Exception as exc:  # a dialog must always get an answer
            log.exception("model import failed")
            self.failed.emit(f"The import failed unexpectedly: {exc}")
        else:
            self.done.emit(info)


class ModelImportJob(QObject):
    """Import ``source`` (GGUF file, HF folder, ONNX folder), or install the default model if None.

    Signals (on the thread that created the job): ``progress(stage, fraction, detail)`` with
    ``fraction`` -1 when unknown, then exactly one of ``finished(ModelInfo)``, ``failed(reason)``
    or ``cancelled()``. ``cancel()`` stops the running conversion step and removes everything.
    """

    progress = Signal(str, float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        source: Path | None = None,
        name: str | None = None,
        *,
        replace: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._converter = Converter(on_progress=self._on_progress)
        self._runner = _Runner(self._converter, source, name, replace)
        self._thread = QThread()
        self._thread.setObjectName("screenwright-model-import")
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        for signal, target in (
            (self._runner.done, self.finished),
            (self._runner.failed, self.failed),
            (self._runner.cancelled, self.cancelled),
        ):
            signal.connect(self._thread.quit)
            signal.connect(target)

    def _on_progress(self, stage: str, fraction: float | None, detail: str) -> None:
        # Called on the runner's thread: emitting the runner's signal queues it to our thread.
        self._runner.progress.emit(stage, -1.0 if fraction is None else float(fraction), detail)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Thread-safe; the job then ends with ``cancelled`` (within a fraction of a second)."""
        self._converter.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Join the job's thread after it ended (tests, application exit)."""
        return bool(self._thread.wait(timeout_ms))
