"""The AI-written passages report."""

from __future__ import annotations

from editor.fountain.parser import parse
from editor.production.marks import Span
from editor.production.provenance import provenance_report

BODY = "INT. KITCHEN - DAY #4#\n\nMaya pours coffee.\n\nMAYA\nMorning, sunshine.\n"


def test_report_counts_scenes_lines_words_and_models() -> None:
    start = BODY.index("Morning")
    report = provenance_report(
        BODY, [Span(start, start + len("Morning, sunshine."), "SmolLM2-135M", "2026-12-03")]
    )
    assert report.ai_words == 2
    assert report.total_words == parse(BODY).stats.words  # the status bar's count: no scene number
    assert report.lines() == [6]
    assert report.scenes() == [{"scene": "4", "heading": "INT. KITCHEN - DAY", "words": 2, "passages": 1}]
    assert report.models == {"SmolLM2-135M": 2}
    assert "1 AI-written passage in 1 scene" in report.summary()


def test_no_spans() -> None:
    assert provenance_report(BODY, []).summary() == "No AI-written text is recorded in this script."
