"""AI ▸ Models…: listing, per-role choice applied without a restart, import with Cancel, removal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from editor.ai_ui.ai_controller import AIController
from editor.ai_ui.models_dialog import ModelsDialog
from inference.store.models import list_models, role_model_name


@pytest.fixture
def store(tmp_path: Path, tiny_model, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model store of two copies of the tiny model: 'tiny-a' (active by default) and 'tiny-b'."""
    root = tmp_path / "models"
    root.mkdir()
    for name in ("tiny-a", "tiny-b"):
        shutil.copytree(tiny_model.path, root / name)
        manifest = json.loads((root / name / "manifest.json").read_text())
        manifest["name"] = name
        (root / name / "manifest.json").write_text(json.dumps(manifest))
    (root / "selection.json").write_text(json.dumps({"active": "tiny-a"}))
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(root))
    return root


def test_lists_models_with_their_facts(qtbot, store: Path) -> None:
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["tiny-a  (active)", "tiny-b"]
    assert dialog.table.item(0, 1).text() == "onnxruntime-genai"
    assert dialog.table.item(0, 4).text() == "not evaluated"
    assert [dialog.role_boxes["writing"].itemData(i) for i in range(3)] == ["__active__", "tiny-a", "tiny-b"]


def test_role_choice_persists_and_applies_without_restart(qtbot, store: Path) -> None:
    controller = AIController()
    try:
        fast = controller.client("fast")
        assert controller.client("writing") is fast  # one model: one client, one process
        dialog = ModelsDialog()
        qtbot.addWidget(dialog)
        dialog.models_changed.connect(controller.reload_models)
        box = dialog.role_boxes["writing"]
        box.setCurrentIndex(box.findData("tiny-b"))
        with qtbot.waitSignal(dialog.models_changed, timeout=2000):
            box.activated.emit(box.currentIndex())
        assert role_model_name("writing") == "tiny-b"
        assert role_model_name("fast") == "tiny-a"
        assert json.loads((store / "selection.json").read_text())["roles"] == {"writing": "tiny-b"}
        writing = controller.client("writing")
        assert writing is not fast
        # A writing task really runs on tiny-b's client while ghost text stays on the fast one.
        from editor.ai.task import Generate
        from inference.runtime.types import GenerationParams

        def task():
            result = yield Generate("INT. ", GenerationParams(max_tokens=3), purpose="test")
            return result

        driver = controller.driver(task(), name="suggestions")
        assert driver is not None and driver._client is writing
        with qtbot.waitSignal(driver.done, timeout=120_000):
            driver.start()
        assert controller.driver(task(), name="autocomplete")._client is fast
        # Back to "follow the active model": the second client goes away.
        box.setCurrentIndex(0)
        box.activated.emit(0)
        assert controller.client("writing") is fast
    finally:
        controller.shutdown()


def test_import_can_be_cancelled_and_leaves_nothing(qtbot, store: Path, tiny_model, tmp_path: Path) -> None:
    from support.tiny_model import write_tiny_gguf

    gguf = write_tiny_gguf(tiny_model.hf_dir, tmp_path / "mine.gguf")
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    dialog.start_import(gguf, "mine")
    assert dialog.cancel_button.isVisibleTo(dialog) and dialog.progress.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog._job.cancelled, timeout=60_000):
        dialog._cancel_import()
    assert "nothing was installed" in dialog.status.text()
    assert [m.name for m in list_models(store)] == ["tiny-a", "tiny-b"]
    assert not any(p.name.startswith(".staging-mine") for p in store.iterdir())


def test_import_finishes_and_lists_the_model(qtbot, store: Path, tiny_model, tmp_path: Path) -> None:
    from support.tiny_model import write_tiny_gguf

    gguf = write_tiny_gguf(tiny_model.hf_dir, tmp_path / "mine.gguf")
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.models_changed, timeout=240_000):
        dialog.start_import(gguf, "mine")
    assert "Imported mine" in dialog.status.text()
    names = [dialog.table.item(r, 0).data(0x0100) for r in range(dialog.table.rowCount())]
    assert "mine" in names


def test_remove_clears_a_role_that_named_it(qtbot, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from inference.store.models import set_role_model

    set_role_model("writing", "tiny-b")
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    dialog.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.models_changed, timeout=2000):
        dialog._remove()
    assert [m.name for m in list_models(store)] == ["tiny-a"]
    assert role_model_name("writing") == "tiny-a"
