"""The report's charts, drawn with matplotlib for both the HTML/PDF report and the Reports window.

Why matplotlib (not pyqtgraph): the same figure code must serve ``screenwright report --html`` with
no display and no Qt, and the window; matplotlib renders headless to SVG, PNG and PDF and embeds in
Qt through its QtAgg canvas, so every chart exports exactly as it is shown. pyqtgraph is faster for
live, million-point plots, but a report has at most a few thousand points, and pyqtgraph needs a
QApplication to export anything and gives poorer text, bar and graph layouts. Each chart is drawn
for a theme (light or dark colours taken from the editor's palette) and keeps a map from its
clickable points to scene indices, so the window can jump to the scene a point stands for.

``Figure`` objects are built without pyplot (no global state, safe in a worker thread).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from editor.analysis.report import Report


@dataclass(frozen=True, slots=True)
class ChartTheme:
    name: str
    background: str
    text: str
    grid: str
    accent: str
    second: str
    positive: str
    negative: str
    palette: tuple[str, ...]


LIGHT = ChartTheme(
    "light",
    background="#faf9f6",
    text="#2a2a28",
    grid="#dddad2",
    accent="#2f6fb3",
    second="#c9822b",
    positive="#3f8f5a",
    negative="#c0453c",
    palette=("#2f6fb3", "#c9822b", "#3f8f5a", "#8a4fb3", "#c0453c", "#2b9aa3", "#8c7a3a", "#6b6b6b"),
)
DARK = ChartTheme(
    "dark",
    background="#232427",
    text="#e4e1da",
    grid="#3a3c40",
    accent="#6fa8e8",
    second="#e0a55a",
    positive="#7cc48f",
    negative="#ea7d72",
    palette=("#6fa8e8", "#e0a55a", "#7cc48f", "#b98be0", "#ea7d72", "#5cc6cf", "#cbb773", "#a8a8a8"),
)
THEMES = {"light": LIGHT, "dark": DARK}


@dataclass(slots=True)
class Chart:
    """A drawn chart: its figure, a title, and which scene each clickable point stands for."""

    key: str
    title: str
    figure: Figure
    # artist gid -> scene index per point (matplotlib's pick event gives the artist and point indices)
    picks: dict[str, list[int]] = field(default_factory=dict)
    empty_reason: str = ""

    def scene_for(self, gid: str, index: int) -> int | None:
        scenes = self.picks.get(gid)
        if scenes is None or not 0 <= index < len(scenes):
            return None
        return scenes[index]


def _figure(theme: ChartTheme, width: float = 7.5, height: float = 3.6) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), dpi=100, facecolor=theme.background, layout="constrained")
    ax = fig.add_subplot()
    _style(ax, theme)
    return fig, ax


def _style(ax, theme: ChartTheme) -> None:
    ax.set_facecolor(theme.background)
    for spine in ax.spines.values():
        spine.set_color(theme.grid)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(colors=theme.text, labelsize=8)
    ax.xaxis.label.set_color(theme.text)
    ax.yaxis.label.set_color(theme.text)
    ax.title.set_color(theme.text)
    ax.grid(True, color=theme.grid, linewidth=0.6, alpha=0.8)
    ax.set_axisbelow(True)


def _rolling(values: list[float] | list[int], width: int) -> list[float]:
    """Centred moving average (shorter windows at the ends)."""
    half = width // 2
    out = []
    for i in range(len(values)):
        window = values[max(0, i - half) : i + half + 1]
        out.append(sum(window) / len(window))
    return out


def _empty(key: str, title: str, reason: str, theme: ChartTheme) -> Chart:
    fig, ax = _figure(theme, height=1.4)
    ax.set_axis_off()
    ax.text(0.5, 0.5, reason, ha="center", va="center", color=theme.text, fontsize=10, wrap=True)
    return Chart(key, title, fig, empty_reason=reason)


def characters_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Dialogue share by character"
    if not report.characters:
        return _empty("characters", title, "No dialogue: no characters speak in this script.", theme)
    rows = report.characters[:15][::-1]
    fig, ax = _figure(theme, height=max(2.2, 0.28 * len(rows) + 0.8))
    bars = ax.barh([r.name for r in rows], [r.words for r in rows], color=theme.accent)
    for bar, r in zip(bars, rows, strict=True):
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f"  {r.dialogue_share:.0%} · {r.speeches} speeches · {r.scenes} scenes",
            va="center",
            color=theme.text,
            fontsize=7,
        )
    ax.set_xlabel("words of dialogue")
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.margins(x=0.35)
    return Chart("characters", title, fig)


def _page_axis(ax: Axes) -> None:
    """An x axis of pages ticks whole pages: a three-page script read "page 1.5, 2.5"."""
    ax.set_xlabel("page")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def presence_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Who is in which scene"
    rows = report.characters[:12]
    if not rows or not report.scenes:
        return _empty("presence", title, "Needs scenes with dialogue.", theme)
    fig, ax = _figure(theme, height=max(2.2, 0.3 * len(rows) + 0.9))
    picks: dict[str, list[int]] = {}
    for y, row in enumerate(rows[::-1]):
        gid = f"presence:{row.name}"
        pages = [report.scenes[i].position for i in row.scene_list]
        ax.scatter(
            pages,
            [y] * len(pages),
            s=14,
            color=theme.palette[y % len(theme.palette)],
            picker=True,
            pickradius=4,
            gid=gid,
        )
        picks[gid] = list(row.scene_list)
    ax.set_yticks(range(len(rows)), [r.name for r in rows[::-1]])
    _page_axis(ax)
    ax.grid(False, axis="y")
    return Chart("presence", title, fig, picks)


def exchanges_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Who talks to whom"
    if not report.exchanges:
        return _empty("exchanges", title, "No exchanges: nobody answers anybody in the same scene.", theme)
    names = [c.name for c in report.characters[:12]]
    shown = [e for e in report.exchanges if e.a in names and e.b in names]
    fig, ax = _figure(theme, width=6.0, height=6.0)
    ax.set_axis_off()
    pos = {
        n: (math.cos(2 * math.pi * i / len(names)), math.sin(2 * math.pi * i / len(names)))
        for i, n in enumerate(names)
    }
    top = max((e.count for e in shown), default=1)
    for e in shown:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color=theme.accent,
            alpha=0.25 + 0.6 * e.count / top,
            lw=0.5 + 5 * e.count / top,
        )
    words = {c.name: c.words for c in report.characters}
    most = max(words.values(), default=1) or 1
    for i, n in enumerate(names):
        x, y = pos[n]
        ax.scatter(
            [x], [y], s=60 + 400 * words[n] / most, color=theme.palette[i % len(theme.palette)], zorder=3
        )
        ax.text(x * 1.17, y * 1.17, n, ha="center", va="center", color=theme.text, fontsize=8)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    return Chart("exchanges", title, fig)


def locations_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Locations (length in pages)"
    if not report.locations:
        return _empty("locations", title, "No scene headings, so no locations.", theme)
    rows = report.locations[:15][::-1]
    fig, ax = _figure(theme, height=max(2.2, 0.28 * len(rows) + 0.8))
    colors = [theme.second if r.int_ext.startswith("EXT") else theme.accent for r in rows]
    ax.barh([r.location[:38] for r in rows], [r.eighths / 8 for r in rows], color=colors)
    for i, r in enumerate(rows):
        ax.text(
            r.eighths / 8,
            i,
            f"  {r.scenes} sc · {r.int_ext or '-'}",
            va="center",
            color=theme.text,
            fontsize=7,
        )
    ax.set_xlabel("pages (blue: interior, orange: exterior)")
    ax.grid(False, axis="y")
    ax.margins(x=0.2)
    return Chart("locations", title, fig)


def settings_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Interior / exterior and day / night"
    if not report.scenes:
        return _empty("settings", title, "No scene headings, so no interior/exterior or day/night.", theme)
    fig = Figure(figsize=(7.5, 2.6), dpi=100, facecolor=theme.background, layout="constrained")
    for k, (data, label) in enumerate(
        ((report.int_ext, "scenes by INT/EXT"), (report.day_night, "scenes by day/night"))
    ):
        ax = fig.add_subplot(1, 2, k + 1)
        _style(ax, theme)
        ax.bar(list(data), list(data.values()), color=theme.palette[: len(data)])
        ax.set_title(label, fontsize=9)
        ax.grid(False, axis="x")
    return Chart("settings", title, fig)


def pacing_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Pacing: scene length along the script"
    if not report.scenes:
        return _empty("pacing", title, "No scene headings, so no scene lengths.", theme)
    fig, ax = _figure(theme)
    pages = [s.position for s in report.scenes]
    eighths = [s.eighths for s in report.scenes]
    ax.vlines(pages, 0, eighths, color=theme.grid, lw=1)
    ax.scatter(pages, eighths, s=12, color=theme.accent, picker=True, pickradius=4, gid="pacing", zorder=3)
    if len(eighths) >= 5:
        ax.plot(pages, _rolling(eighths, 5), color=theme.second, lw=1.5, label="5-scene average")
        ax.legend(fontsize=7, frameon=False, labelcolor=theme.text)
    _page_axis(ax)
    ax.set_ylabel("scene length (eighths)")
    return Chart("pacing", title, fig, {"pacing": [s.index for s in report.scenes]})


def balance_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Page balance: action vs dialogue"
    if not report.page_balance:
        return _empty("balance", title, "Nothing printed.", theme)
    fig, ax = _figure(theme)
    x = [p.number for p in report.page_balance]
    action = [p.action_rows for p in report.page_balance]
    dialogue = [p.dialogue_rows for p in report.page_balance]
    ax.stackplot(
        x, action, dialogue, colors=(theme.second, theme.accent), labels=("action", "dialogue"), alpha=0.85
    )
    _page_axis(ax)
    ax.set_ylabel("printed lines")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, frameon=False, loc="upper right", labelcolor=theme.text)
    return Chart("balance", title, fig)


def arc_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Emotional arc (VADER sentiment per scene)"
    if not report.sentiment_available:
        reason = next((n for n in report.notes if "English" in n), "No scenes to score.")
        return _empty("arc", title, reason, theme)
    fig, ax = _figure(theme)
    pages = [s.position for s in report.scenes]
    values = [s.sentiment for s in report.scenes]
    ax.axhline(0, color=theme.grid, lw=1)
    colors = [theme.positive if v >= 0 else theme.negative for v in values]
    ax.plot(pages, values, color=theme.grid, lw=0.8)
    ax.scatter(pages, values, s=14, c=colors, picker=True, pickradius=4, gid="arc", zorder=3)
    if len(values) >= 7:
        ax.plot(pages, _rolling(values, 7), color=theme.accent, lw=2, label="7-scene average")
        ax.legend(fontsize=7, frameon=False, labelcolor=theme.text)
    ax.set_ylim(-1.05, 1.05)
    _page_axis(ax)
    ax.set_ylabel("negative ← sentiment → positive")
    return Chart("arc", title, fig, {"arc": [s.index for s in report.scenes]})


def themes_chart(report: Report, theme: ChartTheme) -> Chart:
    title = "Themes: the script's distinctive terms"
    if not report.themes:
        return _empty("themes", title, "Not enough words across scenes to find themes.", theme)
    rows = report.themes[:20][::-1]
    fig, ax = _figure(theme, height=max(2.2, 0.24 * len(rows) + 0.8))
    ax.barh([t.term for t in rows], [t.weight for t in rows], color=theme.accent)
    ax.set_xlabel("tf-idf weight over scenes")
    ax.grid(False, axis="y")
    return Chart("themes", title, fig)


def clusters_chart(report: Report, theme: ChartTheme) -> Chart:
    by = "meaning" if report.clusters_by == "meaning" else "shared words"
    title = f"Scene clusters (by {by})"
    if not report.clusters:
        return _empty("clusters", title, "Too few scenes to group (at least 4 with words).", theme)
    clusters = report.clusters[::-1]
    fig, ax = _figure(theme, height=max(2.0, 0.32 * len(clusters) + 0.9))
    picks: dict[str, list[int]] = {}
    for y, cluster in enumerate(clusters):
        gid = f"cluster:{y}"
        ax.scatter(
            [report.scenes[i].position for i in cluster.scenes],
            [y] * len(cluster.scenes),
            s=16,
            color=theme.palette[y % len(theme.palette)],
            picker=True,
            pickradius=4,
            gid=gid,
        )
        picks[gid] = list(cluster.scenes)
    ax.set_yticks(range(len(clusters)), [", ".join(c.label[:3]) or "—" for c in clusters])
    _page_axis(ax)
    ax.grid(False, axis="y")
    return Chart("clusters", title, fig, picks)


#: (page title, charts on that page), in the order the window and the HTML show them.
PAGES: list[tuple[str, list[Callable[[Report, ChartTheme], Chart]]]] = [
    ("Characters", [characters_chart, presence_chart, exchanges_chart]),
    ("Places and times", [locations_chart, settings_chart]),
    ("Structure and pacing", [pacing_chart, balance_chart]),
    ("Emotional arc", [arc_chart]),
    ("Themes", [themes_chart, clusters_chart]),
]


def all_charts(report: Report, theme: ChartTheme) -> list[tuple[str, list[Chart]]]:
    return [(page, [make(report, theme) for make in makers]) for page, makers in PAGES]


@dataclass(slots=True)
class RenderedChart:
    """A chart drawn to pixels off the UI thread: RGBA bytes and where each clickable point landed."""

    chart: Chart
    rgba: bytes
    width: int
    height: int
    points: list[tuple[float, float, int]]  # (x, y) in image pixels from the top-left, scene index

    def scene_at(self, x: float, y: float, radius: float) -> int | None:
        """The scene of the point nearest (x, y) within ``radius`` pixels, if any."""
        best, best_d = None, radius * radius
        for px, py, scene in self.points:
            d = (px - x) ** 2 + (py - y) ** 2
            if d <= best_d:
                best, best_d = scene, d
        return best


def render(chart: Chart, width_px: int, scale: float = 1.0) -> RenderedChart:
    """Draw ``chart`` ``width_px`` logical pixels wide (``scale``: the screen's device pixel ratio).

    Thread-safe for figures built without pyplot: the window calls it on its worker thread so the
    UI thread only wraps finished pixels in a QImage.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = chart.figure
    dpi = 100 * scale
    _w, h = figure.get_size_inches()
    figure.set_size_inches(width_px / 100, h)
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    width, height = canvas.get_width_height()
    points: list[tuple[float, float, int]] = []
    for ax in figure.axes:
        for artist in ax.collections:
            scenes = chart.picks.get(str(artist.get_gid()))
            if not scenes:
                continue
            for (x, y), scene in zip(ax.transData.transform(artist.get_offsets()), scenes, strict=False):
                points.append((x / scale, (height - y) / scale, scene))
    return RenderedChart(chart, bytes(canvas.buffer_rgba()), width, height, points)
