"""Sentiment of script text with VADER (Hutto & Gilbert 2014, MIT licence, ``vaderSentiment``).

Why VADER and not the NRC Emotion Lexicon: VADER was built and validated on short, informal,
spoken-style text (tweets, reviews) and handles what dialogue is made of: negation ("I'm not
fine"), intensifiers ("really", "so"), shouting in capitals, "!!!", "but" shifting the weight to
the second half, slang and interjections. The NRC lexicon is a bag of word-emotion associations
with no negation handling, and its terms allow research and non-commercial use only, which an
Apache-2.0 editor cannot ship. So the report shows VADER's valence (compound, positive, negative)
per scene; it does not invent emotion categories it cannot back with a usable lexicon.

VADER is an English lexicon. ``english_share`` tells the report when a script is mostly not
English, so it says "sentiment needs English text" instead of drawing a flat, meaningless line.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Very common English function words: an English text has 35-50% of its words among these.
_ENGLISH_COMMON = _word_set(
    "the a an and or but of to in on at for with is are was were be been it its i you he she we they "
    "me him her us them my your his our their this that what not no do does did have has had will "
    "would can could there here so if just all"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Valence:
    """VADER's scores for one text: compound in [-1, 1]; pos/neg/neu proportions summing to ~1."""

    compound: float
    pos: float
    neg: float
    neu: float


NEUTRAL = Valence(0.0, 0.0, 0.0, 1.0)


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    # Import and lexicon load (~30 ms) happen once, on first use, not when the editor starts.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def valence(text: str) -> Valence:
    """VADER scores of ``text`` (neutral for text with no words)."""
    if not text.strip():
        return NEUTRAL
    with _lock:  # the analyzer is shared; keep it single-threaded
        scores = _analyzer().polarity_scores(text)
    return Valence(scores["compound"], scores["pos"], scores["neg"], scores["neu"])


def english_share(words: list[str]) -> float:
    """Fraction of ``words`` (lower-cased) that are common English function words."""
    if not words:
        return 0.0
    return sum(1 for w in words if w in _ENGLISH_COMMON) / len(words)


def words_of(text: str) -> list[str]:
    """Lower-cased words (letters, with one inner apostrophe), in any alphabet."""
    return _WORD.findall(text.lower())
