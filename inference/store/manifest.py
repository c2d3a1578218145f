"""``manifest.json``: what an installed model is, where it came from, and how to check it is whole.

The file list with sizes lets a fast check (a few ``stat`` calls) catch a truncated or deleted file
before the runtime fails with an obscure error deep inside onnxruntime.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inference.errors import ModelCorruptError
from inference.fsio import atomic_write

MANIFEST_NAME = "manifest.json"
ORT_SUBDIR = "onnx"
HF_SUBDIR = "hf"
FORMAT_ORT = "onnxruntime-genai"
FORMAT_SERVER = "server"  # a connection to a model server (server.json), no weights here


@dataclass
class Manifest:
    """Metadata of one installed model folder."""

    name: str
    source: str
    license: str = "unknown"
    sha256: str = ""
    format: str = FORMAT_ORT
    quantization: str = "int4"
    size: int = 0
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    files: dict[str, int] = field(default_factory=dict)
    has_hf: bool = False
    description: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def inventory(folder: Path) -> dict[str, int]:
    """Relative path -> size of every file under ``folder`` except the manifest itself."""
    files: dict[str, int] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST_NAME:
            files[path.relative_to(folder).as_posix()] = path.stat().st_size
    return files


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write atomically (tmp, fsync, replace) so a crash never leaves a half-written manifest."""
    manifest.files = inventory(folder)
    manifest.size = sum(manifest.files.values())
    manifest.has_hf = (folder / HF_SUBDIR / "config.json").is_file()
    target = folder / MANIFEST_NAME
    atomic_write(target, manifest.to_json().encode("utf-8"))


def read_manifest(folder: Path) -> Manifest:
    """Parse ``folder/manifest.json``; raise ``ModelCorruptError`` with a fix when it is unusable."""
    path = folder / MANIFEST_NAME
    hint = f"Remove it with `screenwright-model remove {folder.name}` and install or import it again."
    if not path.is_file():
        raise ModelCorruptError(f"The model folder {folder} has no {MANIFEST_NAME}.", hint)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return Manifest.from_dict(data)
    except (ValueError, TypeError) as exc:
        raise ModelCorruptError(
            f"The manifest of model '{folder.name}' is unreadable ({exc}).", hint
        ) from exc


def verify_files(folder: Path, manifest: Manifest) -> None:
    """Check every file the manifest lists is present with its recorded size."""
    hint = f"Remove it with `screenwright-model remove {folder.name}` and install or import it again."
    if manifest.format == FORMAT_SERVER:
        if not (folder / "server.json").is_file():
            raise ModelCorruptError(f"The server connection '{folder.name}' has no server.json.", hint)
        return
    if not (folder / ORT_SUBDIR / "genai_config.json").is_file():
        raise ModelCorruptError(f"Model '{folder.name}' is missing {ORT_SUBDIR}/genai_config.json.", hint)
    for rel, size in manifest.files.items():
        path = folder / rel
        try:
            actual = path.stat().st_size
        except OSError:
            raise ModelCorruptError(f"Model '{folder.name}' is missing the file {rel}.", hint) from None
        if actual != size:
            raise ModelCorruptError(
                f"Model '{folder.name}' is damaged: {rel} has {actual:,} bytes, expected {size:,}.", hint
            )
