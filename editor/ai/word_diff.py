"""Word-level differences between an original passage and its rewrite, as HTML for the preview.

difflib over word tokens (whitespace kept with the word before it) so the marked spans read like a
track-changes view: removed words struck through on the original's side, new words highlighted on
the rewrite's side. Pure Python apart from the HTML; no Qt.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class DiffColors:
    removed_bg: str = "#f6d5d1"
    removed_fg: str = "#8a2a1f"
    added_bg: str = "#d6efd8"
    added_fg: str = "#1f5f2c"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(original: str, rewritten: str) -> list[tuple[str, str, str]]:
    """(op, original part, rewritten part) spans; op in equal/replace/delete/insert."""
    a, b = tokens(original), tokens(rewritten)
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        spans.append((op, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return spans


def changed_words(original: str, rewritten: str) -> int:
    """How many words of the rewrite are new (0 = the same text)."""
    return sum(len(part.split()) for op, _, part in word_diff(original, rewritten) if op != "equal")


def _span(text: str, bg: str, fg: str, strike: bool) -> str:
    """A marked span per line (a span never crosses a line break, so the HTML can be split into
    lines); whitespace at line ends stays outside so it is not highlighted."""
    style = f"background-color:{bg}; color:{fg};" + (" text-decoration:line-through;" if strike else "")
    out = []
    for piece in text.split("\n"):
        core = piece.rstrip()
        lead = core[: len(core) - len(core.lstrip())]
        core = core.lstrip()
        tail = piece[len(lead) + len(core) :]
        marked = f'<span style="{style}">{html.escape(core)}</span>' if core else ""
        out.append(html.escape(lead) + marked + html.escape(tail))
    return "<br>".join(out)


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def diff_html(original: str, rewritten: str, colors: DiffColors | None = None) -> tuple[str, str]:
    """(original side, rewrite side) as HTML fragments with the differences marked."""
    colors = colors or DiffColors()
    left: list[str] = []
    right: list[str] = []
    for op, old, new in word_diff(original, rewritten):
        if op == "equal":
            left.append(_escape(old))
            right.append(_escape(new))
            continue
        if old:
            left.append(_span(old, colors.removed_bg, colors.removed_fg, strike=True))
        if new:
            right.append(_span(new, colors.added_bg, colors.added_fg, strike=False))
    return "".join(left), "".join(right)
