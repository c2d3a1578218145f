"""``screenwright report`` and ``screenwright search``: script analysis from the command line.

    screenwright report FILE [--json | --html | --pdf] [-o OUT] [--theme light|dark]
    screenwright search PATH... "query" [--json] [--limit N] [--kind scene|speech|all]

Errors are one line on stderr with exit status 1 (bad input) or 2 (a command-line mistake), never a
traceback. ``report`` without an output option prints a plain-text summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.fountain.model import Script
from editor.fountain.parser import parse
from editor.fountain.source import SourceDecodeError, decode


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def read_script(path: Path, encoding: str | None = None) -> Script:
    """Parse a Fountain file; raises ``ValueError`` with a one-line reason for unreadable input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: {exc.strerror or exc}") from exc
    try:
        text = decode(data, encoding).text
    except SourceDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return parse(text)


def _text_summary(report) -> str:  # type: ignore[no-untyped-def]
    from editor.analysis.export import _summary_rows

    out = [report.title, ""]
    out += [f"{k:<22}{v}" for k, v in _summary_rows(report)]
    if report.characters:
        out += ["", "Characters (speeches, words, share, scenes):"]
        out += [
            f"  {c.name:<24}{c.speeches:>5}{c.words:>8}{c.dialogue_share:>8.1%}{c.scenes:>6}"
            for c in report.characters[:15]
        ]
    if report.themes:
        out += ["", "Themes: " + ", ".join(t.term for t in report.themes[:12])]
    out += [f"Note: {n}" for n in report.notes]
    return "\n".join(out) + "\n"


def _scene_embeddings(script: Script):  # type: ignore[no-untyped-def]
    """One vector per scene from the search index (cached by text), or None without the model."""
    from editor.analysis.search import EmbeddingCache, ScriptIndex, default_cache_path
    from inference.errors import InferenceError

    try:
        from inference.embed.encoder import SentenceEncoder

        encoder = SentenceEncoder(threads=2)
    except InferenceError:
        return None
    index = ScriptIndex.build(script, encoder, EmbeddingCache(default_cache_path(encoder.name)))
    return index.scene_vectors


def report_main(argv: list[str]) -> int:
    parser = _Parser(
        prog="screenwright report", description="Analyse a screenplay: characters, pacing, themes."
    )
    parser.add_argument("file", help="the .fountain file")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="the report's data as JSON")
    fmt.add_argument("--html", action="store_true", help="a self-contained HTML report with charts")
    fmt.add_argument("--pdf", action="store_true", help="a PDF report, one chart per page")
    parser.add_argument("-o", "--output", help="output file (default: standard output; required for --pdf)")
    parser.add_argument("--theme", choices=("light", "dark"), default="light", help="chart colours")
    parser.add_argument(
        "--meaning",
        action="store_true",
        help="cluster scenes by meaning with the search model (seconds for a feature film, cached)",
    )
    parser.add_argument("--encoding", help="text encoding of FILE when it is not UTF-8")
    args = parser.parse_args(argv)
    if args.pdf and not args.output:
        parser.error("--pdf needs -o OUT.pdf")
    try:
        script = read_script(Path(args.file), args.encoding)
    except ValueError as exc:
        print(f"screenwright report: error: {exc}", file=sys.stderr)
        return 1
    from editor.analysis.report import build_report

    embeddings = None
    if args.meaning:
        embeddings = _scene_embeddings(script)
        if embeddings is None:
            print(
                "screenwright report: the search model is not installed; clustering by words", file=sys.stderr
            )
    report = build_report(script, embeddings=embeddings)
    try:
        if args.pdf:
            from editor.analysis.export import write_pdf

            write_pdf(report, Path(args.output), args.theme)
            return 0
        if args.html:
            from editor.analysis.export import render_html

            text = render_html(report, args.theme)
        elif args.json:
            text = json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n"
        else:
            text = _text_summary(report)
        if args.output and args.output != "-":
            from inference.fsio import atomic_write

            atomic_write(Path(args.output), text.encode("utf-8"))
        else:
            sys.stdout.write(text)
    except OSError as exc:
        print(f"screenwright report: error: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _script_paths(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".fountain", ".spmd"))
        else:
            found.append(path)
    return found


def search_main(argv: list[str]) -> int:
    parser = _Parser(
        prog="screenwright search",
        description="Find scenes and speeches by meaning in one or more scripts (or folders of scripts).",
    )
    parser.add_argument("paths", nargs="+", help="scripts or folders, then the query in quotes")
    parser.add_argument("--json", action="store_true", help="machine-readable results")
    parser.add_argument("--limit", type=int, default=5, help="results per kind (default: 5)")
    parser.add_argument("--kind", choices=("all", "scene", "speech"), default="all")
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error('give at least one script or folder and then the query, e.g. . "she lies to her mother"')
    query, paths = args.paths[-1], _script_paths(args.paths[:-1])
    if not paths:
        print("screenwright search: error: no .fountain scripts found there", file=sys.stderr)
        return 1
    from editor.analysis.search import EmbeddingCache, ScriptIndex, default_cache_path, search_scripts
    from inference.errors import InferenceError

    try:
        from inference.embed.encoder import SentenceEncoder

        encoder = SentenceEncoder(threads=2)
    except InferenceError as exc:
        print(f"screenwright search: error: {exc.message} {exc.hint}", file=sys.stderr)
        return 1
    cache = EmbeddingCache(default_cache_path(encoder.name))
    indexes = []
    for path in paths:
        try:
            script = read_script(path)
        except ValueError as exc:
            print(f"screenwright search: skipped {exc}", file=sys.stderr)
            continue
        indexes.append(ScriptIndex.build(script, encoder, cache, path=str(path)))
    hits = search_scripts(indexes, encoder.embed([query])[0], args.limit, args.kind)
    if args.json:
        json.dump([h.to_json() for h in hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for h in hits:
        where = f"{h.path}:{h.line + 1}" if len(paths) > 1 else f"line {h.line + 1}"
        sys.stdout.write(f"{h.kind:<7}{h.score:6.3f}  {where}  {h.title}\n")
    return 0
