"""The model store and imports: manifests, damage detection, select/remove, bring-your-own imports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inference.convert.conversion import Converter, detect_source
from inference.errors import ConversionCancelled, ConversionError, InferenceError, ModelCorruptError
from inference.runtime.session import InferenceSession
from inference.runtime.types import GenerationParams
from inference.store.models import (
    DEFAULT_MODEL_NAME,
    active_model,
    active_model_name,
    get_model,
    list_models,
    name_from_path,
    remove_model,
    set_active_model,
)
from inference.store.paths import models_dir


def test_models_dir_honours_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(tmp_path / "m"))
    assert models_dir() == tmp_path / "m"
    monkeypatch.delenv("SCREENWRIGHT_MODELS_DIR")
    monkeypatch.setenv("SCREENWRIGHT_DATA_DIR", str(tmp_path / "d"))
    assert models_dir() == tmp_path / "d" / "models"


def test_store_lists_selects_and_removes(tiny_model_store) -> None:
    store = tiny_model_store.path.parent
    manifest = tiny_model_store.manifest
    assert manifest.format == "onnxruntime-genai" and manifest.quantization == "int4"
    assert manifest.license == "Apache-2.0" and manifest.size == sum(manifest.files.values())
    assert "onnx/model.onnx" in manifest.files and "hf/model.safetensors" in manifest.files
    assert [m.name for m in list_models()] == [tiny_model_store.name]
    assert active_model().name == tiny_model_store.name
    shutil.copytree(tiny_model_store.path, store / "second")
    manifest_path = store / "second" / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["name"] = "second"
    manifest_path.write_text(json.dumps(data))
    set_active_model("second")
    assert active_model_name() == "second"
    remove_model("second")
    assert not (store / "second").exists()
    assert active_model_name() == DEFAULT_MODEL_NAME  # selection falls back when its model goes
    with pytest.raises(InferenceError, match="No model named"):
        set_active_model("second")


def test_damaged_models_are_detected_listed_and_removable(tiny_model_store) -> None:
    folder = tiny_model_store.path
    data = folder / "onnx" / "model.onnx.data"
    data.write_bytes(data.read_bytes()[:1000])
    with pytest.raises(ModelCorruptError, match=r"damaged: onnx/model.onnx.data has 1,000 bytes"):
        get_model(tiny_model_store.name)
    listed = list_models()
    assert listed[0].error and "screenwright-model remove" in listed[0].error
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(ModelCorruptError, match="unreadable"):
        get_model(tiny_model_store.name)
    remove_model(tiny_model_store.name)
    assert list_models() == []


def test_backend_refuses_a_corrupt_graph(tiny_model, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model.ort_dir, broken)
    (broken / "genai_config.json").write_text("{}")
    with pytest.raises(ModelCorruptError):
        InferenceSession.open(broken, "ort")
    with pytest.raises(InferenceError, match="no Hugging Face weights"):
        InferenceSession.open(broken, "torch")


def test_detect_source_explains_what_is_wrong(tmp_path: Path, tiny_model) -> None:
    assert detect_source(tiny_model.ort_dir) == "ort"
    assert detect_source(tiny_model.hf_dir) == "hf"
    with pytest.raises(ConversionError, match="does not exist"):
        detect_source(tmp_path / "missing")
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    (pickled / "config.json").write_text("{}")
    (pickled / "pytorch_model.bin").write_bytes(b"\x80\x04")
    with pytest.raises(ConversionError, match="pickled"):
        detect_source(pickled)
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_bytes(b"NOPE")
    with pytest.raises(ConversionError, match="not a GGUF"):
        detect_source(not_gguf)
    assert name_from_path(Path("My Model.Q4_K_M.gguf")) == "my-model.q4_k_m"


def test_import_onnx_folder_and_hf_folder(tiny_model, tmp_path: Path) -> None:
    store = tmp_path / "store"
    stages: list[str] = []
    converter = Converter(on_progress=lambda stage, f, d: stages.append(stage), log_path=tmp_path / "log")
    info = converter.import_model(tiny_model.ort_dir, "copied", root=store)
    assert info.hf_dir is None and "Copying model" in stages
    session = InferenceSession.open(info.path, "ort")
    assert session.generate("MARA\nI told you", GenerationParams(max_tokens=4)).text.startswith(" not to")
    with pytest.raises(InferenceError, match="already installed"):
        converter.import_model(tiny_model.ort_dir, "copied", root=store)
    info = converter.import_model(tiny_model.hf_dir, "from-hf", root=store)
    assert info.hf_dir is not None and "Exporting to ONNX" in stages
    assert sorted(m.name for m in list_models(store)) == ["copied", "from-hf"]
    assert not [p for p in store.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_cancelled_import_leaves_nothing_behind(tiny_model, tmp_path: Path) -> None:
    store = tmp_path / "store"
    converter = Converter(log_path=tmp_path / "log")

    def cancel_when_exporting(stage: str, fraction: float | None, detail: str) -> None:
        if stage == "Copying weights" and fraction == 1.0:
            converter.cancel()

    converter._on_progress = cancel_when_exporting
    with pytest.raises(ConversionCancelled):
        converter.import_model(tiny_model.hf_dir, "cancelled", root=store)
    assert list(store.iterdir()) == []


def test_failed_conversion_reports_the_cause(tmp_path: Path) -> None:
    bad = tmp_path / "bad-hf"
    bad.mkdir()
    (bad / "config.json").write_text(json.dumps({"model_type": "llama", "architectures": ["NoSuchModel"]}))
    (bad / "model.safetensors").write_bytes(b"garbage")
    store = tmp_path / "store"
    with pytest.raises(ConversionError) as info:
        Converter(log_path=tmp_path / "log").import_model(bad, root=store)
    assert "Exporting to ONNX failed" in info.value.message and str(tmp_path / "log") in info.value.hint
    assert [p for p in store.iterdir()] == []


def test_import_gguf_file(tiny_model, tmp_path: Path) -> None:
    from support.tiny_model import write_tiny_gguf

    from inference.convert.conversion import sha256_file

    gguf = write_tiny_gguf(tiny_model.hf_dir, tmp_path / "Tiny Llama.F32.gguf")
    stages: list[str] = []
    converter = Converter(on_progress=lambda stage, f, d: stages.append(stage), log_path=tmp_path / "log")
    info = converter.import_model(gguf, root=tmp_path / "store", license="Apache-2.0")
    assert info.name == "tiny-llama.f32"
    assert "Dequantizing GGUF" in stages and "Exporting to ONNX" in stages
    assert info.manifest.sha256 == sha256_file(gguf) and info.manifest.source.startswith("gguf:")
    for backend in ("ort", "torch"):
        session = InferenceSession.open(info.path, backend)
        result = session.generate("MARA\nI told you", GenerationParams(max_tokens=6))
        assert result.text.startswith(" not to come here"), backend
