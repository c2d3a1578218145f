"""Character names: one person, however the cue is decorated.

``MAYA``, ``MAYA (V.O.)``, ``MAYA (CONT'D)``, ``@Maya`` and ``MAYA ^`` are the same person. The
character list, the stats, the AI's speaker ranking and the navigator all key on the normalised
name, so they agree on who is who.
"""

from __future__ import annotations

import re

_EXTENSIONS = re.compile(r" ?\([^()]*\)?")  # (V.O.), (O.S.), (CONT'D), (on phone), an unclosed "("
_CONTD = re.compile(r" CONT['’]?D\.?$", re.IGNORECASE)  # a bare CONT'D without parentheses
_EMPHASIS = re.compile(r"[*_]|\\(?=[*_\\])")
_SPACES = re.compile(r"\s+")


def normalize_character(cue: str) -> str:
    """The person behind a cue: extensions, CONT'D, ``^``, ``@``, emphasis stripped; uppercased.

    ``normalize_character("@McClane (V.O.) ^") == "MCCLANE"``. Returns "" for an empty cue.
    """
    name = " ".join(cue.split())  # single spaces first: the patterns below stay linear
    if name.startswith("@"):
        name = name[1:]
    if name.endswith("^"):
        name = name[:-1]
    if "[[" in name:
        name = re.sub(r"\[\[.*?(\]\]|$)", "", name)
    if "(" in name:
        name = _EXTENSIONS.sub("", name)
    name = _CONTD.sub("", name.rstrip())
    if "*" in name or "_" in name:
        name = _EMPHASIS.sub("", name)
    return _SPACES.sub(" ", name).strip().upper()


def cue_extension(cue: str) -> str:
    """The extension(s) of a cue as written, e.g. ``"(V.O.)"``; "" when there is none."""
    parts = re.findall(r"\([^)]*\)", cue)
    return " ".join(parts)
