"""Model faults never touch writing: the editor keeps working, the AI status says why, Retry works.

Everything runs through the real pieces: ``AIController`` (the window's AI switch and status), its
``InferenceClient`` and worker thread, and the AI status view in the status bar, over the tiny
test model. Faults are real files (missing, truncated, corrupt) or exceptions raised inside the
model call on the worker thread (a crash in the runtime, ``MemoryError``).
"""

from __future__ import annotations

import gc
import inspect
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from support.editor_testkit import type_text

from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.status_view import AIStatusView
from editor.config.resources import load_script_fonts, script_font
from editor.config.settings import Settings
from editor.page.document import ScriptDocument
from editor.page.script_editor import ScriptEditor
from inference.runtime.types import GenerationParams, Request

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def rig(qtbot, tmp_path: Path):
    """An editor, and a factory for an AI controller + status label over a given model folder."""
    load_script_fonts()
    editor = ScriptEditor(ScriptDocument("INT. DINER - NIGHT\n\n", font=script_font()))
    qtbot.addWidget(editor)
    editor.resize(800, 500)
    editor.show()
    made: list[AIController] = []

    def controller_for(model: Path, *, isolate: bool | None = None) -> tuple[AIController, AIStatusView]:
        factory = None
        if isolate is not None:
            from inference.runtime.client import InferenceClient

            if "isolate" in inspect.signature(InferenceClient).parameters:
                factory = lambda: InferenceClient(model, isolate=isolate)  # noqa: E731
            elif isolate:
                pytest.skip("this inference client has no model process")
        controller = AIController(
            Settings(tmp_path / "settings.ini"), model_path=model, client_factory=factory
        )
        made.append(controller)
        label = QLabel()
        qtbot.addWidget(label)
        return controller, AIStatusView(label, controller)

    yield editor, controller_for
    for controller in made:
        controller.shutdown()


def _assert_error_with_retry(qtbot, controller: AIController, view: AIStatusView, words: str) -> None:
    qtbot.waitUntil(lambda: controller.state == "error", timeout=60000)
    assert words in controller.last_error.lower(), controller.last_error
    # The bar shows a short reason and Retry; the full reason is in the tooltip.
    assert view.text().startswith("AI: ") and view.text().endswith("Retry"), view.text()
    assert words in view.label.toolTip().lower()


def _assert_editor_usable(qtbot, editor: ScriptEditor) -> None:
    before = editor.script_document.text()
    type_text(qtbot, editor, "Rain.")
    assert editor.script_document.text() != before and "Rain." in editor.script_document.text()


def _generate(qtbot, controller: AIController) -> tuple[str, object]:
    client = controller.client()
    outcome: dict[str, object] = {}
    client.finished.connect(lambda rid, result: outcome.setdefault("finished", result))
    client.failed.connect(lambda rid, reason: outcome.setdefault("failed", reason))
    client.submit(Request(prompt="MARA\nI told you", params=GenerationParams(max_tokens=4)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=60000)
    return next(iter(outcome.items()))


def test_missing_model_shows_the_reason_and_retry_loads_it_once_installed(
    rig, qtbot, tiny_model, tmp_path
) -> None:
    editor, controller_for = rig
    model = tmp_path / "later-model"
    controller, view = controller_for(model)
    controller.preload()
    _assert_error_with_retry(qtbot, controller, view, "install")
    _assert_editor_usable(qtbot, editor)
    shutil.copytree(tiny_model.path, model)
    controller.retry()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=60000)
    assert view.text().startswith("AI ready")
    assert _generate(qtbot, controller)[0] == "finished"


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "bad_config", "no_tokenizer"])
def test_damaged_model_files_are_reported_and_retry_recovers(
    rig, qtbot, tiny_model, tmp_path, damage
) -> None:
    editor, controller_for = rig
    model = tmp_path / "model"
    shutil.copytree(tiny_model.path, model)
    onnx = next(model.rglob("model.onnx"))
    originals = {p: p.read_bytes() for p in model.rglob("*") if p.is_file()}
    if damage == "truncated":
        onnx.write_bytes(onnx.read_bytes()[: onnx.stat().st_size // 3])
    elif damage == "corrupt":
        onnx.write_bytes(os.urandom(4096))
    elif damage == "bad_config":
        (onnx.parent / "genai_config.json").write_text("{ not json", "utf-8")
    else:
        (onnx.parent / "tokenizer.json").unlink()
    controller, view = controller_for(model)
    controller.preload()
    _assert_error_with_retry(qtbot, controller, view, "")
    assert controller.last_error
    _assert_editor_usable(qtbot, editor)
    assert _generate(qtbot, controller)[0] == "failed"  # a request says why instead of hanging
    for path, data in originals.items():  # the writer re-installs the model, then clicks Retry
        path.write_bytes(data)
    controller.retry()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=60000)
    assert _generate(qtbot, controller)[0] == "finished"


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (RuntimeError("onnxruntime: bad allocation in MatMul"), "failed unexpectedly"),
        (MemoryError(), "memory"),
    ],
)
def test_worker_exception_or_out_of_memory_keeps_the_editor_and_offers_retry(
    rig, qtbot, tiny_model, monkeypatch, fault, words
) -> None:
    from inference.runtime.session import InferenceSession

    editor, controller_for = rig
    controller, view = controller_for(tiny_model.path, isolate=False)  # the fault is raised in this process

    def explode(self, *args, **kwargs):
        raise fault

    monkeypatch.setattr(InferenceSession, "generate", explode)
    name, reason = _generate(qtbot, controller)
    assert name == "failed" and words in str(reason).lower()
    _assert_error_with_retry(qtbot, controller, view, "")
    _assert_editor_usable(qtbot, editor)
    monkeypatch.undo()  # the fault passes (memory freed, runtime fixed)
    controller.retry()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=60000)
    assert _generate(qtbot, controller)[0] == "finished"


def test_conversion_killed_half_way_leaves_no_half_written_model(tiny_model, tmp_path: Path) -> None:
    from inference.errors import ModelNotFoundError
    from inference.store.models import cleanup_stale_staging, get_model, list_models

    store = tmp_path / "store"
    env = dict(os.environ, SCREENWRIGHT_MODELS_DIR=str(store), PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "inference.cli", "import", str(tiny_model.hf_dir), "--name", "half"]
    child = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # Kill once the conversion is under way: the staging folder has files in it.
        while not any(p.is_file() for p in store.glob(".staging-*/**/*")):
            assert child.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.3)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert not (store / "half").exists()
    assert [m.name for m in list_models(store)] == []
    with pytest.raises(ModelNotFoundError):
        get_model("half", store)
    cleanup_stale_staging(store, older_than_s=0)
    assert not list(store.glob(".staging-*"))
    # A second attempt installs a whole, working model.
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert get_model("half", store).error is None


def _model_children() -> list:
    """This process's live model processes (``python -m inference.runtime.model_process``)."""
    import psutil

    found = []
    for child in psutil.Process().children():
        try:
            if any("inference.runtime.model_process" in part for part in child.cmdline()):
                found.append(child)
        except psutil.Error:  # it ended while we looked
            continue
    return found


def test_model_process_killed_like_the_oom_killer_does_is_reported_and_retry_restarts_it(
    rig, qtbot, tiny_model
) -> None:

    editor, controller_for = rig
    before = {p.pid for p in _model_children()}  # other tests' model processes may still be ending
    controller, view = controller_for(tiny_model.path, isolate=True)
    assert _generate(qtbot, controller)[0] == "finished"
    children = [p for p in _model_children() if p.pid not in before]
    assert len(children) == 1, children
    children[0].send_signal(signal.SIGKILL)
    children[0].wait(10)
    name, reason = _generate(qtbot, controller)
    assert name == "failed" and "model process" in str(reason).lower(), reason
    _assert_error_with_retry(qtbot, controller, view, "")
    _assert_editor_usable(qtbot, editor)
    controller.retry()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=60000)
    assert _generate(qtbot, controller)[0] == "finished"


def test_model_process_out_of_memory_for_real_is_reported_and_retry_recovers(rig, qtbot, tiny_model) -> None:
    """The model process may map no more memory than it has now; then a feature asks for a summary.

    Goes through a feature's task driver, as the editor does: the failure reaches the AI status.
    """
    import resource

    from editor.ai.summary import summarize_task
    from editor.fountain.parser import parse

    editor, controller_for = rig
    before = {p.pid for p in _model_children()}
    controller, view = controller_for(tiny_model.path, isolate=True)
    assert _generate(qtbot, controller)[0] == "finished"
    (child,) = [p for p in _model_children() if p.pid not in before]
    used = child.memory_info().vms
    child.rlimit(resource.RLIMIT_AS, (used, used))  # no new mapping can succeed
    scene = (
        "INT. DINER - NIGHT\n\nRain streaks the window.\n\n" + "MARA\nI told you not to come here.\n\n" * 60
    )
    driver = controller.driver(summarize_task(parse(scene), 0), name="summary")
    outcome: dict[str, object] = {}
    driver.done.connect(lambda result: outcome.setdefault("done", result))
    driver.failed.connect(lambda reason: outcome.setdefault("failed", reason))
    driver.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=60000)
    assert "failed" in outcome, outcome
    qtbot.wait(500)  # let the worker's own status after the request arrive: it must not hide the error
    _assert_error_with_retry(qtbot, controller, view, "")
    _assert_editor_usable(qtbot, editor)
    controller.retry()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=60000)
    assert _generate(qtbot, controller)[0] == "finished"
