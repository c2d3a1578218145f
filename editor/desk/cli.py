"""``screenwright scenes``: the scene list and scene moves from the command line.

    screenwright scenes FILE [--json]
    screenwright scenes move FILE K (--before J | --after J) [-o OUT]

The list numbers every scene with its 1-based, inclusive line range (blank lines after a scene
belong to it), its Beat colour, ``=`` synopsis and sections. A move rewrites the file (or writes
OUT; ``-`` for standard output) with scene K's lines moved before or after scene J: every byte of
every scene is kept, line endings, encoding and byte-order mark included, so moving it back gives
the original file. Exit status 1 for a file that cannot be read or written, 2 for a mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _list_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright scenes", description="List the scenes of a Fountain script.")
    parser.add_argument("file", help="the .fountain file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--encoding", help="text encoding of FILE when it is not UTF-8")
    return parser


def _move_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright scenes move", description="Move a scene, keeping every byte.")
    parser.add_argument("file", help="the .fountain file")
    parser.add_argument("k", type=int, help="the scene to move (1-based, as `screenwright scenes` lists)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--before", type=int, metavar="J", help="put it just before scene J")
    where.add_argument("--after", type=int, metavar="J", help="put it just after scene J")
    parser.add_argument("-o", "--output", help="write here instead of rewriting FILE (- for stdout)")
    parser.add_argument("--encoding", help="text encoding of FILE when it is not UTF-8")
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2


def _read(prog: str, path: str, encoding: str | None):
    from editor.fountain import source

    try:
        return source.read_file(path, encoding)
    except OSError as exc:
        print(f"{prog}: error: {path}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
    except source.SourceDecodeError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
    return None


def main(argv: list[str]) -> int:
    if argv and argv[0] == "move":
        return _move(argv[1:])
    prog = "screenwright scenes"
    args = _parse(_list_parser(), argv)
    if isinstance(args, int):
        return args
    from editor.fountain.parser import parse
    from editor.fountain.scenes import outline

    src = _read(prog, args.file, args.encoding)
    if src is None:
        return 1
    plan = outline(parse(src.text))
    if args.json:
        json.dump([s.to_json() for s in plan.scenes], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for scene in plan.scenes:
        color = f"  [{scene.color}]" if scene.color else ""
        print(f"{scene.number:>4}  {scene.line + 1:>6}-{scene.end_line:<6} {scene.heading}{color}")
    return 0


def _move(argv: list[str]) -> int:
    prog = "screenwright scenes move"
    args = _parse(_move_parser(), argv)
    if isinstance(args, int):
        return args
    from editor.fountain import source
    from editor.fountain.parser import parse
    from editor.fountain.scenes import SceneMoveError, move_scene
    from inference.fsio import atomic_write

    src = _read(prog, args.file, args.encoding)
    if src is None:
        return 1
    try:
        text = move_scene(src.text, parse(src.text), args.k, before=args.before, after=args.after)
    except SceneMoveError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    data = source.encode(text, src)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    target = args.output or args.file
    try:
        atomic_write(Path(target), data)
    except OSError as exc:
        print(f"{prog}: error: {target}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
    return 0
