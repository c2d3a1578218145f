"""No network, ever: a whole session (open, type, autocomplete, summarise, export, save, quit) opens
no IPv4/IPv6 socket.

Two independent witnesses: a Python audit hook inside the application (``session_driver.py``: every
socket, connect, bind and name lookup from Python code, any thread) and ``strace`` on the whole
process tree (every ``socket``/``connect``/``bind`` system call, from Qt and onnxruntime too). When
``unshare -n`` is available the session also runs without any network interface, which proves the
session works offline as well (nothing waits on a timeout).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("session_driver.py")
REPO = Path(__file__).resolve().parents[2]
SCRIPT = (
    "Title: Offline\n\nINT. CABIN - NIGHT\n\nSnow against the glass. JUNE feeds the stove.\n\n"
    "JUNE\nNobody can find us here.\n"
)
INET = re.compile(r"\b(socket|connect|bind|sendto)\(.*\bAF_INET6?\b")


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_a_whole_session_makes_no_network_connection(tiny_model_store, tmp_path: Path) -> None:
    script = tmp_path / "offline.fountain"
    script.write_text(SCRIPT, "utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    report_file = tmp_path / "report.json"
    trace = tmp_path / "strace.log"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        SCREENWRIGHT_AI_AUTOSTART="1",
        SCREENWRIGHT_MODELS_DIR=os.environ["SCREENWRIGHT_MODELS_DIR"],  # the tiny model's store
    )
    command = [sys.executable, str(DRIVER), str(report_file), str(script), str(exports)]
    if shutil.which("strace"):
        command = [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect,bind,sendto",
            "-o",
            str(trace),
            *command,
        ]
    if _unshare_works():
        command = ["unshare", "-n", *command]
    done = subprocess.run(command, env=env, capture_output=True, timeout=280)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    report = json.loads(report_file.read_text("utf-8"))
    assert not [s for s in report["steps"] if s.startswith("TIMEOUT")], report
    assert report["steps"][-1] == "saved", report
    assert report["finished_requests"] >= 1 and report["summaries"] >= 1
    assert sorted(report["exports"]) == ["session.fdx", "session.html", "session.pdf"]
    assert all((exports / name).stat().st_size > 0 for name in report["exports"])
    assert report["saved"] and "HALE" in script.read_text("utf-8")
    assert report["network_attempts"] == []
    if shutil.which("strace"):
        calls = trace.read_text("utf-8").splitlines()
        inet = [line for line in calls if INET.search(line)]
        assert inet == [], inet[:20]
    else:
        pytest.skip("strace is not installed: only the Python audit hook was checked")


def test_the_audit_hook_would_see_a_connection(tmp_path: Path) -> None:
    """The witness works: a session that does open a socket is reported (so an empty list means something)."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import runpy, sys, socket\n"
        f"sys.argv = [{str(DRIVER)!r}]\n"
        f"mod = runpy.run_path({str(DRIVER)!r}, run_name='not_main')\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "try:\n    s.connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
        "s.close()\n"
        "print(mod['ATTEMPTS'])\n",
        "utf-8",
    )
    command = [sys.executable, str(probe)]
    if shutil.which("strace"):
        trace = tmp_path / "probe.strace"
        command = ["strace", "-f", "-qq", "-e", "trace=socket,connect,bind", "-o", str(trace), *command]
    done = subprocess.run(
        command, capture_output=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(REPO))
    )
    out = done.stdout.decode()
    assert "socket.__new__ family=2" in out and "socket.connect ('127.0.0.1', 9)" in out, out
    if shutil.which("strace"):
        assert [line for line in trace.read_text().splitlines() if INET.search(line)]
