"""One crash trial: type into the real application, SIGKILL it at a random moment, relaunch, compare.

Shared by ``test_kill_recovery.py`` (a few trials) and ``tests/benchmarks/bench_reliability.py``
(50). Everything runs in child processes with their own settings and data directories.

What is measured: the driver logs the document text after every key event. The relaunched app's
recovered text must equal one of those snapshots (anything else is a corrupted recovery); the
typing lost is the time between the first keystroke *not* recovered and the kill (0 when all of it
came back). The writer's own file must still hold exactly its original bytes, since journaling
never touches it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("app_driver.py")

ORIGINAL = """Title: The Long Night
Author: Test

INT. DINER - NIGHT

Rain streaks the window. A neon sign buzzes overhead.

MARA
I told you not to come here.
"""

TYPED = (
    "\nHale slides into the booth and drops a wet envelope on the table.\n\n"
    "HALE\nCount it if you like. It is all there, every last dollar of it.\n\n"
    "MARA\nI do not need to count it. I need you to leave before he sees you.\n\n"
    "She glances at the door, then at the clock above the counter, then back at him.\n"
) * 4


@dataclass
class TrialResult:
    seed: int
    keys_before_kill: int
    keys_recovered: int
    loss_s: float
    corrupted: bool
    dialog: bool
    detail: str


def _settings(config: Path) -> None:
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.ini").write_text(
        "[editing]\nsmart_typing=false\nsmarttype_completion=false\nauto_uppercase=false\n"
        "[ai]\nenabled=false\n",
        "utf-8",
    )


def _env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SCREENWRIGHT_CONFIG_DIR=str(base / "config"),
        SCREENWRIGHT_DATA_DIR=str(base / "data"),
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _read_log(log: Path) -> list[dict]:
    entries = []
    for line in log.read_text("utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            break  # the line being written when the kill came
    return entries


def run_trial(
    base: Path, seed: int, *, min_kill_s: float = 0.3, max_kill_s: float = 3.0, untitled: bool = False
) -> TrialResult:
    """Type, kill at a random moment within ``[min_kill_s, max_kill_s]`` of typing, recover.

    ``untitled``: type into the new, never-saved script the application starts with instead.
    """
    rng = random.Random(seed)
    base.mkdir(parents=True, exist_ok=True)
    _settings(base / "config")
    script = base / "script.fountain"
    script.write_bytes(ORIGINAL.encode("utf-8"))
    app_args = [] if untitled else [str(script)]
    text_file = base / "typed.txt"
    text_file.write_text(TYPED, "utf-8")
    log = base / "typing.jsonl"
    log.write_text("", "utf-8")
    env = _env(base)
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), "type", "--text", str(text_file), "--log", str(log), "--", *app_args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while log.stat().st_size == 0:  # the driver logs once the window is up, before typing
            if child.poll() is not None:
                raise RuntimeError(f"the application exited early: {child.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("the application did not start within 60 s")
            time.sleep(0.02)
        time.sleep(rng.uniform(min_kill_s, max_kill_s))
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stderr is not None:
            child.stderr.close()
    entries = [e for e in _read_log(log) if e["t"] <= killed_at]
    keys_before_kill = entries[-1]["n"] if entries else 0

    original_intact = script.read_bytes() == ORIGINAL.encode("utf-8")
    result_file = base / "recovered.json"
    done = subprocess.run(
        [sys.executable, str(DRIVER), "recover", "--result", str(result_file), "--", *app_args],
        env=env,
        capture_output=True,
        timeout=120,
    )
    if done.returncode != 0 or not result_file.exists():
        return TrialResult(
            seed, keys_before_kill, 0, float("inf"), True, False,
            f"relaunch failed ({done.returncode}): {done.stderr.decode()[-2000:]}",
        )  # fmt: skip
    recovered = json.loads(result_file.read_text("utf-8"))
    if untitled:
        tabs = [t for t in recovered["tabs"] if t["path"] is None and (t["modified"] or not t["text"])]
        tabs.sort(key=lambda t: not t["modified"])  # the recovered one first, else the blank one
    else:
        tabs = [t for t in recovered["tabs"] if t["path"] and Path(t["path"]).resolve() == script.resolve()]
    text = tabs[0]["text"] if tabs else None
    detail = ""
    match = -1
    if text is not None:
        for index in range(len(entries) - 1, -1, -1):
            if entries[index]["text"] == text:
                match = index
                break
    corrupted = not original_intact or text is None or match < 0
    if not original_intact:
        detail = "the writer's file was modified"
    elif text is None:
        detail = "the script is not open after the relaunch"
    elif match < 0:
        detail = "the recovered text matches no state the document was in"
    if corrupted or match == len(entries) - 1:
        loss = 0.0 if not corrupted else float("inf")
    else:
        loss = killed_at - entries[match + 1]["t"]
    # Nothing to recover (killed before the first journal) is fine only if no dialog was needed.
    keys_recovered = entries[match]["n"] if match >= 0 else 0
    return TrialResult(seed, keys_before_kill, keys_recovered, loss, corrupted, recovered["dialog"], detail)
