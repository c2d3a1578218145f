"""Script ▸ Reports…: a window of report pages (tabs) with matplotlib charts.

The report is built, and every chart drawn to pixels, on a worker thread (``build_report`` takes
~130 ms of CPU for 120 pages; drawing ten matplotlib figures ~0.5 s more): the UI thread only wraps
finished images in QPixmaps, so the window never freezes; it shows "Building the report…" until the
pages arrive. Clicks are hit-tested against the point positions matplotlib computed while drawing.
Charts draw in the window's theme. Clicking a point (a scene on
the pacing, arc, presence or cluster charts) emits ``scene_clicked(line)`` and the main window jumps
there. Each chart has Export PNG/SVG; the whole report saves as HTML or PDF (same code as
``screenwright report``).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
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

from editor.analysis.charts import THEMES, Chart, ChartTheme, RenderedChart, all_charts, render
from editor.analysis.export import chart_bytes, write_html, write_pdf
from editor.analysis.report import Report, build_report
from editor.fountain.model import Script
from editor.fountain.pagination import Pagination

log = logging.getLogger(__name__)


CHART_WIDTH = 880  # logical pixels; the scroll area scrolls sideways in a narrower window


class _Relay(QObject):
    built = Signal(object, object)  # ((Report, [(page, [RenderedChart])]) or None, error text)
    saved = Signal(object, str)  # (path, error text or "")


class ChartView(QLabel):
    """One drawn chart; a click near a point emits its scene."""

    scene_clicked = Signal(int)

    def __init__(self, rendered: RenderedChart, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rendered = rendered
        image = QImage(rendered.rgba, rendered.width, rendered.height, QImage.Format.Format_RGBA8888).copy()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(scale)
        self.setPixmap(pixmap)
        self.setFixedSize(round(rendered.width / scale), round(rendered.height / scale))
        if rendered.points:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(self.tr("Click a point to go to its scene"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        scene = self.rendered.scene_at(pos.x(), pos.y(), radius=6)
        if scene is not None and event.button() == Qt.MouseButton.LeftButton:
            self.scene_clicked.emit(scene)
            return
        super().mousePressEvent(event)


class ReportsWindow(QDialog):
    """The Reports window for one script."""

    scene_clicked = Signal(int)  # source line of the scene's heading
    report_saved = Signal(object, str)  # (path, error text or "")

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
        self._relay.saved.connect(self._on_saved)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report")
        self._pool.submit(self._build, script, pagination, embeddings, self.devicePixelRatioF())
        self._pool.shutdown(wait=False)

    def _build(
        self, script: Script, pagination: Pagination | None, embeddings: np.ndarray | None, scale: float
    ) -> None:
        try:
            report = build_report(script, pagination=pagination, embeddings=embeddings)
            pages = [
                (page, [render(chart, CHART_WIDTH, scale) for chart in charts])
                for page, charts in all_charts(report, self.theme)
            ]
        except Exception as exc:  # a bug must not take the window down with it
            log.exception("report failed")
            self._relay.built.emit(None, str(exc))
            return
        self._relay.built.emit((report, pages, scale), "")

    @Slot(object, object)
    def _on_built(
        self, built: tuple[Report, list[tuple[str, list[RenderedChart]]], float] | None, error: str
    ) -> None:
        if built is None:
            self.status.setText(self.tr("The report could not be built: %1").replace("%1", error))
            return
        report, pages, scale = built
        self.report = report
        scenes = len(report.scenes)
        self.status.setText(
            self.tr("%1 pages · %2 scenes · %3 speaking characters")
            .replace("%1", str(report.pages))
            .replace("%2", str(scenes))
            .replace("%3", str(len(report.characters)))
        )
        for page, rendered in pages:
            self.tabs.addTab(
                self._page(rendered, scale, report if page == "Characters" else None), self.tr(page)
            )
            self.charts += [r.chart for r in rendered]
        self.save_html.setEnabled(True)
        self.save_pdf.setEnabled(True)

    def _page(self, charts: list[RenderedChart], scale: float, report: Report | None) -> QWidget:
        inner = QWidget()
        inner.setObjectName("reportPage")
        layout = QVBoxLayout(inner)
        if report is not None and report.notes:
            note = QLabel("\n".join(report.notes), inner)
            note.setWordWrap(True)
            layout.addWidget(note)
        for rendered in charts:
            chart = rendered.chart
            header = QHBoxLayout()
            label = QLabel(f"<b>{chart.title}</b>", inner)
            header.addWidget(label, 1)
            for fmt in ("png", "svg"):
                button = QPushButton(self.tr("Export %1…").replace("%1", fmt.upper()), inner)
                button.setObjectName(f"export_{chart.key}_{fmt}")
                button.clicked.connect(lambda _=False, c=chart, f=fmt: self._export_chart(c, f))
                header.addWidget(button)
            layout.addLayout(header)
            view = ChartView(rendered, scale, inner)
            view.setObjectName(f"chart_{chart.key}")
            view.scene_clicked.connect(self.jump_to_scene)
            layout.addWidget(view)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

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
        """Write the report on a worker thread (drawing ten charts and writing takes a second or
        two); ``report_saved(path, error)`` tells when it is on disk."""
        if self.report is None:
            return
        self.status.setText(self.tr("Saving %1…").replace("%1", path.name))
        report, theme = self.report, self.theme.name

        def work() -> None:
            try:
                (write_pdf if fmt == "pdf" else write_html)(report, path, theme)
            except OSError as exc:
                self._relay.saved.emit(path, exc.strerror or str(exc))
                return
            self._relay.saved.emit(path, "")

        threading.Thread(target=work, name="report-save", daemon=True).start()

    @Slot(object, str)
    def _on_saved(self, path: Path, error: str) -> None:
        if error:
            self.status.setText(
                self.tr("Could not save %1: %2").replace("%1", path.name).replace("%2", error)
            )
        else:
            self.status.setText(self.tr("Saved %1").replace("%1", path.name))
        self.report_saved.emit(path, error)

    def _could_not_save(self, path: Path, exc: OSError) -> None:
        message = self.tr("Could not save %1: %2").replace("%1", path.name)
        self.status.setText(message.replace("%2", exc.strerror or str(exc)))
