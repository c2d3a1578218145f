"""The revision colour sequence used by film and television production offices.

Each new revision of a script in production is printed on the next colour of paper: White (the
locked shooting script), Blue, Pink, Yellow, Green, Goldenrod, Buff, Salmon, Cherry; after Cherry
the sequence starts again as "Double White", "Double Blue" and so on, then "Triple ...". A
generation is the 0-based position in that endless sequence.

Beat numbers its own generations from Blue (its level 0 is Blue, 6 is "rose" = Salmon, 7 is
Cherry) and knows no White and no second rounds; ``beat_level``/``from_beat_level`` translate.
"""

from __future__ import annotations

from dataclasses import dataclass

# (name, printed-page tint as #rrggbb, margin mark colour that reads on white and dark pages)
_SEQUENCE: tuple[tuple[str, str, str], ...] = (
    ("White", "#ffffff", "#9aa0a6"),
    ("Blue", "#cfe3ff", "#3b82f6"),
    ("Pink", "#ffd6e7", "#ec4899"),
    ("Yellow", "#fff4b3", "#eab308"),
    ("Green", "#d4f5d0", "#22c55e"),
    ("Goldenrod", "#f5d67a", "#d4a017"),
    ("Buff", "#f0dfc0", "#c8a26b"),
    ("Salmon", "#ffc9b5", "#fa8072"),
    ("Cherry", "#ff9fb0", "#d2042d"),
)
ROUND_PREFIXES = ("", "Double ", "Triple ", "Quadruple ")
# Beat's generation colour names, level 0 first (BeatRevisions.revisionGenerations).
BEAT_COLORS = ("blue", "pink", "yellow", "green", "goldenrod", "buff", "rose", "cherry")
# Beat's legacy string levels (before generations were numbers).
BEAT_LEGACY_COLORS = ("blue", "orange", "purple", "green")


@dataclass(frozen=True, slots=True)
class RevisionColor:
    """One generation of the sequence."""

    generation: int
    name: str  # "Blue", "Double Pink"
    base: str  # "Blue", "Pink": the paper colour without the round
    paper: str  # page tint (#rrggbb)
    mark: str  # margin mark colour (#rrggbb)


def color(generation: int) -> RevisionColor:
    """The colour of ``generation`` (0 = White, 1 = Blue, ... 9 = Double White)."""
    if generation < 0:
        raise ValueError(f"no revision generation {generation}")
    round_, index = divmod(generation, len(_SEQUENCE))
    base, paper, mark = _SEQUENCE[index]
    prefix = ROUND_PREFIXES[round_] if round_ < len(ROUND_PREFIXES) else f"{round_ + 1}x "
    return RevisionColor(generation, prefix + base, base, paper, mark)


def generation_for(name: str) -> int:
    """The generation named ``name`` ("blue", "Double Pink", "pink2"); raises ValueError if none."""
    text = name.strip().lower().replace("_", " ").replace("-", " ")
    bases = [entry[0].lower() for entry in _SEQUENCE]
    if text in ("rose",):
        text = "salmon"
    round_ = 0
    for k, prefix in enumerate(ROUND_PREFIXES):
        if k and text.startswith(prefix.lower()):
            round_, text = k, text[len(prefix) :].strip()
            break
    if text and text[-1].isdigit() and text[:-1].strip() in bases:
        round_, text = int(text[-1]) - 1, text[:-1].strip()
    if text not in bases:
        known = ", ".join(entry[0] for entry in _SEQUENCE)
        raise ValueError(f"unknown revision colour '{name}' (the sequence is {known}, then Double ...)")
    return round_ * len(_SEQUENCE) + bases.index(text)


def sequence(count: int = len(_SEQUENCE) * 2) -> list[RevisionColor]:
    """The first ``count`` colours: what the Revisions menu offers."""
    return [color(k) for k in range(count)]


def beat_level(generation: int) -> int | None:
    """Beat's level for ``generation`` (Blue = 0 ... Cherry = 7), or None where Beat has none."""
    if 1 <= generation < len(_SEQUENCE):
        return generation - 1
    return None


def from_beat_level(level: object) -> int:
    """Our generation for a Beat level: an int (modern) or a legacy colour name."""
    if isinstance(level, str):
        name = level.lower()
        if name in BEAT_COLORS:
            return BEAT_COLORS.index(name) + 1
        if name in BEAT_LEGACY_COLORS:
            return BEAT_LEGACY_COLORS.index(name) + 1
        return 1
    if isinstance(level, (int, float)) and not isinstance(level, bool):
        return max(0, int(level)) + 1
    return 1
