"""Help ▸ Keyboard Shortcuts on a real X server at 1280x800: pictures for human eyes in test-artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.xvfb import xvfb_display

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "tests" / "support" / "shortcuts_xvfb_session.py"

pytestmark = pytest.mark.xvfb


def test_keyboard_shortcuts_dialog_screenshot() -> None:
    out = ROOT / "test-artifacts"
    with xvfb_display("1280x800x24") as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=f"{ROOT}:{ROOT / 'tests'}")
        env["SCREENWRIGHT_AI_AUTOSTART"] = "0"
        done = subprocess.run(
            [sys.executable, str(SESSION), str(out)], env=env, capture_output=True, text=True, timeout=120
        )
    if done.returncode != 0 and "xcb" in done.stderr and "plugin" in done.stderr:
        pytest.skip("Qt's xcb platform plugin cannot load here: " + done.stderr.strip()[-300:])
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("keyboard-shortcuts.png", "keyboard-shortcuts-filtered.png"):
        assert (out / name).stat().st_size > 10_000
