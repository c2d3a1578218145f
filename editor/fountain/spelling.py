"""Which words of a script a spell checker may look at, and which words the script itself vouches for.

Only prose is checked: action, dialogue, parentheticals, transitions, centred text and lyrics. A
character cue, a scene heading (prefix, location, time), a section, a synopsis, a note, the boneyard
and the title page are the writer's own vocabulary or markup, never a spelling mistake. Inside a
checked line, inline notes ``[[...]]`` and inline boneyard ``/* ... */`` are skipped too, and so are
words with digits (``R2D2``, ``3rd``), web and mail addresses.

The words that name the script's people and places (every word of a character's name, of a location,
of the title page, of a person the action introduces in capitals) count as known wherever they appear
in prose, so ``MARLOWE`` in a cue keeps ``Marlowe's`` in a speech from being flagged, and
``LOU MCALLISTER (50s)`` introduces a surname, not a typo, though only LOU ever speaks.

The script's own dictionary ("Add to This Script") lives in the Fountain text as a boneyard block,
``/* Screenwright dictionary: word word ... */``, on its own at the end of the file: the boneyard is
ignored by every Fountain app and never printed, so the file stays a plain, portable Fountain script
and the words travel with it (a sidecar file gets lost when a script is mailed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from editor.fountain import inline
from editor.fountain.introductions import introduced_names
from editor.fountain.model import LineType, Script

#: Line types whose words are spelling-checked.
CHECKED_TYPES = frozenset(
    (
        LineType.ACTION,
        LineType.DIALOGUE,
        LineType.DUAL_DIALOGUE,
        LineType.PARENTHETICAL,
        LineType.DUAL_PARENTHETICAL,
        LineType.TRANSITION,
        LineType.CENTERED,
        LineType.LYRICS,
    )
)

# A word: letters (any script), inner apostrophes (straight or curly) and inner hyphens.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Tokens that are not prose words: addresses, handles, words glued to digits.
_SKIP = re.compile(r"\S*(?:://|www\.|@\w)\S*|\S*\d\S*")
_SCRIPT_DICTIONARY = re.compile(r"/\*\s*Screenwright dictionary:(?P<words>[^*]*)\*/", re.IGNORECASE)
DICTIONARY_HEADER = "Screenwright dictionary:"


@dataclass(frozen=True, slots=True)
class WordSpan:
    """A word to check: ``text[start:end]`` of one line (0-based line, columns within it)."""

    line: int
    start: int
    end: int
    word: str


def checkable_words(text: str, line_type: LineType) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of each word in one line of ``line_type`` that a checker should see."""
    if line_type not in CHECKED_TYPES or not text:
        return []
    hidden: list[tuple[int, int]] = []
    if "[[" in text or "/*" in text:
        for span in inline.parse_inline(text):
            if span.kind in (inline.NOTE, inline.BONEYARD):
                hidden.append((span.start, span.end))
        # An unclosed note or boneyard opener hides the rest of the line (it continues below).
        for opener in ("[[", "/*"):
            at = text.find(opener)
            while at >= 0 and any(a <= at < b for a, b in hidden):
                at = text.find(opener, at + 2)
            if at >= 0:
                hidden.append((at, len(text)))
    if any(ch.isdigit() for ch in text) or "@" in text or "://" in text or "www." in text:
        hidden.extend((m.start(), m.end()) for m in _SKIP.finditer(text))
    out: list[tuple[int, int, str]] = []
    for m in WORD.finditer(text):
        start, end = m.start(), m.end()
        if hidden and any(a < end and start < b for a, b in hidden):
            continue
        out.append((start, end, m.group(0)))
    return out


def iter_checkable(lines: list[str], types: list[LineType]) -> Iterator[WordSpan]:
    """Every checkable word of a whole script, in order."""
    checked = CHECKED_TYPES
    for number, (text, kind) in enumerate(zip(lines, types, strict=False)):
        if kind in checked and text:
            for start, end, word in checkable_words(text, kind):
                yield WordSpan(number, start, end, word)


def _words(text: str) -> Iterator[str]:
    for m in WORD.finditer(text):
        yield m.group(0).lower()


def script_known_words(script: Script) -> set[str]:
    """Lower-case words the script vouches for: its people (speakers and those introduced in the
    action), places, title page and own dictionary."""
    known: set[str] = set()
    for name in script.characters:
        known.update(_words(name))
    for name in introduced_names(script):
        known.update(_words(name))
    for location in script.locations:
        known.update(_words(location))
    for value in script.title_page.values():
        known.update(_words(value))
    known.update(w.lower() for w in script_dictionary(script.text))
    return known


def script_dictionary(text: str) -> list[str]:
    """The words of every ``/* Screenwright dictionary: ... */`` block in ``text``, in order."""
    words: list[str] = []
    for m in _SCRIPT_DICTIONARY.finditer(text):
        words.extend(m.group("words").split())
    return words


def with_script_words(text: str, new_words: Iterable[str]) -> str:
    """``text`` with ``new_words`` added to its dictionary block (created at the end if missing).

    The block is rewritten in place (sorted, de-duplicated); nothing else in the text changes. A new
    block goes after the last line, separated by a blank line, keeping a final newline if there was one.
    """
    current = script_dictionary(text)
    seen = {w.lower() for w in current}
    merged = list(current)
    for word in new_words:
        if word and word.lower() not in seen:
            seen.add(word.lower())
            merged.append(word)
    if len(merged) == len(current) and _SCRIPT_DICTIONARY.search(text):
        return text
    block = "/* " + DICTIONARY_HEADER + " " + " ".join(sorted(merged, key=str.lower)) + " */"
    m = _SCRIPT_DICTIONARY.search(text)
    if m is not None:
        rest = _SCRIPT_DICTIONARY.sub("", text[m.end() :])
        return text[: m.start()] + block + rest
    if not text:
        return block + "\n"
    ending = "\n" if text.endswith("\n") else ""
    body = text[: len(text) - len(ending)] if ending else text
    return body + ("\n\n" if body.strip() else "") + block + (ending or "")


def dictionary_block_span(text: str) -> tuple[int, int] | None:
    """``(start, end)`` offsets of the first dictionary block in ``text``, or None."""
    m = _SCRIPT_DICTIONARY.search(text)
    return (m.start(), m.end()) if m is not None else None
