"""AI features evaluated with the real default model.

Two parts:

- The report card (``editor.ai.evaluation.card``) on the held-out EVAL half of the development set
  (``editor/ai/devset/eval``: scripts nobody tuned on; the weights and prompts were fitted on
  ``tune``). Keys: ``ai.next_speaker_acc`` / ``ai.next_speaker_top3_acc`` (what the editor offers:
  the model's ranking only where it beats the rules), ``ai.next_speaker_rules_acc`` (the script
  alone), ``ai.summary_truncated_rate``, ``ai.summary_character_recall`` (the two main speakers of
  each scene named), ``ai.complete_after_space_rate`` (mid-sentence pauses after a space that get a
  suggestion), ``ai.rewrite_meaning_flips``, ``ai.draft_brief_kept_rate`` (of drafts shown; the
  refused are counted in ``ai.draft_shown_rate``) and ``ai.gibberish_shown`` (non-words in anything
  shown), plus the extras the card decides with.
- The older snippet checks over ``data/ai_snippets.fountain``: ``ai.valid_element_rate`` (completions
  that parse as the element they are for), ``ai.autocomplete_coverage``,
  ``ai.rewrite_structure_kept_rate``, ``ai.rewrite_changed_rate``, ``ai.draft_valid_rate``,
  ``ai.repetition_rate`` / ``ai.repetition_raw_rate`` and ``ai.core_latency_ms`` (core side: context
  build + request with a warm KV cache to the first token at ~1,024 tokens).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from editor.ai.autocomplete import complete_task
from editor.ai.context import build_context, locate
from editor.ai.prompts import STYLE_PRESETS
from editor.ai.rewrite import rewrite_task, structure
from editor.ai.runner import SessionBackend, open_backend, run_task
from editor.ai.task import Generated
from editor.ai.validate import EXPECTED_LINE_TYPES, has_repetition
from editor.fountain.model import ElementType, LineType
from editor.fountain.parser import parse
from inference.runtime.types import GenerationParams

DATA = Path(__file__).resolve().parent / "data" / "ai_snippets.fountain"
_CUES = (LineType.CHARACTER, LineType.DUAL_CHARACTER)


class RecordingBackend:
    """Passes calls through and keeps every raw generated text (for the raw repetition rate)."""

    def __init__(self, inner: SessionBackend) -> None:
        self.inner = inner
        self.name = inner.name
        self.raw: list[str] = []

    def generate(self, prompt: str, sampling: GenerationParams) -> Generated:
        result = self.inner.generate(prompt, sampling)
        self.raw.append(result.text)
        return result

    def score(self, prompt: str, candidates: tuple[str, ...]) -> list[float]:
        return self.inner.score(prompt, candidates)


def _completion_positions(text: str) -> list[tuple[str, int, ElementType]]:
    """(script text with the cursor line cut, 0-based line, expected element) for many cursors."""
    script = parse(text)
    lines = text.split("\n")
    out: list[tuple[str, int, ElementType]] = []
    for index, kind in enumerate(script.line_types):
        words = lines[index].split()
        if kind in (LineType.DIALOGUE, LineType.ACTION, LineType.SCENE_HEADING) and len(words) >= 3:
            keep = " ".join(words[: max(1, len(words) // 2)])
            if kind == LineType.SCENE_HEADING:
                keep = lines[index][: len(lines[index]) // 2]
            cut = [*lines[:index], keep]
            expected = {
                LineType.DIALOGUE: ElementType.DIALOGUE,
                LineType.ACTION: ElementType.ACTION,
                LineType.SCENE_HEADING: ElementType.SCENE_HEADING,
            }[kind]
            out.append(("\n".join(cut), index, expected))
        elif kind in _CUES and index >= 2 and not lines[index - 1].strip():
            cut = [*lines[:index], ""]
            out.append(("\n".join(cut), index, ElementType.CHARACTER))
    return out


def _valid_elements(text: str, backend: RecordingBackend) -> tuple[float, float, int, list[str]]:
    valid = shown = 0
    positions = _completion_positions(text)
    shown_texts: list[str] = []
    for cut, line, expected in positions:
        script = parse(cut)
        cursor = locate(script, line)
        suggestion = run_task(complete_task(script, line), backend)
        if not suggestion.text:
            continue
        shown += 1
        shown_texts.append(suggestion.text)
        lines = cut.split("\n")
        edited = "\n".join([*lines[:line], lines[line] + suggestion.text])
        if expected == ElementType.CHARACTER:
            edited += "\nSomething."  # a cue is a cue once its speech follows
        types = parse(edited).line_types
        new_lines = (lines[line] + suggestion.text).split("\n")
        checked = [types[line + i] for i, t in enumerate(new_lines) if t.strip()]
        if cursor.element == expected and all(t in EXPECTED_LINE_TYPES[expected] for t in checked):
            valid += 1
    coverage = shown / max(1, len(positions))
    return valid / max(1, shown), coverage, shown, shown_texts


def _rewrites(text: str, backend: RecordingBackend) -> tuple[float, float, list[str], list[str]]:
    script = parse(text)
    styles = list(STYLE_PRESETS)
    kept = attempted = 0
    units = 0
    rows: list[str] = []
    shown: list[str] = []
    for index, scene in enumerate(script.scenes):
        first, last = scene.line + 2, min(scene.end_line, scene.line + 14)
        style = styles[index % len(styles)]
        result = run_task(rewrite_task(script, first, last, style, seed=index), backend)
        attempted += 1
        ok = [t for t, _ in structure(result.text)] == [t for t, _ in structure(result.original)] and [
            f for _, f in structure(result.text) if f is not None
        ] == [f for _, f in structure(result.original) if f is not None]
        kept += ok
        for unit in result.units:
            units += 1
            if unit.rewritten:
                shown.append(unit.rewritten)
        changed = sum(u.changed for u in result.units)
        rows.append(f"{style:>13}: {result.status:<8} {changed}/{len(result.units)} lines")
    changed_units = sum(1 for _ in shown)
    rows.append(f"lines rewritten: {changed_units}/{units} (the rest kept as written: no valid rewrite)")
    return kept / max(1, attempted), changed_units / max(1, units), rows, shown


DRAFTS = (
    ("A detective questions a nervous waitress about a missing cash box in a diner.", ["Ross", "Ellen"]),
    ("Two sisters argue about selling their late mother's house in the kitchen.", ["Anna", "Beth"]),
    ("A pilot tells her co-pilot the engine is failing in the cockpit.", ["Maya", "Lou"]),
    ("A boy confesses to his father that he crashed the car in the garage.", []),
)


def _drafts(backend: RecordingBackend) -> tuple[float, list[str], list[str]]:
    """Share of (description, seed) pairs that give a valid scene (the rest are refused)."""
    from editor.ai.draft import check_draft, draft_task

    ok = total = 0
    rows: list[str] = []
    shown: list[str] = []
    for description, characters in DRAFTS:
        for seed in (0, 1):
            draft = run_task(draft_task(description, characters, seed=seed), backend)
            total += 1
            valid = draft.ok and check_draft(draft.text, [c.upper() for c in characters])[1] == ""
            ok += valid
            if draft.ok:
                shown.append(draft.text)
            rows.append(
                f"{'valid' if valid else 'refused':>7}: {description[:50]} (seed {seed}) {draft.message}"
            )
    return ok / max(1, total), rows, shown


def _core_latency(backend: SessionBackend) -> float:
    """Median ms from 'a character was typed' to the first token, KV cache warm, ~1,024 tokens."""
    body = "".join(
        f"ANNA\nI keep thinking about the lake house and the summer we spent there, number {i}.\n\n"
        f"BEN\nYou always bring up the lake house when you want something from me, {i}.\n\n"
        for i in range(40)
    )
    text = "INT. LIVING ROOM - NIGHT\n\n" + body + "ANNA\nMaybe I d"
    script = parse(text)
    line = len(text.split("\n")) - 1
    context = build_context(script, line)
    tokens = backend.session.count_tokens(context)
    samples = []
    typed = "o want something"
    for i in range(1, len(typed)):
        current = text + typed[:i]
        started = time.perf_counter()
        script = parse(current)
        prompt = build_context(script, line) + current.split("\n")[line]
        result = backend.session.generate(
            prompt, GenerationParams(max_tokens=1, temperature=0.0, stop=("\n",))
        )
        assert result.tokens <= 1
        samples.append((time.perf_counter() - started) * 1000.0)
    print(f"   core latency at a {tokens}-token context: samples(ms)={[round(s) for s in samples]}")
    return statistics.median(samples[1:])


def run() -> dict[str, float]:
    from editor.ai.evaluation.card import evaluate

    text = DATA.read_text(encoding="utf-8")
    session_backend = open_backend()
    backend = RecordingBackend(session_backend)
    started = time.perf_counter()
    card = evaluate(backend, log=lambda line: print("   " + line))
    print(f"   report card: {card['seconds']} s")
    for key, verdict in card["features"].items():
        print(f"     {'on ' if verdict['enabled'] else 'off'} {key}: {verdict['evidence']}")
    valid_rate, coverage, shown_count, completions = _valid_elements(text, backend)
    kept, changed_share, rewrite_rows, rewritten = _rewrites(text, backend)
    draft_rate, draft_rows, drafts = _drafts(backend)
    latency = _core_latency(session_backend)
    shown = completions + rewritten + drafts
    repetition = sum(has_repetition(s) for s in shown) / max(1, len(shown))
    raw_repetition = sum(has_repetition(s) for s in backend.raw) / max(1, len(backend.raw))

    print(f"   model: {session_backend.name}; {time.perf_counter() - started:.1f} s")
    print(
        f"   autocomplete: {shown_count} suggestions shown ({coverage:.0%} of cursor positions), "
        f"valid {valid_rate:.3f}"
    )
    print(f"   rewrites: structure kept {kept:.3f}; lines rewritten {changed_share:.0%}")
    for row in rewrite_rows:
        print("     " + row)
    print(f"   drafts: valid {draft_rate:.3f} (the rest refused with a reason)")
    for row in draft_rows:
        print("     " + row)
    print(
        f"   repetition: shown {repetition:.3f}, raw model output {raw_repetition:.3f} "
        f"({len(backend.raw)} generations)"
    )
    session_backend.close()
    metrics = {k: float(v) for k, v in card["metrics"].items() if k.startswith("ai.")}
    return {
        **metrics,
        "ai.valid_element_rate": valid_rate,
        "ai.autocomplete_coverage": coverage,
        "ai.rewrite_structure_kept_rate": kept,
        "ai.rewrite_changed_rate": changed_share,
        "ai.draft_valid_rate": draft_rate,
        "ai.repetition_rate": repetition,
        "ai.repetition_raw_rate": raw_repetition,
        "ai.core_latency_ms": latency,
    }


if __name__ == "__main__":
    print(run())
