"""``screenwright ai ...``: the editor's AI features for shells, scripts and other editors.

Runs exactly the editor's code paths (same context building, prompts, post-processing and model:
the tasks in :mod:`editor.ai`), synchronously, without Qt. Lines are 1-based here; columns are
1-based too (the cursor sits before that character; the default is the end of the line).

    screenwright ai complete FILE --line N [--column C]
    screenwright ai next-speaker FILE --line N
    screenwright ai suggest FILE --line N [--count 3]
    screenwright ai summarize FILE [--scene K] [--write]
    screenwright ai rewrite FILE --lines A-B --style NAME|"free text" [--note TEXT]
    screenwright ai draft --describe TEXT [--characters A,B] [--note TEXT]
    screenwright ai eval [NAME] [--json] [--only F,G] [--no-store]

Common options: ``--json`` (one JSON object on stdout), ``--seed N``, ``--model PATH|NAME``,
``--backend ort|torch``, ``--no-model`` (script-only answers), ``--any-feature`` (use the model
where its report card says the script alone does better; by default each feature uses the model
exactly where the editor would). FILE ``-`` reads standard input.
Errors are one line on standard error and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from editor.ai.runner import NoModel, run_task
from editor.ai.task import Generated, Task, Timings
from editor.fountain.model import Script
from inference.fsio import atomic_write
from inference.runtime.types import GenerationParams

EXIT_ERROR = 1
EXIT_USAGE = 2
FEATURE_KEYS = ("next_speaker", "summaries", "autocomplete", "suggestions", "rewrite", "draft")


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(message)


class LazyBackend:
    """Loads the model on the first step that needs it, so script-only answers need no model."""

    def __init__(self, model: str | None, backend: str) -> None:
        self._model, self._backend_name = model, backend
        self._backend: Any = None
        self.load_s = 0.0

    @property
    def name(self) -> str:
        return self._backend.name if self._backend is not None else "none"

    def _get(self) -> Any:
        if self._backend is None:
            from editor.ai.runner import open_backend

            started = time.perf_counter()
            self._backend = open_backend(self._model, self._backend_name)
            self.load_s = time.perf_counter() - started
        return self._backend

    def generate(self, prompt: str, sampling: GenerationParams) -> Generated:
        return self._get().generate(prompt, sampling)

    def score(self, prompt: str, candidates: tuple[str, ...]) -> list[float]:
        return self._get().score(prompt, candidates)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()


def _model_earns(args: argparse.Namespace) -> dict[str, tuple[bool, str]]:
    """Per feature: (whether the model is used, the reason when not), as the editor decides: the
    model's report card (:mod:`editor.ai.gate`), unless ``--any-feature`` or ``--no-model``. One
    read of the card serves every feature a command asks about.

    Why the command line follows the card: it runs the editor's code paths, and a feature whose
    model answer does not beat the script's own steps aside here too, with the reason."""
    from editor.ai.gate import FEATURES, feature_states, load_active_card

    if args.no_model or args.any_feature:
        verdict = (not args.no_model, "--no-model" if args.no_model else "")
        return dict.fromkeys(FEATURES, verdict)
    states = feature_states(load_active_card(_model_folder(args.model)))
    return {key: (state.enabled, state.reason) for key, state in states.items()}


def _model_folder(model: str | None) -> Path | None:
    """The folder whose card applies: ``--model`` as a folder or an installed name, else None
    (the store's active model)."""
    if model is None:
        return None
    if Path(model).is_dir():
        return Path(model)
    from inference.errors import InferenceError
    from inference.store.models import get_model

    try:
        return get_model(model).path
    except (InferenceError, OSError):
        return Path(model)  # no card there: the model is opened, and that says what is wrong


def _refuse_unearned(args: argparse.Namespace, feature: str) -> None:
    earned, reason = _model_earns(args)[feature]
    if not earned:
        raise CliError(f"{reason}. Run it anyway with --any-feature.")


def _build_parser() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON object")
    common.add_argument("--seed", type=int, default=None, help="seed for sampled output")
    common.add_argument("--model", default=None, help="model folder or installed model name")
    common.add_argument("--backend", default="ort", choices=("ort", "torch"))
    common.add_argument("--no-model", action="store_true", help="answer from the script alone")
    common.add_argument(
        "--any-feature",
        action="store_true",
        help="use the model even where its report card says it does not beat the script alone "
        "(as turning a feature on in AI > Features)",
    )

    parser = _Parser(prog="screenwright ai", description="Screenwright's AI features from the command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("complete", parents=[common], help="the inline suggestion at a cursor")
    p.add_argument("file")
    p.add_argument("--line", type=int, required=True)
    p.add_argument("--column", type=int, default=None)

    p = sub.add_parser("next-speaker", parents=[common], help="rank who speaks next on an empty line")
    p.add_argument("file")
    p.add_argument("--line", type=int, required=True)

    p = sub.add_parser("suggest", parents=[common], help="dialogue alternatives")
    p.add_argument("file")
    p.add_argument("--line", type=int, required=True)
    p.add_argument("--count", type=int, default=3)

    p = sub.add_parser("summarize", parents=[common], help="one-line scene synopses")
    p.add_argument("file")
    p.add_argument("--scene", type=int, default=None)
    p.add_argument("--write", action="store_true", help="insert them as '=' synopsis lines")

    p = sub.add_parser("rewrite", parents=[common], help="rewrite lines in a style")
    p.add_argument("file")
    p.add_argument("--lines", required=True, help="A-B (1-based, inclusive)")
    p.add_argument(
        "--style",
        required=True,
        help="Tighter, More visual, More subtext, Funnier, Noir, Period voice or free text",
    )
    p.add_argument("--note", default=None, help="a note that steers the rewrite")

    p = sub.add_parser(
        "eval", help="score a model on the development set and store its report card with the model"
    )
    p.add_argument("name", nargs="?", default=None, help="installed model name (default: the active one)")
    p.add_argument("--json", action="store_true", help="print the card as one JSON object")
    p.add_argument("--only", default=None, help="comma-separated features: " + ", ".join(FEATURE_KEYS))
    p.add_argument("--no-store", action="store_true", help="do not store the card with the model")
    p.add_argument("--backend", default="ort", choices=("ort", "torch"))

    p = sub.add_parser("draft", parents=[common], help="draft a scene from a description")
    p.add_argument("--describe", required=True)
    p.add_argument("--characters", default="", help="comma-separated names")
    p.add_argument("--note", default=None, help="a note that steers the draft")
    return parser


def _read(path: str) -> tuple[Any, Script]:
    from editor.fountain.parser import parse
    from editor.fountain.source import SourceDecodeError, decode

    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        source = decode(data)
    except SourceDecodeError as exc:
        raise CliError(f"{path}: {exc}") from exc
    return source, parse(source.text)


def _line(script: Script, number: int) -> int:
    count = len(script.text.split("\n"))
    if not 1 <= number <= count:
        raise CliError(f"line {number} is outside the file (1-{count})")
    return number - 1


def _run(task: Task, backend: Any, timings: Timings) -> Any:
    from inference.errors import InferenceError

    try:
        return run_task(task, backend, timings)
    except InferenceError as exc:
        raise CliError(str(exc)) from exc
    except RuntimeError as exc:
        raise CliError(str(exc)) from exc


def _emit(
    args: argparse.Namespace,
    payload: dict[str, Any],
    text: str,
    backend: Any,
    timings: Timings,
    started: float,
) -> None:
    if args.json:
        payload = {
            "command": args.command,
            **payload,
            "model": backend.name if timings.steps else None,
            "timings": {
                "ttft_s": None if timings.ttft_s is None else round(timings.ttft_s, 4),
                "total_s": round(timings.total_s, 4),
                "wall_s": round(time.perf_counter() - started, 4),
                "load_s": round(getattr(backend, "load_s", 0.0), 4),
                "model_steps": timings.steps,
            },
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    elif text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _complete(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.autocomplete import complete_task

    _, script = _read(args.file)
    line = _line(script, args.line)
    text = script.text.split("\n")[line]
    column = None
    if args.column is not None:
        if not 1 <= args.column <= len(text) + 1:
            raise CliError(f"column {args.column} is outside line {args.line} (1-{len(text) + 1})")
        column = args.column - 1
    earned = _model_earns(args)
    task = complete_task(
        script,
        line,
        column,
        use_model=not args.no_model,
        model_speaker=earned["next_speaker"][0],
        model_text=earned["autocomplete"][0],
    )
    suggestion = _run(task, backend, timings)
    return suggestion.to_json(), suggestion.text


def _next_speaker(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.speaker import next_speaker_task

    _, script = _read(args.file)
    line = _line(script, args.line)
    if script.text.split("\n")[line].strip():
        raise CliError(f"line {args.line} is not empty; next-speaker is for the empty line where a cue goes")
    judged, why = _model_earns(args)["next_speaker"]
    ranking = _run(next_speaker_task(script, line, use_model=judged), backend, timings)
    if not ranking.candidates:
        raise CliError("the script has no characters yet")
    best = ranking.best or ""
    payload = {
        "text": best,
        "element": "character",
        "line": args.line,
        "choices": ranking.top(3),
        "new_character_first": ranking.new_character_first,
        "candidates": [c.to_json() for c in ranking.candidates],
        "judge": "model" if ranking.used_model else "rules",
        **({} if judged else {"why_rules": why}),
    }
    return payload, best or "(a new character: no name to offer)"


def _suggest(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.suggestions import suggest_task

    if not 1 <= args.count <= 10:
        raise CliError("--count must be between 1 and 10")
    if args.no_model:
        raise CliError("suggest needs the model")
    _, script = _read(args.file)
    line = _line(script, args.line)
    _refuse_unearned(args, "suggestions")
    result = _run(suggest_task(script, line, count=args.count, seed=args.seed), backend, timings)
    if not result.lines:
        raise CliError(result.reason or "no suggestion")
    payload = {
        "text": result.lines[0],
        "element": "dialogue",
        "speaker": result.speaker,
        "alternatives": result.lines,
        "replace_line": result.replace_line,
        "insert_prefix": result.insert_prefix,
    }
    return payload, "\n".join(result.lines)


def _summarize(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.summary import insert_synopses, summarize_task
    from editor.fountain.source import SourceEncodeError, encode

    if args.write and args.file == "-":
        raise CliError("--write needs a file, not standard input")
    source, script = _read(args.file)
    if not script.scenes:
        raise CliError(
            "the script has no scene headings: a heading starts with INT., EXT., EST., INT./EXT. or I/E, "
            "or with a period to force one (.DINING ROOM - DAY)"
        )
    if args.scene is not None and not 1 <= args.scene <= len(script.scenes):
        raise CliError(f"scene {args.scene} does not exist (1-{len(script.scenes)})")
    indices = [args.scene - 1] if args.scene is not None else list(range(len(script.scenes)))
    use_model = _model_earns(args)["summaries"][0]
    summaries = [_run(summarize_task(script, i, use_model=use_model), backend, timings) for i in indices]
    payload: dict[str, Any] = {
        "text": "\n".join(s.text for s in summaries),
        "element": "synopsis",
        "scenes": [s.to_json() for s in summaries],
    }
    if args.write:
        new_text, written = insert_synopses(source.text, script, {s.scene_index: s.text for s in summaries})
        if written:
            try:
                data = encode(new_text, _with_inserted_endings(source, new_text))
            except SourceEncodeError as exc:
                raise CliError(f"{args.file}: {exc}") from exc
            atomic_write(Path(args.file), data)
        payload["written"] = [i + 1 for i in written]
    if args.scene is not None:
        shown = summaries[0].text
    else:
        shown = "\n".join(f"{s.scene_index + 1}\t{s.text}" for s in summaries)
    return payload, shown


def _with_inserted_endings(source: Any, new_text: str) -> Any:
    """For a file with mixed line endings: keep every existing line's own ending and give each
    inserted line the ending of the line above it (``encode`` alone would normalise them all)."""
    import dataclasses
    import difflib

    if source.line_endings is None:
        return source
    old_lines, new_lines = source.text.split("\n"), new_text.split("\n")
    endings = list(source.line_endings)
    new_endings: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            new_endings += (
                endings[i1:i2] if i2 <= len(endings) else [*endings[i1:], *[""] * (i2 - len(endings))]
            )
        else:
            above = endings[i1 - 1] if 0 < i1 <= len(endings) else source.newline
            new_endings += [above] * (j2 - j1)
    # One ending fewer than lines: the last line has none.
    return dataclasses.replace(source, line_endings=tuple(new_endings[: len(new_lines) - 1]))


def _parse_range(spec: str, script: Script) -> tuple[int, int]:
    try:
        first_s, _, last_s = spec.partition("-")
        first, last = int(first_s), int(last_s or first_s)
    except ValueError as exc:
        raise CliError(f"--lines wants A-B, got {spec!r}") from exc
    if first > last:
        raise CliError(f"--lines {spec}: the first line comes after the last")
    return _line(script, first), _line(script, last)


def _rewrite(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.rewrite import rewrite_task

    if args.no_model:
        raise CliError("rewrite needs the model")
    if not args.style.strip():
        raise CliError("--style is empty")
    _, script = _read(args.file)
    first, last = _parse_range(args.lines, script)
    _refuse_unearned(args, "rewrite")
    result = _run(
        rewrite_task(script, first, last, args.style, note=args.note, seed=args.seed), backend, timings
    )
    if result.status == "refused":
        raise CliError(result.message)
    payload = {"element": "selection", **result.to_json()}
    if result.status == "partial" and not args.json:
        sys.stderr.write(f"screenwright ai: note: {result.message}\n")
    return payload, result.text


def _draft(args: argparse.Namespace, backend: Any, timings: Timings) -> tuple[dict[str, Any], str]:
    from editor.ai.draft import draft_task

    if args.no_model:
        raise CliError("draft needs the model")
    names = [c.strip() for c in args.characters.split(",") if c.strip()]
    _refuse_unearned(args, "draft")
    result = _run(draft_task(args.describe, names, note=args.note, seed=args.seed), backend, timings)
    if not result.ok:
        raise CliError(result.message)
    return {"element": "scene", **result.to_json()}, result.text


def _eval(args: argparse.Namespace) -> int:
    """Run the report card for an installed model and store it next to its manifest."""
    from editor.ai.evaluation.card import evaluate, save_card
    from editor.ai.runner import SessionBackend
    from inference.errors import InferenceError
    from inference.runtime.session import InferenceSession
    from inference.store import models

    only = tuple(f.strip() for f in args.only.split(",") if f.strip()) if args.only else None
    unknown = [f for f in only or () if f not in FEATURE_KEYS]
    if unknown:
        raise CliError(f"unknown feature {unknown[0]!r}: {', '.join(FEATURE_KEYS)}")
    try:
        info = models.get_model(args.name) if args.name else models.active_model()
        backend = SessionBackend(InferenceSession.open(info.path, args.backend), info.name)
    except InferenceError as exc:
        raise CliError(str(exc)) from exc
    log = (lambda _line: None) if args.json else (lambda line: sys.stderr.write(f"  {line}\n"))
    try:
        card = evaluate(backend, log=log, only=only)
    finally:
        backend.close()
    if not args.no_store:
        card["stored"] = str(save_card(card, models.report_card_path(info)))
    if args.json:
        sys.stdout.write(json.dumps(card, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_card(card))
    return 0


def format_card(card: dict[str, Any]) -> str:
    """The card as a short table a person reads: each feature, on or off, and why."""
    from editor.ai.evaluation.card import FEATURES

    out = [f"Report card for {card['model']} ({card['seconds']} s on the development set)"]
    for key, verdict in card["features"].items():
        mark = "on " if verdict["enabled"] else "off"
        out.append(f"  {mark}  {FEATURES.get(key, key)}: {verdict['evidence']}")
    for key, value in card["metrics"].items():
        if key.startswith("ai."):
            out.append(f"       {key} = {value}")
    if card.get("stored"):
        out.append(f"Stored in {card['stored']}")
    return "\n".join(out) + "\n"


_COMMANDS = {
    "complete": _complete,
    "next-speaker": _next_speaker,
    "suggest": _suggest,
    "summarize": _summarize,
    "rewrite": _rewrite,
    "draft": _draft,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``screenwright ai``; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in ("finetune", "perplexity"):
        from editor.ai import finetune_cli

        return finetune_cli.main(arguments)
    parser = _build_parser()
    if not arguments or arguments[0] in ("-h", "--help"):
        sys.stdout.write((__doc__ or "").strip() + "\n")
        return 0 if arguments else EXIT_USAGE
    try:
        args = parser.parse_args(arguments)
    except CliError as exc:
        sys.stderr.write(f"screenwright ai: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help of a subcommand
        return int(exc.code or 0)
    if args.command == "eval":
        try:
            return _eval(args)
        except CliError as exc:
            sys.stderr.write(f"screenwright ai: error: {' '.join(str(exc).split())}\n")
            return EXIT_ERROR
    backend: Any = NoModel() if args.no_model else LazyBackend(args.model, args.backend)
    timings = Timings()
    started = time.perf_counter()
    try:
        payload, text = _COMMANDS[args.command](args, backend, timings)
        _emit(args, payload, text, backend, timings, started)
    except CliError as exc:
        sys.stderr.write(f"screenwright ai: error: {' '.join(str(exc).split())}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("screenwright ai: interrupted\n")
        return 130
    finally:
        if isinstance(backend, LazyBackend):
            backend.close()
    return 0
