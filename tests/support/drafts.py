"""A second draft of a script made by the edits writers really make between drafts.

``revise(text)`` changes a few dialogue and action lines, inserts a new scene, deletes one, moves
one (unchanged) somewhere else and moves another *and* rewrites one of its lines, all chosen by a
seeded ``random.Random``, and says exactly what it did, so tests can check a comparison against
the truth and benchmarks compare two realistic 120-page drafts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from editor.fountain.model import LineType
from editor.fountain.parser import parse

NEW_SCENE = [
    "INT. BOATHOUSE - NIGHT",
    "",
    "Rain hammers the tin roof. Maya wrings out her sleeves.",
    "",
    "MAYA",
    "We were never here.",
    "",
]


@dataclass(slots=True)
class Revision:
    text: str
    changed_lines: set[int] = field(default_factory=set)  # 0-based lines of the new text that changed
    added_headings: list[str] = field(default_factory=list)
    omitted_headings: list[str] = field(default_factory=list)
    moved_headings: list[str] = field(default_factory=list)


def _scene_blocks(text: str) -> tuple[list[str], list[list[str]]]:
    script = parse(text)
    lines = text.split("\n")
    starts = [scene.line for scene in script.scenes]
    head = lines[: starts[0]]
    blocks = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    return head, blocks


def revise(text: str, seed: int = 1, line_edits: int = 12) -> Revision:
    rng = random.Random(seed)
    head, blocks = _scene_blocks(text)
    n = len(blocks)
    # Which scenes: never the same one twice.
    picks = rng.sample(range(2, n - 2), 4)
    omit, move, move_edit, insert_after = picks
    tagged: list[tuple[str, list[str], set[int]]] = [("same", list(b), set()) for b in blocks]
    # Edit single lines (dialogue or action) in other scenes.
    others = [k for k in range(n) if k not in picks]
    for k in rng.sample(others, line_edits):
        _kind, block, edits = tagged[k]
        types = parse("\n".join(block)).line_types
        candidates = [j for j, t in enumerate(types) if t in (LineType.DIALOGUE, LineType.ACTION) and j > 0]
        if not candidates:
            continue
        j = rng.choice(candidates)
        block[j] = block[j].rstrip(".!?") + ", and nobody says a word."
        edits.add(j)
    # The moved-and-edited scene gets one line rewritten.
    _k, block, edits = tagged[move_edit]
    types = parse("\n".join(block)).line_types
    j = next(j for j, t in enumerate(types) if t in (LineType.DIALOGUE, LineType.ACTION) and j > 0)
    block[j] = "Everything about this moment is different now."
    edits.add(j)
    result = Revision("")
    order = list(range(n))
    order.remove(omit)
    result.omitted_headings.append(blocks[omit][0])
    order.remove(move)
    order.remove(move_edit)
    # The moved scenes go far from where they were.
    order.insert(min(len(order), move + n // 3) if move < n // 2 else max(0, move - n // 3), move)
    target = max(0, move_edit - n // 4) if move_edit > n // 2 else min(len(order), move_edit + n // 4)
    order.insert(target, move_edit)
    result.moved_headings.extend([blocks[move][0], blocks[move_edit][0]])
    out = list(head)
    for k in order:
        _kind, block, edits = tagged[k]
        base = len(out)
        out.extend(block)
        result.changed_lines.update(base + j for j in edits)
        if k == insert_after:
            base = len(out)
            out.extend(NEW_SCENE)
            result.changed_lines.update(base + j for j, line in enumerate(NEW_SCENE) if line)
            result.added_headings.append(NEW_SCENE[0])
    result.text = "\n".join(out)
    return result
