"""Learn my voice: a LoRA fine-tune of the default model on a 120-page script, while the writer types.

Development set: a 120-page script by one "author" (``support.synthetic.generate_script``: one
writer's stock of people, places and turns of phrase); the last 10% of its scenes are held out and
never trained on. The fine-tune runs exactly as the editor runs it (editor-side training text,
``inference.finetune.job.finetune``: niced child, merge, int4 export, install into a temporary
store), while a real editor window with the same script open is typed into.

Keys: ``finetune.minutes_120p`` (whole run: training text to installed int4 model, target <= 15),
``finetune.peak_rss_mb`` (sampled sum of this process and all its children at one moment, target
<= 3000) and each process's own peak: ``finetune.peak_rss_editor_mb`` (this process: the window
and the fine-tune's parent side), ``_worker_mb`` (the editor's model process), ``_trainer_mb``
(the training child), ``_export_mb`` (the int4 export child, which runs after the trainer ends),
``finetune.heldout_ppl_before`` / ``finetune.heldout_ppl_after`` (target after <= 0.75 x before),
``finetune.next_speaker_gain`` (points of held-out next-speaker accuracy gained),
``finetune.next_word_gain`` and ``finetune.keystroke_p99_ms`` (wall-clock per key while the child
trains, target < 16), plus ``finetune.load_avg`` (the machine's 1-minute load when it ended).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from support.editor_testkit import drain, percentile, press

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEYS = "The rain will not stop. She counts the cars again.\n\tlucas\nWe should go before it gets worse.\n"


#: What each process is, from its command line: the one that runs the benchmark is the editor.
_ROLES = (
    ("inference.finetune.trainer", "trainer"),
    ("inference.convert.ort_builder", "export"),
    ("inference.runtime.model_process", "worker"),
)


def _role(proc: Any, me: int) -> str:
    if proc.pid == me:
        return "editor"
    try:
        command = " ".join(proc.cmdline())
    except Exception:  # psutil.Error: gone between listing and asking
        return "other"
    return next((role for marker, role in _ROLES if marker in command), "other")


def _rss_sampler(stop: threading.Event, peak: list[float], roles: dict[str, float]) -> None:
    """``peak[0]``: the largest sum of every process's RSS at one moment (what runs at once);
    ``roles``: each kind of process's own peak (they need not coincide)."""
    import psutil

    me = psutil.Process()
    while not stop.is_set():
        total = 0
        now: dict[str, int] = {}
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            role = _role(proc, me.pid)
            now[role] = now.get(role, 0) + rss
        peak[0] = max(peak[0], total / 2**20)
        for role, rss in now.items():
            roles[role] = max(roles.get(role, 0.0), rss / 2**20)
        stop.wait(0.5)


def run() -> dict[str, float]:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    sys.path.insert(0, str(here.parent.parent))
    from support.synthetic import generate_script

    from editor.ai.training_text import build_training_set
    from inference.convert.conversion import Converter
    from inference.finetune.job import finetune
    from inference.store.models import DEFAULT_MODEL_NAME, get_model, models_dir

    base = get_model(DEFAULT_MODEL_NAME)
    store = models_dir()
    env_keys = ("SCREENWRIGHT_DATA_DIR", "SCREENWRIGHT_CONFIG_DIR", "SCREENWRIGHT_MODELS_DIR")
    saved = {k: os.environ.get(k) for k in env_keys}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCREENWRIGHT_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["SCREENWRIGHT_CONFIG_DIR"] = str(Path(tmp) / "config")
        # The window's AI uses the real store's default model, as a writer's editor would: its
        # model process is part of what runs at once (the fine-tune installs into ``tmp``).
        os.environ["SCREENWRIGHT_MODELS_DIR"] = str(store)
        try:
            script_path = Path(tmp) / "author.fountain"
            script_path.write_text(generate_script(120, seed=11), encoding="utf-8")
            outcome: dict[str, Any] = {}
            phase = {"training": False}

            def progress(stage: str, fraction: float | None, detail: str) -> None:
                phase["training"] = detail.startswith("step ")
                if detail != phase.get("last"):
                    phase["last"] = detail
                    if detail.startswith("step ") and not detail.split()[1].endswith("0"):
                        return
                    print(f"  [{time.strftime('%H:%M:%S')}] {stage}: {detail}", flush=True)

            def work() -> None:
                try:
                    training = build_training_set([script_path]).to_json()
                    outcome["result"] = finetune(
                        Converter(on_progress=progress), base, "voice", training, root=Path(tmp) / "models"
                    )
                except BaseException as exc:  # reported below
                    outcome["error"] = exc

            stop = threading.Event()
            peak = [0.0]
            roles: dict[str, float] = {}
            sampler = threading.Thread(target=_rss_sampler, args=(stop, peak, roles), daemon=True)
            sampler.start()
            times = _type_while(work, outcome, script_path, phase)
            started = outcome.pop("started")
            stop.set()
            if "error" in outcome:
                raise outcome["error"]
            _info, record = outcome["result"]
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    before, after = record["before"], record["after"]
    minutes = (time.monotonic() - started) / 60
    print(f"  {record['verdict']}; {len(times)} keys typed while training")
    return {
        "finetune.minutes_120p": round(minutes, 2),
        "finetune.peak_rss_mb": round(peak[0], 1),
        "finetune.heldout_ppl_before": round(before["perplexity"], 3),
        "finetune.heldout_ppl_after": round(after["perplexity"], 3),
        "finetune.next_speaker_gain": round(
            100 * (after["next_speaker_accuracy"] - before["next_speaker_accuracy"]), 1
        ),
        "finetune.next_word_gain": round(100 * (after["next_word_match"] - before["next_word_match"]), 1),
        "finetune.keystroke_p99_ms": round(percentile(times, 0.99), 2),
        "finetune.load_avg": round(os.getloadavg()[0], 2),
        **{
            f"finetune.peak_rss_{role}_mb": round(roles.get(role, 0.0), 1)
            for role in ("editor", "worker", "trainer", "export", "other")
        },
    }


def _type_while(work: Any, outcome: dict[str, Any], script_path: Path, phase: dict[str, Any]) -> list[float]:
    """Open the script in a real editor window, start ``work`` in a thread, type until it ends.

    Returns wall-clock ms per key typed while the child was training (what the writer feels).
    """
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from editor.app import build_main_window
    from editor.config.resources import load_script_fonts
    from editor.config.settings import Settings

    load_script_fonts()
    window = build_main_window(Settings())
    window.resize(1400, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.open_path(script_path)
    drain()
    editor = window.current_tab().editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    thread = threading.Thread(target=work, daemon=True)
    outcome["started"] = time.monotonic()
    thread.start()
    times: list[float] = []
    index = 0
    while thread.is_alive():
        ch = KEYS[index % len(KEYS)]
        index += 1
        start = time.perf_counter()
        press(editor, ch)
        drain()
        if phase["training"]:
            times.append((time.perf_counter() - start) * 1000.0)
        QTest.qWait(40)  # a fast typist: 25 keys a second
    thread.join()
    tab = window.current_tab()
    if tab is not None:
        tab.document.qdoc.setModified(False)  # typed text is thrown away, never saved
    window.close()
    app.processEvents()
    return times
