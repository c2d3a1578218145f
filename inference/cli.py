"""``screenwright-model``: install, import, list, select, remove, inspect and try local models.

Every failure prints what went wrong and what to do, and exits non-zero without a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from inference.errors import ConversionCancelled, InferenceError
from inference.store.paths import set_offline_switches

log = logging.getLogger(__name__)


def _converter(quiet: bool):  # lazy imports keep `list` fast
    from inference.convert.conversion import Converter
    from inference.progress import TerminalProgress

    bar = TerminalProgress() if not quiet else None
    return Converter(on_progress=bar), bar


def cmd_forward_ai(args: argparse.Namespace) -> int:
    """``eval``, ``finetune`` and ``perplexity`` run ``screenwright ai <command>`` in a child, with
    the arguments exactly as given.

    Why a child and not an import: judging a model's AI features, and building training text and
    held-out items, are screenplay knowledge (the development set, the Fountain engine, the
    features' own checks) and live in ``editor.ai``; ``inference`` never imports ``editor``. The
    child is the same Python (or, in the desktop bundle, the same launcher), so it uses the same
    store and the same model; for ``finetune`` it calls back into :mod:`inference.finetune.job`,
    which runs the trainer in its own niced child, so torch never loads into either process.
    The options are declared once, on the editor side (``--help`` is answered there too), so
    the two commands cannot drift apart.
    """
    import importlib.util
    import subprocess

    if getattr(sys, "frozen", False):
        command = [sys.executable, "ai", args.command, *args.forwarded]
    else:
        if importlib.util.find_spec("editor") is None:
            raise InferenceError(
                f"`{args.command}` needs the Screenwright editor package, which is not installed here.",
                f"Install Screenwright, then run `screenwright ai {args.command}`.",
            )
        command = [sys.executable, "-m", "editor.cli", "ai", args.command, *args.forwarded]
    return subprocess.call(command)


def cmd_install_default(args: argparse.Namespace) -> int:
    from inference.store.provision import default_model_status, install_default

    if args.if_missing:
        ok, _ = default_model_status()
        if ok:
            print("The default model is installed.")
            return 0
    converter, bar = _converter(args.quiet)
    started = time.perf_counter()
    try:
        info = install_default(converter, if_missing=args.if_missing)
    finally:
        if bar is not None:
            bar.close()
    size = info.manifest.size if info.manifest else 0
    print(
        f"Installed {info.name} ({size / 1e6:.0f} MB) in {info.path} ({time.perf_counter() - started:.0f} s)."
    )
    return 0


def cmd_install_embedder(args: argparse.Namespace) -> int:
    from inference.embed.provision import embedder_status, install_embedder

    if args.if_missing and embedder_status()[0]:
        print("The search model is installed.")
        return 0
    converter, bar = _converter(args.quiet)
    started = time.perf_counter()
    try:
        path = install_embedder(converter, if_missing=args.if_missing)
    finally:
        if bar is not None:
            bar.close()
    took = time.perf_counter() - started
    print(f"Installed the search model (all-MiniLM-L6-v2, int8) in {path} ({took:.0f} s).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    converter, bar = _converter(args.quiet)
    try:
        info = converter.import_model(Path(args.path), args.name, replace=args.replace, license=args.license)
    finally:
        if bar is not None:
            bar.close()
    print(f"Imported {info.name} into {info.path}. Select it with `screenwright-model use {info.name}`.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from inference.store.models import active_model_name, list_models, models_dir

    models = list_models()
    active = active_model_name()
    if args.json:
        print(json.dumps([
            {"name": m.name, "active": m.name == active, "path": str(m.path), "error": m.error,
             "size": m.manifest.size if m.manifest else None,
             "quantization": m.manifest.quantization if m.manifest else None}
            for m in models
        ], indent=2))  # fmt: skip
        return 0
    if not models:
        print(f"No models installed in {models_dir()}. Run `screenwright-model install-default`.")
        return 0
    for m in models:
        mark = "*" if m.name == active else " "
        if m.manifest is None:
            print(f"{mark} {m.name:<32} DAMAGED: {m.error}")
        else:
            backends = "ort+torch" if m.hf_dir else "ort"
            size_mb = m.manifest.size / 1e6
            print(f"{mark} {m.name:<32} {m.manifest.quantization:<6} {size_mb:7.0f} MB  {backends}")
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    from inference.store.models import set_active_model

    info = set_active_model(args.name)
    print(f"The editor now uses {info.name}.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from inference.store.models import remove_model

    remove_model(args.name)
    print(f"Removed {args.name}.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from inference.store.models import active_model_name, get_model, models_dir

    name = args.name or active_model_name()
    info = get_model(name)
    data = asdict(info.manifest) if info.manifest else {}
    data.pop("files", None)
    data.update(
        {"path": str(info.path), "active": name == active_model_name(), "models_dir": str(models_dir())}
    )
    data["backends"] = ["ort", "torch"] if info.hf_dir else ["ort"]
    if args.json:
        print(json.dumps(data, indent=2, sort_keys=True))
    else:
        for key in sorted(data):
            print(f"{key:>14}: {data[key]}")
    return 0


def _model_path(name: str | None) -> Path:
    from inference.store.models import active_model_name, get_model

    return get_model(name or active_model_name()).path


def cmd_generate(args: argparse.Namespace) -> int:
    from inference.runtime.server_session import ServerSession
    from inference.runtime.session import InferenceSession
    from inference.runtime.types import GenerationParams
    from inference.store.servers import config_for_path

    path = _model_path(args.model)
    started = time.perf_counter()
    server = config_for_path(path)
    session: InferenceSession | ServerSession
    if server is not None:
        session = ServerSession(server)
        session.probe()
    else:
        session = InferenceSession.open(path, args.backend)
    load_s = time.perf_counter() - started
    params = GenerationParams(
        max_tokens=args.max_tokens,
        temperature=args.temperature,
        top_p=args.top_p,
        top_k=args.top_k,
        repetition_penalty=args.repetition_penalty,
        seed=args.seed,
        stop=[s.encode().decode("unicode_escape") for s in args.stop],
    )
    prompt = args.prompt.encode().decode("unicode_escape") if args.escapes else args.prompt

    def stream(text: str) -> None:
        if not args.json:
            sys.stdout.write(text)
            sys.stdout.flush()

    result = session.generate(prompt, params, on_chunk=stream)
    if args.json:
        print(json.dumps({
            "model": path.name, "backend": args.backend, "text": result.text, "tokens": result.tokens,
            "prompt_tokens": result.prompt_tokens, "finish_reason": result.finish_reason,
            "load_s": round(load_s, 4), "ttft_ms": round(result.ttft_s * 1000, 2),
            "tokens_per_s": round(result.tokens_per_s, 2), "total_s": round(result.total_s, 4),
        }, ensure_ascii=False, indent=2))  # fmt: skip
    else:
        print()
        print(
            f"[{result.tokens} tokens, first after {result.ttft_s * 1000:.0f} ms, "
            f"{result.tokens_per_s:.0f} tok/s, {result.finish_reason}; load {load_s:.2f} s]",
            file=sys.stderr,
        )
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    import getpass

    from inference.store.servers import connect

    key = ""
    if args.api_key_keyring:
        key = getpass.getpass("API key (stored in the system keyring): ")
    info = connect(
        args.url,
        args.name,
        model=args.model or "",
        allow_remote=args.allow_remote,
        api_key=key,
        api_key_env=args.api_key_env or "",
        check=not args.no_check,
    )
    print(f"Connected {info.name}: {info.manifest.description if info.manifest else args.url}.")
    print(f"Use it with: screenwright-model use {info.name}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from inference.bench import METRICS, run_isolated

    path = _model_path(args.model)
    backends = ["ort", "torch"] if args.backend == "both" else [args.backend]
    # PyTorch fp32 is slow: fewer samples keep `bench` under a few minutes.
    results = {
        backend: run_isolated(
            path, backend, repeats=3 if backend == "ort" else 2, keystrokes=15 if backend == "ort" else 5
        )
        for backend in backends
    }
    if args.json:
        print(json.dumps({"model": path.name, **results}, indent=2))
        return 0
    print(f"{'metric':<26}" + "".join(f"{b:>12}" for b in backends))
    for key in METRICS:
        print(f"{key:<26}" + "".join(f"{results[b][key]:12.2f}" for b in backends))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="screenwright-model", description="Manage Screenwright's local models."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("install-default", help="download, verify and convert the default model")
    p.add_argument("--if-missing", action="store_true", help="do nothing when it is already installed")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_install_default)

    p = sub.add_parser("install-embedder", help="download, verify and convert the search-by-meaning model")
    p.add_argument("--if-missing", action="store_true", help="do nothing when it is already installed")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_install_embedder)

    p = sub.add_parser("import", help="import a GGUF file, Hugging Face folder or onnxruntime-genai folder")
    p.add_argument("path")
    p.add_argument("--name", help="model name (default: from the file or folder name)")
    p.add_argument("--license", default="unknown", help="license to record in the manifest")
    p.add_argument("--replace", action="store_true", help="replace a model with the same name")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help="list installed models (* marks the one the editor uses)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("use", help="select the model the editor uses")
    p.add_argument("name")
    p.set_defaults(func=cmd_use)

    p = sub.add_parser("remove", help="delete an installed model")
    p.add_argument("name")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("info", help="show a model's manifest (default: the active model)")
    p.add_argument("name", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("generate", help="continue a prompt with the model (streams the text)")
    p.add_argument("--prompt", required=True)
    p.add_argument("--model", help="model name (default: the active model)")
    p.add_argument("--backend", default="ort", choices=["ort", "torch"])
    p.add_argument("--max-tokens", type=int, default=64)
    p.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default)")
    p.add_argument("--top-p", type=float, default=1.0)
    p.add_argument("--top-k", type=int, default=0)
    p.add_argument("--repetition-penalty", type=float, default=1.0)
    p.add_argument("--seed", type=int)
    p.add_argument("--stop", action="append", default=[], help="stop string (repeatable; \\n escapes work)")
    p.add_argument("--escapes", action="store_true", help="interpret \\n and \\t in --prompt")
    p.add_argument("--json", action="store_true", help="print text and timings as JSON at the end")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("connect", help="add a model server (llama.cpp, Ollama, LM Studio, vLLM) as a model")
    p.add_argument("url", help="the server's base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--name", required=True, help="the name to list and `use` it by")
    p.add_argument("--model", help="the server's model id (default: the first it lists)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow an address that is not this machine (your script's text will be sent there)",
    )
    p.add_argument("--api-key-env", help="environment variable that holds the API key (never stored)")
    p.add_argument(
        "--api-key-keyring", action="store_true", help="ask for an API key, keep it in the keyring"
    )
    p.add_argument("--no-check", action="store_true", help="do not contact the server now")
    p.set_defaults(func=cmd_connect)

    forwarded = (
        ("eval", "score a model on the development set per AI feature and store its report card"),
        ("finetune", "learn a writer's voice: LoRA fine-tune on .fountain/.fdx scripts"),
        ("perplexity", "perplexity of a model on a script's scenes"),
    )
    for name, text in forwarded:
        p = sub.add_parser(name, help=f"{text} (options: {name} --help)", add_help=False)
        p.set_defaults(func=cmd_forward_ai, forward=True)

    p = sub.add_parser("bench", help="measure load time, time to first token, decode speed and memory")
    p.add_argument("--model", help="model name (default: the active model)")
    p.add_argument("--backend", default="both", choices=["ort", "torch", "both"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def _interrupt_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl+C so a killed install still removes its child and staging folder."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    set_offline_switches()
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if getattr(args, "forward", False):
        args.forwarded = rest  # checked by the editor side, which declares these options
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command in ("install-default", "install-embedder", "import"):
        _interrupt_on_sigterm()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args) or 0)
    except ConversionCancelled as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nCancelled; nothing was installed.", file=sys.stderr)
        return 130
    except InferenceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"  {exc.hint}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        print("  Check the path, free disk space and permissions, then retry.", file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: a message, not a traceback (details with -v)
        log.info("unexpected failure", exc_info=True)
        print(f"error: unexpected failure: {exc}", file=sys.stderr)
        print("  Run again with -v for details, or report it with that output.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
