"""The layers hold (docs/ARCHITECTURE.md): the Fountain engine and the AI tasks are Qt-free.

Every module under ``editor.fountain`` and ``editor.ai`` is imported in a fresh interpreter, which
must then hold no PySide6 (or its shiboken6 runtime) and no torch or transformers: the command-line
tools, the model process and the tests use these packages without a GUI, and the editor's runtime
path never loads the conversion stack.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "shiboken6", "torch", "transformers")
QT_FREE_PACKAGES = ("editor.fountain", "editor.ai", "editor.production", "editor.analysis")


def _modules(package: str) -> list[str]:
    folder = ROOT.joinpath(*package.split("."))
    return [package] + [info.name for info in pkgutil.walk_packages([str(folder)], package + ".")]


def _loaded_after(modules: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("package", QT_FREE_PACKAGES)
def test_every_module_loads_no_qt_and_no_torch(package: str) -> None:
    modules = _modules(package)
    assert len(modules) > 5  # the walk found the package's modules
    loaded = _loaded_after(modules)
    if loaded:  # name the culprits, one fresh interpreter per module
        culprits = {name: found for name in modules if (found := _loaded_after([name]))}
        pytest.fail(f"{package} loads {loaded}: {culprits}")
