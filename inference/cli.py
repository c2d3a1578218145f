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
from inference.paths import set_offline_switches

log = logging.getLogger(__name__)


def _converter(quiet: bool):  # lazy imports keep `list` fast
    from inference.conversion import Converter
    from inference.progress import TerminalProgress

    bar = TerminalProgress() if not quiet else None
    return Converter(on_progress=bar), bar


def cmd_install_default(args: argparse.Namespace) -> int:
    from inference.provision import default_model_status, install_default

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
    from inference.models import active_model_name, list_models, models_dir

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
    from inference.models import set_active_model

    info = set_active_model(args.name)
    print(f"The editor now uses {info.name}.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from inference.models import remove_model

    remove_model(args.name)
    print(f"Removed {args.name}.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from inference.models import active_model_name, get_model, models_dir

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
    return parser


def main(argv: list[str] | None = None) -> int:
    set_offline_switches()
    args = build_parser().parse_args(argv)
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
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        print("  Check the path, free disk space and permissions, then retry.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
