"""AI never costs a keystroke: the keys corpus typed with AI off and with live ghost text.

Every script of ``tests/page/keys_corpus`` (Final Draft keystrokes) is typed into a real editor
twice, with no AI and with ghost text from the tiny test model (trained and converted at first use,
cached in ``.pytest_cache`` like the tests' fixture) in the real inference worker, a suggestion
asked for and waited for before every element and movement key.

Keys: ``editor.ai_key_divergences`` (scripts without an accept gesture whose files differ, target 0),
``editor.ai_key_accept_failures`` (scripts with an explicit accept gesture that did not insert,
target 0), ``editor.ai_key_scripts`` (scripts typed) and ``editor.ai_key_ghost_met_pct`` (of the
special keys pressed at a line end, the share that met ghost text: how much the check exercised).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
TINY_CACHE = ROOT / ".pytest_cache" / "d" / "screenwright-tiny-model"


def run() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        previous = {k: os.environ.get(k) for k in ("SCREENWRIGHT_CONFIG_DIR", "SCREENWRIGHT_MODELS_DIR")}
        os.environ["SCREENWRIGHT_CONFIG_DIR"] = str(Path(folder) / "config")
        try:
            return _run(app, Path(folder))
        finally:
            for key, value in previous.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _run(app, folder: Path) -> dict[str, float]:
    from support.keys_replay import GhostRun, load_corpus, run_corpus
    from support.tiny_model import cached_tiny_model

    from editor.ai_ui.ai_controller import AIController
    from editor.config.settings import Settings
    from inference.store.models import get_model, set_active_model

    tiny = cached_tiny_model(TINY_CACHE)
    store = folder / "models"
    shutil.copytree(tiny.path, store / tiny.name)
    os.environ["SCREENWRIGHT_MODELS_DIR"] = str(store)
    set_active_model(tiny.name)
    get_model(tiny.name)
    controller = AIController(Settings(folder / "settings.ini"))
    controller.client()
    try:
        run_ = GhostRun(controller)
        result = run_corpus(run_, load_corpus())
    finally:
        controller.shutdown()
    for problem in result.diverged + result.not_accepted + result.wrong_without_ai:
        print(problem, file=sys.stderr)
    met = 100.0 * run_.met_ghost / max(1, run_.special_keys)
    print(
        f"   {result.scripts} scripts; {len(result.diverged)} differ with AI on; ghost text met "
        f"{run_.met_ghost} of {run_.special_keys} special keys at a line end"
    )
    return {
        "editor.ai_key_divergences": float(len(result.diverged)),
        "editor.ai_key_accept_failures": float(len(result.not_accepted)),
        "editor.ai_key_scripts": float(result.scripts),
        "editor.ai_key_ghost_met_pct": round(met, 1),
    }
