"""The ``screenwright`` command: the editor by default, plus tooling subcommands.

Subcommands import their implementation lazily so that ``screenwright export`` never pays for Qt
widgets it does not show, and the GUI never imports the AI command line.

    screenwright [FILE ...]                 open the editor
    screenwright export FILE --to pdf|fdx|html ...
    screenwright import FILE.fdx ...
    screenwright compare OLD NEW [--json] [--to pdf -o OUT] [--color blue]
    screenwright provenance FILE [--json]
    screenwright ai SUBCOMMAND ...
    screenwright report FILE [--json|--html|--pdf] [-o OUT]   characters, pacing, sentiment, themes
    screenwright search PATH... "query" [--json]              scenes and speeches by meaning
    screenwright model ...                  manage local models (same as screenwright-model)
    screenwright spell FILE [--json]        misspelled words with line, column and suggestions
    screenwright scenes FILE [--json]       numbered scenes with line ranges, colours, synopses
    screenwright scenes move FILE K --before J|--after J [-o OUT]   move a scene, every byte kept

Editor options (with FILE or alone): --theme system|light|dark, --quit-after-ms N,
--screenshot PNG, --verbose. `screenwright SUBCOMMAND --help` explains each subcommand.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

# subcommand -> "module:function"; each function takes argv (without the subcommand) and returns an exit code.
SUBCOMMANDS: dict[str, str] = {
    "export": "editor.export.cli:export_main",
    "import": "editor.export.cli:import_main",
    "compare": "editor.production.cli:compare_main",
    "provenance": "editor.production.cli:provenance_main",
    "ai": "editor.ai.cli:main",
    "model": "inference.cli:main",
    "report": "editor.analysis.cli:report_main",
    "spell": "editor.spelling.cli:main",
    "scenes": "editor.desk.cli:main",
    "search": "editor.analysis.cli:search_main",
}
GUI_ENTRY = "editor.app:main"
# What a script the editor opens looks like; anything else in first position that is neither an
# option nor an existing path is a mistyped subcommand, not a new script to create.
SCRIPT_SUFFIXES = (".fountain", ".spmd", ".txt", ".fdx")


def _unknown_command(word: str) -> str | None:
    """The error for ``word`` when it cannot be a file to open, else None.

    ``screenwright exprot x.fountain`` must not open an editor on a new script called "exprot"
    (and, without a display, die in Qt): a typo gets a one-line error, like any CLI.
    """
    if word.startswith("-") or Path(word).exists() or Path(word).suffix.lower() in SCRIPT_SUFFIXES:
        return None
    return (
        f"screenwright: unknown command or file '{word}' "
        f"(commands: {', '.join(SUBCOMMANDS)}; scripts end in {', '.join(SCRIPT_SUFFIXES[:3])})"
    )


def _resolve(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    return getattr(importlib.import_module(module_name), func_name)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return int(_resolve(SUBCOMMANDS[args[0]])(args[1:]) or 0)
    if args and args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if args and (error := _unknown_command(args[0])):
        print(error, file=sys.stderr)
        return 2
    return int(_resolve(GUI_ENTRY)(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
