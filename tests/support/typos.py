"""Inject realistic typos into a script's prose, for the spell checker's recall tests and benchmark.

Typists' four slips (Damerau): a dropped letter, a doubled or stray letter, two letters swapped and a
neighbouring key hit instead. Only words of five letters or more in checked prose are touched (short
words turn into other real words too easily: "form"/"from"), and a slip that happens to spell another
word of the dictionary is drawn again, since no spell checker can flag a real word. Deterministic
for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from editor.fountain.parser import parse
from editor.fountain.spelling import iter_checkable

_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm",
    "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz", "t": "rfgy", "u": "yhji",
    "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


def slip(word: str, rng: random.Random) -> str:
    """``word`` with one typing slip (keeps the first letter, so capitals stay where they were)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    near = _NEIGHBOURS.get(word[i].lower(), "e")
    return word[:i] + rng.choice(near) + word[i + 1 :]


def inject_typos(
    text: str, count: int, is_word: Callable[[str], bool], seed: int = 17
) -> tuple[str, list[tuple[int, int, str]]]:
    """``(new_text, [(line, column, typo), ...])`` with ``count`` slips in distinct prose words."""
    rng = random.Random(seed)
    script = parse(text)
    lines = text.split("\n")
    spans = [s for s in iter_checkable(lines, script.line_types) if len(s.word) >= 5 and s.word.isalpha()]
    rng.shuffle(spans)
    chosen: dict[int, tuple[int, int, str]] = {}
    for span in spans:
        if len(chosen) >= count:
            break
        if span.line in chosen:
            continue  # one slip a line keeps columns simple
        for _ in range(10):
            typo = slip(span.word, rng)
            if typo != span.word and not is_word(typo):
                break
        else:
            continue
        chosen[span.line] = (span.start, span.end, typo)
    injected: list[tuple[int, int, str]] = []
    for line, (start, end, typo) in sorted(chosen.items()):
        lines[line] = lines[line][:start] + typo + lines[line][end:]
        injected.append((line, start, typo))
    return "\n".join(lines), injected
