"""The model-server backend against a real llama.cpp ``llama-server`` on 127.0.0.1 (default model).

- ``inference.server.ttft_ms_512``: time to the first token of a fresh 512-token prompt (no prefix in
  the server's cache), median.
- ``inference.server.decode_tok_s``: decode speed over 128 tokens, median.
- ``inference.server.cached_keystroke_ttft_ms``: the writer types one more character after a 512-token
  context: the whole prompt is sent again, the server evaluates only the new tail (target < 80).
- ``inference.server.overhead_ms``: median extra time per request of ``ServerSession.generate`` over a
  bare streaming HTTP request with the same prompt to the same server (target < 10).
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

CONTEXT = (
    "INT. KITCHEN - NIGHT\n\nMara stands at the sink, scrubbing a pan that is already clean. Danny comes in "
    "from the rain, shaking water from his coat.\n\nMARA\nWhere were you?\n\nDANNY\nOut.\n\nMARA\nOut where?"
    "\n\nDANNY\nJust out. Does it matter?\n\nShe turns off the tap. The silence is loud.\n\n"
)


def _prompt_of(tokens: int, salt: int) -> str:
    """About ``tokens`` tokens of screenplay text, different from the first character on."""
    text = f"Draft {salt}.\n\n"
    while len(text) < tokens * 4:
        text += CONTEXT
    return text[: tokens * 4]


def _raw_request(url: str, model: str, prompt: str, max_tokens: int) -> float:
    """The same streaming completion without our session: seconds until the stream ends."""
    host, port = url.removeprefix("http://").split(":")
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    body = {"model": model, "prompt": prompt, "max_tokens": max_tokens, "temperature": 0.0, "stream": True,
            "cache_prompt": True}  # fmt: skip
    conn.request("POST", "/v1/completions", json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    while line := response.readline():
        if line.strip() == b"data: [DONE]":
            break
    conn.close()
    return time.perf_counter() - started


def run() -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))
    from support.llama_server import LlamaServer, Unavailable

    from inference.runtime.server_session import ServerConfig, ServerSession
    from inference.runtime.types import GenerationParams

    try:
        server = LlamaServer().start()
    except Unavailable as exc:
        print(f"skipped: {exc}")
        return {}
    try:
        session = ServerSession(ServerConfig(url=server.url, model=server.alias))
        session.probe()
        one = GenerationParams(max_tokens=1)
        session.generate(_prompt_of(512, 0), one)  # warm up the server

        ttft = [session.generate(_prompt_of(512, 1000 + i), one).ttft_s * 1000 for i in range(5)]

        decode = GenerationParams(max_tokens=128, temperature=0.0)
        rates = [session.generate(_prompt_of(64, 2000 + i), decode).tokens_per_s for i in range(3)]

        base = _prompt_of(512, 3000)
        session.generate(base, one)
        typed: list[float] = []
        for ch in "And when you came back":
            base += ch
            typed.append(session.generate(base, one).ttft_s * 1000)

        overhead: list[float] = []
        prompt = _prompt_of(256, 4000)
        params = GenerationParams(max_tokens=8, temperature=0.0)
        session.generate(prompt, params)
        for i in range(15):
            if i % 2:
                ours = session.generate(prompt, params).total_s
                raw = _raw_request(server.url, server.alias, prompt, 8)
            else:
                raw = _raw_request(server.url, server.alias, prompt, 8)
                ours = session.generate(prompt, params).total_s
            overhead.append((ours - raw) * 1000)
    finally:
        server.stop()
    return {
        "inference.server.ttft_ms_512": round(statistics.median(ttft), 1),
        "inference.server.decode_tok_s": round(statistics.median(rates), 1),
        "inference.server.cached_keystroke_ttft_ms": round(statistics.median(typed), 1),
        "inference.server.overhead_ms": round(statistics.median(overhead), 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
