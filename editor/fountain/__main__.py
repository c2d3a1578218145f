"""``python -m editor.fountain``: the engine's command line, for tooling and debugging.

    python -m editor.fountain parse FILE --json     # {"elements": [...]}, 1-based lines
    python -m editor.fountain stats FILE --json     # element counts, words, speeches...
    python -m editor.fountain types FILE            # one line type per line, for eyeballing

FILE may be ``-`` for standard input. Bad input (a binary file, invalid UTF-8, a missing file)
gets one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from editor.fountain.indented_json import dumps
from editor.fountain.parser import parse
from editor.fountain.source import SourceDecodeError, decode

EXIT_BAD_INPUT = 2


def _read(path: str, encoding: str | None) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    return decode(data, encoding).text


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m editor.fountain", description="Fountain engine tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (
        ("parse", "print the elements"),
        ("stats", "print the script's statistics"),
        ("types", "print each line's type"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("file", help="a .fountain file, or - for standard input")
        cmd.add_argument("--json", action="store_true", help="machine-readable JSON output")
        cmd.add_argument("--encoding", default=None, help="decode with this encoding (default: UTF-8)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        text = _read(args.file, args.encoding)
    except SourceDecodeError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    script = parse(text)
    out = sys.stdout
    if args.command == "parse":
        if args.json:
            out.write(dumps({"elements": [e.to_json() for e in script.elements]}))
            out.write("\n")
        else:
            for e in script.elements:
                span = f"{e.line + 1}" if e.line == e.end_line else f"{e.line + 1}-{e.end_line + 1}"
                out.write(f"{span:>9}  {e.type.value:<14} {e.text!r}\n")
    elif args.command == "stats":
        stats = script.stats.to_json()
        stats["locations"] = script.locations
        stats["times_of_day"] = script.times_of_day
        if args.json:
            out.write(dumps(stats))
            out.write("\n")
        else:
            for key, value in stats.items():
                out.write(f"{key}: {value}\n")
    else:
        for i, (line, kind) in enumerate(zip(text.split("\n"), script.line_types, strict=True)):
            out.write(f"{i + 1:>6} {kind.name:<18} {line}\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head`
        sys.exit(0)
