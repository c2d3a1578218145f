"""Screenshots of the AI features in the real window on a real X server, with the default model.

Saved to ``test-artifacts/`` (git-ignored) for human eyes: ghost text, the suggestions dock and the
rewrite preview. The test starts ``Xvfb`` itself and skips when it is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SESSION = Path(__file__).resolve().parents[1] / "support" / "ai_xvfb_session.py"
SHOTS = ("ai-ghost-text.png", "ai-suggestions.png", "ai-rewrite-preview.png")

pytestmark = [pytest.mark.xvfb, pytest.mark.model]


@pytest.fixture
def display() -> Iterator[str]:
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    for number in range(140, 160):
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
    pytest.skip("could not start Xvfb on displays :140-:159")


def test_ai_screenshots_under_xvfb(display: str, default_model, tmp_path: Path) -> None:
    shots = tmp_path / "shots"  # private first: another test run may be writing test-artifacts/ too
    env = dict(os.environ)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        SCREENWRIGHT_CONFIG_DIR=str(tmp_path / "config"),
        SCREENWRIGHT_AI_AUTOSTART="0",
    )
    done = subprocess.run(
        [sys.executable, str(SESSION), str(shots)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    if done.returncode != 0 and "xcb" in done.stderr and "plugin" in done.stderr:
        pytest.skip("Qt's xcb platform plugin cannot load here: " + done.stderr.strip()[-300:])
    assert done.returncode == 0, done.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    for name in SHOTS:
        assert (shots / name).stat().st_size > 20_000, name
        shutil.copyfile(shots / name, ARTIFACTS / name)
