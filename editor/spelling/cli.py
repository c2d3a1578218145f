"""``screenwright spell``: the script's misspelled words from the command line.

    screenwright spell FILE [--json] [--language en_US|en_GB|de|...] [--no-suggestions]

Checks what the editor underlines (action, dialogue, parentheticals, transitions, centred text and
lyrics; never names, headings, notes or the title page), knowing the script's own names, places and
dictionary block and the writer's user dictionary. Prints ``LINE:COLUMN word -> suggestions`` per
word, or a JSON list of ``{line, column, word, suggestions}``. Exit status 0 (misspellings are a
report, not a failure), 1 for a file that cannot be read, 2 for a command-line mistake.
"""

from __future__ import annotations

import argparse
import json
import sys

from editor.spelling.checker import DEFAULT_LANGUAGE, LANGUAGES


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="screenwright spell", description="List the misspelled words of a Fountain script.")
    parser.add_argument("file", help="the .fountain file to check")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    parser.add_argument(
        "--language",
        default=DEFAULT_LANGUAGE,
        choices=sorted(LANGUAGES),
        help=f"dictionary (default: {DEFAULT_LANGUAGE})",
    )
    parser.add_argument("--no-suggestions", action="store_true", help="only the flagged words (faster)")
    parser.add_argument("--encoding", help="text encoding of FILE when it is not UTF-8 (e.g. cp1252)")
    return parser


def main(argv: list[str]) -> int:
    prog = "screenwright spell"
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    from editor.fountain import source
    from editor.fountain.parser import parse
    from editor.fountain.spelling import script_known_words
    from editor.spelling.checker import SpellChecker

    try:
        text = source.read_file(args.file, args.encoding).text
    except OSError as exc:
        print(f"{prog}: error: {args.file}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
    except source.SourceDecodeError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    script = parse(text)
    checker = SpellChecker(args.language).load()
    checker.set_script_words(script_known_words(script))
    flagged = checker.check(text.split("\n"), script.line_types, suggest=not args.no_suggestions)
    if args.json:
        json.dump([m.to_json() for m in flagged], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for m in flagged:
        hint = f" -> {', '.join(m.suggestions)}" if m.suggestions else ""
        print(f"{m.line + 1}:{m.start + 1} {m.word}{hint}")
    print(f"{len(flagged)} misspelled word{'s' if len(flagged) != 1 else ''}", file=sys.stderr)
    return 0
