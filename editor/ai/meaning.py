"""Checks that a rewrite keeps the meaning of the line it replaces.

Measured with the default model: a question came back as the opposite statement, a denial as
agreement. A style may change every word; it may not change who does what, whether something is
denied, who is speaking to whom, or leave out the person the line introduces. These checks are
shallow on purpose (word lists, no parser of English): each catches a kind of flip seen in
practice, and a rewrite that trips one is simply not shown.
"""

from __future__ import annotations

import re

from editor.ai.speaker import same_person
from editor.fountain.introductions import introductions

_NEGATION = re.compile(
    r"\b(not|no|never|nothing|nobody|none|nowhere|neither|nor|cannot|without|\w+n't)\b", re.IGNORECASE
)
_PERSONS = {
    "first": re.compile(
        r"\b(I|I'm|I've|I'll|I'd|me|my|mine|myself|we|we're|we've|us|our|ours)\b", re.IGNORECASE
    ),
    "second": re.compile(r"\b(you|you're|you've|you'll|your|yours|yourself)\b", re.IGNORECASE),
}
_NAME = re.compile(r"\b[A-Z][a-z'-]+\b|\b[A-Z][A-Z'-]+\b")


def _negated(text: str) -> bool:
    return len(_NEGATION.findall(text)) % 2 == 1


def meaning_flip(original: str, candidate: str, names: list[str] | None = None) -> str:
    """Why ``candidate`` says something other than ``original`` ("" when no flip is found).

    ``names`` are the script's character names, for "who does what" and introductions.
    """
    if _negated(original) != _negated(candidate):
        return "turns a denial into agreement (or the reverse)"
    if original.rstrip().endswith("?") and not candidate.rstrip().endswith("?"):
        return "turns a question into a statement"
    for person, pattern in _PERSONS.items():
        if pattern.search(candidate) and not pattern.search(original):
            return f"changes who is speaking or spoken to (adds the {person} person)"
    for name in introductions(original):
        if not re.search(r"\b" + re.escape(name) + r"\b", candidate):
            return f"drops the introduction of {name}"
    known = [n for n in (names or []) if n]
    if known:
        first_before = _first_name(original, known)
        first_after = _first_name(candidate, known)
        if first_before and first_after and not same_person(first_before, first_after):
            return "changes who does what"
    return ""


def _first_name(text: str, names: list[str]) -> str | None:
    """The first character named in ``text`` (the sentence's subject, in screenplay action)."""
    best: tuple[int, str] | None = None
    for name in names:
        for word in {name, *name.split()}:
            if len(word) < 3:
                continue
            match = re.search(r"\b" + re.escape(word) + r"\b", text, re.IGNORECASE)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), name)
    return best[1] if best else None
