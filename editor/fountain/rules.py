"""The ordered rule table that decides what one Fountain line is.

Fountain is line-oriented: apart from three multi-line modes (title page, boneyard ``/* */`` and
standalone notes ``[[ ]]``, handled by the classifier in ``lines.py``), a line's type follows from
the previous line's type, the line itself and whether the next line is blank. That is what makes
incremental re-classification cheap, the way Beat's ``ContinuousFountainParser`` does it.

Each ``Rule`` is one sentence of the spec (fountain.io/syntax, Fountain 1.1). The first rule that
matches wins. Rules declare the *context* they apply in (what the previous line was) and, where they
key on a marker character, that character, so the classifier only tries the few rules that can
match a given line; the behaviour is still exactly "first match in table order".

Decisions where the spec is silent or the reference parsers disagree are written next to the rule
and pinned by ``tests/fountain/test_disputed.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from editor.fountain.kinds import (
    L_ACTION,
    L_BONEYARD,
    L_CENTERED,
    L_CHARACTER,
    L_DIALOGUE,
    L_DUAL_CHARACTER,
    L_DUAL_DIALOGUE,
    L_DUAL_PARENTHETICAL,
    L_LYRICS,
    L_NOTE,
    L_PAGE_BREAK,
    L_PARENTHETICAL,
    L_SCENE_HEADING,
    L_SECTION,
    L_SYNOPSIS,
    L_TRANSITION,
)
from editor.fountain.model import LineType

# Contexts: what the previous line makes of this one.
BLANK = 0  # start of document, after an empty line, a boneyard or a page break
DIALOGUE = 1  # after a cue, parenthetical or dialogue line
TEXT = 2  # after anything else (action, heading, section, lyrics, ...): a paragraph continues
ALL_CONTEXTS = (BLANK, DIALOGUE, TEXT)

# Spec: "either begins with INT or EXT or similar (full list below)": INT, EXT, EST, INT./EXT,
# INT/EXT, I/E, followed by a dot or a space. Case-insensitive like every reference parser.
# "I./E." is not in the list and stays Action (disputed theme 10).
HEADING_PREFIX = re.compile(r"(?:int\.?/ext|int|ext|est|i/e)[. ]", re.IGNORECASE)
# Spec: scene numbers are "wrapped in pound signs" at the end of the heading: #1#, #1A#, #I-1-A#, #1.#
# (No leading \s*: a search would rescan a long run of spaces from every position.)
SCENE_NUMBER = re.compile(r"#([A-Za-z0-9][A-Za-z0-9.\-]*)#\s*$")
PAGE_BREAK = re.compile(r"={3,}")
# Title page key: "Keys can have spaces (e. g. Draft date), but must end with a colon."
# The key's trailing spaces are stripped in code: a lazy "[^:]*?[ \t]*:" is quadratic on long
# runs of spaces.
TITLE_KEY = re.compile(r"([^\s:][^:]*):(.*)$")

RuleTest = Callable[[str, str, bool, LineType, bool], "LineType | None"]
"""(line, stripped, next_blank, previous_type, after_dialogue) -> type, or None for no match."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One classification rule: where it applies, which marker it keys on and its test."""

    name: str
    contexts: tuple[int, ...]
    test: RuleTest
    marker: str | None = None  # first non-blank character the rule needs, if any
    spec: str = ""  # the spec sentence it implements (documentation and tests)


_DUALS = frozenset((L_DUAL_CHARACTER, L_DUAL_PARENTHETICAL, L_DUAL_DIALOGUE))


def _page_break(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_PAGE_BREAK if PAGE_BREAK.fullmatch(st) else None


def _boneyard(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_BONEYARD if st.startswith("/*") else None


def _note(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    """A line holding nothing but notes (or opening a note that continues on the next lines)."""
    if not st.startswith("[["):
        return None
    pos = 0
    end = len(st)
    while st.startswith("[[", pos):
        close = st.find("]]", pos + 2)
        if close < 0:
            return L_NOTE  # opens a multi-line note
        pos = close + 2
        while pos < end and st[pos].isspace():
            pos += 1
    return L_NOTE if pos >= end else None


def _forced_action(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_ACTION


def _section(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_SECTION


def _synopsis(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_SYNOPSIS


def _centered(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_CENTERED if len(st) >= 2 and st.endswith("<") else None


def _forced_transition(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_TRANSITION


def _lyrics(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_LYRICS


def _forced_heading(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    # "only a single period followed by an alphanumeric character will force a Scene Heading"
    return L_SCENE_HEADING if len(st) > 1 and st[1].isalnum() else None


def _forced_character(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    if len(st) < 2:
        return None
    if st.endswith("^") and ad:
        return L_DUAL_CHARACTER
    return L_CHARACTER


def _parenthetical(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    if st[0] == "(" and st[-1] == ")":
        return L_DUAL_PARENTHETICAL if prev in _DUALS else L_PARENTHETICAL
    return None


def _dialogue(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_DUAL_DIALOGUE if prev in _DUALS else L_DIALOGUE  # the hottest rule: no helper call


def _scene_heading(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    # "A Scene Heading is any line that has a blank line following it, and either begins with
    # INT or EXT or similar". Without the blank line after it, it is Action (disputed theme 2).
    if nb and st[0] in "IEie" and HEADING_PREFIX.match(st):
        return L_SCENE_HEADING
    return None


def _transition(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    # "Uppercase, preceded by and followed by an empty line, ends in TO:". Trailing spaces after
    # TO: make it Action (theme 5), so the check is on the raw line end.
    if nb and line.endswith("TO:") and st.upper() == st:
        return L_TRANSITION
    return None


def _outside_extensions(st: str) -> str:
    """``st`` without its parenthesised parts; an unclosed ``(`` runs to the end of the line."""
    if "(" not in st:
        return st
    parts: list[str] = []
    pos = 0
    while True:
        opening = st.find("(", pos)
        if opening < 0:
            parts.append(st[pos:])
            break
        parts.append(st[pos:opening])
        closing = st.find(")", opening + 1)
        if closing < 0:
            break
        pos = closing + 1
    return " ".join(parts)


def is_cue_name(st: str) -> bool:
    """Spec: "any line entirely in uppercase" whose name has "at least one alphabetical character".

    Only the parenthetical extensions may be mixed case (``BOB (on phone)``); everything outside
    them is checked, after them too: ``MARY (30s), a doctor, enters.`` is a sentence, not a cue.
    ``23 (O.S.)`` has no letter outside its extension and is not a cue (theme 7).
    """
    name = _outside_extensions(st).rstrip()
    if name.endswith("^"):
        name = name[:-1]
    if name.upper() != name:
        return False
    if name.lower() != name:  # it is all upper case, so this means it has a cased letter
        return True
    return any(ch.isalpha() for ch in name)  # uncased scripts (CJK names)


def _character(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    # "any line entirely in uppercase, with one empty line before it and without an empty line
    # after it". A caret without a previous speech is an ordinary cue (theme 7).
    if nb or not is_cue_name(st):
        return None
    if st[0] in "IEie" and HEADING_PREFIX.match(st):
        # A heading-like line without the blank line after it is Action, not a speaker named
        # "INT. HOUSE - DAY" (the reference parser's reading; disputed theme 2).
        return None
    if st.endswith("^") and ad:
        return L_DUAL_CHARACTER
    return L_CHARACTER


def _action(line: str, st: str, nb: bool, prev: LineType, ad: bool) -> LineType | None:
    return L_ACTION


RULES: tuple[Rule, ...] = (
    Rule("page_break", ALL_CONTEXTS, _page_break, "=", "a line containing three or more = signs"),
    Rule("boneyard", ALL_CONTEXTS, _boneyard, "/", "/* ... */ text is ignored (boneyard)"),
    Rule("note", (BLANK, TEXT), _note, "[", "A Note is created by enclosing some text with [[ ]]"),
    Rule("forced_action", ALL_CONTEXTS, _forced_action, "!", "force an Action element with !"),
    Rule("section", ALL_CONTEXTS, _section, "#", "Sections are created by preceding a line with #"),
    Rule("synopsis", ALL_CONTEXTS, _synopsis, "=", "Synopses are single lines prefixed by ="),
    Rule("centered", ALL_CONTEXTS, _centered, ">", "Centered text is bracketed with > <"),
    Rule("forced_transition", ALL_CONTEXTS, _forced_transition, ">", "force a Transition with >"),
    Rule("lyrics", ALL_CONTEXTS, _lyrics, "~", "You create a lyric by starting with a tilde ~"),
    Rule("forced_heading", (BLANK,), _forced_heading, ".", "force a Scene Heading with a period"),
    Rule("forced_character", (BLANK,), _forced_character, "@", "force a Character with @"),
    Rule("parenthetical", (DIALOGUE,), _parenthetical, "(", "Parentheticals ... wrapped in ( )"),
    Rule("dialogue", (DIALOGUE,), _dialogue, None, "Dialogue is any text following a Character"),
    Rule("scene_heading", (BLANK,), _scene_heading, None, "begins with INT or EXT or similar"),
    Rule("transition", (BLANK,), _transition, None, "Uppercase, blank lines around, ends in TO:"),
    Rule("character", (BLANK,), _character, None, "any line entirely in uppercase"),
    Rule("action", ALL_CONTEXTS, _action, None, "Action is the default element"),
)


def rules_for(context: int, first: str) -> tuple[RuleTest, ...]:
    """The tests to try, in table order, for a line in ``context`` whose first character is ``first``."""
    return tuple(r.test for r in RULES if context in r.contexts and (r.marker is None or r.marker == first))


def dispatch_table(context: int) -> tuple[dict[str, tuple[RuleTest, ...]], tuple[RuleTest, ...]]:
    """``(by_marker, default)``: the tests for lines starting with a marker character, and for others.

    Precomputed once per context so classifying a line costs one dict lookup, not a table scan.
    """
    markers = {r.marker for r in RULES if r.marker is not None}
    default = rules_for(context, "")
    return {m: rules_for(context, m) for m in markers}, default


def rule_by_name(name: str) -> Rule:
    for rule in RULES:
        if rule.name == name:
            return rule
    raise KeyError(name)
