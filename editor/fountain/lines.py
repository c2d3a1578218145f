"""Line classification: the state machine around the rule table.

A line's type is a function of (previous line's type, carried state, the line, whether the next line
is blank). The carried state is a small int so the incremental parser can compare it cheaply and
stop re-classifying as soon as both the type and the state of a line come out as they were:

- bits 0-2, the mode: normal text, inside a boneyard ``/* */``, inside a standalone note ``[[ ]]``
  that spans lines, inside the title page, or "start of document" (only before line 0);
- bit 3, "after dialogue": the last non-blank line was part of a speech, so a ``^`` cue is the second
  half of a dual dialogue.

This module holds the only copy of these rules; the full parser and the incremental parser both call
``classify_line`` so they cannot disagree (``classify_all`` short-cuts one trivial case, an empty
line in normal mode, and the incremental-equals-full property tests pin that copy).
"""

from __future__ import annotations

import re

from editor.fountain.model import LineType
from editor.fountain.rules import BLANK, DIALOGUE, TEXT, TITLE_KEY, dispatch_table

NORMAL = 0
IN_BONEYARD = 1
IN_NOTE = 2
IN_TITLE = 3
START = 4
MODE_MASK = 7
AFTER_DIALOGUE = 8

_EMPTY = LineType.EMPTY
_ACTION = LineType.ACTION
_BONEYARD = LineType.BONEYARD
_NOTE = LineType.NOTE
_TITLE_PAGE = LineType.TITLE_PAGE
_DIALOGUE = LineType.DIALOGUE
_DUAL_DIALOGUE = LineType.DUAL_DIALOGUE
_AFTER_BLANK = dispatch_table(BLANK)
_IN_DIALOGUE = dispatch_table(DIALOGUE)
_IN_TEXT = dispatch_table(TEXT)
_DIALOGUE_TYPES = frozenset(
    (
        LineType.CHARACTER,
        LineType.PARENTHETICAL,
        LineType.DIALOGUE,
        LineType.DUAL_CHARACTER,
        LineType.DUAL_PARENTHETICAL,
        LineType.DUAL_DIALOGUE,
    )
)
_DUAL_TYPES = frozenset((LineType.DUAL_CHARACTER, LineType.DUAL_PARENTHETICAL, LineType.DUAL_DIALOGUE))
# After these a line starts a new block, as after an empty line. A boneyard counts as blank so the
# spec's own example (``CUT TO:`` directly above ``/*``) keeps its transition (disputed theme 9).
_BLANKISH = frozenset((LineType.EMPTY, LineType.BONEYARD, LineType.PAGE_BREAK))
# Lines that leave the "after dialogue" flag as it was.
_TRANSPARENT = frozenset((LineType.EMPTY, LineType.NOTE, LineType.BONEYARD))

# Per previous line type: the dispatch table for this line, and whether this line starts a block
# (so the blank-line conditions of headings, transitions and cues apply and the next line matters).
_CONTEXT: dict[LineType, tuple[dict[str, tuple], tuple, bool]] = {
    kind: (
        (*_IN_DIALOGUE, False)
        if kind in _DIALOGUE_TYPES
        else (*_AFTER_BLANK, True)
        if kind in _BLANKISH
        else (*_IN_TEXT, False)
    )
    for kind in LineType
}
# Per line type: the "after dialogue" bit it leaves for the next line (-1: leaves it unchanged).
_CARRY: dict[LineType, int] = {
    kind: AFTER_DIALOGUE if kind in _DIALOGUE_TYPES else -1 if kind in _TRANSPARENT else 0
    for kind in LineType
}

# A title-page key is a short label (Title, Credit, Draft date, Contact...): one to three words.
# Spec-literally any "Words:" first line would start a title page, which would swallow a one-line
# action such as "Steel enters the code on the keypad: **9765**" (disputed theme 3).
_KEY_WORDS = re.compile(r"[^\W_][\w.'\-]*(?: [\w.'\-]+){0,2}")


def title_key(line: str) -> tuple[str, str] | None:
    """``(key, value)`` when ``line`` is a title-page ``Key: value`` line, else None."""
    if not line or line[0] in " \t":
        return None
    m = TITLE_KEY.match(line)
    if m is None:
        return None
    key = m.group(1).rstrip()
    if not _KEY_WORDS.fullmatch(key):
        return None
    return key, m.group(2).strip()


def _starts_title_page(line: str, next_line: str | None) -> bool:
    """Line 0 starts a title page when it is ``Key: value``, or ``Key:`` with more title lines after.

    An empty key followed by a blank line (``CUT TO:`` / ``FADE IN:`` opening a script) is not a
    title page: the reference parser, screenplain and jouvence agree (theme 3).
    """
    kv = title_key(line)
    if kv is None:
        return False
    if kv[1].strip():
        return True
    if next_line is None or not next_line.strip():
        return False
    return next_line[0] in " \t" or title_key(next_line) is not None


def classify_line(line: str, prev: LineType, state: int, next_line: str | None) -> tuple[LineType, int]:
    """Classify one line. Returns its type and the state carried to the next line.

    This is the hot path of every parse (about 1 µs a line): the cheap checks come first and the
    rule table is reached through a per-context, per-first-character dispatch.
    """
    if state:
        mode = state & MODE_MASK
        ad = state & AFTER_DIALOGUE
        if mode:
            if mode == IN_BONEYARD:
                return _BONEYARD, (ad if "*/" in line else state)
            if mode == IN_NOTE:
                # Spec: an empty line inside a note needs two spaces; a truly empty line ends it.
                if line:
                    return _NOTE, (ad if "]]" in line else state)
                return _EMPTY, ad
            if mode == IN_TITLE:
                if not line.strip():
                    return _EMPTY, NORMAL  # "The Title page ends with the first blank line"
                if line[0] in " \t" or title_key(line) is not None:
                    return _TITLE_PAGE, IN_TITLE
                # A line that is neither key nor continuation ends the title page; it is read as
                # the continuation of a paragraph (Action), never silently dropped.
                prev = _TITLE_PAGE
            elif _starts_title_page(line, next_line):  # START: line 0
                return _TITLE_PAGE, IN_TITLE
            else:
                prev = _EMPTY
    else:
        ad = 0
    if not line:
        return _EMPTY, ad
    st = line.strip()
    if not st:
        # "If you want a blank line within dialogue, type two spaces" (any whitespace-only line of
        # two or more characters keeps the speech going).
        if len(line) >= 2:
            if prev in _DIALOGUE_TYPES:
                return (_DUAL_DIALOGUE if prev in _DUAL_TYPES else _DIALOGUE), AFTER_DIALOGUE
            if prev is _ACTION:
                # The same two-space convention keeps an action paragraph (and a note inside it)
                # together.
                return _ACTION, NORMAL
        return _EMPTY, ad
    table, default, block_start = _CONTEXT[prev]
    if not block_start:
        nb = False
    elif next_line is None:
        nb = True
    else:
        # Ignored text below a line does not stop it being a heading or transition: a boneyard
        # (the spec's own example) or a synopsis written directly under its heading.
        nxt = next_line.strip()
        nb = not nxt or nxt.startswith("/*") or (nxt[0] == "=" and not nxt.startswith("==="))
    after = ad != 0
    kind = _ACTION
    for test in table.get(st[0], default):
        found = test(line, st, nb, prev, after)
        if found is not None:
            kind = found
            break
    # Multi-line modes opened by this line.
    new_mode = NORMAL
    if kind is _NOTE:
        if "]]" not in st:
            new_mode = IN_NOTE
    elif "/*" in line:
        if kind is _BONEYARD:
            if "*/" not in st[2:]:
                new_mode = IN_BONEYARD
        elif "*/" not in line[line.rfind("/*") :]:
            new_mode = IN_BONEYARD  # a boneyard opened in the middle of a line
    carry = _CARRY[kind]
    if carry < 0:
        return kind, new_mode | ad  # transparent: keeps "after dialogue" as it was
    return kind, new_mode | carry


def classify_all(lines: list[str]) -> tuple[list[LineType], list[int]]:
    """Classify every line; returns the types and the state after each line."""
    n = len(lines)
    types: list[LineType] = [_EMPTY] * n
    states: list[int] = [0] * n
    prev = _EMPTY
    state = START
    classify = classify_line
    last = n - 1
    for i in range(n):
        line = lines[i]
        if not line and (state == 0 or state == AFTER_DIALOGUE):
            # An empty line in normal mode: exactly what classify_line returns, without the call
            # (a third of all lines; the incremental parser's equality tests guard this copy).
            prev = _EMPTY
        else:
            prev, state = classify(line, prev, state, lines[i + 1] if i < last else None)
        types[i] = prev
        states[i] = state
    return types, states
