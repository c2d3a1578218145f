"""Inline autocomplete: grey ghost text after the cursor, drawn by the editor, never in the document.

Keys (docs/ARCHITECTURE.md, "Ghost-text keys"): **AI never costs the writer a keystroke.** The element keys
(Tab, Shift+Tab, Enter, Shift+Enter) keep their Final Draft meaning and the movement keys (End, Home, arrows,
Page keys) always move, ghost text or not; so the same keys typed with AI on and off give the same file unless
an explicit accept gesture was used. The gestures:

- On the empty line after a speech, Tab starts the cue (as always) and the predicted speaker shows
  as grey text inside that cue, at the cue indent; Enter takes it and goes on to the dialogue (as
  Final Draft's SmartType does), typing replaces it. Before the Tab the prediction is kept, unseen:
  it shows where it would be written, never at the action margin.
- Elsewhere, Alt+Enter accepts the whole suggestion and Ctrl+→ one word: gestures no screenwriting
  app gives a meaning of its own (Final Draft's Ctrl+Enter is a page break; Alt+→ is a word move on
  the Mac). Esc dismisses, Alt+] / Alt+[ cycle alternatives, Alt+\\ asks now. All ghost keys but
  the code editors' Ctrl+→ share the Alt modifier.

Accepting is one undo step. Typing what the ghost predicted consumes it without asking the model
again. ``editor.page.keymap`` holds the table of these keys the Help dialog and README show.

Life of a suggestion: an edit restarts an adaptive debounce; when it fires, the parsed script and
the cursor go into ``editor.ai.autocomplete.complete_task`` (element aware, validated, cached by
element and prefix) through a superseding :class:`TaskDriver`. The answer is shown only if it is
from the newest request *and* the document revision and cursor position are still the ones it was
asked for; anything else is dropped.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPaintEvent, QTextCursor

from editor.ai.autocomplete import CompletionCache, Suggestion, complete_task, postprocess
from editor.ai.context import DEFAULT_BUDGET_CHARS, Cursor, locate, script_lines
from editor.ai.debounce import AdaptiveDebounce
from editor.ai.kept_log import context_at
from editor.ai.validate import fits_element
from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.task_driver import TaskDriver
from editor.fountain.model import ElementType, LineType, Script
from editor.page.script_editor import ScriptEditor
from editor.production_ui.provenance import record_ai_text

log = logging.getLogger(__name__)

_WORD = re.compile(r"\s*\S+")
_ELEMENT_LINE = {
    ElementType.CHARACTER: LineType.CHARACTER,
    ElementType.DIALOGUE: LineType.DIALOGUE,
    ElementType.PARENTHETICAL: LineType.PARENTHETICAL,
    ElementType.SCENE_HEADING: LineType.SCENE_HEADING,
    ElementType.TRANSITION: LineType.TRANSITION,
}


@dataclass(slots=True)
class _Pending:
    """What a request was asked for: it is applied only if all of this still holds."""

    driver: TaskDriver
    revision: int
    position: int
    asked_at: float
    script: Script
    line: int
    column: int
    raw: str = ""
    cursor: Cursor | None = None
    lines: list[str] | None = None
    streamed: bool = False


class GhostText(QObject):
    """Ghost text for one editor. ``shown(text)``/``hidden()`` and ``accepted(text)`` for listeners.

    ``last_latency_ms`` is the time from the end of the debounce to the first paint of the ghost
    text (the benchmark's number); ``stale_dropped`` counts answers thrown away as stale.
    """

    shown = Signal(str)
    streamed = Signal(str)
    hidden = Signal()
    accepted = Signal(str)
    latency_measured = Signal(float)

    def __init__(self, editor: ScriptEditor, controller: AIController) -> None:
        super().__init__(editor)
        self.editor = editor
        self.controller = controller
        self.document = editor.script_document
        self.cache = CompletionCache()
        #: Context size for the model, in characters (~3.5 per token): the AI layer's default.
        self.budget_chars = DEFAULT_BUDGET_CHARS
        #: False shows model text that fails the element and word checks (tests that need ghost
        #: text at every line end); the writer always gets validated suggestions.
        self.validate = True
        self.debounce = AdaptiveDebounce()
        self._choices: list[str] = []
        self._index = 0
        self._text = ""
        self._element: ElementType | None = None
        self._anchor = -1  # document position the ghost text continues from
        # A speaker predicted for an empty line: it shows (and Enter takes it) only inside a cue.
        self._cue = False
        self._announced = False  # ``shown`` emitted for what is now on screen
        self._pending: _Pending | None = None
        # The request what is on screen answers, and the words of it Ctrl+→ took so far: what a
        # whole accept records in the kept-suggestions log (``editor.ai.kept_log``).
        self._source: _Pending | None = None
        # Where the shown text came from: "model" (or "cache") is the AI's writing and is
        # recorded as such when taken; "script" (a known name or place, a cue the turn-taking
        # rules chose) is the script's own words, like SmartType's, and is not.
        self._origin = ""
        self._taken = ""
        self._applying = False
        self._seen_revision = self.document.revision
        self._paint_pending_since: float | None = None
        self.last_latency_ms: float | None = None
        self.stale_dropped = 0
        #: Ask the model at each pause in typing (Preferences ▸ AI); Alt+\ asks either way.
        self.automatic = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.request_now)
        editor.key_handlers.insert(0, self.handle_key)
        editor.paint_hooks.append(self.paint)
        self.document.qdoc.contentsChange.connect(self._on_contents_change)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        editor.cursor_context_changed.connect(self._on_context_changed)
        controller.enabled_changed.connect(self._on_enabled_changed)

    # -- state ---------------------------------------------------------------------------------------
    def is_visible(self) -> bool:
        """Ghost text is on screen (a predicted speaker waits, unseen, until Tab starts the cue)."""
        return self._has() and not self._latent()

    def has_suggestion(self) -> bool:
        """A suggestion is held: on screen, or a predicted speaker waiting for Tab to start the cue."""
        return self._has()

    def _has(self) -> bool:
        return bool(self._text) and self._anchor >= 0

    def _latent(self) -> bool:
        """A speaker predicted for an empty line, outside a cue: written there it would be action."""
        return self._cue and not self.editor.textCursor().block().text() and not self._in_cue()

    def _in_cue(self) -> bool:
        return self.editor.element_at_cursor() in (LineType.CHARACTER, LineType.DUAL_CHARACTER)

    def rides_on_enter(self) -> bool:
        """Enter takes the ghost text: a predicted speaker inside the empty cue Tab started, where
        Enter would otherwise only cancel the cue (Final Draft's SmartType fills it instead)."""
        return self.is_visible() and self._cue and not self.editor.textCursor().block().text()

    def text(self) -> str:
        """The ghost text now showing ("" when none)."""
        return self._text if self.is_visible() else ""

    def alternatives(self) -> list[str]:
        return list(self._choices)

    def is_busy(self) -> bool:
        return self._pending is not None or self._timer.isActive()

    def detach(self) -> None:
        self.dismiss()
        if self.handle_key in self.editor.key_handlers:
            self.editor.key_handlers.remove(self.handle_key)
        if self.paint in self.editor.paint_hooks:
            self.editor.paint_hooks.remove(self.paint)

    # -- triggering ----------------------------------------------------------------------------------
    @Slot(int, int, int)
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._applying:
            return
        if self.document.revision == self._seen_revision:
            # Formatting only (highlighting, smart typing's display overrides): no text changed.
            return
        self._seen_revision = self.document.revision
        self.controller.note_activity()
        self.debounce.keystroke(time.perf_counter() * 1000)
        if self._has() and removed == 0 and added > 0 and position == self._anchor:
            typed = self._document_slice(position, added)
            if self._consumes(typed):
                # The writer typed what was predicted: keep the rest, ask nothing.
                self._anchor += len(typed)
                self._text = self._text[len(typed) :]
                self._choices = [self._text]
                self._index = 0
                if not self._text:
                    self._clear()
                self._update_view()
                return
        self._clear()
        self._cancel_pending()
        if self.automatic and self.controller.available and self.controller.has_client():
            # Keystrokes never start the model by themselves (the window does, at launch, or the
            # writer with Alt+\); once it runs, every pause in typing asks it.
            self._timer.start(self.debounce.interval_ms())

    def _consumes(self, typed: str) -> bool:
        if not typed or len(typed) > len(self._text):
            return False
        # Exactly, case included: "h" under a ghost "HALE" would otherwise leave "hALE", an action
        # line, not a cue. A different case asks again (the AI layer follows the writer's case).
        return self._text[: len(typed)] == typed

    def _document_slice(self, position: int, length: int) -> str:
        cursor = QTextCursor(self.document.qdoc)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    @Slot()
    def _on_cursor_moved(self) -> None:
        if self._applying:
            return
        position = self.editor.textCursor().position()
        if self._has() and position != self._anchor:
            self._clear()
            self._update_view()
        if self._pending is not None and position != self._pending.position:
            self._cancel_pending()

    @Slot(int, int, object)
    def _on_context_changed(self, _line: int, _column: int, _kind: object) -> None:
        """Tab started (or Shift+Tab left) the cue a predicted speaker waits for: show or hide it.

        A cue started on a line nobody asked about yet (the writer clicked there) asks now, so the
        speaker can ride on this Tab as it does after Enter ended the speech."""
        if self._applying or not self._alive():
            return
        if not self._has():
            if (
                self.automatic
                and not self.is_busy()
                and self._in_cue()
                and not self.editor.textCursor().block().text()
                and self.controller.available
                and self.controller.has_client()
            ):
                self._timer.start(self.debounce.interval_ms())
            return
        if not self._cue:
            return
        self._update_view()
        if self.is_visible() and not self._announced:
            self._announced = True
            self.shown.emit(self._text)

    @Slot(bool)
    def _on_enabled_changed(self, enabled: bool) -> None:
        if not enabled:
            self.dismiss()

    @Slot()
    def request_now(self) -> None:
        """Ask for a suggestion at the cursor (the debounce's end, or Alt+\\)."""
        self._timer.stop()
        if not self.controller.enabled:
            return
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            return
        block = cursor.block()
        column = cursor.positionInBlock()
        if block.text()[column:].strip():
            return  # only at the end of a line: ghost text never covers the writer's own words
        self._cancel_pending()
        asked_at = time.perf_counter()
        script = self.document.script()
        try:
            task = complete_task(
                script,
                block.blockNumber(),
                column,
                cache=self.cache,
                budget_chars=self.budget_chars,
                validate=self.validate,
                model_speaker=self.controller.feature_enabled("next_speaker"),
                model_text=self.controller.feature_enabled("autocomplete"),
            )
        except IndexError:
            return
        driver = self.controller.driver(task, name="autocomplete", supersede=True)
        if driver is None:
            return
        pending = _Pending(
            driver, self.document.revision, cursor.position(), asked_at, script, block.blockNumber(), column
        )
        self._pending = pending
        driver.chunk.connect(lambda text, p=pending: self._on_chunk(p, text))
        driver.done.connect(lambda result, p=pending: self._on_done(p, result))
        driver.failed.connect(lambda _reason, p=pending: self._on_failed(p))
        driver.start()

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.driver.cancel()
            self._pending = None

    def _on_chunk(self, pending: _Pending, text: str) -> None:
        """Stream: show the words decoded so far once they pass the same checks as the final text.

        Decoding a whole suggestion takes a few hundred milliseconds at a 1,024-token context; the
        first words are ready after the KV-cache append and a couple of tokens. What is shown is
        always ``postprocess``-ed and checked with ``fits_element`` as the element it is for, so
        the writer never sees (or accepts) anything the final check would not allow.
        """
        if pending is not self._pending or not self._alive():
            return
        pending.raw += text
        if " " not in text and "\n" not in text:
            return  # only re-check at word boundaries
        if (
            self.document.revision != pending.revision
            or self.editor.textCursor().position() != pending.position
        ):
            return
        raw = pending.raw
        if "\n" in raw:
            raw = raw.split("\n", 1)[0]
        else:
            raw = raw[: raw.rstrip().rfind(" ") + 1] if raw.strip() else ""
            if not raw.strip():
                return
        if pending.cursor is None:
            pending.cursor = locate(pending.script, pending.line, pending.column)
            pending.lines = script_lines(pending.script)
        where = pending.cursor
        if where.element is None or where.next_speaker:
            return
        shown = postprocess(where, raw)
        if not shown or shown == self._text:
            return
        if self.validate and not fits_element(
            pending.lines or [], pending.line, where.prefix + shown, where.element
        ):
            return
        self._show([shown], where.element, pending.position, pending.asked_at, final=False)
        self._source = pending
        self._origin = "model"
        pending.streamed = True

    def _alive(self) -> bool:
        """The editor still exists: a model answer can outlive the tab it was asked for."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.editor)

    def _on_failed(self, pending: _Pending) -> None:
        if pending is self._pending:
            self._pending = None

    def _on_done(self, pending: _Pending, result: object) -> None:
        if not self._alive():
            return
        if pending is not self._pending:
            self.stale_dropped += 1  # an older request's answer: a newer one is on its way
            return
        self._pending = None
        self.debounce.model_latency((time.perf_counter() - pending.asked_at) * 1000)
        if (
            self.document.revision != pending.revision
            or self.editor.textCursor().position() != pending.position
            or self.editor.textCursor().hasSelection()
        ):
            self.stale_dropped += 1
            log.debug("dropped a stale suggestion")
            return
        assert isinstance(result, Suggestion)
        if not result.text:
            log.debug("no suggestion: %s", result.reason)
            if self.is_visible():  # words streamed ahead did not survive the final check
                self._clear()
                self._update_view()
            return
        choices = [result.text, *[a for a in result.alternatives if a and a != result.text]]
        empty_line = not script_lines(pending.script)[pending.line].strip()
        cue = result.element is ElementType.CHARACTER and empty_line
        if cue and result.text.startswith("\n"):
            # The line right under a speech: there Tab opens a parenthetical, so no element key
            # would ever make this a cue. Nothing to show.
            return
        self._show(choices, result.element, pending.position, pending.asked_at, cue=cue)
        self._source = pending
        self._origin = result.source

    # -- showing -------------------------------------------------------------------------------------
    def _show(
        self,
        choices: list[str],
        element: ElementType | None,
        anchor: int,
        asked_at: float | None,
        *,
        final: bool = True,
        cue: bool = False,
    ) -> None:
        """Show ``choices[0]``. ``asked_at`` starts the latency clock (None: already shown once);
        ``final`` False marks words streamed ahead of the finished suggestion; ``cue`` marks a
        speaker predicted for an empty line (shown once the line is a cue)."""
        first_time = not self.is_visible()
        if first_time:
            self._taken = ""
        self._choices = choices
        self._index = 0
        self._text = choices[0]
        self._element = element
        self._anchor = anchor
        self._cue = cue
        if asked_at is not None and first_time:
            self._paint_pending_since = asked_at
        self._update_view()
        if not final:
            self.streamed.emit(self._text)
        elif self.is_visible():
            self._announced = True
            self.shown.emit(self._text)
        else:
            self._announced = False

    def _clear(self) -> None:
        was = self.is_visible()
        self._text = ""
        self._choices = []
        self._anchor = -1
        self._cue = False
        self._announced = False
        self._paint_pending_since = None
        self._source = None
        self._origin = ""
        self._taken = ""
        if was:
            self.hidden.emit()

    def _update_view(self) -> None:
        self.editor.viewport().update()

    def dismiss(self) -> None:
        self._timer.stop()
        self._cancel_pending()
        if self._has():
            self._clear()
            self._update_view()

    # -- keys ----------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """The ghost keys. Every other key, element and movement keys included, goes on to the
        editor untouched: with or without ghost text it does the same thing."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        alt = mods == Qt.KeyboardModifier.AltModifier
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if alt and key == Qt.Key.Key_Backslash:
            self.request_now()
            return True
        if alt and enter:
            # The accept gesture means nothing else, so it never falls through to a newline.
            if self.is_visible() and not self._popup_open() and self._at_anchor():
                self.accept()
            return True
        if not self.is_visible() or self._popup_open():
            return False  # SmartType's list, when open, owns Tab, Enter and the arrows
        if not self._at_anchor():
            self._clear()
            return False
        plain = mods == Qt.KeyboardModifier.NoModifier
        if plain and enter and self.rides_on_enter():
            # Fill the cue, then let Enter do what it does after a cue: on to the dialogue.
            self.accept(ask_again=False)
            return False
        if mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_Right:
            self.accept_word()
            return True
        if plain and key == Qt.Key.Key_Escape:
            self.dismiss()
            return True
        if alt and key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
            self.cycle(1 if key == Qt.Key.Key_BracketRight else -1)
            return True
        return False

    def _at_anchor(self) -> bool:
        return self.editor.textCursor().position() == self._anchor

    def accept(self, *, ask_again: bool = True) -> str:
        """Insert the whole ghost text as one undo step; returns what was inserted."""
        text = self.text()
        if text:
            self._insert(text)
            self._record_kept(self._taken + text)
            self._clear()
            self._update_view()
            self.accepted.emit(text)
            if ask_again and self.controller.available and self.controller.has_client():
                self._timer.start(self.debounce.interval_ms())
        return text

    def accept_word(self) -> str:
        """Insert the next word of the ghost text (one undo step); the rest stays visible."""
        text = self.text()
        match = _WORD.match(text)
        if not match:
            return ""
        word = match.group()
        rest = text[len(word) :]
        self._insert(word)
        self._taken += word
        self._anchor = self.editor.textCursor().position()
        self._text = rest
        self._choices = [rest] if rest else []
        self._index = 0
        if not rest:
            self._clear()
        self._update_view()
        self.accepted.emit(word)
        return word

    def _record_kept(self, text: str) -> None:
        """A whole suggestion taken: into the kept log (when the writer opted in), with the context
        it was asked with. Typing past ghost text or Esc is never recorded (see ``kept_log``)."""
        source = self._source
        log_ = self.controller.kept_log
        if source is None or not log_.enabled():
            return
        try:
            context = context_at(source.script, source.line, source.column)
        except IndexError:
            return
        log_.kept("ghost", "accepted", context, text, model=self.controller.model_label())

    def cycle(self, step: int) -> None:
        if len(self._choices) < 2:
            return
        self._index = (self._index + step) % len(self._choices)
        self._text = self._choices[self._index]
        self._update_view()
        self.shown.emit(self._text)

    def _insert(self, text: str) -> None:
        cursor = self.editor.textCursor()
        self._applying = True
        try:
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
            self.editor.setTextCursor(cursor)
            if self._origin != "script":
                record_ai_text(self.document, cursor.position(), text, "ghost", self.controller.model_label())
        finally:
            self._applying = False
            self._seen_revision = self.document.revision
        self.editor.ensureCursorVisible()
        self.editor.refresh_context()

    # -- painting ------------------------------------------------------------------------------------
    def _popup_open(self) -> bool:
        completer = getattr(self.editor, "completer", None)
        return bool(completer is not None and completer.is_visible())

    def paint(self, painter: QPainter, _event: QPaintEvent) -> None:
        if not self.is_visible() or self._popup_open():
            return
        editor = self.editor
        cursor = editor.textCursor()
        if cursor.position() != self._anchor:
            return
        block = cursor.block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return
        line = layout.lineForTextPosition(cursor.positionInBlock())
        if not line.isValid():
            return
        font = QFont(editor.font())
        metrics = QFontMetricsF(font)
        cw = metrics.horizontalAdvance("M")
        spacing = metrics.lineSpacing()
        rect = editor.cursorRect(cursor)
        offset = editor.contentOffset()
        left = line.x() + offset.x()
        right = line.x() + line.width() + offset.x()
        colors = editor.colors
        ghost = QColor(colors.ghost)
        painter.save()
        painter.setFont(font)
        rows = self._layout_rows(self._text, rect.left() + 1.0, left, right, cw, not block.text())
        y = float(rect.top())
        page = QColor(colors.page)
        for index, (x, text) in enumerate(rows):
            if index > 0:
                y += spacing
            if not text:
                continue
            if index > 0:
                # Rows below the cursor line may sit over real text: give them a clean page.
                painter.fillRect(QRectF(x - 2, y, metrics.horizontalAdvance(text) + 4, spacing), page)
            painter.setPen(ghost)
            painter.drawText(QPointF(x, y + metrics.ascent()), text)
        if len(self._choices) > 1 and rows:
            small = QFont(font)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
            painter.setFont(small)
            last_x, last_text = rows[-1]
            hint = f"  {self._index + 1}/{len(self._choices)}"
            painter.drawText(
                QPointF(last_x + metrics.horizontalAdvance(last_text), y + metrics.ascent()), hint
            )
        painter.restore()
        if self._paint_pending_since is not None:
            self.last_latency_ms = (time.perf_counter() - self._paint_pending_since) * 1000
            self._paint_pending_since = None
            self.latency_measured.emit(self.last_latency_ms)

    def _layout_rows(
        self, text: str, start_x: float, left: float, right: float, cw: float, block_empty: bool
    ) -> list[tuple[float, str]]:
        """(x, text) per painted row: the rest of the cursor's line, then wrapped rows below it.

        Rows sit where the text will once accepted: a cue suggested on an empty line (or on the line
        after a speech, behind a leading newline) at the cue's indent, wrapped at its width.
        """
        page_view = self.editor.page_view()
        columns = self.editor.script_document.layout  # the paper's columns (Letter or A4)
        current_col = columns.column(self.editor.element_at_cursor())
        target_type = _ELEMENT_LINE.get(self._element or ElementType.ACTION, LineType.ACTION)
        target_col = columns.column(target_type)
        shift = (target_col.indent - current_col.indent) * cw if page_view else 0.0
        full = max(1, int((right - left) / cw))
        rows: list[tuple[float, str]] = []
        for index, part in enumerate(text.split("\n")):
            if index == 0:
                x = left + shift if block_empty and page_view else start_x
                room = (
                    max(0, int((right - x) / cw))
                    if not block_empty
                    else (target_col.width if page_view else full)
                )
                pieces = _wrap(part, room, full)
                rows.append((x, pieces[0]))
                rows += [(left, piece) for piece in pieces[1:]]
            else:
                width = target_col.width if page_view else full
                rows += [(left + shift, piece) for piece in _wrap(part, width, width)]
        return rows


def _wrap(text: str, first_room: int, width: int) -> list[str]:
    """Greedy word wrap: the first row has ``first_room`` characters, the others ``width``."""
    rows = [""]
    room = first_room
    for word in re.findall(r"\s*\S+", text):
        if len(rows[-1]) + len(word) <= room:
            rows[-1] += word
        elif not rows[-1] and len(rows) > 1:
            rows[-1] = word.lstrip()  # longer than a whole row: it has to go somewhere
        else:
            rows.append(word.lstrip())
            room = width
    return rows
