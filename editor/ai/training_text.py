"""Training text and held-out evaluation items for "Learn my voice", built from the writer's scripts.

Why scene windows in the AI tasks' context format: the fine-tuned model is asked for completions,
next speakers and dialogue through :func:`editor.ai.context.build_context` prompts (title, heading,
``[[Characters: ...]]`` note, the scene's lines). Training on exactly that shape teaches the model
what it will be asked, instead of raw files with title pages, notes and boneyard it never sees.

Why hold out the last scenes of each script (10%, at least one): the run must show that the model
learned the writer's voice rather than memorised text; the last scenes are the closest stand-in for
"the next scene the writer will write". Nothing from a held-out scene is trained on.

Everything here is plain Python data (no Qt, no torch): ``inference`` receives it as JSON.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from editor.ai import prompts
from editor.ai.context import DEFAULT_BUDGET_CHARS, build_context, script_lines, speaker_of
from editor.fountain.model import LineType, Script
from editor.fountain.parser import parse
from editor.fountain.source import SourceDecodeError, decode

HELDOUT_SHARE = 0.10
#: ~200 words a page; a 2-page script is far too little to learn a voice from.
MIN_WORDS = 1000
WORDS_PER_PAGE = 200
MAX_SPEAKER_CANDIDATES = 6
_WORD = re.compile(r"[A-Za-z']+|[^\W\d_]+", re.UNICODE)
# Function words that make up a large share of any English text (and of no other language's).
_ENGLISH = frozenset(
    re.findall(
        r"\S+",
        "the a an and or but to of in on at for with from by is are was were be been it its this that "
        "i you he she we they me him her us them my your his our their not no yes what who where when "
        "how why do does did have has had will would can could just so up out if there here all",
    )
)
_MIN_ENGLISH_SHARE = 0.12


class TrainingInputError(ValueError):
    """A script (or the set of them) cannot be learned from; the message says why and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


@dataclass(slots=True)
class SpeakerItem:
    """A held-out cue: the prompt before it, the names to rank, and the right one."""

    prompt: str
    candidates: list[str]
    answer: int


@dataclass(slots=True)
class WordItem:
    """A held-out dialogue line cut before a word: the prompt and the word the writer wrote."""

    prompt: str
    answer: str


@dataclass(slots=True)
class SourceInfo:
    path: str
    sha256: str
    scenes: int
    heldout_scenes: int
    words: int


@dataclass(slots=True)
class TrainingSet:
    """What one fine-tune learns from and is judged on."""

    texts: list[str] = field(default_factory=list)
    heldout_texts: list[str] = field(default_factory=list)
    speaker_items: list[SpeakerItem] = field(default_factory=list)
    word_items: list[WordItem] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    #: How many of ``texts`` are suggestions the writer kept (``add_kept``), not scene windows.
    kept_used: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def read_training_script(path: Path) -> tuple[Script, bytes]:
    """Parse a ``.fountain`` (or plain-text) or ``.fdx`` file; TrainingInputError when it is unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrainingInputError(f"{path}: {exc.strerror or exc}.") from exc
    if path.suffix.lower() == ".fdx":
        from editor.fountain.fdx import FdxError, read_fdx, to_fountain

        try:
            body, title = read_fdx(data)
        except (FdxError, ValueError) as exc:
            raise TrainingInputError(f"{path} is not a readable Final Draft file: {exc}") from exc
        text = to_fountain(body, title)
    else:
        if b"\x00" in data[:65536]:
            raise TrainingInputError(
                f"{path} is a binary file, not a screenplay.", "Choose .fountain or .fdx files."
            )
        try:
            text = decode(data).text
        except SourceDecodeError as exc:
            raise TrainingInputError(f"{path}: {exc}") from exc
    return parse(text), data


def _story_lines(script: Script) -> list[int]:
    keep = {LineType.ACTION, LineType.DIALOGUE, LineType.DUAL_DIALOGUE, LineType.CHARACTER}
    return [i for i, t in enumerate(script.line_types) if t in keep]


def _check(path: Path, script: Script) -> int:
    lines = script_lines(script)
    story = " ".join(lines[i] for i in _story_lines(script))
    words = _WORD.findall(story)
    if not words:
        raise TrainingInputError(
            f"{path} has no scenes or dialogue to learn from.", "Choose a written script."
        )
    if len(words) < MIN_WORDS:
        pages = max(1, round(len(words) / WORDS_PER_PAGE))
        raise TrainingInputError(
            f"{path} is too little to learn from (about {pages} page{'s' if pages != 1 else ''}).",
            f"Fine-tuning needs at least about {MIN_WORDS // WORDS_PER_PAGE} pages of scenes; "
            "add more scripts.",
        )
    english = sum(1 for w in words if w.lower() in _ENGLISH) / len(words)
    if english < _MIN_ENGLISH_SHARE:
        raise TrainingInputError(
            f"{path} does not look like English ({english:.0%} common English words).",
            "The models Screenwright fine-tunes are English-only; training on another language would "
            "teach them nothing useful.",
        )
    if not script.scenes:
        raise TrainingInputError(
            f"{path} has no scene headings (INT./EXT.).",
            "Scene headings split a script into the windows the model learns from.",
        )
    return len(words)


def _scene_windows(script: Script, first: int, end: int, budget: int) -> list[str]:
    """The scene's context windows as the AI tasks build them, covering lines ``first``..``end``."""
    lines = script_lines(script)
    cuts: list[int] = []
    size = 0
    for index in range(first, end):
        size += len(lines[index]) + 1
        if size >= budget * 3 // 4 and not lines[index].strip():
            cuts.append(index)
            size = 0
    cuts.append(end)
    windows = [build_context(script, cut, budget_chars=budget) for cut in cuts]
    return [w for w in windows if w.strip() and len(w) > 40]


def _heldout_items(
    script: Script, first: int, end: int, names: list[str], set_: TrainingSet, budget: int
) -> None:
    lines = script_lines(script)
    for index in range(first, end):
        kind = script.line_types[index]
        if kind == LineType.CHARACTER:
            answer = speaker_of(script, index)
            if not answer or answer not in names:
                continue
            context = build_context(script, index, budget_chars=budget)
            if not context.strip():
                continue
            others = [n for n in names if n != answer][: MAX_SPEAKER_CANDIDATES - 1]
            candidates = sorted([answer, *others])
            set_.speaker_items.append(
                SpeakerItem(
                    prompt=prompts.speaker_prompt(context),
                    candidates=list(prompts.speaker_candidates(candidates)),
                    answer=candidates.index(answer),
                )
            )
        elif kind == LineType.DIALOGUE:
            words = lines[index].split(" ")
            if len(words) < 4:
                continue
            cut = len(words) // 2
            answer = _WORD.match(words[cut])
            if answer is None or answer.group(0) != words[cut].strip(".,!?;:\"'"):
                continue
            context = build_context(script, index, budget_chars=budget)
            set_.word_items.append(
                WordItem(
                    prompt=prompts.continuation_prompt(context, " ".join(words[:cut]) + " "),
                    answer=answer.group(0),
                )
            )


def build_training_set(paths: list[Path], *, budget_chars: int = DEFAULT_BUDGET_CHARS) -> TrainingSet:
    """Read every script, or raise TrainingInputError for the first that cannot be used (nothing changes)."""
    if not paths:
        raise TrainingInputError("No scripts were given.", "Choose one or more .fountain or .fdx files.")
    result = TrainingSet()
    for path in paths:
        script, data = read_training_script(path)
        words = _check(path, script)
        scenes = script.scenes
        heldout = max(1, round(len(scenes) * HELDOUT_SHARE))
        if len(scenes) - heldout < 1:
            raise TrainingInputError(
                f"{path} has only {len(scenes)} scene(s): one is kept aside to check the result, "
                "which leaves nothing to learn from.",
                "Add scripts with more scenes.",
            )
        counts: Counter[str] = Counter()
        for scene in scenes:
            for index in range(scene.line, scene.end_line):
                if script.line_types[index] == LineType.CHARACTER:
                    name = speaker_of(script, index)
                    if name:
                        counts[name] += 1
        names = [n for n, _ in counts.most_common(MAX_SPEAKER_CANDIDATES * 2)]
        split = len(scenes) - heldout
        for i, scene in enumerate(scenes):
            windows = _scene_windows(script, scene.line + 1, scene.end_line, budget_chars)
            if i < split:
                result.texts.extend(windows)
            else:
                result.heldout_texts.extend(windows)
                _heldout_items(script, scene.line + 1, scene.end_line, names, result, budget_chars)
        result.sources.append(
            SourceInfo(
                path=str(path.resolve()),
                sha256=hashlib.sha256(data).hexdigest(),
                scenes=len(scenes),
                heldout_scenes=heldout,
                words=words,
            )
        )
    return result


def kept_texts(entries: list[Any]) -> list[str]:
    """Training texts from the suggestions the writer kept (``editor.ai.kept_log`` entries).

    Each is the context the feature asked the model with, followed by what the writer kept: the
    same shape as a scene window, so a kept line teaches the model to write it where it was asked.
    A rewrite kept is its scene context followed by the rewritten lines. Rejected entries are not
    training text (they are the other half of :func:`preference_pairs`). Repeats count once.
    """
    texts: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.outcome != "kept":
            continue
        text = entry.context + entry.text
        if not entry.text.strip() or text in seen:
            continue
        seen.add(text)
        texts.append(text)
    return texts


def add_kept(training: TrainingSet, entries: list[Any]) -> int:
    """Append the kept suggestions to the training texts; returns how many were added."""
    texts = kept_texts(entries)
    training.texts.extend(texts)
    training.kept_used += len(texts)
    return len(texts)


def preference_pairs(entries: list[Any]) -> list[tuple[str, str, str]]:
    """(prompt, chosen, rejected) triples for preference tuning (DPO), from the writer's verdicts.

    A pair needs the same prompt on both sides: an inserted dialogue suggestion against the lines
    shown beside it, and a kept text against a rejected one asked with the same context (a
    rewrite regenerated, then kept; a list regenerated, then a line inserted).
    """
    pairs: list[tuple[str, str, str]] = []
    rejected: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        if entry.outcome == "rejected":
            rejected.setdefault((entry.feature, entry.context), []).append(entry.text)
    for entry in entries:
        if entry.outcome != "kept":
            continue
        losers = [*entry.others, *rejected.get((entry.feature, entry.context), [])]
        for loser in dict.fromkeys(losers):
            if loser != entry.text:
                pairs.append((entry.context, entry.text, loser))
    return pairs
