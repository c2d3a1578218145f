"""The model store: installed models under ``models_dir()``, the active selection, atomic installs.

Layout: ``<models_dir>/<name>/manifest.json``, ``<name>/onnx/`` (the onnxruntime-genai folder the
editor runs) and optionally ``<name>/hf/`` (fp32 safetensors for the PyTorch backend). Installs are
built in a hidden staging folder beside the target and renamed into place at the end, so a crash
or a cancel never leaves a half-written model where the editor would look for one.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from inference.errors import InferenceError, ModelCorruptError, ModelNotFoundError
from inference.fsio import atomic_write
from inference.store.manifest import (
    FORMAT_SERVER,
    HF_SUBDIR,
    ORT_SUBDIR,
    Manifest,
    read_manifest,
    verify_files,
    write_manifest,
)
from inference.store.paths import models_dir

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "smollm2-135m-instruct"
SELECTION_FILE = "selection.json"
# What a model earned on the development set (written by ``screenwright ai eval``; the editor reads
# it to decide which AI features a model enables). Not listed in the manifest: it is re-measured,
# not part of the model's files.
REPORT_CARD_FILE = "report_card.json"
_STAGING_PREFIX = ".staging-"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


@dataclass(frozen=True)
class ModelInfo:
    """One installed model; ``error`` is set (and the model unusable) when its folder is damaged."""

    name: str
    path: Path
    manifest: Manifest | None
    error: str | None = None

    @property
    def ort_dir(self) -> Path:
        return self.path / ORT_SUBDIR

    @property
    def hf_dir(self) -> Path | None:
        folder = self.path / HF_SUBDIR
        return folder if (folder / "config.json").is_file() else None


def report_card_path(info: ModelInfo) -> Path:
    """Where ``info``'s report card lives: next to its ``manifest.json``."""
    return info.path / REPORT_CARD_FILE


def validate_name(name: str) -> str:
    """Model names become folder names: keep them short and portable."""
    if not _NAME_RE.match(name):
        raise InferenceError(
            f"'{name}' is not a valid model name.",
            "Use letters, digits, '.', '_' or '-' (up to 80 characters), starting with a letter or digit.",
        )
    return name


def name_from_path(path: Path) -> str:
    """A model name derived from a file or folder name (``Foo Bar.Q4_K.gguf`` -> ``foo-bar.q4_k``)."""
    stem = path.name[:-5] if path.name.lower().endswith(".gguf") else path.name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._").lower()
    return cleaned[:80] or "model"


def _load(folder: Path, *, verify: bool) -> ModelInfo:
    manifest = read_manifest(folder)
    if verify:
        verify_files(folder, manifest)
    return ModelInfo(folder.name, folder, manifest)


def list_models(root: Path | None = None) -> list[ModelInfo]:
    """Every model folder in the store, damaged ones included (with ``error`` set) so they can be removed."""
    root = root or models_dir()
    if not root.is_dir():
        return []
    found: list[ModelInfo] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            found.append(_load(folder, verify=True))
        except ModelCorruptError as exc:
            found.append(ModelInfo(folder.name, folder, None, str(exc)))
    return found


def get_model(name: str, root: Path | None = None) -> ModelInfo:
    """A usable installed model by name; raises with an actionable message otherwise."""
    root = root or models_dir()
    folder = root / name
    if not folder.is_dir():
        if name == DEFAULT_MODEL_NAME:
            raise ModelNotFoundError(
                f"The default model is not installed (looked in {root}).",
                "Run `make model` or `screenwright-model install-default`.",
            )
        raise ModelNotFoundError(
            f"No model named '{name}' is installed in {root}.",
            "See `screenwright-model list`, or import one with `screenwright-model import PATH`.",
        )
    return _load(folder, verify=True)


def active_model_name(root: Path | None = None) -> str:
    """The selected model's name (``use NAME``), or the default model when nothing was chosen."""
    root = root or models_dir()
    try:
        data = json.loads((root / SELECTION_FILE).read_text(encoding="utf-8"))
        name = data.get("active") if isinstance(data, dict) else None
        if isinstance(name, str) and name:
            return name
    except (OSError, ValueError):
        pass
    return DEFAULT_MODEL_NAME


def active_model(root: Path | None = None) -> ModelInfo:
    return get_model(active_model_name(root), root)


def _selection(root: Path) -> dict[str, object]:
    try:
        data = json.loads((root / SELECTION_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def set_active_model(name: str, root: Path | None = None) -> ModelInfo:
    """Select ``name`` for the editor; it must be installed and whole. Per-role choices are kept."""
    root = root or models_dir()
    info = get_model(name, root)
    _write_json_atomic(root / SELECTION_FILE, {**_selection(root), "active": name})
    return info


# Roles: a fast model for what runs on every pause in typing (ghost text, next speaker) and a
# possibly larger one for what the writer asks for and waits on (suggestions, rewrites, drafts,
# summaries). Unset roles follow the active model, so one ``use NAME`` still switches everything.
ROLE_FAST = "fast"
ROLE_WRITING = "writing"
ROLES = (ROLE_FAST, ROLE_WRITING)


def role_model_name(role: str, root: Path | None = None) -> str:
    """The model chosen for ``role``; the active model when none was chosen or it was removed."""
    if role not in ROLES:
        raise ValueError(f"unknown model role {role!r}")
    root = root or models_dir()
    roles = _selection(root).get("roles")
    name = roles.get(role) if isinstance(roles, dict) else None
    if isinstance(name, str) and name and (root / name).is_dir():
        return name
    return active_model_name(root)


def set_role_model(role: str, name: str | None, root: Path | None = None) -> None:
    """Choose ``name`` for ``role`` (None: follow the active model)."""
    if role not in ROLES:
        raise ValueError(f"unknown model role {role!r}")
    root = root or models_dir()
    if name is not None:
        get_model(name, root)
    data = _selection(root)
    roles = dict(data.get("roles") or {}) if isinstance(data.get("roles"), dict) else {}
    if name is None:
        roles.pop(role, None)
    else:
        roles[role] = name
    _write_json_atomic(root / SELECTION_FILE, {**data, "roles": roles})


def remove_model(name: str, root: Path | None = None) -> None:
    """Delete an installed model (even a damaged one); the selection falls back to the default."""
    root = root or models_dir()
    validate_name(name)
    folder = root / name
    if not folder.is_dir():
        raise ModelNotFoundError(
            f"No model named '{name}' is installed in {root}.", "See `screenwright-model list`."
        )
    # Move aside first so a crash mid-delete never leaves a half-deleted model that looks installed.
    trash = root / f"{_STAGING_PREFIX}removed-{name}-{os.getpid()}-{time.time_ns()}"
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)
    if active_model_name(root) == name:
        rest = {k: v for k, v in _selection(root).items() if k != "active"}
        _write_json_atomic(root / SELECTION_FILE, rest)


def staging_dir(name: str, root: Path | None = None) -> Path:
    """A fresh hidden folder beside the final location (same filesystem, so the rename is atomic)."""
    root = root or models_dir()
    root.mkdir(parents=True, exist_ok=True)
    cleanup_stale_staging(root)
    return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{name}-", dir=root))


def cleanup_stale_staging(root: Path, older_than_s: float = 6 * 3600) -> None:
    """Remove staging folders left behind by a crashed install (never a live one: they are recent)."""
    now = time.time()
    for folder in root.glob(f"{_STAGING_PREFIX}*"):
        try:
            if now - folder.stat().st_mtime > older_than_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def install_staged(
    staging: Path, manifest: Manifest, root: Path | None = None, *, replace: bool = False
) -> ModelInfo:
    """Write the manifest into ``staging`` and rename it to ``<root>/<manifest.name>`` atomically."""
    root = root or models_dir()
    name = validate_name(manifest.name)
    if manifest.format != FORMAT_SERVER and not (staging / ORT_SUBDIR / "genai_config.json").is_file():
        raise ModelCorruptError(
            f"The converted model for '{name}' has no genai_config.json; nothing was installed."
        )
    write_manifest(staging, manifest)
    target = root / name
    old: Path | None = None
    if target.exists():
        if not replace:
            raise InferenceError(
                f"A model named '{name}' is already installed.",
                "Pick another name with --name, or remove the old one first.",
            )
        old = root / f"{_STAGING_PREFIX}old-{name}-{os.getpid()}-{time.time_ns()}"
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    log.info("installed model %s at %s", name, target)
    return _load(target, verify=True)


def _write_json_atomic(path: Path, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data).encode("utf-8"))
