"""Suite-wide fixtures: isolate every test from the writer's real settings and data.

Settings, recovery journals and other per-user state go to a temporary directory. The model store
keeps pointing at the real one (``make test`` provisions the default model there) unless a test
overrides ``SCREENWRIGHT_MODELS_DIR`` itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Windows made by tests do not load the language model at once (AI tests start it themselves).
os.environ.setdefault("SCREENWRIGHT_AI_AUTOSTART", "0")
# Offline by construction, in tests too.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


def _real_models_dir() -> str:
    explicit = os.environ.get("SCREENWRIGHT_MODELS_DIR")
    if explicit:
        return explicit
    base = os.environ.get("SCREENWRIGHT_DATA_DIR")
    if base:
        return str(Path(base) / "models")
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("screenwright", appauthor=False)) / "models")


_REAL_MODELS_DIR = _real_models_dir()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("SCREENWRIGHT_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("SCREENWRIGHT_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", _REAL_MODELS_DIR)


@pytest.fixture(autouse=True, scope="session")
def _gc_on_the_ui_thread(qapp):
    """As in the app (``editor.app.build_main_window``): cyclic garbage is collected on the UI
    thread only, so a Qt object an earlier test left in a reference cycle is never finalised on a
    worker thread (a pagination worker did, and the run crashed or spun on a closed descriptor)."""
    from editor import gc_guard

    gc_guard.acquire()
    yield
    gc_guard.release()


@pytest.fixture(autouse=True)
def _collect_young_garbage():
    """What the guard's timer does between a writer's keystrokes, after every test: tests that
    never run the event loop would otherwise pile up their young garbage."""
    yield
    from editor import gc_guard

    gc_guard.collect_young()


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the checkout; tests that need it skip cleanly in a user's clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only the project's workspace has it)")
    return SHARED


# --- the page widget and the main window ------------------------------------------------------


@pytest.fixture
def make_editor(qtbot):
    """``make_editor(text="", width=1000, height=700)``: a shown ``ScriptEditor`` over a fresh
    document, with the script fonts loaded and the focus in it."""
    from editor.config.resources import load_script_fonts, script_font
    from editor.page.document import ScriptDocument
    from editor.page.script_editor import ScriptEditor

    load_script_fonts()

    def make(text: str = "", *, width: int = 1000, height: int = 700) -> ScriptEditor:
        document = ScriptDocument(text, font=script_font())
        editor = ScriptEditor(document)
        qtbot.addWidget(editor)
        editor.resize(width, height)
        editor.show()
        qtbot.waitExposed(editor)
        editor.setFocus()
        return editor

    return make


@pytest.fixture
def make_window(qtbot):
    """``make_window(settings=None, size=(1000, 700), show=True)``: the assembled main window
    (``editor.app.build_main_window``), closed at the end of the test without a save prompt."""
    from support.windows import discard_and_close, open_window

    made = []

    def make(*args, **kwargs):
        window = open_window(*args, **kwargs)
        made.append(window)
        return window

    yield make
    for window in made:
        discard_and_close(window)


# --- a real X server ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def x_display():
    """``":N"``: a private Xvfb server for the session (skips when Xvfb is missing)."""
    from support.xvfb import xvfb_display

    with xvfb_display("1600x1000x24") as display:
        yield display


# --- tiny model (inference helper) ------------------------------------------------------------
# A tiny Llama trained at test time on a short screenplay and pushed through the real conversion
# code (tests/support/tiny_model.py). Built once (~15-60 s), cached in .pytest_cache until that
# code changes.


@pytest.fixture(scope="session")
def _tiny_model_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Kept across sessions in pytest's cache, keyed by a hash of the model and conversion code;
    # per session when the cache plugin is off (-p no:cacheprovider).
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return tmp_path_factory.mktemp("tiny-model-cache")
    return Path(cache.mkdir("screenwright-tiny-model"))


@pytest.fixture(scope="session")
def tiny_model(_tiny_model_cache: Path):
    """``inference.store.models.ModelInfo`` of the int4 tiny model (``.path``, ``.ort_dir``, ``.hf_dir``)."""
    from support.tiny_model import cached_tiny_model

    return cached_tiny_model(_tiny_model_cache)


@pytest.fixture(scope="session")
def tiny_model_fp32(_tiny_model_cache: Path, tiny_model):
    """The same tiny checkpoint exported as fp32 ONNX: numerically equal to the PyTorch backend."""
    from support.tiny_model import cached_tiny_model

    return cached_tiny_model(_tiny_model_cache, "tiny-llama-fp32", "fp32")


@pytest.fixture
def tiny_model_store(tiny_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private model store holding (a copy of) the tiny model as the active model."""
    import shutil

    from inference.store.models import get_model, set_active_model

    store = tmp_path / "models"
    shutil.copytree(tiny_model.path, store / tiny_model.name)
    monkeypatch.setenv("SCREENWRIGHT_MODELS_DIR", str(store))
    set_active_model(tiny_model.name)
    return get_model(tiny_model.name)
