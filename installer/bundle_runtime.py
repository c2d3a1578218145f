"""What the packaged application does differently from a source install.

The bundle carries its own Python, Qt, onnxruntime-genai, fonts and the default int4 ONNX model, and
leaves out torch/transformers. Four consequences live here, away from the editor and inference
packages, which stay unaware of how they were installed:

* The default model ships read-only inside the bundle (``<bundle>/models/<name>/``) but the editor
  looks for models in the writer's model store. On first use the bundled copy is installed into the
  store through the store's own staging + atomic rename, so the writer's own imports, ``use`` and
  ``remove`` keep working exactly as in a source install, and moving or updating the app never
  leaves the store pointing at a vanished folder.
* The search model (search by meaning) ships there too, under ``models/.embedders/``, and is read
  in place: nothing of the writer's refers to it, so an app update simply brings its own.
* Conversion (GGUF or Hugging Face checkpoints) needs PyTorch, which the bundle does not have. The
  full install starts those steps as ``python -m ...`` children; inside the bundle ``sys.executable``
  is the app itself, so such a child lands here and must explain, not open a second editor.
* ``screenwright doctor`` checks a bundle from the inside (versions, model, one short generation),
  which is how a writer or the installer test confirms a download works offline.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Set by the installer test and the cold-start benchmark: a JSON report is written here once editable.
PROBE_ENV = "SCREENWRIGHT_STARTUP_PROBE"
BUNDLED_MODELS_SUBDIR = "models"

CONVERSION_REFUSAL = (
    "ConversionError: this Screenwright app runs models but cannot convert them: PyTorch and "
    "transformers, which turn GGUF files and Hugging Face checkpoints into ONNX, are not part of the app "
    "(they would make it ten times larger). Convert the model with the full install "
    "(`pip install -e '.[convert]'` in a source checkout, then `screenwright-model import PATH`), and "
    "import the converted onnxruntime-genai folder here with `screenwright model import FOLDER` or "
    "from the Models dialog."
)
_CONVERSION_HINT = (
    "Convert it with the full install (`pip install -e '.[convert]'` in a source checkout, then "
    "`screenwright-model import PATH`); it writes an onnxruntime-genai folder under its model store "
    "(`screenwright-model info NAME` shows where) that this app imports with "
    "`screenwright model import FOLDER`."
)


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """Where the bundle's data files are (PyInstaller's ``_internal`` folder, or ``Contents/Frameworks``)."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parent.parent


def bundled_models_dir() -> Path:
    return bundle_root() / BUNDLED_MODELS_SUBDIR


def bundled_embedders_dir() -> Path | None:
    """The bundle's folder of search models, or None outside a bundle or when this build has none."""
    if not is_frozen():
        return None  # a source checkout uses the store that `make model` fills
    folder = bundled_models_dir() / ".embedders"
    return folder if any(folder.glob("*/manifest.json")) else None


def prepare_environment() -> None:
    """Point the editor at the bundle's resources and forbid any library from reaching the network."""
    if is_frozen():
        os.environ.setdefault("SCREENWRIGHT_RESOURCES_DIR", str(bundle_root() / "resources"))
        embedders = bundled_embedders_dir()
        if embedders is not None:
            # Search by meaning reads the bundled search model in place: the app cannot convert
            # one into the store, and a read-only copy needs no install step.
            os.environ.setdefault("SCREENWRIGHT_EMBEDDERS_DIR", str(embedders))
        restore_library_path()
    from inference.store.paths import set_offline_switches

    set_offline_switches()


def restore_library_path() -> None:
    """Give programs the app starts (a PDF viewer through xdg-open) the writer's own library path.

    PyInstaller's bootloader prepends the bundle to LD_LIBRARY_PATH so the app finds its libraries;
    inherited by a child, it makes system programs load the bundle's glib or zlib instead of their
    own and crash. The running process is unaffected: the dynamic loader read the variable once, at
    start. (The bootloader keeps the original value in LD_LIBRARY_PATH_ORIG.)
    """
    if not sys.platform.startswith("linux") or "LD_LIBRARY_PATH" not in os.environ:
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        del os.environ["LD_LIBRARY_PATH"]


# -- the bundled default model ----------------------------------------------------------------


def bundled_model(name: str | None = None) -> Path | None:
    """The bundled model folder (``manifest.json`` + ``onnx/``), or None when this build has none."""
    from inference.store.models import DEFAULT_MODEL_NAME

    if not is_frozen():
        return None  # a source checkout uses the store that `make model` fills
    folder = bundled_models_dir() / (name or DEFAULT_MODEL_NAME)
    return folder if (folder / "manifest.json").is_file() else None


def ensure_default_model(root: Path | None = None, *, source: Path | None = None) -> str:
    """Install the bundled default model into the store when the store has no usable copy.

    Returns what happened (``present``, ``installed``, ``replaced-damaged``, ``replaced-outdated``,
    ``no-bundled-model``) for logs and ``doctor``. A store copy converted from a different source
    checkpoint (an app update that ships a new default model) is replaced; the default model's name
    belongs to the app. Never raises for a store problem: the editor still starts and its AI status
    explains what is wrong, which beats refusing to open the writer's script.
    """
    from inference.errors import InferenceError, ModelCorruptError
    from inference.store.manifest import ORT_SUBDIR, read_manifest
    from inference.store.models import DEFAULT_MODEL_NAME, get_model, install_staged, models_dir, staging_dir

    root = root or models_dir()
    source = source or bundled_model()
    outcome = "installed"
    try:
        bundled_sha = read_manifest(source).sha256 if source is not None else ""
    except InferenceError:
        bundled_sha = ""  # reported below, when the copy is attempted
    try:
        current = get_model(DEFAULT_MODEL_NAME, root)
        current_sha = current.manifest.sha256 if current.manifest else ""
        if not (bundled_sha and current_sha and bundled_sha != current_sha):
            return "present"
        outcome = "replaced-outdated"
    except ModelCorruptError:
        outcome = "replaced-damaged"
    except InferenceError:
        pass
    if source is None:
        return "no-bundled-model"
    started = time.perf_counter()
    try:
        manifest = read_manifest(source)
        staging = staging_dir(DEFAULT_MODEL_NAME, root)
        try:
            shutil.copytree(source / ORT_SUBDIR, staging / ORT_SUBDIR)
            install_staged(staging, manifest, root, replace=outcome != "installed")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except InferenceError as exc:
        # Another instance may have installed it a moment ago; that is success too.
        try:
            get_model(DEFAULT_MODEL_NAME, root)
            return "present"
        except InferenceError:
            log.warning("could not install the bundled model into %s: %s", root, exc)
            return f"failed: {exc}"
    except OSError as exc:
        log.warning("could not install the bundled model into %s: %s", root, exc)
        return f"failed: {exc.strerror or exc}"
    log.info("bundled model into %s (%s) in %.2f s", root, outcome, time.perf_counter() - started)
    return outcome


# -- conversion is not available in the bundle ------------------------------------------------


def refuse_python_child(argv: list[str]) -> int:
    """A ``python -m MODULE ...`` child the full install would start (conversion, pip): explain, exit 3.

    The message goes to stdout and stderr: the converter logs the child's combined output and
    reports the last line that looks like an error, so the writer sees this sentence in the dialog.
    """
    target = " ".join(argv[:2])
    print(f"(asked to run `python {target}` inside the Screenwright app)", file=sys.stderr)
    print(CONVERSION_REFUSAL, file=sys.stderr, flush=True)
    print(CONVERSION_REFUSAL, flush=True)
    return 3


def model_main(argv: list[str]) -> int:
    """``screenwright model ...``: the bundled ``screenwright-model``, minus what needs PyTorch."""
    from inference.cli import main as model_cli

    if argv[:1] == ["install-default"]:
        outcome = ensure_default_model()
        if outcome in ("present", "installed", "replaced-damaged"):
            print(f"The default model is installed ({outcome}).")
            return 0
        print(f"error: the bundled default model could not be installed ({outcome}).", file=sys.stderr)
        return 1
    if argv[:1] == ["import"]:
        paths = [a for a in argv[1:] if not a.startswith("-")]
        if paths:
            kind = _source_kind(Path(paths[0]))
            if kind in ("gguf", "hf"):
                what = "a GGUF file" if kind == "gguf" else "a Hugging Face checkpoint"
                print(
                    f"error: {paths[0]} is {what}; this app can only import ready onnxruntime-genai folders.",
                    file=sys.stderr,
                )
                print(f"  {_CONVERSION_HINT}", file=sys.stderr)
                return 1
    return int(model_cli(argv) or 0)


def _source_kind(path: Path) -> str | None:
    from inference.convert.conversion import detect_source
    from inference.errors import InferenceError

    try:
        return detect_source(path.expanduser())
    except InferenceError:
        return None  # the regular command prints the precise problem


# -- doctor -------------------------------------------------------------------------------------

DOCTOR_PROMPT = (
    "INT. DINER - NIGHT\n\nRain streaks the window. MAYA (30s) slides into a booth across from LEO.\n\n"
    "MAYA\nYou said you'd be here at eight.\n\nLEO\n"
)


def doctor(argv: list[str]) -> int:
    """``screenwright doctor [--json] [--no-generate]``: is this install whole and able to write offline?"""
    import argparse

    parser = argparse.ArgumentParser(
        prog="screenwright doctor", description="Check this Screenwright installation."
    )
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--no-generate", action="store_true", help="skip the short test generation")
    args = parser.parse_args(argv)
    report = collect_report(generate=not args.no_generate)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        for key in sorted(report):
            print(f"{key:>22}: {report[key]}")
    return 0 if report["ok"] else 1


def collect_report(*, generate: bool) -> dict[str, Any]:
    import platform

    from editor import __version__

    report: dict[str, Any] = {
        "version": __version__,
        "frozen": is_frozen(),
        "bundle": str(bundle_root()),
        "python": platform.python_version(),
        "executable": sys.executable,
        # The bundle must run models without the conversion stack: say so if it ever sneaks in.
        "torch_present": importlib.util.find_spec("torch") is not None,
        "transformers_present": importlib.util.find_spec("transformers") is not None,
        "bundled_model": str(bundled_model() or ""),
        # What programs started from the app inherit (must not point into the bundle).
        "child_ld_library_path": os.environ.get("LD_LIBRARY_PATH", ""),
    }
    problems: list[str] = []
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        report["qt"] = f"{qVersion()} (PySide6 {pyside_version})"
    except ImportError as exc:
        problems.append(f"Qt: {exc}")
    try:
        import onnxruntime_genai as og

        report["onnxruntime_genai"] = og.__version__
    except ImportError as exc:
        problems.append(f"onnxruntime-genai: {exc}")
    try:
        import matplotlib

        report["charts"] = f"matplotlib {matplotlib.__version__}"
    except ImportError as exc:
        problems.append(f"reports cannot draw charts: {exc}")
    from inference.embed.provision import embedder_path, embedder_status

    ok, why = embedder_status()
    report["search_model"] = str(embedder_path()) if ok else why
    if ok:
        try:
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401
        except ImportError as exc:
            problems.append(f"search by meaning cannot run its model: {exc}")
    elif is_frozen():
        problems.append(f"search by meaning: {why}")
    report["fonts"] = sorted(p.name for p in (_resources_dir() / "fonts").glob("*.otf"))
    if not report["fonts"]:
        problems.append(f"no bundled fonts in {_resources_dir() / 'fonts'}")

    from inference.errors import InferenceError
    from inference.store.models import active_model, models_dir

    report["models_dir"] = str(models_dir())
    report["default_model_setup"] = ensure_default_model()
    try:
        info = active_model()
        report["model"] = info.name
        report["model_path"] = str(info.path)
    except InferenceError as exc:
        problems.append(str(exc))
        info = None
    if generate and info is not None:
        try:
            report["generation"] = _generate(info.path)
            if not report["generation"]["text"].strip():
                problems.append("the model generated no text")
        except InferenceError as exc:
            problems.append(f"generation failed: {exc}")
    report["problems"] = problems
    report["ok"] = not problems
    return report


def _resources_dir() -> Path:
    explicit = os.environ.get("SCREENWRIGHT_RESOURCES_DIR")
    return Path(explicit) if explicit else bundle_root() / "resources"


def _generate(model_path: Path, timeout_s: float = 120.0) -> dict[str, Any]:
    """One short generation through the editor's own path: ``InferenceClient`` and its worker thread.

    This is what ghost text uses, so a bundle that passes here has a working model, onnxruntime
    and QThread worker, not just an importable library. A CLI command, so a local event loop is fine.
    """
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from inference.errors import GenerationError
    from inference.runtime.client import InferenceClient
    from inference.runtime.types import GenerationParams, Priority, Request

    _app = QCoreApplication.instance() or QCoreApplication(["screenwright-doctor"])
    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    statuses: list[str] = []

    def on_status(state: str, _detail: str) -> None:
        statuses.append(state)

    def on_finished(_request_id: int, result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def on_failed(_request_id: int, reason: str) -> None:
        outcome["error"] = reason
        loop.quit()

    started = time.perf_counter()
    client = InferenceClient(model_path, "ort", max_length=512)
    client.status_changed.connect(on_status)
    client.finished.connect(on_finished)
    client.failed.connect(on_failed)
    params = GenerationParams(max_tokens=24, temperature=0.0, stop=["\n\n"])
    client.submit(Request(task="doctor", priority=Priority.AUTOCOMPLETE, prompt=DOCTOR_PROMPT, params=params))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    in_child = _model_in_child_process()
    client.shutdown()
    if "error" in outcome:
        raise GenerationError(str(outcome["error"]))
    if "result" not in outcome:
        raise GenerationError(f"the model worker gave no answer within {timeout_s:.0f} s")
    result = outcome["result"]
    return {
        "prompt": DOCTOR_PROMPT,
        "text": result.text,
        "tokens": result.tokens,
        "finish_reason": result.finish_reason,
        "worker_states": statuses,
        "model_process": in_child,
        "total_s": round(time.perf_counter() - started, 3),
        "ttft_s": round(result.ttft_s, 3),
        "tokens_per_s": round(result.tokens_per_s, 1),
    }


def _model_in_child_process() -> bool:
    """True when the model runs in a child (``screenwright --model-process``), not in this process."""
    import psutil

    from inference.runtime.model_process import FROZEN_FLAG

    for child in psutil.Process().children():
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if FROZEN_FLAG in command or "inference.runtime.model_process" in command:
            return True
    return False


# -- startup probe (tests and the cold-start benchmark) ---------------------------------------


def install_startup_probe(report_path: Path) -> None:
    """Report the moment the first window has a visible, writable editor, then quit.

    Patches ``QApplication.exec`` (only when the probe variable is set) to start a 5 ms timer on the
    GUI thread; the editor's code is untouched and unaware. The report carries the wall-clock time
    so the parent process can measure from its own ``Popen`` call, and proves the editor accepts
    typing (a character typed through Qt's event system changes the document; then it is undone).
    """
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def exec_with_probe(*_args: object) -> int:
        from PySide6.QtCore import QTimer

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: _probe_tick(timer, report_path))
        timer.start()
        return int(original_exec())

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]


def _probe_tick(timer: Any, report_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit

    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        editors = [
            e
            for e in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit)
            if e.isVisible() and e.isEnabled() and not e.isReadOnly()
        ]
        if not editors:
            continue
        ready_at = time.time()
        timer.stop()
        editor = editors[0]
        report = {
            "ready_wall": ready_at,
            "window_class": type(window).__name__,
            "window_title": window.windowTitle(),
            "editor_class": type(editor).__name__,
            "blocks": editor.document().blockCount(),
            "characters": editor.document().characterCount() - 1,
            "first_line": editor.document().firstBlock().text(),
            "typed_ok": _type_and_undo(editor),
            "platform": QApplication.platformName(),
        }
        from inference.fsio import atomic_write

        atomic_write(report_path, json.dumps(report).encode("utf-8"))
        for top in QApplication.topLevelWidgets():
            top.close()
        QApplication.quit()
        return


def _type_and_undo(editor: Any) -> bool:
    """Type one character through Qt's key events (as a writer would) and take it back."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    document = editor.document()
    before = document.toPlainText()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_Z, Qt.KeyboardModifier.NoModifier, "z"))
    typed = document.toPlainText() != before
    while document.isUndoAvailable() and document.toPlainText() != before:
        document.undo()
    document.setModified(False)
    return typed and document.toPlainText() == before
