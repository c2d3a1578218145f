"""Screenshots of the AI features in the real window on a real X server, with the default model.

Saved to ``test-artifacts/`` (git-ignored) for human eyes: ghost text, the suggestions dock and the
rewrite preview. The test starts ``Xvfb`` itself and skips when it is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SESSION = Path(__file__).resolve().parents[1] / "support" / "ai_xvfb_session.py"
SHOTS = ("ai-menu.png", "ai-ghost-text.png", "ai-suggestions.png", "ai-rewrite-preview.png")

pytestmark = [pytest.mark.xvfb, pytest.mark.model]


def test_ai_screenshots_under_xvfb(x_display: str, default_model, tmp_path: Path) -> None:
    shots = tmp_path / "shots"  # private first: another test run may be writing test-artifacts/ too
    env = dict(os.environ)
    env.update(
        DISPLAY=x_display,
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
