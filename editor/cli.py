"""The ``screenwright`` command: the editor by default, plus tooling subcommands.

Subcommands import their implementation lazily so that ``screenwright export`` never pays for Qt
widgets it does not show, and the GUI never imports the AI command line.

    screenwright [FILE ...]                 open the editor
    screenwright export FILE --to pdf|fdx|html ...
    screenwright import FILE.fdx ...
    screenwright ai SUBCOMMAND ...
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

# subcommand -> "module:function"; each function takes argv (without the subcommand) and returns an exit code.
SUBCOMMANDS: dict[str, str] = {
    "export": "editor.export.cli:export_main",
    "import": "editor.export.cli:import_main",
    "ai": "editor.ai.cli:main",
}
GUI_ENTRY = "editor.app:main"


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
    return int(_resolve(GUI_ENTRY)(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
