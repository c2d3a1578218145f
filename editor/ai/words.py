"""Is this English? A cheap plausibility check for words a small model writes.

The 135M default model, sampled, sometimes invents words ("Grizzboteers.", "heledrail") or drops a
cue-like all-caps fragment into a speech ("COB"). Every word of a suggestion must be known: in the
script's own text (its names, places and coinages) or in a ~75k-word English list shipped in
``resources/words`` (SCOWL via Debian's ``wamerican`` and ``wbritish``), allowing common inflections.
"""

from __future__ import annotations

import functools
import gzip
import logging
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_SUFFIXES = (
    *("'s", "s'", "ies", "es", "s", "ed", "d", "ing", "ly", "er", "est"),
    *("n't", "'ll", "'re", "'ve", "'d", "'m"),
)
# Words a speech may shout in capitals or that are acronyms everybody says.
_CAPS_OK = frozenset(
    [
        "I",
        "A",
        "OK",
        "NO",
        "YES",
        "STOP",
        "HEY",
        "WAIT",
        "NOW",
        "GO",
        "RUN",
        "HELP",
        "WHAT",
        "WHY",
        "WHO",
        "HOW",
        "NOT",
        "NEVER",
        "DON'T",
        "PLEASE",
        "TV",
        "FBI",
        "CIA",
        "NSA",
        "DNA",
        "ID",
        "USA",
        "US",
        "UK",
        "LA",
        "NYC",
        "NYPD",
        "GPS",
        "CEO",
        "DJ",
        "ER",
        "ICU",
        "ASAP",
        "AM",
        "PM",
        "PS",
        "PC",
        "OMG",
    ]
)
# One-word lines a character may plausibly say on their own.
INTERJECTIONS = frozenset(
    [
        "yes",
        "no",
        "yeah",
        "yep",
        "nope",
        "okay",
        "ok",
        "fine",
        "sure",
        "right",
        "what",
        "why",
        "how",
        "who",
        "where",
        "when",
        "really",
        "hey",
        "hi",
        "hello",
        "bye",
        "goodbye",
        "thanks",
        "please",
        "sorry",
        "wait",
        "stop",
        "go",
        "run",
        "help",
        "look",
        "listen",
        "come",
        "now",
        "later",
        "never",
        "always",
        "maybe",
        "perhaps",
        "nothing",
        "everything",
        "anything",
        "nobody",
        "somebody",
        "everyone",
        "exactly",
        "absolutely",
        "definitely",
        "oh",
        "ah",
        "ahh",
        "uh",
        "um",
        "umm",
        "hmm",
        "huh",
        "wow",
        "whoa",
        "ow",
        "ouch",
        "oops",
        "shh",
        "ssh",
        "ha",
        "haha",
        "damn",
        "god",
        "jesus",
        "christ",
        "congratulations",
        "cheers",
        "deal",
        "done",
        "agreed",
        "understood",
        "impossible",
        "again",
        "enough",
        "good",
        "great",
        "perfect",
        "nice",
        "excellent",
        "terrible",
        "interesting",
        "seriously",
        "honestly",
        "obviously",
        "here",
        "there",
        "this",
        "that",
        "me",
        "you",
        "him",
        "her",
        "us",
        "them",
        "coming",
        "leaving",
        "ready",
        "welcome",
        "morning",
        "evening",
        "night",
        "goodnight",
        # Numbers answer questions on their own ("How much?" "Twenty.").
        *[
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "fifteen",
            "twenty",
            "thirty",
            "forty",
        ],
        *["fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million"],
    ]
)


def words_path() -> Path:
    explicit = os.environ.get("SCREENWRIGHT_RESOURCES_DIR")
    base = Path(explicit) if explicit else Path(__file__).resolve().parents[2] / "resources"
    return base / "words" / "english.txt.gz"


@functools.cache
def english_words() -> frozenset[str]:
    """The shipped word list (empty, and every word then counts as known, if it is missing)."""
    try:
        return frozenset(gzip.decompress(words_path().read_bytes()).decode("ascii").split())
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        log.warning("English word list unavailable (%s): invented words are not filtered", exc)
        return frozenset()


@functools.cache
def acronyms() -> frozenset[str]:
    """Capitals that stay capitals in prose (FBI, VHS, ICU): the same word lists' all-capital
    entries that are not also ordinary words ("NOW", "WHO" are left out). Empty if missing."""
    try:
        path = words_path().with_name("acronyms.txt.gz")
        return frozenset(gzip.decompress(path.read_bytes()).decode("ascii").split())
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        log.warning("Acronym list unavailable (%s)", exc)
        return frozenset()


_ONSET = re.compile(r"^y?[^aeiouy]*")
_CODA = re.compile(r"[^aeiouy]*$")


@functools.cache
def _clusters() -> tuple[frozenset[str], frozenset[str]]:
    """The consonants English words start and end with ("str", "ngths"), read off the word list.
    Clusters seen in fewer than three words are left out: the list also holds lower-cased
    abbreviations ("pd", "kfc") that would otherwise make anything look speakable."""
    onsets: dict[str, int] = {}
    codas: dict[str, int] = {}
    for word in english_words():
        if len(word) < 4 or not word.isalpha() or not re.search("[aeiou]", word):
            continue
        onset, coda = _ONSET.match(word).group(), _CODA.search(word).group()  # type: ignore[union-attr]
        onsets[onset] = onsets.get(onset, 0) + 1
        codas[coda] = codas.get(coda, 0) + 1
    return (
        frozenset(k for k, v in onsets.items() if v >= 3),
        frozenset(k for k, v in codas.items() if v >= 3),
    )


def speakable(word: str) -> bool:
    """Could ``word`` be said as a word? NYPD, WKRP and LAPD cannot (no English word ends in "pd"
    or starts with "wkrp"), so a writer means the letters; KIM, JOE and MCALLISTER can, so they are
    names. Used where capitals must be re-cased without knowing the word: an unspeakable one is
    an acronym and keeps its capitals. True when the word list is missing (no evidence)."""
    lower = word.lower()
    if not lower.isalpha() or not english_words():
        return True
    onsets, codas = _clusters()
    has_vowel = re.search("[aeiou]", lower) or re.search("y", lower[1:])
    return bool(has_vowel) and _ONSET.match(lower).group() in onsets and _CODA.search(lower).group() in codas  # type: ignore[union-attr]


def vocabulary(*texts: str, names: Iterable[str] = ()) -> frozenset[str]:
    """Lower-cased words of ``texts`` and ``names``: the script's own vocabulary for a check."""
    out: set[str] = set()
    for text in (*texts, *names):
        out.update(w.lower() for w in _WORD.findall(text))
    return frozenset(out)


def is_known(word: str, known: Collection[str] = ()) -> bool:
    lower = word.lower().replace("’", "'")
    english = english_words()
    if not english or lower in known or lower in english:
        return True
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            stem = lower[: -len(suffix)]
            if stem in english or stem in known or stem + "e" in english:
                return True
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in english:  # stopped, running
                return True
            if suffix == "ies" and stem + "y" in english:
                return True
    head = lower.split("'", 1)[0]
    return head != lower and (head in english or head in known)


def unknown_words(text: str, known: Collection[str] = ()) -> list[str]:
    """Words of ``text`` found neither in ``known`` nor in the English list."""
    return [w for w in _WORD.findall(text) if not is_known(w, known)]


def plausible(text: str, known: Collection[str] = ()) -> bool:
    """False when ``text`` contains an invented word: any unknown word of 5+ letters, or unknown
    words making up a third or more of its words (short slang alone is tolerated)."""
    words = _WORD.findall(text)
    if not words:
        return True
    unknown = [w for w in words if not is_known(w, known)]
    if any(len(w) >= 5 for w in unknown):
        return False
    return len(unknown) * 3 < len(words)


def stray_caps(text: str, names: Collection[str] = ()) -> list[str]:
    """All-caps words in a speech that read as a cue or a name, not as shouting or an acronym.

    ``names`` are the script's character names: one of them in capitals inside a speech is a cue that
    leaked into the line. Other capitals pass when they are common shouts and acronyms, or when the
    line shouts (three or more capitalised English words, most of the line).
    """
    upper_names = {n.upper() for n in names}
    words = _WORD.findall(text)
    caps = [w for w in words if len(w) >= 2 and w.isupper()]
    shouting = (
        len(caps) >= 3
        and len(caps) * 2 >= len(words)
        and all(is_known(w) and w not in upper_names for w in caps)
    )
    if shouting:
        return []
    return [w for w in caps if w in upper_names or w not in _CAPS_OK]


def plausible_speech(
    text: str, known: Collection[str] = (), names: Collection[str] = (), *, whole: bool
) -> bool:
    """A dialogue line (``whole``) or the part of one a suggestion adds: real words, no leaked cue,
    and, for a whole line, one word only when it is something people say on its own."""
    if not plausible(text, known):
        return False
    if stray_caps(text, names):
        return False
    if whole:
        words = _WORD.findall(text)
        if len(words) == 1 and words[0].lower() not in INTERJECTIONS:
            return False
    return True
