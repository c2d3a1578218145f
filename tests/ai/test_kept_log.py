"""The kept-suggestions log (editor/ai/kept_log.py): opt-in, bounded, off the caller's thread,
readable after a crash, erasable; and what the next fine-tune takes from it."""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from editor.ai import kept_log
from editor.ai.kept_log import Entry, KeptLog, bound_context, context_at, read_entries, read_stats
from editor.ai.training_text import TrainingSet, add_kept, kept_texts, preference_pairs
from editor.files import save_queue
from editor.fountain.parser import parse

SCENE = (
    "INT. DINER - NIGHT\n\n"
    "Rain streaks the window.\n\n"
    "MARA\n"
    "I told you not to come here.\n\n"
    "HALE\n"
    "The money is"
)


def _log(tmp_path: Path, on: list[bool] | None = None) -> KeptLog:
    switch = on if on is not None else [True]
    return KeptLog(tmp_path / "learning" / "kept.jsonl", enabled=lambda: switch[0])


def test_nothing_is_recorded_while_the_switch_is_off(tmp_path: Path) -> None:
    switch = [False]
    log = _log(tmp_path, switch)
    assert log.kept("ghost", "accepted", "ctx", " gone.") is None
    save_queue.wait_idle()
    assert not log.path.exists()
    switch[0] = True
    future = log.kept("ghost", "accepted", "ctx", " gone.")
    assert future is not None
    future.result(10)
    assert [e.text for e in read_entries(log.path)] == [" gone."]


def test_appends_run_on_the_writer_thread_in_order(tmp_path: Path) -> None:
    threads: list[str] = []
    log = _log(tmp_path)
    real = log._submit

    def submit(job):  # type: ignore[no-untyped-def]
        def wrapped() -> object:
            threads.append(threading.current_thread().name)
            return job()

        return real(wrapped)

    log._submit = submit
    for i in range(5):
        log.rejected("suggestion", "regenerate", "ctx", f"line {i}")
    log.kept("rewrite", "keep", "ctx", "new lines", original="old lines", model="m")
    save_queue.wait_idle()
    assert threads and all(name.startswith("screenwright-save") for name in threads)
    entries = read_entries(log.path)
    assert [e.text for e in entries] == [*(f"line {i}" for i in range(5)), "new lines"]
    assert entries[-1].original == "old lines" and entries[-1].outcome == "kept"
    stats = read_stats(log.path)
    assert (stats.kept, stats.rejected) == (1, 5) and stats.bytes == log.path.stat().st_size
    assert stats.by_feature == {"suggestion": 5, "rewrite": 1}


def test_a_record_cut_by_a_crash_costs_only_itself(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.kept("ghost", "accepted", "a", " one.").result(10)  # type: ignore[union-attr]
    with open(log.path, "ab") as fh:
        fh.write(b'{"v": 1, "feature": "ghost", "outcome": "ke')
    log.kept("ghost", "accepted", "b", " two.").result(10)  # type: ignore[union-attr]
    assert [e.text for e in read_entries(log.path)] == [" one.", " two."]


def test_context_and_text_are_bounded(tmp_path: Path) -> None:
    log = _log(tmp_path)
    context = "".join(f"line {i} of a very long scene\n" for i in range(2000))
    log.kept("ghost", "accepted", context, "x" * 10_000).result(10)  # type: ignore[union-attr]
    (entry,) = read_entries(log.path)
    assert len(entry.context) <= kept_log.MAX_CONTEXT_CHARS and context.endswith(entry.context)
    assert entry.context.startswith("line ")  # cut at a line start
    assert len(entry.text) == kept_log.MAX_TEXT_CHARS
    assert bound_context("short") == "short"


def test_the_log_drops_its_oldest_quarter_past_its_bound(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(kept_log, "MAX_ENTRIES", 40)
    log = _log(tmp_path)
    for i in range(41):
        log.kept("ghost", "accepted", "ctx", f" word{i}.")
    save_queue.wait_idle()
    texts = [e.text for e in read_entries(log.path)]
    assert len(texts) == 31 and texts[0] == " word10." and texts[-1] == " word40."
    assert [p.name for p in log.path.parent.iterdir()] == [log.path.name]  # no temporary left


def test_appending_reads_the_log_only_when_something_else_changed_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(kept_log, "MAX_ENTRIES", 40)
    counted: list[Path] = []
    count = kept_log._count_records
    monkeypatch.setattr(kept_log, "_count_records", lambda path: counted.append(path) or count(path))
    log = _log(tmp_path)
    for i in range(30):
        log.kept("ghost", "accepted", "ctx" * 50, f" word{i}.")
    save_queue.wait_idle()
    assert len(counted) == 1  # the first append of the session only
    with log.path.open("ab") as fh:  # another Screenwright appends behind our back
        fh.write(b'{"not": "ours"}\n' * 20)
    log.kept("ghost", "accepted", "ctx", " after.")
    save_queue.wait_idle()
    assert len(counted) >= 2  # recounted, so the bound still holds
    assert len(log.path.read_bytes().splitlines()) <= 40


def test_erase_removes_everything_and_load_reads_on_the_writer_thread(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.kept("ghost", "accepted", "ctx", " yes.")
    got: list[list[Entry]] = []
    log.load(got.append).result(10)
    assert [e.text for e in got[0]] == [" yes."]
    done: Future[object] = log.erase()
    done.result(10)
    assert not log.path.exists()
    stats: list[object] = []
    log.stats(stats.append).result(10)
    assert stats[0].total == 0  # type: ignore[attr-defined]


def test_unknown_lines_and_foreign_json_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "k.jsonl"
    good = {"feature": "ghost", "outcome": "kept", "how": "accepted", "context": "c", "text": " t"}
    path.write_text(
        "\n".join([json.dumps(good), "[1, 2]", json.dumps({**good, "outcome": "maybe"}), "not json"]) + "\n",
        encoding="utf-8",
    )
    assert [e.text for e in read_entries(path)] == [" t"]


def test_context_at_is_the_features_prompt_context_up_to_the_cursor() -> None:
    script = parse(SCENE)
    context = context_at(script, 8, len("The money is"))
    assert context.startswith("INT. DINER - NIGHT\n")
    assert context.endswith("HALE\nThe money is")
    assert "[[Characters:" in context


def test_kept_entries_become_training_text_and_pairs_come_from_shared_contexts() -> None:
    kept = Entry("suggestion", "kept", "inserted", "CTX\n", "Go home.", others=("Stay.", "Run."))
    rejected = Entry("suggestion", "rejected", "regenerate", "CTX\n", "Leave it.")
    rewrite = Entry("rewrite", "kept", "keep", "SCENE\n", "Rain on glass.", original="Rain.")
    other_context = Entry("rewrite", "rejected", "discard", "ELSEWHERE\n", "Nope.")
    entries = [rejected, kept, rewrite, other_context, kept]
    assert kept_texts(entries) == ["CTX\nGo home.", "SCENE\nRain on glass."]
    training = TrainingSet(texts=["window"])
    assert add_kept(training, entries) == 2
    assert training.texts == ["window", "CTX\nGo home.", "SCENE\nRain on glass."] and training.kept_used == 2
    pairs = preference_pairs(entries)
    assert ("CTX\n", "Go home.", "Stay.") in pairs and ("CTX\n", "Go home.", "Leave it.") in pairs
    assert not any(p[2] == "Nope." for p in pairs)


def test_an_unknown_feature_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _log(tmp_path).kept("synopsis", "x", "c", "text")
