"""Locked scene numbers: once a script is in production, scene 12 stays scene 12.

Locking writes every scene's number into its heading with Fountain's own syntax (``INT. HOUSE -
DAY #12#``), so every Fountain app prints the same numbers. After that:

- a scene added after 12 becomes 12A, the next one 12B; a scene added before scene 1 becomes A1;
- a scene that is deleted stays in the script as an ``OMITTED`` heading with its number
  (``.OMITTED #12#``), so the numbers around it do not close the gap;
- a scene that moves keeps its number (it is part of its heading), and new scenes next to it are
  numbered from the scenes that kept their order, not from it;
- unlocking removes the numbers and the ``OMITTED`` placeholders: the scenes are numbered by
  their place again.

Pure text in, text out: the editor applies the result as one undoable edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editor.fountain.model import ElementType
from editor.fountain.parser import parse
from editor.production.compare import _longest_increasing

_NUMBER = re.compile(r"^([A-Z]*)(\d+)([A-Z]*)$")
_TRAILING_NUMBER = re.compile(r"\s*#[^#\n]*#\s*$")
OMITTED = "OMITTED"


@dataclass(slots=True)
class LockResult:
    text: str
    numbers: list[str]  # every locked number in script order (placeholders included)
    added: list[str] = field(default_factory=list)  # numbers given to scenes that had none
    omitted: list[str] = field(default_factory=list)  # numbers that became OMITTED placeholders


def number_key(number: str) -> tuple[int, int, str, str] | None:
    """Sort key of a scene number: A1 < B1 < 1 < 1A < 1B < 2; None for free-form numbers."""
    match = _NUMBER.match(number.strip().upper())
    if not match:
        return None
    prefix, digits, suffix = match.groups()
    return (int(digits), 1 if not prefix else 0, prefix, suffix)


def _between(low: str | None, high: str | None, used: set[str]) -> str:
    """A number that sorts after ``low`` and before ``high`` and is not used yet."""
    high_key = number_key(high) if high else None

    def fits(candidate: str) -> bool:
        key = number_key(candidate)
        return candidate not in used and key is not None and (high_key is None or key < high_key)

    if low is None:
        # Before the first scene: A1, B1 ... (before 1), or the same before any first number.
        match = _NUMBER.match(high or "1")
        digits = match.group(2) if match else "1"
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if fits(letter + digits):
                return letter + digits
        low = "A" + digits
    match = _NUMBER.match(low)
    if match:
        prefix, digits, suffix = match.groups()
        base = prefix + digits
        start = (ord(suffix[-1]) - ord("A") + 1) if suffix else 0
        stem = base + suffix[:-1] if suffix else base
        for k in range(start, 26):
            candidate = stem + chr(ord("A") + k)
            if fits(candidate):
                return candidate
    # No room in one letter (12 then 12A already taken): go one letter deeper (12AA ...).
    candidate = low + "A"
    while candidate in used:
        candidate += "A"
    return candidate


def lock_scene_numbers(text: str, previous: list[str] | None = None) -> LockResult:
    """Write locked numbers into every heading (see the module docstring).

    ``previous`` is the list of numbers as last locked (None the first time): numbers in it that no
    heading carries any more come back as ``OMITTED`` placeholders.
    """
    script = parse(text)
    lines = text.split("\n")
    headings = [el for el in script.elements if el.type is ElementType.SCENE_HEADING]
    numbers: list[str | None] = [
        el.scene_number.strip().upper() if el.scene_number else None for el in headings
    ]
    added: list[str] = []
    if not any(numbers):
        numbers = [str(k + 1) for k in range(len(headings))]
        added = list(numbers)  # type: ignore[arg-type]
    else:
        known = [(k, number_key(n)) for k, n in enumerate(numbers) if n and number_key(n) is not None]
        order = _longest_increasing([key for _k, key in known])  # type: ignore[misc]
        anchors = [known[p][0] for p in sorted(order)]
        used = {n for n in numbers if n}
        fresh: set[int] = set()
        for k, number in enumerate(numbers):
            if number:
                continue
            low_idx = max((a for a in anchors if a < k), default=None)
            high_idx = min((a for a in anchors if a > k), default=None)
            low = numbers[low_idx] if low_idx is not None else None
            # Earlier new scenes of the same gap count as the lower neighbour.
            if k - 1 in fresh and (low_idx is None or k - 1 > low_idx):
                low = numbers[k - 1]
            high = numbers[high_idx] if high_idx is not None else None
            new = _between(low, high, used)
            numbers[k] = new
            used.add(new)
            fresh.add(k)
            added.append(new)
    for el, number in zip(headings, numbers, strict=True):
        line = lines[el.line]
        lines[el.line] = _TRAILING_NUMBER.sub("", line).rstrip() + f" #{number}#"
    omitted: list[str] = []
    present = {n for n in numbers if n}
    if previous:
        missing = [n for n in previous if n.upper() not in present and number_key(n) is not None]
        # Insert from the bottom so earlier line numbers stay valid.
        placements: list[tuple[int, str]] = []
        for number in missing:
            key = number_key(number)
            after = [
                (k, el)
                for k, el in enumerate(headings)
                if number_key(numbers[k] or "") is not None and number_key(numbers[k] or "") < key  # type: ignore[operator]
            ]
            if after:
                k = after[-1][0]
                insert_at = headings[k + 1].line if k + 1 < len(headings) else len(lines)
            else:
                insert_at = headings[0].line if headings else len(lines)
            placements.append((insert_at, number))
        middle = [p for p in placements if p[0] < len(lines)]
        end = [p for p in placements if p[0] >= len(lines)]
        for insert_at, number in sorted(middle, key=lambda p: (p[0], number_key(p[1])), reverse=True):
            lines[insert_at:insert_at] = [f".{OMITTED} #{number}#", ""]
        for _at, number in sorted(end, key=lambda p: number_key(p[1]) or (0, 0, "", "")):
            trailing = bool(lines) and lines[-1] == ""
            if trailing:
                lines.pop()
            if lines and lines[-1] != "":
                lines.append("")
            lines.append(f".{OMITTED} #{number}#")
            if trailing:
                lines.append("")
        omitted = [number for _at, number in placements]
    final = "\n".join(lines)
    locked = [el.scene_number or "" for el in parse(final).elements if el.type is ElementType.SCENE_HEADING]
    return LockResult(final, locked, added, sorted(omitted, key=lambda n: number_key(n) or (0, 0, "", "")))


def unlock_scene_numbers(text: str) -> str:
    """Remove locked numbers and OMITTED placeholders: scenes are numbered by position again."""
    script = parse(text)
    lines = text.split("\n")
    drop: set[int] = set()
    for el in script.elements:
        if el.type is not ElementType.SCENE_HEADING:
            continue
        if el.text.strip().upper() == OMITTED:
            drop.add(el.line)
            if el.line + 1 < len(lines) and not lines[el.line + 1].strip():
                drop.add(el.line + 1)
            continue
        lines[el.line] = _TRAILING_NUMBER.sub("", lines[el.line])
    return "\n".join(line for k, line in enumerate(lines) if k not in drop)
