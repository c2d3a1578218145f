"""Keystroke scripts: a tiny readable key language, its parser, and replay into a ``ScriptEditor``.

A ``.keys`` file (``tests/page/keys_corpus/``) is what a Final Draft writer types, from a starting
script::

    # Tab after a speech starts a cue, with an extension
    | INT. DINER - NIGHT
    |
    | HALE
    | Where were you last night?
    |
    |
    <Tab>danny (o.s.)<Enter>Over here.<Enter>

- ``# ...`` comments; ``| text`` lines are the starting file (joined by newlines; the cursor
  starts at its end).
- Every other line is keys, the lines joined as they are (a line break in the file is no key):
  plain characters are typed; ``<Name>`` is a special key, with ``C-`` (Ctrl), ``S-`` (Shift) and
  ``A-`` (Alt) prefixes: ``<Tab>``, ``<S-Tab>``, ``<Enter>``, ``<S-Enter>``, ``<Esc>``, ``<BS>``,
  ``<Del>``, ``<Up>``, ``<Down>``, ``<Left>``, ``<Right>``, ``<Home>``, ``<End>``, ``<PgUp>``,
  ``<PgDn>``, ``<C-z>`` (undo), ``<C-S-z>`` (redo), ``<C-Right>``, ``<A-Enter>``, ``<A-]>``,
  ``<A-\\>``, ``<Space>``, ``<lt>`` (a literal ``<``); ``<pause>`` is two seconds of no typing
  (undo steps end at a pause).
- ``= text`` lines are the file the keys must give without AI: what Final Draft's keys would
  write, pinned (a change to what a key does shows here first).
- ``! accept TEXT`` marks a script that uses an explicit accept gesture: with AI on its file must
  differ from the AI-off one and contain ``TEXT`` (``\\n`` is a newline; none: only differ).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

CORPUS = Path(__file__).resolve().parent.parent / "page" / "keys_corpus"
KEY_SECONDS = 0.12  # the virtual time between two keys: a steady typist, never a "pause"
PAUSE_SECONDS = 2.0

_TOKEN = re.compile(r"<([^<>\s][^<>]*)>|([^<]+)")
_MODS = {"C": Qt.KeyboardModifier.ControlModifier, "S": Qt.KeyboardModifier.ShiftModifier}
_MODS["A"] = Qt.KeyboardModifier.AltModifier
_NAMED = {
    "Tab": Qt.Key.Key_Tab,
    "Enter": Qt.Key.Key_Return,
    "Esc": Qt.Key.Key_Escape,
    "BS": Qt.Key.Key_Backspace,
    "Del": Qt.Key.Key_Delete,
    "Up": Qt.Key.Key_Up,
    "Down": Qt.Key.Key_Down,
    "Left": Qt.Key.Key_Left,
    "Right": Qt.Key.Key_Right,
    "Home": Qt.Key.Key_Home,
    "End": Qt.Key.Key_End,
    "PgUp": Qt.Key.Key_PageUp,
    "PgDn": Qt.Key.Key_PageDown,
    "Space": Qt.Key.Key_Space,
}
_CHARS = {"]": Qt.Key.Key_BracketRight, "[": Qt.Key.Key_BracketLeft, "\\": Qt.Key.Key_Backslash}


@dataclass(frozen=True, slots=True)
class Key:
    """One step of a script: ``text`` typed, or a special ``key`` with ``modifiers``."""

    name: str
    text: str = ""
    key: Qt.Key | None = None
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier

    @property
    def special(self) -> bool:
        return self.key is not None


PAUSE = Key("pause")


@dataclass(slots=True)
class KeyScript:
    name: str
    start: str
    keys: list[Key]
    accept: str | None = None  # the text an explicit accept gesture must have inserted
    expected: str | None = None  # the file without AI ("= " lines)
    comments: list[str] = field(default_factory=list)


def parse_key(name: str) -> Key:
    """``Tab`` / ``C-S-z`` / ``A-]`` → a :class:`Key` (``ValueError`` for an unknown one)."""
    if name == "pause":
        return PAUSE
    if name == "lt":
        return Key(name, text="<")
    parts = name.split("-")
    base = parts[-1] or "-"
    mods = Qt.KeyboardModifier.NoModifier
    for prefix in parts[:-1]:
        if prefix not in _MODS:
            raise ValueError(f"unknown modifier {prefix!r} in <{name}>")
        mods |= _MODS[prefix]
    if base == "Tab" and mods & Qt.KeyboardModifier.ShiftModifier:
        return Key(name, key=Qt.Key.Key_Backtab)  # what Qt delivers for Shift+Tab
    if base in _NAMED:
        return Key(name, key=_NAMED[base], modifiers=mods)
    if len(base) == 1:
        code = _CHARS.get(base) or Qt.Key(ord(base.upper()))
        return Key(name, key=code, modifiers=mods)
    raise ValueError(f"unknown key <{name}>")


def parse_keys(text: str) -> list[Key]:
    keys: list[Key] = []
    for match in _TOKEN.finditer(text):
        if match.group(1) is not None:
            keys.append(parse_key(match.group(1)))
        else:
            keys.extend(Key(ch, text=ch) for ch in match.group(2))
    return keys


def parse_script(text: str, name: str = "") -> KeyScript:
    start: list[str] = []
    key_text: list[str] = []
    accept: str | None = None
    expected: list[str] | None = None
    comments: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif line.startswith("|"):
            start.append(line[2:] if line.startswith("| ") else line[1:])
        elif line.startswith("="):
            expected = expected if expected is not None else []
            expected.append(line[2:] if line.startswith("= ") else line[1:])
        elif line.startswith("! accept"):
            accept = line[len("! accept ") :].replace("\\n", "\n")
        elif line.strip():
            key_text.append(line)
    keys = parse_keys("".join(key_text))
    want = "\n".join(expected) if expected is not None else None
    return KeyScript(name, "\n".join(start), keys, accept, want, comments)


def load_corpus(folder: Path = CORPUS) -> list[KeyScript]:
    return [parse_script(p.read_text(encoding="utf-8"), p.stem) for p in sorted(folder.glob("*.keys"))]


class VirtualClock:
    """The typing clock of one replay: keys come at a steady pace, ``<pause>`` jumps ahead, so undo
    steps end where the script says and never where a slow machine happened to stall."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def press(editor, key: Key) -> None:
    """Send one key to ``editor`` as the keyboard would."""
    if key.special:
        QTest.keyClick(editor, key.key, key.modifiers)
    else:
        QTest.keyClicks(editor, key.text)


def settle_page(editor) -> None:
    """Bring the script snapshot up to date, as a short pause before an element key would.

    Both runs of a script do this before every special key, so what SmartType lists never depends
    on how long a run happened to wait (the AI run waits for the model; the other does not)."""
    document = editor.script_document
    timer = document._structure_timer  # the snapshot's debounce: fire it now, not in 150 ms
    if timer.isActive():
        timer.stop()
        document._refresh_snapshot()


def replay(editor, script: KeyScript, before_key: Callable[[Key], None] | None = None) -> str:
    """Type ``script`` into ``editor`` (already holding ``script.start``, cursor at the end) and
    return the file's text. ``before_key`` runs before each key (AI runs let the ghost settle)."""
    clock = VirtualClock()
    editor.typing_undo.clock = clock
    editor.script_document.snapshot()  # SmartType's places come from it: there from the start
    for key in script.keys:
        if key is PAUSE:
            clock.now += PAUSE_SECONDS
            continue
        if before_key is not None:
            before_key(key)
        if key.special:
            settle_page(editor)
        press(editor, key)
        clock.now += KEY_SECONDS
    return editor.script_document.text()


# -- the two runs (shared by tests/page/test_keys_corpus.py and the benchmark) ----------------------
SETTLE_S = 20.0


def wait_until(predicate: Callable[[], bool], timeout_s: float = SETTLE_S) -> bool:
    """Run the event loop until ``predicate`` holds (False after ``timeout_s``)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        loop = QEventLoop()
        QTimer.singleShot(5, loop.quit)
        loop.exec()
    return True


def make_page(text: str, register: Callable[[object], None] | None = None):
    """A shown ``ScriptEditor`` holding ``text``, the cursor at its end (``register``: qtbot.addWidget)."""
    from editor.config.resources import load_script_fonts, script_font
    from editor.page.document import ScriptDocument
    from editor.page.script_editor import ScriptEditor

    load_script_fonts()
    editor = ScriptEditor(ScriptDocument(text, font=script_font()))
    if register is not None:
        register(editor)
    editor.resize(1000, 700)
    editor.show()
    QTest.qWaitForWindowExposed(editor)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    return editor


def type_without_ai(script: KeyScript, register: Callable[[object], None] | None = None) -> str:
    editor = make_page(script.start, register)
    try:
        return replay(editor, script)
    finally:
        if register is None:
            editor.close()
            editor.deleteLater()


class GhostRun:
    """Types scripts with ghost text live (the real worker, ``controller``'s model), asking for a
    suggestion before every special key wherever the text or the cursor changed since the last
    ask (the debounce's end without its wait, more often than a writer's pauses would): each
    element or movement key meets ghost text wherever the model has any. Esc's dismissal stands
    where nothing changed, as it does for the writer. ``validate`` False shows whatever the model
    continues with (the tiny test model's text rarely passes the checks a writer's suggestion must)."""

    def __init__(self, controller, *, validate: bool = False, register=None) -> None:
        self.controller = controller
        self.validate = validate
        self.register = register
        self.special_keys = 0  # special keys pressed at a line end with SmartType's list closed
        self.met_ghost = 0  # ... with a suggestion on screen (or a speaker waiting for the cue)
        self.met_by_script: dict[str, int] = {}

    def type(self, script: KeyScript, editor=None, ghost=None) -> str:
        """Type ``script`` into a new editor, or into ``editor`` with its ``ghost`` (a window's)."""
        from editor.ai_ui.ghost_text import GhostText

        owned = editor is None
        if editor is None:
            editor = make_page(script.start, self.register)
            ghost = GhostText(editor, self.controller)
        assert ghost is not None
        ghost.validate = self.validate
        asked: list[tuple[int, int]] = []
        self.met_by_script.setdefault(script.name, 0)

        def settle(key: Key) -> None:
            if not key.special:
                return
            here = (editor.script_document.revision, editor.textCursor().position())
            if ghost.is_busy() or (not ghost.is_visible() and (not asked or asked[-1] != here)):
                asked.append(here)
                ghost.request_now()
                wait_until(lambda: not ghost.is_busy())
            cursor = editor.textCursor()
            if cursor.block().text()[cursor.positionInBlock() :] or editor.completer.is_visible():
                return  # ghost text only ever shows at a line end with SmartType's list closed
            self.special_keys += 1
            met = ghost.has_suggestion()
            self.met_ghost += met
            self.met_by_script[script.name] += met

        try:
            return replay(editor, script, settle)
        finally:
            if owned:
                ghost.detach()
                if self.register is None:
                    editor.close()
                    editor.deleteLater()


@dataclass(slots=True)
class CorpusResult:
    diverged: list[str] = field(default_factory=list)  # plain scripts whose AI-on file differs
    not_accepted: list[str] = field(default_factory=list)  # accept scripts that did not insert
    wrong_without_ai: list[str] = field(default_factory=list)  # files that differ from the pinned
    scripts: int = 0


def run_corpus(run: GhostRun, scripts: list[KeyScript], register=None) -> CorpusResult:
    """Type every script with AI off and on; compare (diffs in the messages)."""
    import difflib

    def diff(a: str, b: str, left: str, right: str) -> str:
        lines = difflib.unified_diff(a.split("\n"), b.split("\n"), left, right, lineterm="", n=1)
        return "\n".join(lines)

    result = CorpusResult()
    for script in scripts:
        result.scripts += 1
        off = type_without_ai(script, register)
        on = run.type(script)
        if off != script.expected:
            result.wrong_without_ai.append(
                f"{script.name}:\n{diff(script.expected or '', off, 'pinned', 'typed')}"
            )
        if script.accept is None:
            if on != off:
                result.diverged.append(f"{script.name}:\n{diff(off, on, 'AI off', 'AI on')}")
        elif on == off or (script.accept and script.accept not in on):
            result.not_accepted.append(
                f"{script.name}: wanted {script.accept!r}\n{diff(off, on, 'AI off', 'AI on')}"
            )
    return result
