"""Script ▸ Reports…: a window of report pages (tabs) with matplotlib charts.

The report is built on a worker thread (``build_report`` takes ~130 ms of CPU for 120 pages, and
seconds for a 10,000-scene script); the window shows "Building the report…" until it arrives and
never blocks the UI thread on it. Charts draw in the window's theme. Clicking a point (a scene on
the pacing, arc, presence or cluster charts) emits ``scene_clicked(line)`` and the main window jumps
there. Each chart has Export PNG/SVG; the whole report saves as HTML or PDF (same code as
``screenwright report``).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.analysis.charts import THEMES, Chart, ChartTheme, all_charts
from editor.analysis.export import chart_bytes, write_html, write_pdf
from editor.analysis.report import Report, build_report
from editor.fountain.model import Script
from editor.fountain.pagination import Pagination

log = logging.getLogger(__name__)


class _Relay(QObject):
    built = Signal(object, object)  # (Report or None, error text)


class ReportsWindow(QDialog):
    """The Reports window for one script."""

    scene_clicked = Signal(int)  # source line of the scene's heading

    def __init__(
        self,
        script: Script,
        *,
        dark: bool = False,
        title: str = "",
        pagination: Pagination | None = None,
        parent: QWidget | None = None,
        embeddings: np.ndarray | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReportsWindow")
        self.setWindowTitle(self.tr("Reports — %1").replace("%1", title or self.tr("Untitled")))
        self.resize(960, 760)
        self.theme: ChartTheme = THEMES["dark" if dark else "light"]
        self.report: Report | None = None
        self.charts: list[Chart] = []
        self._script = script
        self.tabs = QTabWidget(self)
        self.status = QLabel(self.tr("Building the report…"), self)
        self.save_html = QPushButton(self.tr("Save as HTML…"), self)
        self.save_pdf = QPushButton(self.tr("Save as PDF…"), self)
        for button in (self.save_html, self.save_pdf):
            button.setEnabled(False)
        self.save_html.clicked.connect(lambda: self._save_report("html"))
        self.save_pdf.clicked.connect(lambda: self._save_report("pdf"))
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.save_html)
        bar.addWidget(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self._relay = _Relay(self)
        self._relay.built.connect(self._on_built)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report")
        self._pool.submit(self._build, script, pagination, embeddings)
        self._pool.shutdown(wait=False)

    def _build(self, script: Script, pagination: Pagination | None, embeddings: np.ndarray | None) -> None:
        try:
            report = build_report(script, pagination=pagination, embeddings=embeddings)
        except Exception as exc:  # a bug must not take the window down with it
            log.exception("report failed")
            self._relay.built.emit(None, str(exc))
            return
        self._relay.built.emit(report, "")

    @Slot(object, object)
    def _on_built(self, report: Report | None, error: str) -> None:
        if report is None:
            self.status.setText(self.tr("The report could not be built: %1").replace("%1", error))
            return
        self.report = report
        scenes = len(report.scenes)
        self.status.setText(
            self.tr("%1 pages · %2 scenes · %3 speaking characters")
            .replace("%1", str(report.pages))
            .replace("%2", str(scenes))
            .replace("%3", str(len(report.characters)))
        )
        for page, charts in all_charts(report, self.theme):
            self.tabs.addTab(self._page(charts, report if page == "Characters" else None), self.tr(page))
            self.charts += charts
        self.save_html.setEnabled(True)
        self.save_pdf.setEnabled(True)

    def _page(self, charts: list[Chart], report: Report | None) -> QWidget:
        inner = QWidget()
        inner.setObjectName("reportPage")
        layout = QVBoxLayout(inner)
        if report is not None and report.notes:
            note = QLabel("\n".join(report.notes), inner)
            note.setWordWrap(True)
            layout.addWidget(note)
        for chart in charts:
            header = QHBoxLayout()
            label = QLabel(f"<b>{chart.title}</b>", inner)
            header.addWidget(label, 1)
            for fmt in ("png", "svg"):
                button = QPushButton(self.tr("Export %1…").replace("%1", fmt.upper()), inner)
                button.setObjectName(f"export_{chart.key}_{fmt}")
                button.clicked.connect(lambda _=False, c=chart, f=fmt: self._export_chart(c, f))
                header.addWidget(button)
            layout.addLayout(header)
            canvas = FigureCanvasQTAgg(chart.figure)
            width, height = chart.figure.get_size_inches() * chart.figure.dpi
            canvas.setMinimumHeight(int(height))
            canvas.setMinimumWidth(min(int(width), 600))
            canvas.setObjectName(f"chart_{chart.key}")
            if chart.picks:
                canvas.mpl_connect("pick_event", lambda event, c=chart: self._picked(c, event))
                canvas.setCursor(Qt.CursorShape.PointingHandCursor)
                canvas.setToolTip(self.tr("Click a point to go to its scene"))
            layout.addWidget(canvas)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _picked(self, chart: Chart, event) -> None:  # type: ignore[no-untyped-def]
        indices = getattr(event, "ind", None)
        gid = event.artist.get_gid() if event.artist is not None else None
        if gid is None or indices is None or not len(indices):
            return
        scene = chart.scene_for(gid, int(indices[0]))
        self.jump_to_scene(scene)

    def jump_to_scene(self, scene: int | None) -> None:
        if scene is not None and self.report is not None and 0 <= scene < len(self.report.scenes):
            self.scene_clicked.emit(self.report.scenes[scene].line)

    def _export_chart(self, chart: Chart, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Chart"), f"{chart.key}.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.export_chart(chart, Path(path), fmt)

    def export_chart(self, chart: Chart, path: Path, fmt: str) -> None:
        from inference.fsio import atomic_write

        try:
            atomic_write(path, chart_bytes(chart, fmt))
        except OSError as exc:
            self.status.setText(
                self.tr("Could not save %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )

    def _save_report(self, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Report"), f"report.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.save_report(Path(path), fmt)

    def save_report(self, path: Path, fmt: str) -> None:
        if self.report is None:
            return
        try:
            (write_pdf if fmt == "pdf" else write_html)(self.report, path, self.theme.name)
            self.status.setText(self.tr("Saved %1").replace("%1", path.name))
        except OSError as exc:
            self.status.setText(
                self.tr("Could not save %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )

    def _could_not_save(self, path: Path, exc: OSError) -> None:
        message = self.tr("Could not save %1: %2").replace("%1", path.name)
        self.status.setText(message.replace("%2", exc.strerror or str(exc)))
