"""Per-user locations of the model store.

Everything goes through environment overrides first so tests (and portable installs) can point the
whole store somewhere else without touching the writer's real data.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "SCREENWRIGHT_DATA_DIR"
MODELS_DIR_ENV = "SCREENWRIGHT_MODELS_DIR"


def data_dir() -> Path:
    """The per-user data directory (journals, caches, models by default)."""
    explicit = os.environ.get(DATA_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("screenwright", appauthor=False))


def models_dir() -> Path:
    """Where installed models live: one folder per model, each with a ``manifest.json``."""
    explicit = os.environ.get(MODELS_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return data_dir() / "models"


def set_offline_switches() -> None:
    """Forbid the Hugging Face libraries from reaching the network before anything loads a model.

    The editor must never open a connection; setting these before any ``transformers`` import makes
    an accidental hub lookup fail fast instead of hanging on a laptop without network.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("DO_NOT_TRACK", "1")
