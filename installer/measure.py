"""Measure a built Linux bundle: its size and its cold start to an editable window.

A cold start here is a fresh process whose files are not in the page cache: before each launch the
bundle's files are evicted with ``posix_fadvise(DONTNEED)`` (only ours, so other programs on the
machine keep their cache), as after a reboot or a long idle. The clock runs from just before the
parent spawns the app to the moment the app's startup probe sees a visible main window with a
writable editor (and a typed character lands in the document), in a real X11 window under a
private Xvfb when one can be started, else on Qt's offscreen platform. Runs use a clean environment
(no virtualenv on PATH, a temporary HOME), like a writer's session. The machine's other load shows
in these numbers: compare medians taken on a quiet machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROBE_ENV = "SCREENWRIGHT_STARTUP_PROBE"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a desktop session would give the app: system PATH only, own HOME, offscreen Qt."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(home),
    }
    env.update(extra)
    return env


def evict_page_cache(folder: Path) -> None:
    """Drop this folder's files from the page cache (Linux; a no-op where fadvise is missing)."""
    if not hasattr(os, "posix_fadvise"):
        return
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def launch_until_editable(
    executable: Path,
    args: list[str],
    env: dict[str, str],
    *,
    timeout: float = 60.0,
    wrapper: list[str] | None = None,
) -> tuple[float, dict[str, Any]]:
    """Start the app, wait for its probe report; returns (seconds to editable, report)."""
    with tempfile.TemporaryDirectory(prefix="sw-probe-") as tmp:
        report_path = Path(tmp) / "probe.json"
        run_env = dict(env)
        run_env[PROBE_ENV] = str(report_path)
        started = time.time()
        proc = subprocess.Popen(
            [*(wrapper or []), str(executable), *args],
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
            tail = output.decode(errors="replace")[-3000:]
            raise RuntimeError(f"the app did not become editable within {timeout:.0f} s:\n{tail}") from None
        if not report_path.is_file():
            raise RuntimeError(
                f"the app exited ({proc.returncode}) without reaching an editable window:\n"
                f"{output.decode(errors='replace')[-3000:]}"
            )
        report = json.loads(report_path.read_text(encoding="utf-8"))
        report["returncode"] = proc.returncode
        report["output"] = output.decode(errors="replace")
        return report["ready_wall"] - started, report


def measure(folder: Path, archive: Path | None = None, *, runs: int = 7) -> dict[str, float]:
    """Size and cold-start numbers for the unpacked bundle ``folder`` (``dist/Screenwright-*``)."""
    from installer.build import folder_size

    executable = folder / "screenwright" / "screenwright"
    results: dict[str, float] = {
        "installer.bundle_mb": round(folder_size(folder / "screenwright") / 1e6, 1),
    }
    detail: list[tuple[str, str]] = []
    if archive is not None and archive.is_file():
        detail.append(("download (tar.gz)", f"{archive.stat().st_size / 1e6:.1f} MB"))
    model_bytes = folder_size(folder / "screenwright" / "_internal" / "models")
    detail.append(("of which the model", f"{model_bytes / 1e6:.1f} MB"))
    with tempfile.TemporaryDirectory(prefix="sw-home-") as home_name:
        home = Path(home_name)
        env = clean_env(home)
        script = home / "script.fountain"
        sys.path.insert(0, str(ROOT / "tests"))
        try:
            from support.synthetic import generate_script

            script.write_text(generate_script(120), encoding="utf-8")
        finally:
            sys.path.pop(0)
        evict_page_cache(folder)
        first, report = launch_until_editable(executable, [], env)
        detail.append(("first launch (installs the model)", f"{first:.2f} s"))
        cold: list[float] = []
        for _ in range(runs):
            evict_page_cache(folder)
            seconds, report = launch_until_editable(executable, [], env)
            cold.append(seconds)
        warm = [launch_until_editable(executable, [], env)[0] for _ in range(3)]
        evict_page_cache(folder)
        with_script = [launch_until_editable(executable, [str(script)], env)[0]]
        with_script += [launch_until_editable(executable, [str(script)], env)[0] for _ in range(2)]
        x11 = _x11_cold_starts(executable, home, folder, runs=5)
    # A real X11 window when an X server can be had (Xvfb), else Qt's offscreen platform: the same
    # widgets and document, without the window system's share of the start.
    results["installer.cold_start_s"] = round(statistics.median(x11 or cold), 3)
    detail += [
        ("cold_start_s measured on", "X11 (Xvfb)" if x11 else "offscreen (no Xvfb here)"),
        ("cold starts, X11 window (s)", " ".join(f"{s:.2f}" for s in x11) or "-"),
        ("cold starts, offscreen (s)", " ".join(f"{s:.2f}" for s in cold)),
        ("warm start offscreen, median", f"{statistics.median(warm):.2f} s"),
        ("120-page script offscreen: cold, warm", " ".join(f"{s:.2f}" for s in with_script)),
        ("window", f"{report['window_class']} / {report['editor_class']} typed_ok={report['typed_ok']}"),
    ]
    print(f"\n{'installer (Linux bundle)':<40} {'value':>30}")
    print("-" * 71)
    for key, value in results.items():
        print(f"{key:<40} {value:>30}")
    for key, value in detail:
        print(f"  {key:<38} {value:>30}")
    return results


def _x11_cold_starts(executable: Path, home: Path, folder: Path, *, runs: int) -> list[float]:
    """The same cold start on the xcb platform under a private Xvfb, when Xvfb is installed."""
    import shutil

    if not shutil.which("Xvfb"):
        return []
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as handle:
            number = handle.readline().strip()
        if not number:
            return []
        env = clean_env(home, QT_QPA_PLATFORM="xcb", DISPLAY=f":{number}")
        seconds = []
        for _ in range(runs):
            evict_page_cache(folder)
            seconds.append(launch_until_editable(executable, [], env)[0])
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure_and_merge(folder: Path, archive: Path | None = None, *, runs: int = 7) -> dict[str, float]:
    """Measure, then merge into bench-results.json with the benchmark runner's own merge."""
    import importlib.util

    results = measure(folder, archive, runs=runs)
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "tests" / "benchmarks" / "run.py")
    assert spec and spec.loader
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    runner.merge_results(results)
    print(f"merged into {runner.RESULTS}")
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else max((ROOT / "dist").glob("Screenwright-*-linux-*/"))
    measure_and_merge(target)
