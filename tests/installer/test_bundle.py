"""The Linux bundle, built for real and used the way a writer would: unpacked from the download,
run with no virtualenv, a fresh HOME and no network.

One build per test session (PyInstaller keeps its analysis cache under ``build/installer``, so a
rebuild after a small change takes about a minute). Skips with the reason when the default model is
not provisioned, when PyInstaller is missing, or when networking cannot be switched off here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = [pytest.mark.installer, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from installer.measure import clean_env, launch_until_editable  # noqa: E402

SAMPLE = """Title: The Night Shift
Author: Test Writer

INT. DINER - NIGHT

Rain streaks the window. MAYA (30s) slides into a booth across from LEO.

MAYA
You said you'd be here at eight.

LEO
(checking his watch)
It's eight-oh-four.

MAYA
Then you're late.

CUT TO:

EXT. PARKING LOT - CONTINUOUS

Leo runs through the rain to his car.
"""


def _offline_prefix() -> list[str]:
    """A command prefix that runs its command with no network (a new, empty network namespace)."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        pytest.skip("no `unshare` here to run the bundle without a network")
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        probe = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            interfaces = [ln.split(":")[0].strip() for ln in probe.stdout.splitlines()[2:]]
            assert interfaces == ["lo"], f"{prefix} still sees interfaces {interfaces}"
            return prefix
    pytest.skip("cannot create a network namespace here (needs root or unprivileged user namespaces)")


@pytest.fixture(scope="session")
def offline() -> list[str]:
    return _offline_prefix()


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the Linux bundle, then unpack the tar.gz somewhere else: the download, not the build tree."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux bundle is built on Linux")
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (it is in the dev group)")
    from inference.store.provision import default_model_status

    ok, reason = default_model_status()
    if not ok:
        pytest.skip(f"the default model is not provisioned: {reason}")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), "linux"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 and "this build machine lacks" in proc.stderr:
        # Like a missing model: the machine cannot make a whole bundle (build.py names the packages).
        pytest.skip(proc.stderr.strip().splitlines()[-1])
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    info = json.loads((ROOT / "build" / "installer" / "last-build-linux.json").read_text(encoding="utf-8"))
    archive = Path(info["archive"])
    unpacked = tmp_path_factory.mktemp("download")
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    (folder,) = unpacked.iterdir()
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _run(
    offline: list[str], bundle: Path, args: list[str], home: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*offline, str(bundle / "screenwright" / "screenwright"), *args],
        env=clean_env(home),
        cwd=home,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_bundle_is_self_contained_and_leaves_out_the_conversion_stack(bundle: Path) -> None:
    internal = bundle / "screenwright" / "_internal"
    names = {p.name for p in internal.iterdir()}
    assert {"PySide6", "onnxruntime_genai", "resources", "models", "matplotlib", "tokenizers"} <= names
    assert not names & {"torch", "transformers", "accelerate", "gguf", "onnx", "safetensors", "certifi"}
    assert (internal / "models" / ".embedders" / "all-minilm-l6-v2" / "model.onnx").is_file()
    assert not list(internal.glob("libtorch*")), "libtorch was pulled in"
    fonts = sorted(p.name for p in (internal / "resources" / "fonts").glob("*.otf"))
    assert fonts == sorted(p.name for p in (ROOT / "resources" / "fonts").glob("*.otf"))
    assert "Courier-Prime.otf" in fonts
    model = internal / "models" / "smollm2-135m-instruct"
    manifest = json.loads((model / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["quantization"] == "int4" and not manifest["has_hf"]
    assert not (model / "hf").exists(), "the PyTorch copy of the model must not ship"
    for rel, size in manifest["files"].items():
        assert (model / rel).stat().st_size == size, rel


def test_desktop_integration_files(bundle: Path) -> None:
    desktop = bundle / "share" / "applications" / "screenwright.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert "MimeType=text/x-fountain;" in text and "Icon=screenwright" in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stdout + check.stderr
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(bundle / "share" / "mime" / "packages" / "screenwright.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "text/x-fountain"
    assert "*.fountain" in [g.get("pattern") for g in mime.findall("m:glob", ns)]
    assert (bundle / "share" / "icons" / "hicolor" / "scalable" / "apps" / "screenwright.svg").is_file()
    assert (bundle / "share" / "icons" / "hicolor" / "256x256" / "apps" / "screenwright.png").is_file()


def test_opens_a_script_offscreen_in_an_editable_window(bundle: Path, home: Path, offline: list[str]) -> None:
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    seconds, report = launch_until_editable(
        bundle / "screenwright" / "screenwright", [str(script)], clean_env(home), timeout=120, wrapper=offline
    )
    assert report["platform"] == "offscreen"
    assert report["window_class"] == "MainWindow"
    assert report["characters"] == len(SAMPLE)
    assert report["first_line"] == "Title: The Night Shift"
    assert report["typed_ok"], "a key typed into the editor did not reach the document"
    assert report["returncode"] == 0, report["output"]
    assert script.read_text(encoding="utf-8") == SAMPLE, "opening and closing changed the file"
    assert seconds > 0


@pytest.mark.xvfb
def test_opens_in_a_real_x11_window(bundle: Path, home: Path, offline: list[str], x_display: str) -> None:
    """The xcb platform plugin loads from the bundle with only the host's X11 client libraries."""
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    env = clean_env(home, QT_QPA_PLATFORM="xcb", DISPLAY=x_display)
    _seconds, report = launch_until_editable(
        bundle / "screenwright" / "screenwright", [str(script)], env, timeout=120, wrapper=offline
    )
    assert report["platform"] == "xcb"
    assert report["characters"] == len(SAMPLE) and report["typed_ok"]
    assert report["returncode"] == 0, report["output"]


def test_exports_a_pdf(bundle: Path, home: Path, offline: list[str]) -> None:
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    out = home / "night.pdf"
    proc = _run(offline, bundle, ["export", str(script), "--to", "pdf", "-o", str(out)], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile" in data, "the screenplay font is not embedded"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "INT. DINER - NIGHT" in text and "MAYA" in text and "Then you're late." in text


def test_reports_with_charts_from_the_bundle(bundle: Path, home: Path, offline: list[str]) -> None:
    """Script ▸ Reports and ``screenwright report`` draw their charts with matplotlib, shipped in the app."""
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    html, pdf = home / "report.html", home / "report.pdf"
    proc = _run(offline, bundle, ["report", str(script), "--html", "-o", str(html)], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "MAYA" in page
    proc = _run(offline, bundle, ["report", str(script), "--pdf", "-o", str(pdf)], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_search_by_meaning_from_the_bundle(bundle: Path, home: Path, offline: list[str]) -> None:
    """The search model ships in the app and runs offline in a fresh HOME (nothing to install)."""
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    proc = _run(offline, bundle, ["search", str(script), "someone arrives late", "--json"], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hits = json.loads(proc.stdout)
    assert hits and all(-1.0 <= h["score"] <= 1.0 for h in hits)
    report = json.loads(_run(offline, bundle, ["doctor", "--json", "--no-generate"], home).stdout)
    assert Path(report["search_model"]).is_relative_to(bundle), report
    assert report["charts"].startswith("matplotlib"), report


def test_generates_a_completion_with_the_bundled_model(bundle: Path, home: Path, offline: list[str]) -> None:
    proc = _run(offline, bundle, ["doctor", "--json"], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["frozen"] and report["ok"], report["problems"]
    assert not report["torch_present"] and not report["transformers_present"]
    # The store in the fresh HOME was empty: the model came out of the bundle.
    assert report["default_model_setup"] == "installed"
    assert Path(report["model_path"]).is_relative_to(home)
    generation = report["generation"]
    assert generation["tokens"] > 0 and generation["text"].strip()
    # Through the editor's worker thread, which loaded the model itself, in a child process (the
    # app's own executable with --model-process), never in the UI process.
    assert "loading" in generation["worker_states"]
    assert generation["model_process"]
    # A second start finds it installed and does not copy it again.
    again = json.loads(_run(offline, bundle, ["doctor", "--json", "--no-generate"], home).stdout)
    assert again["default_model_setup"] == "present"


def test_ai_complete_from_the_bundle(bundle: Path, home: Path, offline: list[str]) -> None:
    """The editor's own autocomplete path (``screenwright ai complete``), when that command exists."""
    if not (ROOT / "editor" / "ai" / "cli.py").is_file():
        pytest.skip("`screenwright ai` is not part of this checkout yet")
    script = home / "night.fountain"
    script.write_text(SAMPLE, encoding="utf-8")
    line = SAMPLE.splitlines().index("You said you'd be here at eight.") + 1
    proc = _run(offline, bundle, ["ai", "complete", str(script), "--line", str(line + 2), "--json"], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert isinstance(result, dict) and "text" in result


def test_conversion_is_refused_with_directions(bundle: Path, home: Path, offline: list[str]) -> None:
    gguf = home / "other.gguf"
    gguf.write_bytes(b"GGUF" + bytes(64))
    proc = _run(offline, bundle, ["model", "import", str(gguf)], home)
    assert proc.returncode == 1
    assert "GGUF" in proc.stderr and "full install" in proc.stderr
    # What the converter would start as a child process: it must explain, not open an editor window.
    child = _run(
        offline, bundle, ["-m", "inference.convert.steps", "gguf-to-hf", str(gguf), str(home / "x")], home
    )
    assert child.returncode == 3
    assert "cannot convert" in child.stdout and "ConversionError" in child.stdout


def test_install_script_registers_the_app_and_the_fountain_type(bundle: Path, home: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    proc = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = home / ".local" / "share"
    app = data / "screenwright-app" / "screenwright"
    desktop = (data / "applications" / "screenwright.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}" %F' in desktop
    assert (data / "mime" / "packages" / "screenwright.xml").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "screenwright.svg").is_file()
    link = home / ".local" / "bin" / "screenwright"
    assert link.resolve() == app.resolve()
    if shutil.which("update-mime-database"):
        globs = (data / "mime" / "globs2").read_text(encoding="utf-8")
        assert "text/x-fountain:*.fountain" in globs
    version = subprocess.run(
        [str(link), "doctor", "--json", "--no-generate"], env=env, capture_output=True, text=True, check=False
    )
    assert version.returncode == 0, version.stderr
    proc = subprocess.run(
        ["sh", str(bundle / "uninstall.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        not app.exists()
        and not link.exists()
        and not (data / "applications" / "screenwright.desktop").exists()
    )
    assert (data / "screenwright" / "models").is_dir(), "uninstalling must keep the writer's models"


def test_runs_without_the_source_tree(bundle: Path, home: Path, offline: list[str]) -> None:
    """Nothing leaks in from the build machine: the venv and the checkout are invisible to it."""
    proc = _run(offline, bundle, ["doctor", "--json", "--no-generate"], home)
    report = json.loads(proc.stdout)
    assert Path(report["bundle"]).is_relative_to(bundle)
    assert not Path(report["executable"]).is_relative_to(ROOT)
    # PyInstaller put the bundle on LD_LIBRARY_PATH; programs the app starts must not inherit it.
    assert str(bundle) not in report["child_ld_library_path"]
