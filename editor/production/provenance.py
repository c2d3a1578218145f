"""Where the AI wrote: the disclosure a writer owes a producer or a guild.

The spans come from ``storage`` (recorded by the editor when AI text is accepted, followed
through edits by ``marks.SpanTracker``). This module only counts: which scenes and lines hold AI
text, what share of the script's words it is, and which models wrote them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from editor.fountain.parser import parse
from editor.production.marks import Span

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(slots=True)
class Passage:
    line: int  # 0-based first line
    end_line: int
    scene: str | None  # scene number
    heading: str | None
    text: str
    words: int
    model: str
    date: str
    kind: str

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line + 1,
            "end_line": self.end_line + 1,
            "scene": self.scene,
            "heading": self.heading,
            "text": self.text,
            "words": self.words,
            "model": self.model,
            "date": self.date,
            "kind": self.kind,
        }


@dataclass(slots=True)
class ProvenanceReport:
    passages: list[Passage]
    total_words: int
    ai_words: int
    models: dict[str, int] = field(default_factory=dict)  # model -> words

    @property
    def share(self) -> float:
        return self.ai_words / self.total_words if self.total_words else 0.0

    def scenes(self) -> list[dict[str, object]]:
        out: dict[str | None, dict[str, object]] = {}
        for p in self.passages:
            entry = out.setdefault(
                p.scene, {"scene": p.scene, "heading": p.heading, "words": 0, "passages": 0}
            )
            entry["words"] = int(entry["words"]) + p.words  # type: ignore[call-overload]
            entry["passages"] = int(entry["passages"]) + 1  # type: ignore[call-overload]
        return list(out.values())

    def lines(self) -> list[int]:
        """1-based lines that hold AI-written text."""
        return sorted({line + 1 for p in self.passages for line in range(p.line, p.end_line + 1)})

    def summary(self) -> str:
        if not self.passages:
            return "No AI-written text is recorded in this script."
        models = ", ".join(f"{m} ({w} words)" for m, w in sorted(self.models.items(), key=lambda i: -i[1]))
        return (
            f"{len(self.passages)} AI-written passage{'s' if len(self.passages) != 1 else ''} in "
            f"{len(self.scenes())} scene{'s' if len(self.scenes()) != 1 else ''}: {self.ai_words} of "
            f"{self.total_words} words ({self.share:.1%}); models: {models}."
        )

    def to_json(self) -> dict[str, object]:
        return {
            "summary": self.summary(),
            "total_words": self.total_words,
            "ai_words": self.ai_words,
            "share_of_words": round(self.share, 4),
            "models": dict(self.models),
            "scenes": self.scenes(),
            "lines": self.lines(),
            "passages": [p.to_json() for p in self.passages],
        }


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def provenance_report(body: str, spans: Sequence[Span]) -> ProvenanceReport:
    """Count the AI-written passages ``spans`` of the script text ``body``."""
    script = parse(body)
    starts = [0]
    for k, ch in enumerate(body):
        if ch == "\n":
            starts.append(k + 1)
    passages: list[Passage] = []
    models: dict[str, int] = {}
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(0, span.start), min(len(body), span.end)
        if end <= start:
            continue
        text = body[start:end]
        words = count_words(text)
        line = bisect.bisect_right(starts, start) - 1
        end_line = bisect.bisect_right(starts, end - 1) - 1
        scene = script.scene_at_line(line)
        passages.append(
            Passage(
                line,
                end_line,
                scene.number if scene else None,
                scene.heading if scene else None,
                text,
                words,
                span.model,
                span.date,
                span.source,
            )
        )
        models[span.model or "unknown model"] = models.get(span.model or "unknown model", 0) + words
    ai_words = sum(p.words for p in passages)
    # The script's own count of printed words (no scene numbers, notes or markup).
    total = max(script.stats.words, ai_words)
    return ProvenanceReport(passages, total, ai_words, models)
