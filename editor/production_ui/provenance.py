"""Recording AI-written text the moment it enters the script.

Every place that puts AI text into the document (accepting ghost text, inserting a suggested line,
keeping a rewrite or a draft, inserting a scene synopsis) calls ``record_ai_text`` right after its
``insertText``. The span then lives in ``ScriptDocument.ai_spans``, which follows it through later
edits, and is saved with the script's production data.
"""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING

from editor.production.marks import Span

if TYPE_CHECKING:
    from editor.page.document import ScriptDocument


def utf16_len(text: str) -> int:
    """Length in QTextDocument positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def record_ai_text(document: ScriptDocument, end: int, text: str, kind: str, model: str) -> Span | None:
    """The AI's ``text`` now ends at document position ``end``: remember that it wrote it.

    Leading and trailing whitespace and newlines (formatting around the AI's words) are the
    writer's page, not the AI's text, and are left out of the span.
    """
    core = text.strip()
    if not core:
        return None
    trailing = utf16_len(text) - utf16_len(text.rstrip())
    stop = end - trailing
    start = stop - utf16_len(core)
    if start < 0:
        return None
    span = Span(start, stop, model or "unknown model", Date.today().isoformat(), kind)
    document.ai_spans.add(span)
    document.production_changed()
    return span
