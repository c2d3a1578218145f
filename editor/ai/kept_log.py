"""The writer's verdicts on AI suggestions, kept on this machine for "Learn my voice" (opt-in).

What is recorded (only while Preferences ▸ Learning's switch is on, which it is not by default):

- **kept**: ghost text accepted whole (Alt+Enter, or Enter taking a predicted cue), a dialogue
  suggestion inserted (with the lines shown beside it, which the writer passed over), a rewrite
  kept (with the writer's original lines);
- **rejected**, only where the writer said no on purpose: a rewrite discarded (Discard or Esc on
  the preview) or regenerated, a list of dialogue suggestions regenerated, or left without
  inserting any after it was shown (the writer moved on to another line and the panel asked anew).

Ghost text dismissed by typing on or by Esc is *not* recorded as rejected: ghost text appears at
every pause, and typing past it mostly means "not now", not "wrong" (far too noisy to learn from).
Ctrl+→ taking one word is not recorded as kept either: one word says little and comes in runs.

Each entry carries its context: the prompt context the feature used (``build_context``'s scene
window, up to the cursor), bounded to :data:`MAX_CONTEXT_CHARS`, so the kept text can be trained on
in exactly the shape the model is asked for it (``editor.ai.training_text.kept_texts``).

Storage: JSON Lines in ``<data dir>/learning/kept-suggestions.jsonl``, one record per line,
appended by ``inference.fsio.append_line`` on the save queue's writer thread (the UI thread only
builds the record, a dict); when it passes :data:`MAX_ENTRIES` or :data:`MAX_BYTES` the oldest
quarter is dropped and the file rewritten atomically. Reading skips unreadable lines, so a record
cut short by a crash costs that record only. No Qt here: the UI calls :class:`KeptLog`.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from editor.ai.context import DEFAULT_BUDGET_CHARS, build_context, script_lines
from editor.fountain.model import Script
from inference.fsio import append_line, atomic_write
from inference.store.paths import data_dir

LOG_NAME = "kept-suggestions.jsonl"
MAX_ENTRIES = 2000
MAX_BYTES = 8 * 2**20
#: As much context as the features send the model (``editor.ai.context.DEFAULT_BUDGET_CHARS``).
MAX_CONTEXT_CHARS = DEFAULT_BUDGET_CHARS
MAX_TEXT_CHARS = 2400
FEATURES = ("ghost", "suggestion", "rewrite")
KEPT = "kept"
REJECTED = "rejected"
VERSION = 1


def log_path() -> Path:
    return data_dir() / "learning" / LOG_NAME


def bound_context(text: str, limit: int = MAX_CONTEXT_CHARS) -> str:
    """The last ``limit`` characters of ``text``, starting at a line start when one is in reach."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    cut = tail.find("\n")
    return tail[cut + 1 :] if 0 <= cut < limit // 2 else tail


def context_at(script: Script, line: int, column: int | None = None) -> str:
    """The prompt context of a cursor at (``line``, ``column``): the scene window before the line
    (``build_context``, as the features ask the model) and the line's text before the cursor."""
    lines = script_lines(script)
    prefix = lines[line][:column] if 0 <= line < len(lines) and column else ""
    return build_context(script, line) + prefix


@dataclass(frozen=True, slots=True)
class Entry:
    """One verdict. ``how`` says which gesture: accepted, inserted, keep, discard, regenerate,
    passed over. ``others``: for an inserted suggestion, the lines shown beside it and passed over.
    ``original``: for a rewrite, the writer's own lines it would replace."""

    feature: str
    outcome: str
    how: str
    context: str
    text: str
    others: tuple[str, ...] = ()
    original: str = ""
    model: str = ""
    time: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"v": VERSION, **asdict(self), "others": list(self.others)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry | None:
        try:
            entry = cls(
                feature=str(data["feature"]),
                outcome=str(data["outcome"]),
                how=str(data.get("how", "")),
                context=str(data.get("context", "")),
                text=str(data["text"]),
                others=tuple(str(o) for o in data.get("others", ()) or ()),
                original=str(data.get("original", "")),
                model=str(data.get("model", "")),
                time=str(data.get("time", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if entry.outcome not in (KEPT, REJECTED) or not entry.text.strip():
            return None
        return entry


@dataclass(frozen=True, slots=True)
class Stats:
    kept: int = 0
    rejected: int = 0
    bytes: int = 0
    by_feature: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.kept + self.rejected


def read_entries(path: Path | None = None) -> list[Entry]:
    """Every readable entry, oldest first (a missing file is an empty log)."""
    path = path or log_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    entries: list[Entry] = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        entry = Entry.from_json(data) if isinstance(data, dict) else None
        if entry is not None:
            entries.append(entry)
    return entries


def stats_of(entries: list[Entry], size: int = 0) -> Stats:
    by_feature: dict[str, int] = {}
    for entry in entries:
        by_feature[entry.feature] = by_feature.get(entry.feature, 0) + 1
    kept = sum(1 for e in entries if e.outcome == KEPT)
    return Stats(kept, len(entries) - kept, size, by_feature)


def read_stats(path: Path | None = None) -> Stats:
    path = path or log_path()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Stats()
    return stats_of(read_entries(path), size)


def _default_submit(job: Callable[[], object]) -> Future[object]:
    from editor.files import save_queue

    return save_queue.run(job)


class KeptLog:
    """Records verdicts (when ``enabled()`` says so) off the UI thread; reads and erases the log.

    ``enabled`` is asked at each verdict, so turning the switch off in Preferences stops
    recording at once. ``submit`` runs a disk job elsewhere and returns its Future (default: the
    save queue's writer thread); every disk access goes through it, so the order of appends and
    an erase is the order they were asked in.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        enabled: Callable[[], bool] = lambda: True,
        submit: Callable[[Callable[[], object]], Future[object]] | None = None,
    ) -> None:
        self._path = path
        self.enabled = enabled
        self._submit = submit or _default_submit

    @property
    def path(self) -> Path:
        return self._path or log_path()

    # -- recording (UI thread: builds a record, hands it over) -----------------------------------
    def kept(
        self,
        feature: str,
        how: str,
        context: str,
        text: str,
        *,
        others: list[str] | tuple[str, ...] = (),
        original: str = "",
        model: str = "",
    ) -> Future[object] | None:
        return self._record(KEPT, feature, how, context, text, others, original, model)

    def rejected(
        self, feature: str, how: str, context: str, text: str, *, original: str = "", model: str = ""
    ) -> Future[object] | None:
        return self._record(REJECTED, feature, how, context, text, (), original, model)

    def _record(
        self,
        outcome: str,
        feature: str,
        how: str,
        context: str,
        text: str,
        others: list[str] | tuple[str, ...],
        original: str,
        model: str,
    ) -> Future[object] | None:
        """None when not recorded (switch off, nothing to record)."""
        if not text.strip() or not self.enabled():
            return None
        if feature not in FEATURES:
            raise ValueError(f"unknown feature {feature!r}")
        entry = Entry(
            feature=feature,
            outcome=outcome,
            how=how,
            context=bound_context(context),
            text=text[:MAX_TEXT_CHARS],
            others=tuple(o[:MAX_TEXT_CHARS] for o in others if o.strip() and o != text),
            original=original[:MAX_TEXT_CHARS],
            model=model,
            time=time.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        line = json.dumps(entry.to_json(), ensure_ascii=False).encode("utf-8")
        path = self.path
        return self._submit(lambda: _append(path, line))

    # -- reading and erasing (on the writer thread; ``callback`` gets the answer there) ---------
    def load(self, callback: Callable[[list[Entry]], None]) -> Future[object]:
        path = self.path
        return self._submit(lambda: callback(read_entries(path)))

    def stats(self, callback: Callable[[Stats], None]) -> Future[object]:
        path = self.path
        return self._submit(lambda: callback(read_stats(path)))

    def erase(self, callback: Callable[[], None] | None = None) -> Future[object]:
        """Remove the log file (every entry); ``callback`` after it is gone."""
        path = self.path

        def job() -> None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            if callback is not None:
                callback()

        return self._submit(job)


#: What the writer thread last knew of each log: (size in bytes, records). Appending checks the
#: size it finds against it, so the log is read to count its records only when something else
#: changed the file (another Screenwright, an erase, the first append of a session), never on
#: every append: a full log is 8 MB, and the writer thread also saves the writer's script.
_known: dict[Path, tuple[int, int]] = {}


def _append(path: Path, line: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    before = _size(path)
    append_line(path, line)
    size = _size(path)
    known = _known.get(path)
    records = known[1] + 1 if known is not None and known[0] == before else _count_records(path)
    _known[path] = (size, records)
    if size > MAX_BYTES or records > MAX_ENTRIES:
        _known[path] = _trim(path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _records(data: bytes) -> list[bytes]:
    """The log's records: its non-blank lines (a line that does not parse still counts)."""
    return [line for line in data.splitlines() if line.strip()]


def _count_records(path: Path) -> int:
    try:
        return len(_records(path.read_bytes()))
    except FileNotFoundError:
        return 0


def _trim(path: Path) -> tuple[int, int]:
    """Drop the oldest quarter once the log is over either bound (the newest verdicts matter most).
    Returns the log's size and record count afterwards, for :data:`_known`."""
    data = path.read_bytes()
    lines = _records(data)
    size = sum(len(line) + 1 for line in lines)
    if len(lines) <= MAX_ENTRIES and size <= MAX_BYTES:
        return len(data), len(lines)
    keep = lines[len(lines) // 4 :]
    while keep and sum(len(line) + 1 for line in keep) > MAX_BYTES * 3 // 4:
        keep = keep[len(keep) // 4 or 1 :]
    kept = b"".join(line + b"\n" for line in keep)
    atomic_write(path, kept)
    return len(kept), len(keep)
