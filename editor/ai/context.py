"""Compact, element-aware context for the model, built from the parsed script and the cursor.

Why compact: the default model prefills about 340 tokens/s on a laptop, so a 120-page script is out
of the question and even 2,000 tokens cost seconds. Like Dramatron, the model sees the title, the
current scene's heading and synopsis, who is in the scene and the scene's last lines, written as a
small Fountain document so that continuing it is exactly the model's strength.

Why stable: the context for a line depends only on the text *before* that line, and the window's
start moves in coarse steps, so from one keystroke to the next the prompt only grows at its end and
the inference session can reuse its KV cache (measured: ~50 ms to append a few tokens to a cached
1,024-token context, ~3 s to prefill it from scratch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editor.fountain.model import ElementType, LineType, Scene, Script
from editor.fountain.names import normalize_character

# ~3.5 characters per token for English screenplay text with SmolLM2's tokenizer: ~1,000 tokens.
DEFAULT_BUDGET_CHARS = 3600

_SKIPPED = frozenset(
    {LineType.NOTE, LineType.BONEYARD, LineType.SYNOPSIS, LineType.SECTION, LineType.TITLE_PAGE}
)
_CUE_TYPES = frozenset({LineType.CHARACTER, LineType.DUAL_CHARACTER})
_SPEECH_TYPES = frozenset(
    {LineType.DIALOGUE, LineType.DUAL_DIALOGUE, LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL}
)
_HEADING_START = re.compile(r"^(INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[.\s]", re.IGNORECASE)
_CUE_LIKE = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")


@dataclass(slots=True)
class Cursor:
    """What the writer is typing at a cursor position, as the AI layer needs to know it.

    ``element`` is the Fountain element a suggestion would be for, or None with ``reason`` saying
    why nothing should be suggested there. ``speaker`` is the normalised name whose speech the
    cursor is in (dialogue/parenthetical). ``next_speaker`` marks an empty line where a new cue is
    expected; ``leading_newline`` says the cue must start with a newline because the cursor sits on
    the line directly after dialogue (Fountain needs a blank line before a cue).
    """

    line: int
    column: int
    line_text: str
    prefix: str
    element: ElementType | None
    speaker: str | None = None
    next_speaker: bool = False
    leading_newline: bool = False
    reason: str = ""

    @property
    def suffix(self) -> str:
        return self.line_text[self.column :]


@dataclass(slots=True)
class SceneFacts:
    """What the parsed script says about a scene, for prompts, ranking and honest fallbacks."""

    heading: str
    location: str
    time_of_day: str
    synopsis: str | None
    speakers: list[str] = field(default_factory=list)  # in order of first speech
    present: list[str] = field(default_factory=list)  # speakers + known characters named in action
    speech_counts: dict[str, int] = field(default_factory=dict)


_lines_cache: tuple[str, list[str]] = ("", [""])


def script_lines(script: Script) -> list[str]:
    """The script's lines, split once per text (a task asks many times per keystroke; on 120 pages
    each split costs ~0.25 ms). Callers must not modify the list. The cache is one (text, lines)
    tuple swapped atomically, so concurrent readers never see a mismatched pair."""
    global _lines_cache
    cached = _lines_cache
    if cached[0] is script.text:
        return cached[1]
    lines = script.text.split("\n")
    _lines_cache = (script.text, lines)
    return lines


def _line_type(script: Script, index: int) -> LineType:
    return script.line_types[index] if 0 <= index < len(script.line_types) else LineType.EMPTY


def locate(script: Script, line: int, column: int | None = None) -> Cursor:
    """Classify the cursor position (0-based line; column defaults to the end of the line).

    Raises ``IndexError`` for a line outside the script; the CLI turns that into a message.
    """
    lines = script_lines(script)
    if not 0 <= line < len(lines):
        raise IndexError(f"line {line + 1} is outside the script (1-{len(lines)})")
    text = lines[line]
    col = len(text) if column is None else max(0, min(column, len(text)))
    prefix = text[:col]
    cursor = Cursor(line=line, column=col, line_text=text, prefix=prefix, element=None)
    if text[col:].strip():
        cursor.reason = "the cursor is not at the end of the line"
        return cursor
    kind = _line_type(script, line)
    prev_text = lines[line - 1] if line > 0 else ""
    prev_kind = _line_type(script, line - 1)

    if not prefix.strip():
        if prev_kind in _SPEECH_TYPES:
            cursor.element, cursor.next_speaker, cursor.leading_newline = ElementType.CHARACTER, True, True
            return cursor
        if not prev_text.strip():
            before = _previous_nonblank(lines, line - 1)
            before_kind = _line_type(script, before) if before is not None else LineType.EMPTY
            if before_kind in _SPEECH_TYPES or (before_kind == LineType.ACTION and _has_people(script, line)):
                # After a speech a cue is the rule; after action in a scene with people it is the
                # likeliest next element (typing anything else dismisses the ghost text).
                cursor.element, cursor.next_speaker = ElementType.CHARACTER, True
                return cursor
            cursor.reason = "nothing to suggest on an empty line here"
            return cursor
        if _is_pending_cue(lines, line - 1) or prev_kind in _CUE_TYPES:
            cursor.element, cursor.speaker = ElementType.DIALOGUE, normalize_character(prev_text.strip())
            return cursor
        cursor.reason = "nothing to suggest on an empty line here"
        return cursor

    if kind == LineType.SCENE_HEADING or (_HEADING_START.match(prefix) and not prev_text.strip()):
        cursor.element = ElementType.SCENE_HEADING
    elif kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE):
        # "(whisp" is a parenthetical being typed; the engine only knows once it is closed.
        opening = prefix.lstrip().startswith("(") and ")" not in prefix
        cursor.element = ElementType.PARENTHETICAL if opening else ElementType.DIALOGUE
        cursor.speaker = speaker_of(script, line)
    elif kind in (LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL):
        if ")" in prefix:
            cursor.reason = "the parenthetical is closed"
        else:
            cursor.element, cursor.speaker = ElementType.PARENTHETICAL, speaker_of(script, line)
    elif kind in _CUE_TYPES or (
        kind == LineType.ACTION and not prev_text.strip() and _CUE_LIKE.match(prefix.strip())
    ):
        cursor.element = ElementType.CHARACTER
    elif kind == LineType.TRANSITION:
        cursor.element = ElementType.TRANSITION
    elif kind == LineType.ACTION:
        cursor.element = ElementType.ACTION
    else:
        cursor.reason = f"no suggestions in {kind.name.lower().replace('_', ' ')} lines"
    return cursor


def _has_people(script: Script, line: int) -> bool:
    scene = script.scene_at_line(line)
    return scene is not None and bool(scene_facts(script, scene, until_line=line).present)


def _previous_nonblank(lines: list[str], index: int) -> int | None:
    while index >= 0:
        if lines[index].strip():
            return index
        index -= 1
    return None


def _is_pending_cue(lines: list[str], index: int) -> bool:
    """An all-caps line after a blank line with nothing under it yet: a cue the writer just typed.

    The engine reads it as action until a speech follows, but the writer is clearly about to type
    that speech.
    """
    if index < 0:
        return False
    text = lines[index].strip()
    if not text or _HEADING_START.match(text) or text.endswith("TO:"):
        return False
    before_blank = index == 0 or not lines[index - 1].strip()
    return before_blank and (bool(_CUE_LIKE.match(text)) or text.startswith("@")) and len(text) <= 50


def speaker_of(script: Script, line: int) -> str | None:
    """Normalised name of the cue that owns the speech at ``line``."""
    lines = script_lines(script)
    index = line
    while index >= 0:
        kind = _line_type(script, index)
        if kind in _CUE_TYPES:
            return normalize_character(lines[index].strip())
        if kind not in _SPEECH_TYPES:
            if index == line - 1 and _is_pending_cue(lines, index):
                return normalize_character(lines[index].strip())
            return None
        index -= 1
    return None


def speeches_before(script: Script, line: int) -> list[tuple[int, str]]:
    """(cue line, normalised speaker) for every speech in the cursor's scene before ``line``."""
    scene = script.scene_at_line(line)
    first = scene.line if scene else 0
    lines = script_lines(script)
    out: list[tuple[int, str]] = []
    for index in range(first, min(line, len(lines))):
        if _line_type(script, index) in _CUE_TYPES:
            out.append((index, normalize_character(lines[index].strip())))
    return out


def scene_facts(script: Script, scene: Scene | None, *, until_line: int | None = None) -> SceneFacts:
    """Facts about ``scene`` (or the text before the first scene) from the parse, no model."""
    lines = script_lines(script)
    first = scene.line if scene else 0
    last = scene.end_line if scene else (script.scenes[0].line - 1 if script.scenes else len(lines) - 1)
    if until_line is not None:
        last = min(last, until_line - 1)
    speakers: list[str] = []
    counts: dict[str, int] = {}
    action_text: list[str] = []
    for index in range(first, last + 1):
        kind = _line_type(script, index)
        if kind in _CUE_TYPES:
            name = normalize_character(lines[index].strip())
            if name not in counts:
                speakers.append(name)
            counts[name] = counts.get(name, 0) + 1
        elif kind == LineType.ACTION:
            action_text.append(lines[index])
    present = list(speakers)
    joined = "\n".join(action_text)
    for name in script.characters:
        if name not in present and mentions(joined, name):
            present.append(name)
    return SceneFacts(
        heading=scene.heading if scene else "",
        location=scene.location if scene else "",
        time_of_day=scene.time_of_day if scene else "",
        synopsis=scene.synopsis if scene else None,
        speakers=speakers,
        present=present,
        speech_counts=counts,
    )


# Words of a cue that name nobody on their own: "HANNAH AND AMOS" is not mentioned by every "and",
# "AUDIENCE MEMBER ONE" by every "one".
_NOT_DISTINCTIVE = frozenset(
    {"AND", "THE", "HIS", "HER", "HERS", "ITS", "OUR", "THEIR", "YOUR", "WITH", "FOR", "FROM", "INTO",
     "ONTO", "WHO", "NOT", "BUT", "NOR", "ALL", "BOTH", "ANY", "SOME", "EACH", "OTHER", "ANOTHER",
     "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "OUT", "OFF"}
)  # fmt: skip
_TITLES = frozenset(
    {"MR", "MRS", "MS", "DR", "DETECTIVE", "OFFICER", "AGENT", "CAPTAIN", "SERGEANT", "PROFESSOR"}
)
_NOT_A_NAME = _TITLES | _NOT_DISTINCTIVE


def name_variants(name: str) -> list[str]:
    """Ways a character is referred to in prose: the full name and its distinctive words."""
    words = [w for w in re.split(r"[\s.]+", name) if len(w) >= 3]
    variants = [name]
    variants += [w for w in words if w.upper() not in _NOT_A_NAME and w != name]
    return variants


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` names the character (full name or a distinctive word of it, any case)."""
    for variant in name_variants(name):
        # "Tasha's already dialling" names Tasha; "Don't" does not name DON.
        if re.search(r"(?<![\w'’])" + re.escape(variant) + r"(?:['’]s)?(?![\w'’])", text, re.IGNORECASE):
            return True
    return False


def _title(script: Script) -> str:
    for key, value in script.title_page.items():
        if key.lower() == "title":
            return " ".join(value.replace("_", " ").replace("*", " ").split())
    return ""


def build_context(script: Script, line: int, *, budget_chars: int = DEFAULT_BUDGET_CHARS) -> str:
    """The Fountain text the model continues for a cursor on ``line``; ends just before that line.

    Layout: title page ``Title:``, the scene heading, its ``=`` synopsis, a ``[[Characters: ...]]``
    note, then the scene's lines before the cursor (notes, boneyard and sections dropped). When the
    scene is longer than the budget, the window starts later, at an element boundary chosen on a
    coarse grid (a quarter of the budget) so it stays put while the writer types.
    """
    lines = script_lines(script)
    scene = script.scene_at_line(line)
    if scene is not None and scene.line >= line:
        # The cursor is on a heading being typed: the context is the scene before it.
        scene = script.scene_at_line(line - 1) if line > 0 else None
    parts: list[str] = []
    title = _title(script)
    if title:
        parts += [f"Title: {title}", ""]
    if scene is not None:
        facts = scene_facts(script, scene)
        parts += [lines[scene.line].strip(), ""]
        if facts.synopsis:
            parts += [f"= {facts.synopsis}", ""]
        if facts.present:
            parts += ["[[Characters: " + ", ".join(facts.present) + "]]", ""]
        body_first = scene.line + 1
    else:
        body_first = 0
        while body_first < line and _line_type(script, body_first) == LineType.TITLE_PAGE:
            body_first += 1
    header = "\n".join(parts) + "\n" if parts else ""
    budget = max(200, budget_chars - len(header))
    body_first = _window_start(script, lines, body_first, line, budget)
    body: list[str] = []
    for index in range(body_first, line):
        if _line_type(script, index) in _SKIPPED:
            continue
        text = lines[index]
        if not text.strip():
            if body and body[-1] == "":
                continue
            text = ""
        body.append(text)
    while body and body[0] == "":
        body.pop(0)
    text = header + "".join(f"{b}\n" for b in body)
    if body and line > 0 and not lines[line - 1].strip() and not text.endswith("\n\n"):
        text += "\n"
    return text


def _window_start(script: Script, lines: list[str], first: int, line: int, budget: int) -> int:
    """First body line: the scene start, or a later element boundary when the scene is too long."""
    total = sum(len(lines[i]) + 1 for i in range(first, line))
    if total <= budget:
        return first
    step = max(1, budget // 4)
    # Characters to drop from the front, rounded up to the grid so the start moves rarely.
    drop = total - budget
    drop = -(-drop // step) * step
    offset = 0
    index = first
    while index < line and offset < drop:
        offset += len(lines[index]) + 1
        index += 1
    # Move on to an element boundary (a line after a blank line).
    while index < line and (lines[index - 1].strip() if index > 0 else False):
        index += 1
    return index


def own_lines(script: Script, speaker: str | None, before_line: int, limit: int = 3) -> list[str]:
    """The character's own earlier speeches (most recent last), up to ``limit``: their voice, from
    the script itself. Speeches of one line or more than 25 words are skipped (no voice in "Yes.",
    too much prompt in a monologue)."""
    if not speaker:
        return []
    lines = script_lines(script)
    found: list[str] = []
    owner: str | None = None
    speech: list[str] = []

    def flush() -> None:
        text = " ".join(speech)
        if owner == speaker and 2 <= len(text.split()) <= 25 and text not in found:
            found.append(text)
        speech.clear()

    for index in range(min(before_line, len(lines))):
        kind = _line_type(script, index)
        if kind in _CUE_TYPES:
            flush()
            owner = normalize_character(lines[index].strip())
        elif kind in (LineType.DIALOGUE, LineType.DUAL_DIALOGUE):
            speech.append(lines[index].strip())
        elif kind not in (LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL):
            flush()
            owner = None
    flush()
    return found[-limit:]


def with_voice(context: str, speaker: str | None, voice: list[str]) -> str:
    """``context`` with the speaker's earlier lines as a synopsis line after the header, so a
    dialogue suggestion is written in the voice the script already gave them. A synopsis, not a
    [[note]]: measured, bracketed notes made the default model answer in brackets."""
    if not speaker or not voice:
        return context
    quoted = " ".join(f'"{v}"' for v in voice)
    line = f"= {speaker.title()} talks like this: {quoted}\n\n"
    head, sep, rest = context.partition("\n\n")
    if head.startswith("Title:") and sep:
        return head + sep + line + rest
    return line + context
