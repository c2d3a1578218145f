"""Charts of the reports: axes a writer reads without thinking."""

from __future__ import annotations

from editor.analysis.charts import LIGHT, all_charts
from editor.analysis.report import build_report
from editor.fountain.parser import parse

SPEECH = "Words and more words. " * 30
SCRIPT = "".join(f"INT. ROOM {n} - DAY\n\nAnna waits.\n\nANNA\nWell?\n\nBEN\n{SPEECH}\n\n" for n in range(6))


def test_page_axes_tick_whole_pages() -> None:
    report = build_report(parse(SCRIPT))
    page_axes = [
        ax
        for _, charts in all_charts(report, LIGHT)
        for chart in charts
        for ax in chart.figure.axes
        if ax.get_xlabel() == "page"
    ]
    assert page_axes  # the presence chart at least
    for ax in page_axes:
        ax.figure.canvas.draw()  # tick positions are chosen at draw time
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
