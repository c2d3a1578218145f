"""Entry point of the packaged Screenwright (the script PyInstaller freezes).

Same commands as a source install's ``screenwright``, plus what only a bundle needs:

    screenwright [FILE ...]            the editor
    screenwright export|import|ai ...  as in a source install (editor.cli)
    screenwright model ...             the bundled ``screenwright-model`` (no conversion: no PyTorch)
    screenwright doctor [--json]       check the installation, including one offline generation
    screenwright --model-process ...   (internal) the model's child process, started by the editor

Kept tiny and import-light: everything it does not need for the command at hand is imported late,
so the editor's cold start pays only for the editor.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_NO_MODEL_COMMANDS = ("export", "import", "-h", "--help")


def main() -> int:
    argv = sys.argv[1:]
    if not getattr(sys, "frozen", False):  # run from a checkout: python installer/launcher.py ...
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if argv[:1] == ["--model-process"]:
        # The editor's model runs in a child process in the bundle too (onnxruntime-genai holds the
        # GIL during every call): the app's own executable is that child. Nothing else is loaded
        # and nothing printed: stdout is the channel to the editor.
        from inference.runtime.model_process import main as model_process_main

        return model_process_main(argv[1:])
    from installer import bundle_runtime as rt

    if argv[:1] in (["-m"], ["-c"]):
        return rt.refuse_python_child(argv)
    rt.prepare_environment()
    if argv[:1] == ["doctor"]:
        return rt.doctor(argv[1:])
    if argv[:1] == ["model"]:
        return rt.model_main(argv[1:])
    if argv[:1] in (["-h"], ["--help"]):
        from editor import cli

        print(cli.__doc__.strip())
        print("    screenwright model ...                  manage models (no conversion in this app)")
        print("    screenwright doctor [--json]            check this installation offline")
        return 0
    if rt.is_frozen() and argv[:1] not in [[c] for c in _NO_MODEL_COMMANDS]:
        rt.ensure_default_model()
    probe = os.environ.get(rt.PROBE_ENV)
    if probe:
        rt.install_startup_probe(Path(probe))
    from editor.cli import main as cli_main

    return int(cli_main(argv) or 0)


if __name__ == "__main__":
    # PyInstaller runs this file as __main__; multiprocessing-style re-entry is refused above (-m/-c).
    sys.exit(main())
