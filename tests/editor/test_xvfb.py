"""The real application on a real X server (Xvfb): a scene typed, a screenshot for human eyes.

The test installs nothing: it starts ``Xvfb`` itself when the binary exists and skips otherwise.
Screenshots go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SESSION = Path(__file__).resolve().parents[1] / "support" / "xvfb_session.py"

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def display():
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    for number in range(90, 110):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = subprocess.Popen(
            [binary, f":{number}", "-screen", "0", "1440x900x24", "-nolisten", "tcp", "-dpi", "96"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not Path(f"/tmp/.X11-unix/X{number}").exists():
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None and Path(f"/tmp/.X11-unix/X{number}").exists():
            try:
                yield f":{number}"
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
            return
        if proc.poll() is None:
            proc.kill()
    pytest.skip("could not start Xvfb on displays :90-:109")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_write_a_scene_under_xvfb_and_save_a_screenshot(display: str, theme: str, tmp_path: Path) -> None:
    out = ARTIFACTS / f"editor-xvfb-{theme}.png"
    if out.exists():
        out.unlink()
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", SCREENWRIGHT_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, str(SESSION), str(out), theme],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0 and "could not connect to display" in done.stderr + done.stdout:
        pytest.skip("Qt could not use the X server: " + done.stderr.strip()[-300:])
    if done.returncode != 0 and "xcb" in done.stderr and "plugin" in done.stderr:
        pytest.skip("Qt's xcb platform plugin cannot load here: " + done.stderr.strip()[-300:])
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.exists() and out.stat().st_size > 20_000
