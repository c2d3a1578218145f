"""Fountain highlighting driven by the incremental parser's line types.

The parser (kept current by ``ScriptDocument`` before this highlighter runs) already knows every
line's type, so ``highlightBlock`` only looks it up and paints: no regexes over the document. The
type goes into the block state so Qt's own forward ripple re-highlights following blocks whose type
changed; blocks *before* an edit whose type changed (a cue only becomes a cue once the next line is
typed) are re-highlighted by the document, which knows the parser's retyped range.

Markup stays visible but quiet: force markers, scene numbers and emphasis markers are dimmed, so the
writer sees the Fountain they are typing while reading the screenplay it makes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from editor.fountain import inline
from editor.fountain.model import LineType
from editor.resources import FACES, emphasis_family
from editor.theme import LIGHT, Colors

_FORCE_PREFIX: dict[LineType, tuple[str, ...]] = {
    LineType.SCENE_HEADING: (".",),
    LineType.ACTION: ("!",),
    LineType.CHARACTER: ("@",),
    LineType.DUAL_CHARACTER: ("@",),
    LineType.TRANSITION: (">",),
    LineType.LYRICS: ("~",),
    LineType.SYNOPSIS: ("=",),
    LineType.CENTERED: (">",),
}
_EMPHASIS_CHARS = ("*", "_", "\\", "[[", "/*")
_BOLD_FAMILIES = {name for (bold, _italic), (_file, name) in FACES.items() if bold}
_ITALIC_FAMILIES = {name for (_bold, italic), (_file, name) in FACES.items() if italic}


def _emphasize(f: QTextCharFormat, bold: bool, italic: bool) -> None:
    """Bold/italic with Courier Prime's real faces when bundled (exact metrics), else synthesised."""
    family = emphasis_family(bold, italic)
    if family is not None:
        f.setFontFamilies([family])
        f.setFontWeight(QFont.Weight.Normal)
        f.setFontItalic(False)
        return
    f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    f.setFontItalic(italic)


def _fmt(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold or italic:
        _emphasize(f, bold, italic)
    return f


def _is_bold(f: QTextCharFormat) -> bool:
    families = f.fontFamilies() or []
    return f.fontWeight() >= QFont.Weight.Bold or any(str(x) in _BOLD_FAMILIES for x in families)


def _is_italic(f: QTextCharFormat) -> bool:
    families = f.fontFamilies() or []
    return f.fontItalic() or any(str(x) in _ITALIC_FAMILIES for x in families)


class FountainHighlighter(QSyntaxHighlighter):
    """Paints each block from its parsed ``LineType`` (``type_of(block_number)``)."""

    def __init__(
        self, document: QTextDocument, type_of: Callable[[int], LineType], colors: Colors = LIGHT
    ) -> None:
        super().__init__(document)
        self._type_of = type_of
        self.set_colors(colors, rehighlight=False)

    def set_colors(self, colors: Colors, *, rehighlight: bool = True) -> None:
        if getattr(self, "colors", None) is colors:
            return
        self.colors = colors
        c = colors
        self._base: dict[LineType, QTextCharFormat] = {
            LineType.SCENE_HEADING: _fmt(c.heading, bold=True),
            LineType.CHARACTER: _fmt(c.character),
            LineType.DUAL_CHARACTER: _fmt(c.character),
            LineType.PARENTHETICAL: _fmt(c.parenthetical),
            LineType.DUAL_PARENTHETICAL: _fmt(c.parenthetical),
            LineType.DIALOGUE: _fmt(c.dialogue),
            LineType.DUAL_DIALOGUE: _fmt(c.dialogue),
            LineType.TRANSITION: _fmt(c.transition),
            LineType.CENTERED: _fmt(c.text),
            LineType.LYRICS: _fmt(c.text, italic=True),
            LineType.PAGE_BREAK: _fmt(c.dimmed),
            LineType.SECTION: _fmt(c.section, bold=True),
            LineType.SYNOPSIS: _fmt(c.synopsis, italic=True),
            LineType.NOTE: _fmt(c.note),
            LineType.BONEYARD: _fmt(c.dimmed),
            LineType.TITLE_PAGE: _fmt(c.text),
            LineType.ACTION: _fmt(c.text),
        }
        self._marker = _fmt(c.marker)
        self._title_key = _fmt(c.dimmed)
        self._inline_note = _fmt(c.note)
        self._inline_boneyard = _fmt(c.dimmed)
        if rehighlight:
            self.rehighlight_all()

    def rehighlight_all(self) -> None:
        """Re-highlight every block; with a page layout attached, re-layout happens lazily."""
        layout = self.document().documentLayout() if self.document() is not None else None
        bulk = getattr(layout, "begin_bulk", None)
        if bulk is not None:
            bulk()
        try:
            self.rehighlight()
        finally:
            if bulk is not None:
                layout.end_bulk()

    def highlightBlock(self, text: str) -> None:
        line_type = self._type_of(self.currentBlock().blockNumber())
        self.setCurrentBlockState(int(line_type))
        if not text:
            return
        base = self._base.get(line_type)
        if base is not None:
            self.setFormat(0, len(text), base)
        if line_type in (LineType.NOTE, LineType.BONEYARD, LineType.PAGE_BREAK, LineType.EMPTY):
            return
        self._markers(text, line_type)
        if any(ch in text for ch in _EMPHASIS_CHARS):
            self._inline(text, base)

    # -- pieces --------------------------------------------------------------------------------
    def _markers(self, text: str, line_type: LineType) -> None:
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        prefixes = _FORCE_PREFIX.get(line_type, ())
        if stripped[:1] and stripped[0] in prefixes and not (line_type is LineType.ACTION and lead):
            self.setFormat(lead, 1, self._marker)
        if line_type is LineType.SECTION:
            hashes = len(stripped) - len(stripped.lstrip("#"))
            self.setFormat(lead, hashes, self._marker)
        elif line_type is LineType.CENTERED:
            end = text.rstrip()
            if end.endswith("<"):
                self.setFormat(len(end) - 1, 1, self._marker)
        elif line_type is LineType.SCENE_HEADING and text.rstrip().endswith("#"):
            end = text.rstrip()
            start = end.rfind("#", 0, len(end) - 1)
            if start > 0:
                self.setFormat(start, len(end) - start, self._marker)
        elif line_type in (LineType.CHARACTER, LineType.DUAL_CHARACTER) and text.rstrip().endswith("^"):
            self.setFormat(len(text.rstrip()) - 1, 1, self._marker)
        elif line_type is LineType.TITLE_PAGE:
            colon = text.find(":")
            if colon > 0 and not text[:1].isspace():
                self.setFormat(0, colon + 1, self._title_key)

    def _inline(self, text: str, base: QTextCharFormat | None) -> None:
        spans = inline.parse_inline(text)
        if not spans:
            return
        styles = inline.styles_at(spans, len(text))
        # Runs of equal emphasis over the content.
        start = 0
        while start < len(text):
            kinds = styles[start]
            end = start + 1
            while end < len(text) and styles[end] == kinds:
                end += 1
            if kinds:
                f = QTextCharFormat(base) if base is not None else QTextCharFormat()
                bold = inline.BOLD in kinds or (base is not None and _is_bold(base))
                italic = inline.ITALIC in kinds or (base is not None and _is_italic(base))
                if bold or italic:
                    _emphasize(f, bold, italic)
                if inline.UNDERLINE in kinds:
                    f.setFontUnderline(True)
                self.setFormat(start, end - start, f)
            start = end
        for span in spans:
            if span.kind == inline.NOTE:
                self.setFormat(span.start, span.end - span.start, self._inline_note)
            elif span.kind == inline.BONEYARD:
                self.setFormat(span.start, span.end - span.start, self._inline_boneyard)
            else:
                for a, b in span.markers:
                    if b > a:
                        self.setFormat(a, b - a, self._marker)
