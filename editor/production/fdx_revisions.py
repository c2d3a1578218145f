"""Revision marks through Final Draft files.

Final Draft records revised text per ``<Text RevisionID="n">`` run and lists the sets in a
``<Revisions>`` table (``<Revision ID="n" Name="Blue Rev." Color="#RRRRGGGGBBBB" Mark="*"/>``).
Screenwright writes set ``generation + 1`` for each colour (so no mark ever uses 0, which some
files use for unrevised text) and reads a set's colour back from its name when it has one, else
from its ID the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from editor.fountain.fdx import FdxOptions, _parse_xml, read_fdx, to_fdx, to_fountain
from editor.fountain.model import Script
from editor.production import colors


def fdx_color(hex_rgb: str) -> str:
    """``#rrggbb`` as Final Draft's 48-bit ``#RRRRGGGGBBBB``."""
    value = hex_rgb.lstrip("#")
    return "#" + "".join(value[k : k + 2].upper() * 2 for k in (0, 2, 4))


def revision_options(marks: Mapping[int, int], base: FdxOptions | None = None) -> FdxOptions:
    """FDX export options that carry ``marks`` (line -> generation)."""
    base = base or FdxOptions()
    generations = sorted(set(marks.values()))
    sets = [(g + 1, f"{colors.color(g).name} Rev.", fdx_color(colors.color(g).paper)) for g in generations]
    return FdxOptions(
        scene_numbers=base.scene_numbers,
        non_printing=base.non_printing,
        revision_marks={line: g + 1 for line, g in marks.items()},
        revision_sets=sets,
    )


def to_fdx_with_marks(script: Script, marks: Mapping[int, int], base: FdxOptions | None = None) -> str:
    return to_fdx(script, revision_options(marks, base))


def _generation_for_set(ident: int, name: str) -> int:
    word = name.replace("Rev.", "").replace("Revision", "").strip()
    if word:
        try:
            return colors.generation_for(word)
        except ValueError:
            pass
    return max(0, ident - 1)


def fdx_to_fountain_with_marks(data: bytes | str) -> tuple[str, dict[int, int]]:
    """Fountain text of an FDX file and its revision marks (line -> generation)."""
    body, title = read_fdx(data)
    text = to_fountain(body, title)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    root = _parse_xml(raw)
    sets: dict[int, int] = {}
    for node in root.findall("Revisions/Revision"):
        ident = node.get("ID", "")
        if ident.isdigit():
            sets[int(ident)] = _generation_for_set(int(ident), node.get("Name", ""))
    lines = text.split("\n")
    marks: dict[int, int] = {}
    cursor = 0
    for paragraph in body:
        wanted = [line.strip() for line in _paragraph_lines(paragraph) if line.strip()]
        if not wanted:
            continue
        # Find the paragraph's first line from where the previous one was found.
        start = next((k for k in range(cursor, len(lines)) if wanted[0] in lines[k]), None)
        if start is None:
            continue
        cursor = start + len(wanted)
        if paragraph.revision is None or (paragraph.revision == 0 and 0 not in sets):
            continue
        generation = sets.get(paragraph.revision, max(0, paragraph.revision - 1))
        for k in range(start, min(start + len(wanted), len(lines))):
            if lines[k].strip():
                marks[k] = generation
    return text, marks


def _paragraph_lines(paragraph: object) -> list[str]:
    from editor.fountain.fdx import _lines

    return _lines(paragraph)  # type: ignore[arg-type]
