"""Build the Screenwright bundle for one platform: ``python installer/build.py linux|windows|macos``.

Drives PyInstaller (``installer/screenwright.spec``) to make a one-folder application with its own
Python, Qt, onnxruntime-genai, the fonts and the default int4 ONNX model, then packages it the way
each platform expects:

* linux   ``dist/Screenwright-<version>-linux-<arch>.tar.gz``: the app folder, a ``.desktop`` file,
          icons, the ``text/x-fountain`` MIME type and ``install.sh`` / ``uninstall.sh``.
* windows ``dist/Screenwright-<version>-windows-x64-setup.exe`` with Inno Setup (``iscc``), file
          association included; without Inno Setup the app folder is left for ``iscc`` to run later.
* macos   ``dist/Screenwright-<version>-macos.dmg`` (``hdiutil``) holding ``Screenwright.app``.

PyInstaller does not cross-compile: each platform's bundle is built on that platform. The default
model comes from the local model store (``make model`` provisions it); ``--model-dir`` picks
another installed model folder. ``--bench`` (Linux) then measures the bundle's size and cold start
and merges ``installer.bundle_mb`` / ``installer.cold_start_s`` into ``bench-results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inference.fsio import replacing  # noqa: E402 - after the checkout is on the path

HERE = ROOT / "installer"
BUILD = ROOT / "build" / "installer"
DIST = ROOT / "dist"
SPEC = HERE / "screenwright.spec"
TARGETS = {"linux": "linux", "windows": "win32", "macos": "darwin"}


class BuildError(Exception):
    """A build step failed; the message says what to do."""


def version() -> str:
    from editor import __version__

    return __version__


def arch() -> str:
    machine = platform.machine().lower()
    return (
        {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine) if sys.platform != "darwin" else machine
    )


def shown(path: Path) -> str:
    """``path`` relative to the checkout when inside it, for short log lines."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def log(message: str) -> None:
    print(f"[installer] {message}", flush=True)


def check_host(target: str) -> None:
    if not sys.platform.startswith(TARGETS[target]):
        raise BuildError(
            f"the {target} bundle must be built on {target} (this is {sys.platform}); PyInstaller "
            "bundles the running interpreter and its native libraries and cannot cross-compile."
        )
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is not installed in this environment: run `.venv/bin/pip install --group dev -e .` "
            "(or `pip install pyinstaller`)."
        ) from exc
    if target == "linux" and not shutil.which("readelf"):
        raise BuildError("this build machine lacks binutils (readelf, strip): apt-get install binutils")
    for heavy in ("torch", "transformers"):
        # Present in a development venv and that is fine: the spec excludes them. Say so once.
        if _has_module(heavy):
            log(f"{heavy} is installed here; the spec leaves it out of the bundle")


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def find_model(model_dir: Path | None) -> Path:
    """The installed model folder to bundle (manifest.json + onnx/), verified whole."""
    from inference.errors import InferenceError
    from inference.store.manifest import ORT_SUBDIR, read_manifest, verify_files
    from inference.store.models import DEFAULT_MODEL_NAME, get_model

    try:
        if model_dir is None:
            folder = get_model(DEFAULT_MODEL_NAME).path
        else:
            folder = model_dir.expanduser().resolve()
            verify_files(folder, read_manifest(folder))
    except InferenceError as exc:
        raise BuildError(f"no model to bundle: {exc} (`make model` provisions the default one)") from exc
    if not (folder / ORT_SUBDIR / "genai_config.json").is_file():
        raise BuildError(f"{folder} has no {ORT_SUBDIR}/genai_config.json")
    return folder


def find_embedder() -> Path:
    """The installed search model (search by meaning), verified whole: the bundle cannot convert one."""
    from inference.embed.provision import embedder_path, verify_embedder
    from inference.errors import InferenceError

    folder = embedder_path()
    try:
        verify_embedder(folder)
    except InferenceError as exc:
        raise BuildError(f"no search model to bundle: {exc} (`make model` provisions it)") from exc
    return folder


def bundle_manifest(model: Path) -> Path:
    """The model's manifest as the bundle ships it: only the ONNX files, no PyTorch copy."""
    from dataclasses import replace

    from inference.store.manifest import HF_SUBDIR, ORT_SUBDIR, inventory, read_manifest

    original = read_manifest(model)
    files = {f"{ORT_SUBDIR}/{rel}": size for rel, size in inventory(model / ORT_SUBDIR).items()}
    shipped = replace(original, files=files, size=sum(files.values()), has_hf=False)
    out = BUILD / "model-manifest" / model.name / "manifest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(shipped.to_json(), encoding="utf-8")
    assert not (out.parent / HF_SUBDIR).exists()
    return out


def ort_capi_dir() -> Path:
    """onnxruntime's native library folder, found without importing its Python binding."""
    import importlib.util

    spec = importlib.util.find_spec("onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("onnxruntime is not installed in this environment (`pip install -e .`).")
    return Path(next(iter(spec.submodule_search_locations))) / "capi"


def run_pyinstaller(target: str, model: Path, icon_dir: Path, *, clean: bool) -> Path:
    """Run PyInstaller on the spec; returns the one-folder app (or the .app on macOS)."""
    env = dict(os.environ)
    env.update(
        SW_REPO=str(ROOT),
        SW_TARGET=target,
        SW_VERSION=version(),
        SW_MODEL_DIR=str(model),
        SW_MODEL_MANIFEST=str(bundle_manifest(model)),
        SW_ICON_DIR=str(icon_dir),
        SW_ORT_CAPI=str(ort_capi_dir()),
        SW_EMBEDDER_DIR=str(find_embedder()),
        QT_QPA_PLATFORM="offscreen",  # PyInstaller's Qt hooks start a helper that imports Qt
    )
    env.pop("PYTHONPATH", None)
    work, dist = BUILD / "work", BUILD / "pyinstaller"
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--workpath", str(work), "--distpath", str(dist), str(SPEC),
    ]  # fmt: skip
    if clean:
        cmd.insert(3, "--clean")
    log_path = BUILD / "pyinstaller.log"
    BUILD.mkdir(parents=True, exist_ok=True)
    log(f"PyInstaller ({target}); log in {shown(log_path)}")
    started = time.perf_counter()
    with open(log_path, "wb") as handle:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise BuildError("PyInstaller failed:\n  " + "\n  ".join(tail))
    log(f"PyInstaller done in {time.perf_counter() - started:.0f} s")
    return dist / ("Screenwright.app" if target == "macos" else "screenwright")


def strip_linux(app_dir: Path) -> int:
    """Strip symbol tables from the app's own unstripped ELF files; returns the bytes saved.

    libpython and onnxruntime-genai ship with full symbol tables (~40 MB). Libraries repaired by
    auditwheel (``*.libs/`` folders) are left alone: stripping rewrites the program headers those
    tools patched and the library then fails to load ("ELF load command ... not page-aligned").
    """
    strip = shutil.which("strip")
    if strip is None:
        log("no `strip` here (binutils); the bundle keeps its symbol tables")
        return 0
    saved = 0
    for path in sorted(app_dir.rglob("*.so*")):
        if not path.is_file() or path.is_symlink() or any(part.endswith(".libs") for part in path.parts):
            continue
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        sections = subprocess.run(
            ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
        )
        if ".symtab" not in sections.stdout:
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def check_linux_libraries(app_dir: Path) -> None:
    """Every library the shipped binaries need is in the bundle or is one the host provides.

    PyInstaller bundles only what it finds on the build machine, silently: a build host without
    libxcb-icccm4 produces a bundle whose X11 plugin cannot load ("Could not load the Qt platform
    plugin xcb"). Refuse to produce that.
    """
    from installer.linux_libs import DEBIAN_PACKAGES, is_host_lib

    internal = app_dir / "_internal"
    files = [p for p in internal.rglob("*.so*") if p.is_file() or p.is_symlink()]
    shipped = {p.name for p in files}
    missing: dict[str, set[str]] = {}
    for path in sorted(p for p in files if p.is_file() and not p.is_symlink()):
        for name in _needed(path):
            if name not in shipped and not is_host_lib(name):
                missing.setdefault(name, set()).add(str(path.relative_to(internal)))
    if missing:
        details = "; ".join(
            f"{name} (needed by {', '.join(sorted(users)[:2])})" for name, users in missing.items()
        )
        packages = sorted({DEBIAN_PACKAGES[n] for n in missing if n in DEBIAN_PACKAGES})
        hint = f" On Debian/Ubuntu: apt-get install {' '.join(packages)}." if packages else ""
        raise BuildError(
            f"this build machine lacks libraries the bundle must carry: {details}. "
            f"Install them and build again.{hint}"
        )


def _needed(path: Path) -> list[str]:
    """The ELF ``NEEDED`` sonames of ``path`` (what the dynamic linker will look for)."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def folder_size(path: Path) -> int:
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
    return total


# -- Linux ---------------------------------------------------------------------------------------


def glibc_version() -> str:
    """The build machine's glibc: binaries linked here need that version or newer to run."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # "glibc 2.36"
    except (ValueError, OSError, AttributeError, IndexError):
        return platform.libc_ver()[1] or "unknown"


def package_linux(app_dir: Path, icons: Path, *, archive: bool) -> dict[str, Path]:
    """Lay out ``dist/Screenwright-<v>-linux-<arch>/`` and (optionally) tar.gz it."""
    name = f"Screenwright-{version()}-linux-{arch()}"
    out = DIST / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    os.replace(app_dir, out / "screenwright")
    share = out / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "screenwright.desktop", share / "applications" / "screenwright.desktop")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "screenwright-mime.xml", share / "mime" / "packages" / "screenwright.xml")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "screenwright.svg", scalable / "screenwright.svg")
    for png in sorted(icons.glob("screenwright-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / "screenwright.png")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(HERE / "linux" / script, out / script)
        (out / script).chmod(0o755)
    readme = (HERE / "linux" / "README.txt").read_text(encoding="utf-8")
    (out / "README.txt").write_text(readme.replace("{glibc}", glibc_version()), encoding="utf-8")
    result = {"folder": out}
    if archive:
        tarball = DIST / f"{name}.tar.gz"
        log(f"writing {shown(tarball)}")
        with replacing(tarball) as tmp:
            tar = ["tar", "-C", str(DIST), "--owner=0", "--group=0", "-czf", str(tmp), name]
            subprocess.run(tar, check=True)
        result["archive"] = tarball
    return result


# -- Windows -------------------------------------------------------------------------------------


def package_windows(app_dir: Path, icons: Path) -> dict[str, Path]:
    iss = HERE / "windows" / "screenwright.iss"
    iscc = shutil.which("iscc") or shutil.which("ISCC.exe")
    for candidate in (
        r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
        r"C:\Program Files\Inno Setup 6\ISCC.exe",
    ):
        if not iscc and Path(candidate).is_file():
            iscc = candidate
    defines = [
        f"/DAppVersion={version()}",
        f"/DDistDir={app_dir}",
        f"/DIconFile={icons / 'screenwright.ico'}",
        f"/DOutputDir={DIST}",
    ]
    if not iscc:
        log("Inno Setup (iscc) not found: the app folder is ready; make the installer with")
        log(f"  iscc {' '.join(defines)} {iss}")
        return {"folder": app_dir}
    subprocess.run([iscc, *defines, str(iss)], check=True)
    return {"folder": app_dir, "installer": DIST / f"Screenwright-{version()}-windows-x64-setup.exe"}


# -- macOS ---------------------------------------------------------------------------------------


def package_macos(app: Path) -> dict[str, Path]:
    dmg = DIST / f"Screenwright-{version()}-macos-{arch()}.dmg"
    DIST.mkdir(parents=True, exist_ok=True)
    subprocess.run(["bash", str(HERE / "macos" / "make_dmg.sh"), str(app), str(dmg), version()], check=True)
    return {"app": app, "dmg": dmg}


# -- main ----------------------------------------------------------------------------------------


def build(
    target: str, *, model_dir: Path | None = None, archive: bool = True, clean: bool = False
) -> dict[str, Path]:
    check_host(target)
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as lock:
        # Two builds at once (a test run beside `make installer`) would interleave in the same
        # PyInstaller work folder and dist/; the second waits instead.
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_locked(target, model_dir=model_dir, archive=archive, clean=clean)


def _build_locked(target: str, *, model_dir: Path | None, archive: bool, clean: bool) -> dict[str, Path]:
    model = find_model(model_dir)
    log(f"bundling model {model.name} from {model}")
    from installer.icons import render_all

    icon_dir = BUILD / "icons"
    render_all(icon_dir)
    app_dir = run_pyinstaller(target, model, icon_dir, clean=clean)
    if target == "linux":
        check_linux_libraries(app_dir)
        log(f"stripped {strip_linux(app_dir) / 1e6:.0f} MB of symbol tables")
        result = package_linux(app_dir, icon_dir, archive=archive)
    elif target == "windows":
        result = package_windows(app_dir, icon_dir)
    else:
        result = package_macos(app_dir)
    info = {key: str(path) for key, path in result.items()}
    info["bundle_bytes"] = str(folder_size(result.get("folder") or result["app"]))
    if "archive" in result:
        info["archive_bytes"] = str(result["archive"].stat().st_size)
    (BUILD / f"last-build-{target}.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build.py", description="Build a Screenwright bundle.")
    parser.add_argument("target", choices=sorted(TARGETS), help="platform to build for (must be this one)")
    parser.add_argument(
        "--model-dir", type=Path, help="installed model folder to bundle (default: the default model)"
    )
    parser.add_argument("--no-archive", action="store_true", help="Linux: leave the folder, skip the tar.gz")
    parser.add_argument("--clean", action="store_true", help="rebuild PyInstaller's cache from scratch")
    parser.add_argument(
        "--bench", action="store_true", help="Linux: measure size and cold start into bench-results.json"
    )
    parser.add_argument(
        "--runs", type=int, default=7, help="cold starts to take the median of (with --bench)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        result = build(args.target, model_dir=args.model_dir, archive=not args.no_archive, clean=args.clean)
    except BuildError as exc:
        print(f"installer/build.py: error: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(
            f"installer/build.py: error: {' '.join(map(str, exc.cmd))} exited with {exc.returncode}",
            file=sys.stderr,
        )
        return 1
    for key, path in result.items():
        size = folder_size(path) if path.is_dir() else path.stat().st_size
        log(f"{key:<9} {shown(path)}  ({size / 1e6:.1f} MB)")
    log(f"built in {time.perf_counter() - started:.0f} s")
    if args.bench:
        if args.target != "linux":
            print("installer/build.py: --bench measures the Linux bundle only", file=sys.stderr)
            return 1
        from installer.measure import measure_and_merge

        measure_and_merge(result["folder"], result.get("archive"), runs=args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
