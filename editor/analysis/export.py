"""The whole report as one self-contained HTML file (inline SVG charts) or a PDF (one chart a page).

Both are written without Qt, so ``screenwright report FILE --html -o OUT`` works on a machine with
no display, and the Reports window saves through the same functions. Writing goes through the
editor's atomic write so an interrupted export never leaves half a file over an older one.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from editor.analysis.charts import THEMES, Chart, ChartTheme, all_charts
from editor.analysis.report import Report
from inference.fsio import atomic_write


def chart_bytes(chart: Chart, fmt: str, dpi: int = 150) -> bytes:
    """One chart as ``png``, ``svg`` or ``pdf`` bytes."""
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format=fmt, dpi=dpi, facecolor=chart.figure.get_facecolor())
    return buffer.getvalue()


def _summary_rows(report: Report) -> list[tuple[str, str]]:
    scenes = report.scenes
    speeches = sum(c.speeches for c in report.characters)
    eighths = sum(s.eighths for s in scenes)
    return [
        ("Pages", str(report.pages)),
        ("Scenes", str(len(scenes))),
        ("Average scene", f"{eighths / len(scenes) / 8:.2f} pages" if scenes else "—"),
        ("Speaking characters", str(len(report.characters))),
        ("Speeches", str(speeches)),
        ("Words of dialogue", f"{report.total_dialogue_words:,}"),
        ("Locations", str(len(report.locations))),
    ]


def _character_table(report: Report) -> str:
    head = (
        "<tr><th>Character</th><th>Speeches</th><th>Words</th><th>Share</th><th>Scenes</th>"
        "<th>Pages present</th><th>First</th><th>Last</th></tr>"
    )
    rows = []
    for c in report.characters[:40]:
        first = f"p. {c.first_page}" + (
            f", sc. {report.scenes[c.first_scene].number}" if c.first_scene >= 0 else ""
        )
        last = f"p. {c.last_page}" + (
            f", sc. {report.scenes[c.last_scene].number}" if c.last_scene >= 0 else ""
        )
        rows.append(
            f"<tr><td>{html.escape(c.name)}</td><td>{c.speeches}</td><td>{c.words:,}</td>"
            f"<td>{c.dialogue_share:.1%}</td><td>{c.scenes}</td><td>{c.pages}</td>"
            f"<td>{first}</td><td>{last}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>" if rows else ""


def _cluster_list(report: Report) -> str:
    items = []
    for cluster in report.clusters:
        numbers = ", ".join(report.scenes[i].number for i in cluster.scenes[:30])
        more = " …" if len(cluster.scenes) > 30 else ""
        items.append(
            f"<li><b>{html.escape(', '.join(cluster.label) or '—')}</b> "
            f"({len(cluster.scenes)} scenes): {numbers}{more}</li>"
        )
    return f"<ul>{''.join(items)}</ul>" if items else ""


def render_html(report: Report, theme: ChartTheme | str = "light") -> str:
    """The full report as one HTML page; charts are inline SVG (sharp when printed or zoomed)."""
    t = THEMES[theme] if isinstance(theme, str) else theme
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Report — {html.escape(report.title)}</title><style>",
        f"body{{background:{t.background};color:{t.text};font:14px/1.45 system-ui,sans-serif;"
        "max-width:60em;margin:2em auto;padding:0 1em}",
        f"table{{border-collapse:collapse;margin:1em 0}}td,th{{border-bottom:1px solid {t.grid};"
        "padding:.25em .7em;text-align:left}",
        f"h2{{border-bottom:2px solid {t.accent};padding-bottom:.2em;margin-top:2em}}",
        ".note{padding:.5em 1em;border-left:4px solid #c9822b}svg{max-width:100%;height:auto}",
        "</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
    ]
    parts += [f"<p class='note'>{html.escape(n)}</p>" for n in report.notes]
    summary = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in _summary_rows(report))
    parts.append(f"<table>{summary}</table>")
    for page, charts in all_charts(report, t):
        parts.append(f"<h2>{html.escape(page)}</h2>")
        for chart in charts:
            svg = chart_bytes(chart, "svg").decode("utf-8")
            svg = svg[svg.find("<svg") :]  # drop the XML prolog and doctype inside HTML
            parts.append(f"<h3>{html.escape(chart.title)}</h3><figure>{svg}</figure>")
            _close(chart.figure)
        if page == "Characters":
            parts.append(_character_table(report))
        if page == "Themes":
            parts.append(_cluster_list(report))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: Report, path: Path, theme: str = "light") -> None:
    atomic_write(path, render_html(report, theme).encode("utf-8"))


def write_pdf(report: Report, path: Path, theme: str = "light") -> None:
    """A PDF: a summary page, then one page per chart (printable, charts stay vector)."""
    t = THEMES[theme]
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        cover = Figure(figsize=(8.5, 11), facecolor=t.background)
        lines = [report.title, ""] + [f"{k}: {v}" for k, v in _summary_rows(report)] + [""] + report.notes
        cover.text(0.08, 0.92, "\n".join(lines), va="top", color=t.text, fontsize=12, wrap=True)
        pdf.savefig(cover, facecolor=t.background)
        for _page, charts in all_charts(report, t):
            for chart in charts:
                chart.figure.suptitle(chart.title, color=t.text, fontsize=11)
                pdf.savefig(chart.figure, facecolor=t.background)
                _close(chart.figure)
    atomic_write(path, buffer.getvalue())


def _close(figure: Figure) -> None:
    figure.clear()  # free the artists now; a report draws a dozen figures
