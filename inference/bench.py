"""Speed and memory measurements of a backend on an installed model.

``python -m inference.bench --backend ort --json`` measures one backend in a fresh process (so
its peak RSS is its own) and prints a JSON object; ``run_isolated`` drives that from another
process. Used by ``screenwright-model bench`` and ``tests/benchmarks/bench_inference.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from inference.errors import InferenceError
from inference.runtime.types import GenerationParams
from inference.store.paths import set_offline_switches

METRICS = (
    "load_s",
    "ttft_ms_64",
    "ttft_ms_512",
    "ttft_ms_1024",
    "decode_tok_s",
    "cached_keystroke_ttft_ms",
    "peak_rss_mb",
)

# Varied screenplay text so prompts look like what the editor sends (not one token repeated).
_SCENE = """INT. {place} - {time}

{who} crosses to the window and watches the street below. Rain needles the glass.

{who}
You said {n} minutes. It has been an hour.

{other}
(not looking up)
Traffic. The bridge was closed again.

{who}
The bridge has been closed since Tuesday, {other}.

{other} folds the newspaper, sets it down, and finally meets {who}'s eyes.

"""
_PLACES = ("DINER", "POLICE PRECINCT", "ROOFTOP", "WAREHOUSE", "HOSPITAL CORRIDOR", "MOTEL ROOM")
_TIMES = ("NIGHT", "DAY", "DAWN", "CONTINUOUS")
_NAMES = ("MARA", "VICTOR", "HALE", "JUNE", "DELGADO", "ROSE")


def screenplay_text(scenes: int = 40) -> str:
    parts = []
    for i in range(scenes):
        who, other = _NAMES[i % len(_NAMES)], _NAMES[(i * 5 + 1) % len(_NAMES)]
        parts.append(
            _SCENE.format(
                place=_PLACES[i % len(_PLACES)], time=_TIMES[i % len(_TIMES)], who=who, other=other, n=i + 5
            )
        )
    return "".join(parts)


def peak_rss_mb() -> float:
    """This process's own peak resident memory, in MB.

    ``VmHWM``, not ``ru_maxrss``, where Linux has it: the ``ru_maxrss`` of a child started with
    fork and exec includes what the parent held at the fork (a 600 MB parent made a 13 MB child
    report 614 MB), so the benchmark used to report the size of the bench runner that started
    the child, not the model's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except (OSError, ValueError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024.0  # bytes on macOS, KiB on Linux


def measure(
    model_path: Path, backend: str, repeats: int = 3, keystrokes: int = 15, text: str | None = None
) -> dict[str, float]:
    """Measure one backend; medians unless the name says otherwise. Prints progress to stderr.

    Prompts are cut from ``text`` (default: built-in screenplay scenes) at exact token counts.
    """
    from inference.runtime.session import InferenceSession

    def note(text: str) -> None:
        print(f"  [{backend}] {text}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    session = InferenceSession.open(model_path, backend, max_length=2048)
    load_s = time.perf_counter() - started
    note(f"loaded in {load_s:.2f} s")
    ids = session.encode(text or screenplay_text())
    if len(ids) < 1100:
        raise InferenceError("The benchmark text is too short for this tokenizer.")
    one = GenerationParams(max_tokens=1)
    results: dict[str, float] = {"load_s": load_s}

    for length in (64, 512, 1024):
        times = []
        for r in range(repeats):
            session.reset()
            prompt = ids[r * 7 : r * 7 + length]
            times.append(session.generate(prompt, one).ttft_s * 1000)
        results[f"ttft_ms_{length}"] = statistics.median(times)
        note(f"TTFT {length} tokens: {results[f'ttft_ms_{length}']:.0f} ms")

    rates = []
    for r in range(repeats):
        session.reset()
        result = session.generate(ids[200 + r * 50 : 264 + r * 50], GenerationParams(max_tokens=128))
        if result.tokens >= 16:
            rates.append(result.tokens_per_s)
    results["decode_tok_s"] = statistics.median(rates) if rates else 0.0
    note(f"decode: {results['decode_tok_s']:.1f} tok/s")

    session.reset()
    base = ids[:1024]
    session.generate(base, one)
    times = []
    for k in range(keystrokes):
        typed = ids[1024 + k * 3 : 1024 + k * 3 + 8]  # a different 8-token tail each time
        result = session.generate(base + typed, one)
        if result.reused_tokens < 1024:
            raise InferenceError(f"cache reuse failed: {result.reused_tokens} tokens reused")
        times.append(result.ttft_s * 1000)
    results["cached_keystroke_ttft_ms"] = statistics.median(times)
    note(f"cached keystroke: {results['cached_keystroke_ttft_ms']:.0f} ms")
    results["peak_rss_mb"] = peak_rss_mb()
    session.close()
    return results


def run_isolated(
    model_path: Path,
    backend: str,
    text_file: Path | None = None,
    *,
    repeats: int = 3,
    keystrokes: int = 15,
    timeout_s: float = 1800,
) -> dict[str, float]:
    """Measure ``backend`` in a child process (honest peak RSS, no cross-backend interference)."""
    cmd = [sys.executable, "-m", "inference.bench", "--backend", backend, "--model", str(model_path)]
    cmd += ["--json", "--repeats", str(repeats), "--keystrokes", str(keystrokes)]
    if text_file is not None:
        cmd += ["--text-file", str(text_file)]
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, timeout=timeout_s, check=False)
    if proc.returncode != 0:
        raise InferenceError(
            f"The {backend} benchmark failed (exit {proc.returncode}); see the messages above."
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    set_offline_switches()
    parser = argparse.ArgumentParser(prog="python -m inference.bench")
    parser.add_argument("--backend", default="ort", choices=["ort", "torch"])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--text-file", type=Path, help="cut prompts from this text instead of the built-in one"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per cold-prompt measurement")
    parser.add_argument("--keystrokes", type=int, default=15, help="cached-keystroke samples")
    args = parser.parse_args(argv)
    text = args.text_file.read_text(encoding="utf-8") if args.text_file else None
    try:
        results = measure(args.model, args.backend, args.repeats, args.keystrokes, text=text)
    except InferenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results))
    else:
        for key in METRICS:
            print(f"{key:<26} {results[key]:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
