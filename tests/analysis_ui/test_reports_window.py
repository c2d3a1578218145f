"""Script ▸ Reports… and Edit ▸ Find by Meaning… in the assembled window.

A click on a chart point is a real mouse click on the canvas at the point's pixel position, through
matplotlib's pick machinery, and must move the editor's cursor to that scene. Screenshots of the
Reports window in both themes go to test-artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from editor.analysis_ui.reports_window import ChartView
from editor.config.settings import Key, Settings
from inference.embed.provision import embedder_status

ROOT = Path(__file__).resolve().parents[2]
HARBOR = ROOT / "tests" / "analysis" / "data" / "harbor_lights.fountain"
ARTIFACTS = ROOT / "test-artifacts"


def _open_reports(make_window, qtbot, theme: str = "light"):  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.set(Key.THEME, theme)
    window = make_window(settings, size=(1100, 800))
    window.apply_theme()
    window.open_path(HARBOR)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    texts = {m.title(): [a.text() for a in m.actions()] for m in menus}
    assert "&Reports…" in texts["&Script"] and "Find by &Meaning…" in texts["&Edit"]
    window.analysis.reports_action.trigger()
    reports = window.analysis.reports_window
    qtbot.waitUntil(lambda: reports.report is not None, timeout=20_000)
    return window, reports


def test_reports_window_pages_click_and_exports(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, reports = _open_reports(make_window, qtbot)
    assert reports.tabs.count() == 5
    assert reports.tabs.tabText(0) == "Characters"
    # Click the 8th scene's point on the pacing chart.
    reports.tabs.setCurrentIndex(2)
    chart = next(c for c in reports.charts if c.key == "pacing")
    view = reports.findChild(ChartView, "chart_pacing")
    qtbot.waitUntil(view.isVisible, timeout=5000)
    # Where matplotlib drew the 8th scene's point (computed while drawing), clicked for real.
    x, y, scene = view.rendered.points[7]
    assert scene == 7
    pos = QPoint(round(x), round(y))
    with qtbot.waitSignal(reports.scene_clicked, timeout=3000) as jumped:
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    target = reports.report.scenes[7].line
    assert jumped.args == [target]
    assert window.current_editor().current_line() == target
    # The drawn point really is there: the pixel under it is the point colour, not the background.
    image = view.pixmap().toImage()
    ratio = view.pixmap().devicePixelRatio()
    colour = image.pixelColor(round(x * ratio), round(y * ratio))
    assert colour.name() != chart.figure.get_facecolor() and colour.blue() > colour.red()
    # A click on empty chart space goes nowhere.
    with qtbot.assertNotEmitted(reports.scene_clicked):
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(3, 3))
    # Exports: one chart as PNG and SVG, the whole report as HTML and PDF.
    reports.export_chart(chart, tmp_path / "pacing.png", "png")
    reports.export_chart(chart, tmp_path / "pacing.svg", "svg")
    assert (tmp_path / "pacing.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "pacing.svg").read_bytes()
    for name, fmt in (("r.html", "html"), ("r.pdf", "pdf")):
        with qtbot.waitSignal(reports.report_saved, timeout=30_000) as saved:
            reports.save_report(tmp_path / name, fmt)
        assert saved.args == [tmp_path / name, ""]
    with qtbot.waitSignal(reports.report_saved, timeout=30_000) as failed:
        reports.save_report(tmp_path / "no such folder" / "r.html", "html")
    assert failed.args[1] and "Could not save r.html" in reports.status.text()
    assert "Harbor Lights" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    reports.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_reports_screenshots(make_window, qtbot, theme: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window, reports = _open_reports(make_window, qtbot, theme)
    ARTIFACTS.mkdir(exist_ok=True)
    for index, name in ((0, "characters"), (1, "places"), (2, "pacing"), (3, "arc"), (4, "themes")):
        reports.tabs.setCurrentIndex(index)
        QTest.qWait(50)
        image = reports.grab().toImage()
        assert not image.isNull()
        # The chart background follows the theme: dark pixels on the dark theme, light on light.
        grid = [
            image.pixelColor(image.width() * i // 21, image.height() * j // 21).lightness()
            for i in range(1, 21)
            for j in range(1, 21)
        ]
        assert (sorted(grid)[len(grid) // 2] < 100) == (theme == "dark")
        image.save(str(ARTIFACTS / f"reports-{name}-{theme}.png"))
    reports.close()


@pytest.mark.model
def test_find_by_meaning_and_scenes_like_this(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    if not embedder_status()[0]:
        pytest.skip("the search model is not installed (make model installs it)")
    window = make_window()
    window.open_path(HARBOR)
    analysis = window.analysis
    analysis.find_action.trigger()
    dialog = analysis.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.query.setText("a thief steals the boat money through insurance papers")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.hit_items()) > 0, timeout=60_000)
    items = dialog.hit_items()
    assert any("CABIN" in item.text(0) for item in items[:3])
    cabin = next(item for item in items if "CABIN" in item.text(0))
    dialog.results.itemClicked.emit(cabin, 0)
    editor = window.current_editor()
    scene = window.current_tab().document.snapshot().scenes[10]
    assert scene.line <= editor.current_line() <= scene.end_line
    assert editor.extraSelections()  # the matching lines are highlighted
    # Scenes Like This (what the navigator's context menu calls) for the first police scene.
    dialog.results.clear()
    analysis.scenes_like(2)
    qtbot.waitUntil(lambda: len(dialog.hit_items()) > 0, timeout=30_000)
    titles = [item.text(0) for item in dialog.hit_items()[:3]]
    assert any("POLICE" in t for t in titles)
    # With the index ready, the Reports window groups scenes by meaning.
    analysis.reports_action.trigger()
    reports = analysis.reports_window
    qtbot.waitUntil(lambda: reports.report is not None, timeout=20_000)
    assert reports.report.clusters_by == "meaning"
    reports.close()


def test_find_by_meaning_without_the_model_says_so(make_window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SCREENWRIGHT_EMBEDDERS_DIR", str(tmp_path / "none"))
    window = make_window()
    window.open_path(HARBOR)
    window.analysis.find_action.trigger()
    dialog = window.analysis.dialog
    qtbot.waitUntil(lambda: "unavailable" in dialog.status.text(), timeout=10_000)
    assert "not installed" in dialog.status.text() and "make model" in dialog.status.text()
    dialog.query.setText("anything")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)  # says why again; the editor keeps working
    qtbot.waitUntil(lambda: "not installed" in dialog.status.text(), timeout=10_000)
    window.current_editor().insertPlainText("x")


@pytest.mark.model
def test_find_by_meaning_across_open_scripts(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    if not embedder_status()[0]:
        pytest.skip("the search model is not installed (make model installs it)")
    window = make_window()
    window.open_path(HARBOR)
    window.open_path(HARBOR.with_name("last_train.fountain"))
    window.tabs.setCurrentIndex(0)  # the harbor script in front; the answer is in the other one
    analysis = window.analysis
    analysis.find_action.trigger()
    dialog = analysis.dialog
    dialog.all_scripts.setChecked(True)
    dialog.query.setText("a thief runs off with his guitar")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.hit_items()) > 0, timeout=60_000)
    first = dialog.hit_items()[0]
    assert first.text(0).startswith("last_train.fountain — ")
    dialog.results.itemClicked.emit(first, 0)
    assert window.current_tab().document.path.name == "last_train.fountain"
    assert window.current_editor().extraSelections()
