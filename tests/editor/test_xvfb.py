"""The real application on a real X server (Xvfb): a scene typed, a screenshot for human eyes.

The test installs nothing: it starts ``Xvfb`` itself when the binary exists and skips otherwise.
Screenshots go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SESSION = Path(__file__).resolve().parents[1] / "support" / "xvfb_session.py"

pytestmark = pytest.mark.xvfb


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_write_a_scene_under_xvfb_and_save_a_screenshot(x_display: str, theme: str, tmp_path: Path) -> None:
    out = ARTIFACTS / f"editor-xvfb-{theme}.png"
    if out.exists():
        out.unlink()
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", SCREENWRIGHT_CONFIG_DIR=str(tmp_path / "config"))
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
