"""Who the action introduces: screenplay convention writes a character's first appearance in capitals.

``MARY (30s), a doctor, enters.`` introduces MARY; ``The phone RINGS.`` introduces nobody. This is
Fountain-level knowledge (no Qt, no model), shared by the next-speaker rules, the summaries, the
rewrite checks and the spelling checker (an introduced surname is the script's own word, not a typo).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from editor.fountain.model import ElementType, Script
from editor.fountain.names import normalize_character

# A run of capitalised words in action: "RITA OKAFOR", "MRS. MORROW", "DECKHAND".
_CAPS_RUN = re.compile(r"(?<![\w'])([A-Z][A-Z'.\-]*[A-Z.](?:\s+[A-Z][A-Z'.\-]*[A-Z.]){0,3})(?![\w'])")
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "our", "its", "my", "your"})
# Words after a capitalised run that leave it a person: prepositions, conjunctions, auxiliaries.
_LINKS = frozenset(
    {"in", "on", "at", "by", "with", "from", "of", "to", "into", "onto", "behind", "beside", "near",
     "and", "or", "but", "who", "that", "is", "was", "has", "had", "can", "will", "would", "could",
     "does", "did", "just", "still", "slowly", "quickly", "then", "too", "also", "again", "alone"}
)  # fmt: skip

_NOT_NAMES = frozenset({"CONT'D", "V.O.", "O.S.", "O.C.", "INT.", "EXT.", "POV", "CU", "TV", "OK"})

_ABBREVIATIONS = frozenset({"MR.", "MRS.", "MS.", "DR.", "ST.", "JR.", "SR."})


def _caps_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words (text, start, end), cut where a sentence ends inside one: "The
    phone RINGS. SILENCE. ROSA (40s) enters." holds three runs, not the name "RINGS. SILENCE. ROSA".
    A period after a title or an initial ("MR. LUTZ", "J. R. EWING") does not end a sentence."""
    out: list[tuple[str, int, int]] = []
    for match in _CAPS_RUN.finditer(text):
        start = match.start(1)
        for word in re.finditer(r"\S+", match.group(1)):
            token = word.group()
            if token.endswith(".") and len(token) > 2 and token not in _ABBREVIATIONS:
                end = match.start(1) + word.end()
                out.append((text[start:end], start, end))
                start = end
                while start < match.end(1) and text[start].isspace():
                    start += 1
        if start < match.end(1):
            out.append((text[start : match.end(1)], start, match.end(1)))
    return out


def introductions(text: str) -> list[str]:
    """Names introduced in capitals in an action paragraph, in order.

    Screenplay convention capitalises a character's first appearance, but also sounds and signs
    ("The phone RINGS", "ON AIR light"). A capitalised run counts as a person where the convention
    for people shows: an age or description follows (``MARY (30s),``), a determiner comes before
    it (``a DECKHAND``), or it starts a sentence and a verb follows (``JOE enters``).
    """
    out: list[str] = []
    for group, start, end in _caps_runs(text):
        run = group.rstrip(".") if not group.endswith(("MR.", "DR.", "MRS.", "MS.")) else ""
        if not run or run in _NOT_NAMES or len(run.replace(" ", "")) < 2:
            continue
        before = text[:start].rstrip()
        after = text[end:]
        previous_word = before.split()[-1].lower() if before.split() else ""
        sentence_start = not before or before.endswith((".", "!", "?", ":", '"'))
        follows = after.lstrip()
        next_word = follows.split()[0].rstrip(".,;:!?") if follows.split() else ""
        described = follows.startswith(("(", ",")) or after.startswith("'S")
        verb_follows = next_word.islower() and (next_word.endswith("s") and not next_word.endswith("ss"))
        # "a VHS tape", "the ON AIR light": capitals that modify the lowercase noun after them
        # name a thing, not a person. A person is followed by a verb, a description, a
        # preposition or the end of the clause.
        modifies = (
            not described
            and next_word.islower()
            and not verb_follows
            and not next_word.endswith(("ed", "ing"))
            and next_word not in _LINKS
            and not re.match(r"\s*[,.;:!?)(-]", after)
        )
        words_before = before.split()
        # "an old WOMAN waves": a determiner and an adjective; but "the phone RINGS." is a sound,
        # so that reading needs a verb, a description or a preposition after the run.
        determined = previous_word in _DETERMINERS or (
            len(words_before) >= 2
            and words_before[-1].islower()
            and words_before[-1].isalpha()
            and words_before[-2].lower() in _DETERMINERS
            and (described or verb_follows or next_word in _LINKS)
        )
        if modifies:
            continue
        if described or determined or (sentence_start and verb_follows):
            name = normalize_character(run)
            if name and name not in out:
                out.append(name)
    return out


@functools.lru_cache(maxsize=8192)
def paragraph_introductions(paragraph: str) -> tuple[str, ...]:
    """:func:`introductions`, remembered: the next-speaker ranking and the spelling checker read the
    whole script's action again after each edit, and between two reads almost every paragraph is
    unchanged."""
    return tuple(introductions(paragraph))


def action_paragraphs(script: Script) -> Iterator[str]:
    """Each action element of ``script`` as one line of text (action broken across lines is one
    paragraph, so a name split over two lines is still one name)."""
    for element in script.elements:
        if element.type == ElementType.ACTION:
            yield " ".join(element.text.split())


def introduced_names(script: Script) -> list[str]:
    """Everyone the script's action introduces in capitals, in order of first introduction."""
    out: list[str] = []
    for paragraph in action_paragraphs(script):
        for name in paragraph_introductions(paragraph):
            if name not in out:
                out.append(name)
    return out
