"""``screenwright compare`` and ``screenwright provenance``: production drafts on the command line.

    screenwright compare OLD NEW [--json] [--to pdf -o OUT] [--color blue] [--date YYYY-MM-DD]
                         [--changed-pages-only] [--paper letter|a4] [--scene-numbers]
    screenwright provenance FILE [--json]

``compare`` prints which scenes changed, moved, were added or omitted and which pages of NEW carry
changes; ``--json`` gives the same for a production office's tools; ``--to pdf`` prints NEW with an
asterisk on every changed line and the revision colour and date at the top of changed pages.
Either draft may be a Fountain file or a Final Draft ``.fdx``. Errors are one line on stderr with
exit status 1 (2 for a command-line mistake), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from editor.production import colors
from editor.production.storage import ProductionData

log = logging.getLogger(__name__)
_LIST_LIMIT = 200


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


class DraftError(ValueError):
    """A draft that cannot be read, with the reason in words."""


@dataclass(slots=True)
class Draft:
    path: Path
    body: str  # Fountain text without the settings block
    data: ProductionData


def load_draft(path: str | Path, encoding: str | None = None) -> Draft:
    """Read a Fountain or FDX draft (raises DraftError with a clear reason)."""
    from editor.fountain.source import SourceDecodeError, read_file
    from editor.production import storage

    source = Path(path)
    if source.is_dir():
        raise DraftError(f"{source}: is a folder, not a script")
    if source.suffix.lower() == ".fdx":
        from editor.fountain.fdx import FdxError
        from editor.production.fdx_revisions import fdx_to_fountain_with_marks

        try:
            body, marks = fdx_to_fountain_with_marks(source.read_bytes())
        except OSError as exc:
            raise DraftError(f"{source}: {(exc.strerror or str(exc)).lower()}") from None
        except FdxError as exc:
            raise DraftError(f"{source}: {exc}") from None
        data = ProductionData(marks=marks)
        return Draft(source, body, data)
    try:
        text = read_file(str(source), encoding).text
    except SourceDecodeError as exc:
        raise DraftError(f"{source}: {exc}") from None
    except OSError as exc:
        raise DraftError(f"{source}: {(exc.strerror or str(exc)).lower()}") from None
    body, block = storage.split(text)
    return Draft(source, body, block.data if block is not None else ProductionData())


def _compare_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright compare", description="Compare two drafts of a screenplay by scene.")
    parser.add_argument("old", help="the earlier draft (.fountain or .fdx)")
    parser.add_argument("new", help="the later draft (.fountain or .fdx)")
    parser.add_argument("--json", action="store_true", help="print the changed scenes and pages as JSON")
    parser.add_argument("--to", dest="fmt", choices=("pdf",), help="print NEW as a revised-pages PDF")
    parser.add_argument("-o", "--output", help="output file for --to pdf")
    parser.add_argument(
        "--color", default="blue", help="revision colour (White, Blue, Pink, ...; default Blue)"
    )
    parser.add_argument("--date", help="revision date, YYYY-MM-DD (default: today)")
    parser.add_argument("--changed-pages-only", action="store_true", help="print only the pages that changed")
    parser.add_argument(
        "--paper", choices=("letter", "a4"), default="letter", help="paper size (default: letter)"
    )
    parser.add_argument("--scene-numbers", action="store_true", help="print scene numbers in both margins")
    return parser


def compare_main(argv: list[str]) -> int:
    prog = "screenwright compare"
    try:
        args = _compare_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        generation = colors.generation_for(args.color)
    except ValueError as exc:
        return _fail(prog, str(exc))
    when = args.date or Date.today().isoformat()
    try:
        Date.fromisoformat(when)
    except ValueError:
        return _fail(prog, f"--date {when}: not a date (use YYYY-MM-DD)")
    if args.fmt == "pdf" and not args.output:
        return _fail(prog, "give the PDF a file name with -o")
    try:
        old, new = load_draft(args.old), load_draft(args.new)
        from editor.fountain.pagination import PaginationOptions, Paper, paginate
        from editor.fountain.parser import parse
        from editor.production.compare import changed_pages, compare_scripts

        new_script = parse(new.body)
        comparison = compare_scripts(parse(old.body), new_script)
        options = PaginationOptions(paper=Paper(args.paper), scene_numbers=args.scene_numbers)
        pages = changed_pages(paginate(new_script, options), comparison.changed_lines)
        if args.fmt == "pdf":
            from editor.export.pdf import export_pdf
            from editor.production.revised import RevisedPrint

            out = Path(args.output)
            if out.resolve() in (Path(args.old).resolve(), Path(args.new).resolve()):
                return _fail(prog, f"{out}: the output would overwrite a draft")
            if args.changed_pages_only and not comparison.changed_lines:
                return _fail(prog, "no line changed between the drafts: there are no changed pages to print")
            revised = RevisedPrint(
                dict.fromkeys(comparison.changed_lines, generation), generation, when, args.changed_pages_only
            )
            try:
                count = export_pdf(new_script, out, options, revised=revised)
            except OSError as exc:
                return _fail(prog, f"{out}: {(exc.strerror or str(exc)).lower()}")
            print(f"wrote {out} ({count} pages; changed pages: {_page_list(pages)})")
            if not args.json:
                return 0
        if args.json:
            payload = comparison.to_json(pages)
            payload["revision"] = {"color": colors.color(generation).name, "date": when}
            print(json.dumps(payload, indent=2, ensure_ascii=False))
            return 0
        print(comparison.summary())
        listed = [c for c in comparison.scenes if c.status != "unchanged" or c.moved]
        if not comparison.related:
            listed = []  # two different scripts: a list of every scene says nothing more
        for change in listed[:_LIST_LIMIT]:
            number = change.new_number or change.old_number or ""
            label = change.status + (" (moved)" if change.moved and change.status != "moved" else "")
            where = (
                f"line {change.new_line + 1}"
                if change.new_line is not None
                else "was line " + str((change.old_line or 0) + 1)
            )
            heading = change.heading or "(before the first scene)"
            print(f"  {number:>5}  {label:<17} {heading}  [{where}]")
        if len(listed) > _LIST_LIMIT:
            print(f"  ... and {len(listed) - _LIST_LIMIT} more (--json lists them all)")
        print(f"Changed pages: {_page_list(pages)}")
        return 0
    except DraftError as exc:
        return _fail(prog, str(exc))
    except KeyboardInterrupt:
        return _fail(prog, "interrupted")
    except Exception as exc:  # the last line of defence: a message, never a traceback
        log.debug("compare failed", exc_info=True)
        return _fail(prog, f"compare failed: {exc}")


def _page_list(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages) if pages else "none"


def provenance_main(argv: list[str]) -> int:
    prog = "screenwright provenance"
    parser = _Parser(prog=prog, description="List the AI-written passages of a script.")
    parser.add_argument("file", help="the .fountain file")
    parser.add_argument(
        "--json", action="store_true", help="print scenes, lines, share of words and models as JSON"
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        from editor.production.provenance import provenance_report

        draft = load_draft(args.file)
        report = provenance_report(draft.body, draft.data.spans)
        if args.json:
            print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
            return 0
        print(report.summary())
        for passage in report.passages:
            scene = f"scene {passage.scene}" if passage.scene else "before the first scene"
            lines = (
                f"line {passage.line + 1}"
                if passage.line == passage.end_line
                else f"lines {passage.line + 1}-{passage.end_line + 1}"
            )
            model = passage.model or "unknown model"
            print(f"  {scene}, {lines}: {passage.words} words by {model} ({passage.date})")
        return 0
    except DraftError as exc:
        return _fail(prog, str(exc))
    except Exception as exc:  # the last line of defence
        log.debug("provenance failed", exc_info=True)
        return _fail(prog, f"provenance failed: {exc}")


def _fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 1
