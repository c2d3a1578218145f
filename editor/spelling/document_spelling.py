"""Spell checking of one open script: the red wavy underline and the script's own words.

The underline is a mark hook on the document's highlighter: when Qt repaints a block (the line being
typed, a block scrolled into view for the first time) its flagged words are underlined from cached
dictionary lookups, a few microseconds a line. Everything whole-script happens on a worker thread:
after the dictionary loads, and whenever the script's names and places change (a pause in typing
rebuilds the snapshot), the whole script is checked there, and only the blocks whose underline may
have changed are repainted on the UI thread.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from editor.fountain.model import LineType, Script
from editor.fountain.spelling import dictionary_block_span, script_known_words, with_script_words
from editor.page.document import ScriptDocument
from editor.spelling.checker import SpellChecker

log = logging.getLogger(__name__)

UNDERLINE_COLOR = "#e0245e"
# More lines than this to repaint at once go to the highlighter's idle-time pass (see _repaint).
REPAINT_NOW_LIMIT = 300
# One thread checks whole scripts for every open document (a check takes ~0.1 s for 120 pages).
_CHECKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenwright-spelling")


def _underline(f: QTextCharFormat) -> None:
    f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    f.setUnderlineColor(QColor(UNDERLINE_COLOR))


class _Marks:
    """What the highlighter's hook needs, as a plain object (no reference back to Qt objects)."""

    def __init__(self, checker: SpellChecker, enabled: bool) -> None:
        self.checker = checker
        self.enabled = enabled

    def misspelled(self, text: str, line_type: LineType) -> list[tuple[int, int, str]]:
        if not self.enabled or not self.checker.loaded:
            return []
        return self.checker.misspelled_in_line(text, line_type)

    def spans(self, text: str, line_type: LineType) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _w in self.misspelled(text, line_type)]


def _read_known_words(script: Script, emit: Callable[[set[str]], None]) -> None:
    """Read the script's own words on the worker and ``emit`` them: reading every action paragraph
    for the people it introduces is ~25 ms on a 2,000-page file, too long for the UI thread."""

    def run() -> None:
        words = script_known_words(script)
        with contextlib.suppress(RuntimeError):  # the document was closed meanwhile
            emit(words)

    _CHECKER.submit(run)


class DocumentSpelling(QObject):
    """Underlines one document's misspelled prose; ``checked`` fires after each whole-script check."""

    checked = Signal()
    _check_done = Signal(int, object)  # (revision, set of flagged line numbers), from the worker
    _lines_found = Signal(object)  # set of line numbers to repaint, from the worker
    _known_found = Signal(object)  # the script's own words (names, places), from the worker
    _known_loaded = Signal(object)  # the same, read for a freshly loaded dictionary: then check all
    #: (word, suggestions) computed on the worker for a word with none one edit away.
    suggested = Signal(str, object)

    def __init__(self, document: ScriptDocument, checker: SpellChecker, *, enabled: bool = True) -> None:
        super().__init__(document)
        self.document = document
        self.checker = checker
        self._marks = _Marks(checker, enabled)
        self.flagged_lines: set[int] = set()
        self.ready = False
        self._checking = False
        self._again = False
        self._touched: set[int] = set()  # lines edited since the last whole-script check
        document.lines_retyped.connect(self._on_lines_retyped)
        self._check_done.connect(self._on_check_done)
        self._lines_found.connect(self._repaint)
        self._known_found.connect(self._on_known_found)
        self._known_loaded.connect(self._on_known_loaded)
        # A plain object's method, not one of this QObject: see ScriptDocument on reference cycles.
        document.highlighter.add_mark_hook(self._marks.spans, _underline)
        document.structure_changed.connect(self._on_structure_changed)

    # -- the underline -------------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._marks.enabled

    def misspelled(self, text: str, line_type: LineType) -> list[tuple[int, int, str]]:
        return self._marks.misspelled(text, line_type)

    def word_at(self, line: int, column: int) -> tuple[int, int, str] | None:
        """The flagged word of ``line`` that ``column`` touches, or None."""
        if not 0 <= line < self.document.line_count():
            return None
        text = self.document.line_text(line)
        for start, end, word in self.misspelled(text, self.document.line_type(line)):
            if start <= column <= end:
                return start, end, word
        return None

    def suggestions_now(self, word: str) -> list[str] | None:
        """Suggestions if they are cheap to know; otherwise None, and ``suggested`` brings them."""
        quick = self.checker.quick_suggestions(word)
        if quick is not None:
            return quick
        checker = self.checker
        emit = self.suggested.emit

        def run() -> None:
            hints = checker.suggestions(word)
            with contextlib.suppress(RuntimeError):
                emit(word, hints)

        _CHECKER.submit(run)
        return None

    def set_checker(self, checker: SpellChecker) -> None:
        """Another language: nothing is flagged until ``dictionary_loaded`` (the new one is loading)."""
        self.checker = checker
        self._marks.checker = checker
        self.document.highlighter.rehighlight_all()

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self._marks.enabled = on
        self.document.highlighter.rehighlight_all()
        if on:
            self.recheck()

    # -- whole-script checks ---------------------------------------------------------------------------
    @Slot()
    def dictionary_loaded(self) -> None:
        """The shared dictionary is ready (or was reloaded in another language): check everything.

        Nothing was underlined before, so only the lines the check flags are repainted. The
        script's own words are read on the worker first (every action paragraph, for the people
        it introduces), and the check follows them there.
        """
        script = self.document.snapshot_if_ready()
        if script is None and not self.document.is_large():
            script = self.document.snapshot()
        if script is None:
            self.recheck()
            return
        _read_known_words(script, self._known_loaded.emit)

    @Slot(object)
    def _on_known_loaded(self, words: set[str]) -> None:
        self.checker.set_script_words(words)
        self.recheck()

    @Slot()
    def _on_structure_changed(self) -> None:
        if not self.checker.loaded:
            return
        script = self.document.snapshot_if_ready()
        if script is None:
            return
        _read_known_words(script, self._known_found.emit)

    @Slot(object)
    def _on_known_found(self, new: set[str]) -> None:
        old = self.checker.script_words()
        if self.checker.set_script_words(new):
            # A name typed, renamed or removed: only lines containing the words that changed can
            # change their marks (a whole-script check here would compete with typing for the GIL).
            self.repaint_words(old ^ new)

    def repaint_words(self, words: set[str]) -> None:
        """Repaint the blocks containing any of ``words`` (found on the worker thread)."""
        if not words or not self.enabled:
            return
        lowered = [w.lower() for w in words]
        lines = list(self.document.parser.lines)
        emit = self._lines_found.emit

        def run() -> None:
            found = {i for i, text in enumerate(lines) if any(w in text.lower() for w in lowered)}
            with contextlib.suppress(RuntimeError):
                emit(found)

        _CHECKER.submit(run)

    def recheck(self) -> None:
        """Check the whole script on the worker thread; repaint the blocks whose marks may change."""
        if not self.checker.loaded or not self.enabled:
            return
        if self._checking:
            self._again = True
            return
        self._checking = True
        revision = self.document.revision
        lines = list(self.document.parser.lines)
        types = list(self.document.parser.line_types)
        checker = self.checker
        emit = self._check_done.emit

        def run() -> None:
            try:
                flagged = {m.line for m in checker.check(lines, types)}
            except Exception:  # a bug here must not silently stop all later checks
                log.exception("spell check failed")
                flagged = set()
            with contextlib.suppress(RuntimeError):  # the document was closed meanwhile
                emit(revision, flagged)

        _CHECKER.submit(run)

    @Slot(int, int)
    def _on_lines_retyped(self, first: int, last: int) -> None:
        if last - first < 256:
            self._touched.update(range(first, last + 1))

    @Slot(int, object)
    def _on_check_done(self, revision: int, flagged: set[int]) -> None:
        self._checking = False
        previous, self.flagged_lines = self.flagged_lines, flagged
        touched, self._touched = self._touched, set()
        self._repaint(previous | flagged | touched, touched)
        self.ready = True
        if self._again:
            self._again = False
            self.recheck()
        else:
            # A check that finished while the writer typed is not run again: the lines typed since
            # were painted (and checked) as they were typed, and are repainted here too.
            self.checked.emit()

    @Slot(object)
    def _repaint(self, lines: set[int], now: set[int] | None = None) -> None:
        """Repaint the underlines of ``lines``. Many lines (a whole huge script) go to the
        highlighter's idle-time pass, except ``now`` (what the writer just typed)."""
        doc = self.document.qdoc
        types = self.document.parser.line_types
        highlighter = self.document.highlighter
        if len(lines) > REPAINT_NOW_LIMIT and highlighter.repaint_later(lines - (now or set())):
            lines = now or set()
        for number in sorted(lines):
            if number >= len(types):
                break
            block = doc.findBlockByNumber(number)
            if block.isValid() and block.userState() >= 0:  # never painted: it will be when shown
                highlighter.rehighlightBlock(block)

    def repaint_word(self, word: str) -> None:
        """Repaint every block containing ``word`` (after Ignore / Add)."""
        self.repaint_words({word})

    # -- the script's own dictionary -------------------------------------------------------------------
    def add_to_script(self, word: str) -> None:
        """Add ``word`` to the script's ``/* Screenwright dictionary: ... */`` block (one undo step)."""
        text = self.document.text()
        new = with_script_words(text, [word])
        if new == text:
            return
        cursor = QTextCursor(self.document.qdoc)
        cursor.beginEditBlock()
        span = dictionary_block_span(text)
        if span is not None:
            new_span = dictionary_block_span(new)
            assert new_span is not None
            cursor.setPosition(span[0])
            cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new[new_span[0] : new_span[1]])
        else:
            # Only appended: everything the writer wrote stays where it is.
            assert new.startswith(text)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(new[len(text) :])
        cursor.endEditBlock()
        self.checker.add_script_word(word)
        self.repaint_word(word)
