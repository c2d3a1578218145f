"""The spelling engine: dictionaries, the writer's own words, and suggestions. Qt-free.

Built on ``pyspellchecker`` (MIT, maintained, pure Python): its word-frequency dictionaries for
English, German, Spanish, French, Italian, Portuguese, Dutch, Russian, Arabic, Basque, Latvian and
Persian ship inside the wheel, a dictionary loads in ~0.3 s, and its Norvig-style candidates ranked by
frequency put the right word in the top five for 93% of a list of 114 common real misspellings
(``recieve``, ``definately``, ``occured``...). ``symspellpy`` suggests as well (91%) and always in
0.1 ms, but builds its index in ~5 s and ships English only. pyspellchecker finds words one edit away
in a millisecond; two edits deep it can take seconds, which the editor does on a worker thread.

English comes in two spellings. pyspellchecker's English list is American (no "colour"); SCOWL's
American and British lists (Debian's ``wamerican``/``wbritish``, shipped in ``resources/words``) are
added, and the words only the *other* spelling uses are taken out: US English flags "colour" and
"realise", UK English flags "color" and "realize".

Whether a word is known is a set lookup on its lower-case form (plus a possessive and a hyphen rule)
and is cached, so checking the visible lines on every keystroke costs microseconds and a whole
120-page script well under a second.
"""

from __future__ import annotations

import gzip
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.fountain.model import LineType
from editor.fountain.spelling import CHECKED_TYPES, checkable_words, iter_checkable

log = logging.getLogger(__name__)

#: Language code -> (pyspellchecker dictionary, human name). en_US/en_GB adjust the English list.
LANGUAGES: dict[str, tuple[str, str]] = {
    "en_US": ("en", "English (US)"),
    "en_GB": ("en", "English (UK)"),
    "de": ("de", "Deutsch"),
    "es": ("es", "Español"),
    "fr": ("fr", "Français"),
    "it": ("it", "Italiano"),
    "pt": ("pt", "Português"),
    "nl": ("nl", "Nederlands"),
    "ru": ("ru", "Русский"),
    "ar": ("ar", "العربية"),
    "eu": ("eu", "Euskara"),
    "lv": ("lv", "Latviešu"),
    "fa": ("fa", "فارسی"),
}
DEFAULT_LANGUAGE = "en_US"
#: Words of the trade a screenplay uses that general dictionaries lack (checked lower-case).
_TRADE = """pov ext int sfx vfx fx cgi montage intercut intercutting superimpose super o.s os v.o vo
    cont'd contd smash cu ecu mcu ws ms insert establishing flashback flashforward offscreen
    onscreen voiceover titlecard slo mo mo-cap walkie walkie-talkie okay ok uh uh-huh huh hmm mm
    mmm shh ugh whoa wow yeah yep nope gonna wanna gotta kinda sorta dunno lemme gimme y'know
    ya tv fbi cia nypd lapd dna cpr gps suv atm ceo dj er icu asap am pm"""
SCREENPLAY_WORDS = frozenset(_TRADE.split())


def user_dictionary_path() -> Path:
    """The writer's own word list ("Add to Dictionary"), one word a line, in the config directory."""
    explicit = os.environ.get("SCREENWRIGHT_CONFIG_DIR")
    if explicit:
        base = Path(explicit)
    else:
        from platformdirs import user_config_dir

        base = Path(user_config_dir("screenwright", appauthor=False))
    return base / "dictionary.txt"


def _resources() -> Path:
    explicit = os.environ.get("SCREENWRIGHT_RESOURCES_DIR")
    return Path(explicit) if explicit else Path(__file__).resolve().parents[2] / "resources"


def _word_list(name: str) -> set[str]:
    try:
        return set(gzip.decompress((_resources() / "words" / name).read_bytes()).decode("utf-8").split())
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        log.warning("word list %s unavailable (%s)", name, exc)
        return set()


@dataclass(frozen=True, slots=True)
class Misspelling:
    """One flagged word: 0-based line and columns in the LF-normalised text."""

    line: int
    start: int
    end: int
    word: str
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The ``screenwright spell --json`` shape: 1-based line and column."""
        return {
            "line": self.line + 1,
            "column": self.start + 1,
            "word": self.word,
            "suggestions": list(self.suggestions),
        }


@dataclass(slots=True)
class _Shared:
    """What every open script's checker shares: the dictionary, the user's words, the ignores."""

    engine: Any = None  # spellchecker.SpellChecker once loaded
    words: set[str] = field(default_factory=set)
    letters: frozenset[str] = frozenset()
    user: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)
    suggested: dict[str, list[str]] = field(default_factory=dict)  # lower-case word -> suggestions
    #: Bumped whenever what is known changes, so each view drops its cache.
    generation: int = 0


class SpellChecker:
    """One language's dictionary plus the writer's words; thread-safe for lookups after ``load``.

    ``known`` words from the script (names, places, its dictionary block) are set per document with
    ``set_script_words``; the user dictionary is read from and appended to ``user_path``.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE, user_path: Path | None = None) -> None:
        if language not in LANGUAGES:
            raise ValueError(
                f"unknown spelling language '{language}' (choose one of: {', '.join(LANGUAGES)})"
            )
        self.language = language
        self.user_path = user_path if user_path is not None else user_dictionary_path()
        self._shared = _Shared()
        self._script: set[str] = set()
        self._cache: dict[str, bool] = {}
        self._generation = 0

    def view(self) -> SpellChecker:
        """A checker for another script sharing this one's dictionaries, user words and ignores.

        Each open script has its own view (its own names and places); loading, Ignore and Add to
        Dictionary on any of them count for all.
        """
        other = SpellChecker.__new__(SpellChecker)
        other.language = self.language
        other.user_path = self.user_path
        other._shared = self._shared
        other._script = set()
        other._cache = {}
        other._generation = -1
        return other

    # -- loading ---------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._shared.engine is not None

    def load(self) -> SpellChecker:
        """Read the dictionaries (~0.3-0.8 s: call it off the UI thread). Returns self.

        Loading again is free: the views of a checker and every caller of ``shared`` share one load.
        """
        if self._shared.engine is not None:
            return self
        from spellchecker import SpellChecker as Engine

        code, _name = LANGUAGES[self.language]
        engine = Engine(language=code, case_sensitive=False, distance=2)
        if code == "en":
            scowl = _word_list("english.txt.gz")
            other = _word_list("gb-only.txt.gz" if self.language == "en_US" else "us-only.txt.gz")
            frequency = engine.word_frequency
            present = frequency.dictionary
            frequency.load_json({w: 1 for w in scowl - other if w not in present})
            frequency.remove_words(sorted(other & present.keys()))
        words = set(engine.word_frequency.dictionary)
        words.update(SCREENPLAY_WORDS)
        letters = set(engine.word_frequency.letters) | set("'’-")
        shared = self._shared
        shared.user = self._read_user()
        shared.words = words
        shared.letters = frozenset(letters)
        shared.engine = engine
        shared.generation += 1
        return self

    def _read_user(self) -> set[str]:
        try:
            text = self.user_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("could not read the user dictionary %s: %s", self.user_path, exc)
            return set()
        return {line.strip().lower() for line in text.splitlines() if line.strip()}

    # -- the writer's words ------------------------------------------------------------------------
    def set_script_words(self, words: Iterable[str]) -> bool:
        """Words the current script vouches for; True when that changed what is known."""
        new = {w.lower() for w in words}
        if new == self._script:
            return False
        self._script = new
        self._cache = {}
        return True

    def script_words(self) -> set[str]:
        return set(self._script)

    def add_script_word(self, word: str) -> None:
        """One more word this script vouches for (its dictionary block just got it)."""
        self._script = {*self._script, word.lower().replace("’", "'")}
        self._cache = {}

    def ignore(self, word: str) -> None:
        """Accept ``word`` for this session, in every open script (Ignore All)."""
        self._shared.ignored.add(word.lower().replace("’", "'"))
        self._shared.generation += 1

    def add_to_user_dictionary(self, word: str) -> None:
        """Accept ``word`` from now on in every script (appended to the user dictionary file).

        Raises OSError when the file cannot be written (the word is still accepted this session).
        """
        self._shared.user.add(word.lower().replace("’", "'"))
        self._shared.generation += 1
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        with self.user_path.open("a", encoding="utf-8") as f:
            f.write(word + "\n")

    # -- checking ------------------------------------------------------------------------------------
    def is_known(self, word: str) -> bool:
        """True when ``word`` is spelled correctly (as far as the dictionaries know)."""
        lower = word.lower().replace("’", "'")
        if self._generation != self._shared.generation:
            self._cache = {}
            self._generation = self._shared.generation
        cached = self._cache.get(lower)
        if cached is not None:
            return cached
        known = self._lookup(lower, word)
        self._cache[lower] = known
        return known

    def _lookup(self, lower: str, original: str) -> bool:
        if self._shared.engine is None:
            return True  # nothing is flagged before a dictionary is loaded
        if self._known_form(lower):
            return True
        if len(original) <= 4 and original.isupper():
            return True  # an acronym (FBI, NYPD, SWAT)
        if not self._shared.letters.issuperset(lower):
            return True  # another alphabet ("привет" in an English script): not ours to judge
        if "-" in lower:
            return all(self._known_form(part) for part in lower.split("-") if part)
        return False

    def _known_form(self, lower: str) -> bool:
        if len(lower) == 1:
            return True
        shared = self._shared
        pools = (shared.words, self._script, shared.user, shared.ignored)
        if any(lower in pool for pool in pools):
            return True
        for suffix in ("'s", "'", "'ll", "'d", "'re", "'ve"):
            if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
                stem = lower[: -len(suffix)]
                if any(stem in pool for pool in pools):
                    return True
        return False

    def misspelled_in_line(self, text: str, line_type: LineType) -> list[tuple[int, int, str]]:
        """``(start, end, word)`` of the flagged words of one line (what the underline paints)."""
        if line_type not in CHECKED_TYPES or self._shared.engine is None:
            return []
        return [(s, e, w) for s, e, w in checkable_words(text, line_type) if not self.is_known(w)]

    def check(
        self, lines: list[str], types: list[LineType], *, suggest: bool = False, limit: int = 5
    ) -> list[Misspelling]:
        """Every flagged word of a script, in order; with ``suggest``, each with its suggestions."""
        out: list[Misspelling] = []
        for span in iter_checkable(lines, types):
            if not self.is_known(span.word):
                hints = self.suggestions(span.word, limit) if suggest else []
                out.append(Misspelling(span.line, span.start, span.end, span.word, hints))
        return out

    def suggestions(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` replacements, most likely first, in the word's own capitalisation.

        Words one edit away are found in about a millisecond; when there are none, words two edits
        away can take seconds (``recieve`` is quick, ``maintainance`` is not): call this off the UI
        thread unless ``quick_suggestions`` found something. Results are cached for every view.
        """
        engine = self._shared.engine
        if engine is None or not word:
            return []
        lower = word.lower().replace("’", "'")
        cached = self._shared.suggested.get(lower)
        if cached is None:
            if len(lower) > 24:
                return []  # a pasted run of letters: edit distance 2 would take minutes
            candidates = engine.candidates(lower) or set()
            candidates.discard(lower)
            cached = sorted(candidates, key=lambda w: (-engine.word_usage_frequency(w), w))[:10]
            self._shared.suggested[lower] = cached
        return [_match_case(word, w) for w in cached[:limit]]

    def quick_suggestions(self, word: str, limit: int = 5) -> list[str] | None:
        """The suggestions if they are cheap to know now (cached, or one edit away), else None."""
        engine = self._shared.engine
        if engine is None or not word:
            return []
        lower = word.lower().replace("’", "'")
        if lower in self._shared.suggested:
            return self.suggestions(word, limit)
        near = engine.known(engine.edit_distance_1(lower))
        near.discard(lower)
        if not near:
            return None
        ranked = sorted(near, key=lambda w: (-engine.word_usage_frequency(w), w))[:10]
        self._shared.suggested[lower] = ranked  # what ``candidates`` gives when edit-1 words exist
        return [_match_case(word, w) for w in ranked[:limit]]


_SHARED: dict[tuple[str, Path], SpellChecker] = {}


def shared(language: str = DEFAULT_LANGUAGE) -> SpellChecker:
    """The process's checker for ``language`` and the current user dictionary (not loaded yet
    when new): every window uses the same ~40 MB dictionary, and Ignore counts in all of them."""
    probe = SpellChecker(language)
    return _SHARED.setdefault((language, probe.user_path), probe)


def _match_case(original: str, suggestion: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
