"""``screenwright ai finetune`` and ``screenwright ai perplexity``: learn a writer's voice, measure it.

    screenwright ai finetune FILE... --name NAME [--base MODEL] [--steps N] [--kept|--no-kept] [--json]
    screenwright ai perplexity FILE [--model NAME] [--json]

``screenwright-model finetune`` / ``perplexity`` forward here in a child process (``inference``
never imports ``editor``; the training text is screenplay knowledge). Errors are one line on stderr
with exit status 1 and nothing changed; Ctrl+C stops the trainer and keeps its last checkpoint, so
the same command resumes.

``--kept`` adds the suggestions the writer kept (``editor.ai.kept_log``) to the training text;
by default they are added when the writer turned recording on (Preferences ▸ Learning) and the
log has entries. How many were used is printed and saved in the model's ``training.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from editor.ai.kept_log import read_entries
from editor.ai.training_text import (
    TrainingInputError,
    add_kept,
    build_training_set,
    read_training_script,
)

EXIT_ERROR = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="screenwright ai")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("finetune", help="LoRA fine-tune a model on your scripts and install the result")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--name", required=True, help="name of the new model")
    p.add_argument("--base", default=None, help="model to start from (default: the active model)")
    p.add_argument("--steps", type=int, default=None, help="training steps (default 40)")
    p.add_argument("--seq-len", type=int, default=None, help="tokens per training window (default 256)")
    p.add_argument(
        "--kept",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also learn from the suggestions you kept (default: when recording them is on)",
    )
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("perplexity", help="perplexity of a model on a script's scenes")
    p.add_argument("file", type=Path)
    p.add_argument("--model", default=None)
    p.add_argument("--json", action="store_true")
    return parser


def _base(name: str | None) -> Any:
    from inference.store.models import active_model_name, get_model

    return get_model(name or active_model_name())


def learning_enabled() -> bool:
    """The writer's opt-in (Preferences ▸ Learning) to record and learn from kept suggestions."""
    from editor.config.settings import Key, Settings

    return bool(Settings().get(Key.AI_LEARN_FROM_KEPT))


def finetune(args: argparse.Namespace) -> int:
    from inference.convert.conversion import Converter
    from inference.finetune.job import check_base
    from inference.finetune.job import finetune as run
    from inference.progress import TerminalProgress
    from inference.store.models import validate_name

    validate_name(args.name)
    base = _base(args.base)
    check_base(base)
    training = build_training_set(list(args.files))
    use_kept = learning_enabled() if args.kept is None else args.kept
    if use_kept:
        add_kept(training, read_entries())
    settings: dict[str, Any] = {}
    if args.steps:
        settings["steps"] = args.steps
    if args.seq_len:
        settings["seq_len"] = args.seq_len
    bar = None if args.json else TerminalProgress()
    info, record = run(Converter(on_progress=bar), base, args.name, training.to_json(), settings)
    if args.json:
        print(json.dumps({"model": info.name, "path": str(info.path), **record}))
    else:
        b, a = record["before"], record["after"]
        print(f"\nInstalled '{info.name}' (not selected; `screenwright-model use {info.name}` to use it).")
        for key, label in (
            ("perplexity", "held-out perplexity"),
            ("next_speaker_accuracy", "next speaker"),
            ("next_word_match", "next word"),
        ):
            print(f"  {label:<22}{b[key]:.3f} -> {a[key]:.3f}")
        print(f"  kept suggestions used: {record.get('kept_used', 0)}")
        print(record["verdict"])
    return 0


def _windows(path: Path) -> list[str]:
    from editor.ai.training_text import _scene_windows

    script, _ = read_training_script(path)
    if not script.scenes:
        raise TrainingInputError(f"{path} has no scenes to measure.")
    windows: list[str] = []
    for scene in script.scenes:
        windows += _scene_windows(script, scene.line + 1, scene.end_line, 3600)
    return windows


def perplexity(args: argparse.Namespace) -> int:
    """exp(mean NLL per token) of the script's scene windows (the text after each window's first line)."""
    from inference.runtime.session import InferenceSession

    model = _base(args.model)
    windows = _windows(args.file)
    session = InferenceSession.open(model.ort_dir)
    try:
        total, tokens = 0.0, 0
        for window in windows:
            head, _, rest = window.partition("\n")
            if not rest.strip():
                continue
            total += -session.score(head + "\n", [rest])[0]
            tokens += len(session.encode(head + "\n" + rest)) - len(session.encode(head + "\n"))
    finally:
        session.close()
    value = math.exp(total / max(1, tokens))
    if args.json:
        print(
            json.dumps({"model": model.name, "file": str(args.file), "perplexity": value, "tokens": tokens})
        )
    else:
        print(f"{model.name}: perplexity {value:.3f} over {tokens} tokens of {args.file}")
    return 0


def main(argv: list[str]) -> int:
    from inference.errors import InferenceError

    args = _parser().parse_args(argv)
    try:
        return finetune(args) if args.command == "finetune" else perplexity(args)
    except TrainingInputError as exc:
        sys.stderr.write(f"screenwright ai: error: {' '.join(str(exc).split())}\n")
        return EXIT_ERROR
    except InferenceError as exc:
        hint = f" {exc.hint}" if getattr(exc, "hint", None) else ""
        sys.stderr.write(f"screenwright ai: error: {exc.message}{hint}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("\nscreenwright ai: stopped; run the same command again to resume.\n")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
