"""The installer's pieces without a PyInstaller build: icons, Linux packaging and the install
scripts (on a stand-in app), the bundled-model hand-over into the store, and the conversion refusal.

Fast (a few seconds); the real bundle is exercised in ``test_bundle.py``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from installer import build, bundle_runtime, icons  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def rendered(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return icons.render_all(tmp_path_factory.mktemp("icons"))


def test_icons_render_at_every_size(rendered: dict[str, Path]) -> None:
    for size in icons.LINUX_SIZES:
        data = rendered[f"png{size}"].read_bytes()
        assert data.startswith(PNG_MAGIC)
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)


def test_ico_directory_points_at_each_png(rendered: dict[str, Path]) -> None:
    data = rendered["ico"].read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sizes = []
    for i in range(count):
        width, _h, _c, _r, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert (planes, bpp) == (1, 32)
        assert data[offset : offset + 8] == PNG_MAGIC and offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == sorted(icons.ICO_SIZES)


def test_icns_chunks_cover_the_file(rendered: dict[str, Path]) -> None:
    data = rendered["icns"].read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, []
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        assert data[pos + 8 : pos + 16] == PNG_MAGIC
        kinds.append(kind)
        pos += length
    assert pos == len(data)
    assert kinds == [k for k, _ in icons.ICNS_TYPES]


@pytest.fixture
def packaged(rendered: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Linux layout around a stand-in app (a shell script), as build.py lays it out."""
    app = tmp_path / "pyinstaller" / "screenwright"
    app.mkdir(parents=True)
    (app / "screenwright").write_text('#!/bin/sh\necho "screenwright $*"\n', encoding="utf-8")
    (app / "screenwright").chmod(0o755)
    monkeypatch.setattr(build, "DIST", tmp_path / "dist")
    result = build.package_linux(app, rendered["png256"].parent, archive=True)
    assert result["archive"].is_file()
    return result["folder"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the install scripts are for Linux")
def test_install_keeps_a_foreign_screenwright_model(packaged: Path, tmp_path: Path) -> None:
    """A `screenwright-model` from a pip --user install is not overwritten, nor removed on uninstall."""
    home = tmp_path / "home"
    theirs = home / ".local" / "bin" / "screenwright-model"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("#!/bin/sh\necho theirs\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    for script in ("install.sh", "uninstall.sh"):
        assert subprocess.run(["sh", str(packaged / script)], env=env, capture_output=True).returncode == 0
        assert theirs.read_text(encoding="utf-8") == "#!/bin/sh\necho theirs\n"


def test_linux_layout(packaged: Path) -> None:
    assert (packaged / "screenwright" / "screenwright").is_file()
    readme = (packaged / "README.txt").read_text(encoding="utf-8")
    assert f"glibc {build.glibc_version()} or newer" in readme and "{" not in readme
    for rel in (
        "install.sh",
        "uninstall.sh",
        "README.txt",
        "share/applications/screenwright.desktop",
        "share/mime/packages/screenwright.xml",
        "share/icons/hicolor/scalable/apps/screenwright.svg",
        "share/icons/hicolor/48x48/apps/screenwright.png",
    ):
        assert (packaged / rel).is_file(), rel


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the install scripts are for Linux")
def test_install_then_uninstall_for_the_user(packaged: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    models = home / ".local" / "share" / "screenwright" / "models"
    models.mkdir(parents=True)  # the writer's own data must survive both scripts
    for _ in range(2):  # a second run upgrades in place
        proc = subprocess.run(["sh", str(packaged / "install.sh")], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    data = home / ".local" / "share"
    app = data / "screenwright-app" / "screenwright"
    link = home / ".local" / "bin" / "screenwright"
    run = subprocess.run([str(link), "hello"], capture_output=True, text=True)
    assert run.stdout == "screenwright hello\n"
    wrapper = home / ".local" / "bin" / "screenwright-model"
    run = subprocess.run([str(wrapper), "list"], capture_output=True, text=True)
    assert run.stdout == "screenwright model list\n"
    desktop = (data / "applications" / "screenwright.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}" %F' in desktop and f"TryExec={app}\n" in desktop
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(data / "applications" / "screenwright.desktop")])
        assert check.returncode == 0
    if shutil.which("update-mime-database"):
        assert "text/x-fountain:*.fountain" in (data / "mime" / "globs2").read_text(encoding="utf-8")
    assert not (data / "screenwright-app.old").exists() and not (data / "screenwright-app.new").exists()
    proc = subprocess.run(["sh", str(packaged / "uninstall.sh")], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not app.exists() and not link.exists() and not wrapper.exists()
    assert not (data / "mime" / "packages" / "screenwright.xml").exists()
    assert models.is_dir()


def _fake_model(folder: Path, sha256: str = "a" * 64, weights: bytes = b"\x08\x07" * 1000) -> Path:
    """A model folder with a valid manifest (the store checks files and sizes, not weights)."""
    from inference.store.manifest import Manifest, write_manifest

    (folder / "onnx").mkdir(parents=True)
    (folder / "onnx" / "genai_config.json").write_text('{"model": {"context_length": 64}}', encoding="utf-8")
    (folder / "onnx" / "model.onnx").write_bytes(weights)
    manifest = Manifest(name="smollm2-135m-instruct", source="test", license="Apache-2.0", sha256=sha256)
    write_manifest(folder, manifest)
    return folder


def test_bundled_model_is_installed_into_the_store_once(tmp_path: Path) -> None:
    from inference.store.models import DEFAULT_MODEL_NAME, get_model

    source = _fake_model(tmp_path / "bundle" / DEFAULT_MODEL_NAME)
    store = tmp_path / "store"
    assert bundle_runtime.ensure_default_model(store, source=source) == "installed"
    info = get_model(DEFAULT_MODEL_NAME, store)
    assert info.manifest is not None and info.manifest.license == "Apache-2.0"
    assert (info.ort_dir / "model.onnx").read_bytes() == (source / "onnx" / "model.onnx").read_bytes()
    assert bundle_runtime.ensure_default_model(store, source=source) == "present"
    assert not [p for p in store.iterdir() if p.name.startswith(".staging")]


def test_damaged_store_copy_is_replaced(tmp_path: Path) -> None:
    from inference.store.models import DEFAULT_MODEL_NAME, get_model

    source = _fake_model(tmp_path / "bundle" / DEFAULT_MODEL_NAME)
    store = tmp_path / "store"
    bundle_runtime.ensure_default_model(store, source=source)
    (store / DEFAULT_MODEL_NAME / "onnx" / "model.onnx").write_bytes(b"truncated")
    assert bundle_runtime.ensure_default_model(store, source=source) == "replaced-damaged"
    get_model(DEFAULT_MODEL_NAME, store)  # whole again


def test_a_new_default_model_in_an_app_update_replaces_the_old_one(tmp_path: Path) -> None:
    from inference.store.models import DEFAULT_MODEL_NAME, get_model

    store = tmp_path / "store"
    old = _fake_model(tmp_path / "v1" / DEFAULT_MODEL_NAME, sha256="1" * 64)
    assert bundle_runtime.ensure_default_model(store, source=old) == "installed"
    new = _fake_model(tmp_path / "v2" / DEFAULT_MODEL_NAME, sha256="2" * 64, weights=b"new" * 500)
    assert bundle_runtime.ensure_default_model(store, source=new) == "replaced-outdated"
    info = get_model(DEFAULT_MODEL_NAME, store)
    assert info.manifest is not None and info.manifest.sha256 == "2" * 64
    assert (info.ort_dir / "model.onnx").read_bytes() == b"new" * 500
    assert bundle_runtime.ensure_default_model(store, source=new) == "present"


def test_without_a_bundled_model_nothing_happens(tmp_path: Path) -> None:
    assert bundle_runtime.ensure_default_model(tmp_path / "store", source=None) == "no-bundled-model"
    assert not (tmp_path / "store").exists()


def test_python_children_are_refused_with_directions(capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle_runtime.refuse_python_child(["-m", "inference.convert.steps", "gguf-to-hf"]) == 3
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert stream.count("ConversionError: this Screenwright app runs models but cannot convert them") == 1
        assert "full install" in stream


def test_model_import_of_a_gguf_explains_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF" + bytes(32))
    assert bundle_runtime.model_main(["import", str(gguf)]) == 1
    err = capsys.readouterr().err
    assert "is a GGUF file" in err and "screenwright-model import PATH" in err


def test_inno_setup_script_associates_fountain() -> None:
    iss = (ROOT / "installer" / "windows" / "screenwright.iss").read_text(encoding="utf-8")
    assert "ChangesAssociations=yes" in iss
    assert r'Subkey: "Software\Classes\.fountain\OpenWithProgids"' in iss
    assert r'ValueData: """{app}\{#AppExeName}"" ""%1"""' in iss


def test_spec_declares_the_fountain_document_type() -> None:
    spec = (ROOT / "installer" / "screenwright.spec").read_text(encoding="utf-8")
    compile(spec, "screenwright.spec", "exec")  # at least valid Python
    assert '"UTImportedTypeDeclarations"' in spec and '"CFBundleDocumentTypes"' in spec
    assert '"public.filename-extension": ["fountain", "spmd"]' in spec
    for heavy in ('"torch"', '"transformers"'):
        assert heavy in spec.split("EXCLUDES = [", 1)[1].split("]", 1)[0]


@pytest.mark.model
def test_doctor_generates_through_the_worker_from_a_checkout(qapp: object) -> None:
    """The same report the bundle gives, from the source tree with the store's default model."""
    report = bundle_runtime.collect_report(generate=True)
    assert report["ok"], report["problems"]
    assert report["default_model_setup"] == "present"
    assert report["generation"]["text"].strip()
    assert "loading" in report["generation"]["worker_states"]


def test_library_path_is_restored_for_child_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/app/_internal:/usr/local/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    bundle_runtime.restore_library_path()
    assert os.environ["LD_LIBRARY_PATH"] == "/usr/local/lib" and "LD_LIBRARY_PATH_ORIG" not in os.environ
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/app/_internal")
    bundle_runtime.restore_library_path()
    assert "LD_LIBRARY_PATH" not in os.environ


@pytest.mark.skipif(not shutil.which("readelf"), reason="needs binutils (readelf)")
def test_incomplete_bundle_is_refused(tmp_path: Path) -> None:
    """A shipped library whose dependency is neither shipped nor a host library stops the build."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("PySide6 without the xcb plugin")
    app = tmp_path / "screenwright"
    (app / "_internal").mkdir(parents=True)
    shutil.copy2(plugin, app / "_internal" / plugin.name)
    with pytest.raises(build.BuildError, match=r"libQt6XcbQpa\.so\.6 \(needed by libqxcb\.so\)") as caught:
        build.check_linux_libraries(app)
    # Libraries the host must provide (X11 client, glibc) are never asked of the bundle.
    needed = build._needed(plugin)
    assert "libxcb.so.1" in needed and "libc.so.6" in needed
    assert "libxcb.so.1" not in str(caught.value) and "libc.so.6" not in str(caught.value)
