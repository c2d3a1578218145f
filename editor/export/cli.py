"""``screenwright export`` and ``screenwright import``: output formats from the command line.

    screenwright export FILE --to pdf|fdx|html [-o OUT] [--paper letter|a4] [--scene-numbers]
    screenwright import FILE.fdx [-o OUT.fountain] [--force]

Errors are one line on stderr (``screenwright export: error: ...``) with exit status 1, or 2 for a
command-line mistake; never a traceback. Import refuses to overwrite an existing Fountain file
unless ``--force``: that file may be the writer's only copy of their work.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.export.formats import ExportOptions, Format
    from editor.fountain.model import Script

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes in one line (plus the usage) and exits with 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright export", description="Export a Fountain screenplay.")
    parser.add_argument("file", help="the .fountain file to export")
    parser.add_argument("--to", dest="fmt", choices=("pdf", "fdx", "html"), help="output format")
    parser.add_argument(
        "-o", "--output", help="output file (default: FILE with the format's extension; - for stdout)"
    )
    parser.add_argument(
        "--paper", choices=("letter", "a4"), default="letter", help="paper size (default: letter)"
    )
    parser.add_argument("--scene-numbers", action="store_true", help="print scene numbers in both margins")
    parser.add_argument("--notes", action="store_true", help="print [[notes]] (left out by default)")
    parser.add_argument("--no-title-page", action="store_true", help="leave the title page out")
    parser.add_argument("--encoding", help="text encoding of FILE when it is not UTF-8 (e.g. cp1252)")
    return parser


def _import_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright import", description="Convert a Final Draft (.fdx) file to Fountain.")
    parser.add_argument("file", help="the .fdx file to import")
    parser.add_argument("-o", "--output", help="output .fountain file (default: FILE.fountain; - for stdout)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite OUT if it exists")
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """Parsed arguments, or the exit code argparse chose (2 for a mistake, 0 for --help)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2


def _fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 1


def _os_message(exc: OSError, path: str) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename or path}: {reason.lower() if reason else 'cannot be accessed'}"


def export_main(argv: list[str]) -> int:
    prog = "screenwright export"
    args = _parse(_export_parser(), argv)
    if isinstance(args, int):
        return args
    fmt = args.fmt
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
        if suffix not in ("pdf", "fdx", "html"):
            return _fail(prog, "say which format to write with --to pdf|fdx|html")
        fmt = suffix
    if args.output == "-" and fmt == "pdf":
        return _fail(prog, "a PDF cannot go to standard output; give a file name with -o")
    source_path = Path(args.file)
    if args.output is None:
        out_path = source_path.with_suffix("." + fmt)
    elif args.output == "-":
        out_path = None
    else:
        out_path = Path(args.output)
    if out_path is not None and out_path.resolve() == source_path.resolve():
        return _fail(prog, f"{out_path}: the output would overwrite the script itself")
    try:
        from editor.fountain.parser import parse
        from editor.fountain.source import SourceDecodeError, read_file

        try:
            source = read_file(str(source_path), args.encoding)
        except SourceDecodeError as exc:
            return _fail(prog, f"{source_path}: {exc}")
        except OSError as exc:
            return _fail(prog, _os_message(exc, str(source_path)))
        script = parse(source.text)

        from editor.export.formats import ExportOptions, Format, export_script
        from editor.fountain.pagination import Paper

        options = ExportOptions(
            paper=Paper(args.paper),
            scene_numbers=args.scene_numbers,
            print_notes=args.notes,
            title_page=not args.no_title_page,
        )
        if out_path is None:
            sys.stdout.write(_render_text(script, Format(fmt), options))
            return 0
        try:
            result = export_script(script, out_path, fmt, options)
        except OSError as exc:
            return _fail(prog, _os_message(exc, str(out_path)))
        pages = f" ({result.pages} pages)" if result.pages is not None else ""
        print(f"wrote {result.path}{pages}")
        return 0
    except KeyboardInterrupt:
        return _fail(prog, "interrupted")
    except Exception as exc:  # the last line of defence: a message, never a traceback
        log.debug("export failed", exc_info=True)
        return _fail(prog, f"export failed: {exc}")


def _render_text(script: Script, fmt: Format, options: ExportOptions) -> str:
    """FDX or HTML as text, for ``-o -``."""
    if fmt == "fdx":
        from editor.fountain.fdx import FdxOptions, to_fdx

        return to_fdx(script, FdxOptions(scene_numbers=options.scene_numbers))
    from editor.export.common import title_field
    from editor.export.html import render_html
    from editor.fountain.pagination import paginate

    return render_html(paginate(script, options.pagination()), title=title_field(script.title_page, "title"))


def import_main(argv: list[str]) -> int:
    prog = "screenwright import"
    args = _parse(_import_parser(), argv)
    if isinstance(args, int):
        return args
    source_path = Path(args.file)
    if args.output == "-":
        out_path = None
    else:
        out_path = Path(args.output) if args.output else source_path.with_suffix(".fountain")
    if out_path is not None and out_path.exists() and not args.force:
        return _fail(prog, f"{out_path} already exists; use --force to overwrite it or -o to pick another")
    try:
        from editor.export.formats import fdx_bytes_to_fountain
        from editor.fountain.fdx import FdxError
        from inference.fsio import atomic_write

        try:
            data = source_path.read_bytes()
        except OSError as exc:
            return _fail(prog, _os_message(exc, str(source_path)))
        try:
            text = fdx_bytes_to_fountain(data)
        except FdxError as exc:
            return _fail(prog, f"{source_path}: {exc}")
        if out_path is None:
            sys.stdout.write(text)
            return 0
        try:
            atomic_write(out_path, text.encode("utf-8"))
        except OSError as exc:
            return _fail(prog, _os_message(exc, str(out_path)))
        print(f"wrote {out_path}")
        return 0
    except KeyboardInterrupt:
        return _fail(prog, "interrupted")
    except Exception as exc:  # the last line of defence: a message, never a traceback
        log.debug("import failed", exc_info=True)
        return _fail(prog, f"import failed: {exc}")
