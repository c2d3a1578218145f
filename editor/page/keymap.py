"""The page's own keys: the one table of the keys that are not menu actions.

Menu shortcuts live on their ``QAction`` objects; the keys the page handles itself (Final Draft's
element keys, the SmartType list, ghost text, movement) are listed here, once. Help ▸ Keyboard
Shortcuts shows this table beside the real actions, the README's key tables are generated from it
(``python -m editor.window.shortcuts --markdown``) and a test checks both against each other, that
every key here is demonstrated by a script of the keys corpus (``tests/page/keys_corpus``, which
pins what each key types) and that nothing collides with a menu shortcut.

The rule behind the table (docs/ARCHITECTURE.md, "Ghost-text keys"): AI never costs the writer a keystroke.
Element keys keep their Final Draft meaning and movement keys always move; accepting ghost text takes a
gesture that means nothing else here (Alt+Enter, Ctrl+→), except where the key's own meaning and the
suggestion agree (Enter in the empty cue that Tab started takes the predicted speaker).
"""

from __future__ import annotations

from dataclasses import dataclass

ELEMENTS = "Writing"
SMARTTYPE = "SmartType list"
GHOST = "AI ghost text"
MOVING = "Moving"
GROUPS = (ELEMENTS, SMARTTYPE, GHOST, MOVING)


@dataclass(frozen=True, slots=True)
class PageKey:
    """One row: ``keys`` as the writer reads them, ``sequences`` as Qt's portable text (for the
    collision check), and ``demo``, the keys-corpus script that shows the key at work."""

    keys: str
    group: str
    does: str
    sequences: tuple[str, ...]
    demo: str


PAGE_KEYS: tuple[PageKey, ...] = (
    PageKey(
        "Enter",
        ELEMENTS,
        "After a cue: on to its dialogue. After dialogue: ends the speech (one blank line). After a "
        "heading or action: a new paragraph. In the middle of action: splits the paragraph.",
        ("Return", "Enter"),
        "15_action_paragraphs",
    ),
    PageKey(
        "Shift+Enter",
        ELEMENTS,
        "A plain line break inside the element (a second line of dialogue).",
        ("Shift+Return", "Shift+Enter"),
        "17_shift_enter_dialogue",
    ),
    PageKey(
        "Tab",
        ELEMENTS,
        "Empty line: start a character cue (typed in capitals); again: transition; again: action. "
        "End of dialogue: a parenthetical; in a parenthetical: back to dialogue.",
        ("Tab",),
        "30_tab_cycles",
    ),
    PageKey(
        "Shift+Tab",
        ELEMENTS,
        "One step back: cue to action, empty dialogue line to its cue, empty () removed.",
        ("Shift+Tab", "Backtab"),
        "28_shift_tab_dialogue_to_cue",
    ),
    PageKey(
        "( and )",
        ELEMENTS,
        "On the empty line under a cue, ( opens a parenthetical (); ) steps over the closing one.",
        ("(", ")"),
        "05_parenthetical_paren",
    ),
    PageKey(
        "Backspace",
        ELEMENTS,
        "In an empty () removes it and keeps the dialogue line.",
        ("Backspace",),
        "29_backspace_empty_paren",
    ),
    PageKey(
        "Up / Down",
        SMARTTYPE,
        "Choose a name, place, time of day or transition in the list under the cursor.",
        ("Up", "Down"),
        "14_heading_locations",
    ),
    PageKey(
        "Enter",
        SMARTTYPE,
        "Fill in the choice; after a name, a time of day or a transition go straight on (to the "
        "dialogue, to a new paragraph), as Final Draft does.",
        ("Return", "Enter"),
        "10_smarttype_pick_enter",
    ),
    PageKey("Tab", SMARTTYPE, "Fill in the choice and stay.", ("Tab",), "11_smarttype_pick_tab"),
    PageKey("Esc", SMARTTYPE, "Close the list; typing goes on.", ("Esc",), "12_smarttype_escape"),
    PageKey(
        "Tab, then Enter",
        GHOST,
        "After a speech, Tab starts the cue and the predicted speaker shows in it in grey: Enter "
        "takes it and goes on to the dialogue, typing a name replaces it, Esc or Shift+Tab leaves it.",
        ("Return", "Enter"),
        "41_accept_speaker_enter",
    ),
    PageKey(
        "Alt+Enter",
        GHOST,
        "Accept the whole grey suggestion (one undo step).",
        ("Alt+Return", "Alt+Enter"),
        "42_accept_alt_enter_dialogue",
    ),
    PageKey("Ctrl+→", GHOST, "Accept one word of it.", ("Ctrl+Right",), "43_accept_ctrl_right_word"),
    PageKey("Esc", GHOST, "Dismiss it.", ("Esc",), "52_escape_under_a_continuation"),
    PageKey(
        "Alt+] / Alt+[",
        GHOST,
        "Next / previous alternative (other speakers, other places).",
        ("Alt+]", "Alt+["),
        "44_accept_alternative",
    ),
    PageKey("Alt+\\", GHOST, "Ask for a suggestion now.", ("Alt+\\",), "54_ask_now"),
    PageKey(
        "← → ↑ ↓",
        MOVING,
        "Move, with or without a suggestion showing (it goes away when the cursor leaves).",
        ("Left", "Right", "Up", "Down"),
        "22_end_mid_dialogue",
    ),
    PageKey(
        "Home / End",
        MOVING,
        "Start / end of the line; they never accept a suggestion.",
        ("Home", "End"),
        "21_end_after_undo",
    ),
    PageKey(
        "Page Up / Page Down",
        MOVING,
        "A screen up or down.",
        ("PgUp", "PgDown"),
        "26_page_keys",
    ),
    PageKey(
        "Ctrl+← / Ctrl+→",
        MOVING,
        "A word left / right (at a suggestion, Ctrl+→ takes its next word instead).",
        ("Ctrl+Left", "Ctrl+Right"),
        "53_ctrl_left_under_a_continuation",
    ),
    PageKey(
        "Ctrl+Home / Ctrl+End",
        MOVING,
        "Start / end of the script.",
        ("Ctrl+Home", "Ctrl+End"),
        "26_page_keys",
    ),
)


def markdown(keys: tuple[PageKey, ...] = PAGE_KEYS) -> str:
    """The README's table of the page's keys (generated: edit ``PAGE_KEYS``, not the README)."""
    rows = ["| key | where | what it does |", "|---|---|---|"]
    for group in GROUPS:
        for key in keys:
            if key.group == group:
                cell = key.keys.replace("|", "\\|")
                rows.append(f"| {cell} | {group} | {key.does} |")
    return "\n".join(rows)
