"""``ServerSession``: the session interface over an OpenAI-compatible model server.

Why: writers who want better rewrites and drafts than a 135M model gives often already run a larger
model in Ollama, LM Studio, llama.cpp's ``llama-server`` or vLLM, on this machine or on a writers'
room GPU server. Every AI feature talks to a session through ``generate`` and ``score``; this class
gives them the same two calls over HTTP, so the features, prompts and checks stay the same.

Protocol choices:

- ``POST /v1/completions`` with ``stream: true`` for generation: the AI tasks build plain
  continuation prompts (see ``editor/ai/prompts.py``), which is what the completions endpoint takes,
  and all four servers implement it. Text streams back as server-sent events.
- Prefix reuse: llama.cpp re-evaluates only the unseen suffix when ``cache_prompt`` is set (sent only
  to llama.cpp, which is detected from ``GET /props``); vLLM and Ollama reuse prefixes on their own.
  So a keystroke request sends the whole prompt but pays only for the new tokens.
- Scoring (next speaker and other constrained choices) walks each candidate through the server's
  ``top_logprobs`` one token at a time. Servers that return no log-probabilities are detected once
  (``capabilities.logprobs``) and ``score`` raises, so the features fall back to the rules.
- Stop strings are applied here as well as sent (servers cap their number, and the same
  ``StopStream`` as the local runtime decides what the writer sees).

Networking: stdlib ``http.client`` only, one connection per request, closed at the end. Reading runs
on a short-lived reader thread while the calling (worker) thread waits on a queue and polls
``should_cancel`` between events; a cancel closes the socket, which ends the stream on the server
too. Nothing here connects anywhere but the configured server.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import logging
import math
import queue
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from inference.errors import GenerationError, InferenceError
from inference.runtime.stops import StopStream
from inference.runtime.types import GenerationParams, GenerationResult

log = logging.getLogger(__name__)

ChunkCallback = Callable[[str], None]
CancelCheck = Callable[[], bool]

CONNECT_TIMEOUT_S = 5.0
FIRST_BYTE_TIMEOUT_S = 60.0  # a large model prefilling a long prompt on a busy server
IDLE_TIMEOUT_S = 30.0  # silence in the middle of a stream
SCORE_TOP_N = 20  # what OpenAI-style servers allow (vLLM's default cap); llama.cpp takes more
SCORE_TOP_N_LLAMA_CPP = 100
MAX_SCORE_STEPS = 12
_POLL_S = 0.02
_HINT = "Check the server in AI ▸ Models…, or choose a local model."


class ServerError(GenerationError):
    """The server failed, went away or answered something unusable. The worker reloads after it."""


@dataclass(frozen=True)
class ServerConfig:
    """Where the server is and which of its models to use. ``api_key`` is never written to disk here."""

    url: str
    model: str = ""
    api_key: str = ""
    timeout_s: float = FIRST_BYTE_TIMEOUT_S

    @property
    def parts(self) -> urllib.parse.SplitResult:
        return urllib.parse.urlsplit(self.url if "://" in self.url else f"http://{self.url}")

    @property
    def host(self) -> str:
        return self.parts.hostname or ""

    @property
    def port(self) -> int:
        parts = self.parts
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def base_path(self) -> str:
        """The path prefix before ``/v1`` (a server behind a reverse proxy may have one)."""
        path = self.parts.path.rstrip("/")
        return path[: -len("/v1")] if path.endswith("/v1") else path

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Capabilities:
    """What the server can do, found out once per session by ``probe``."""

    kind: str = "openai"  # "llama.cpp" when /props answers like llama-server
    model: str = ""
    models: list[str] = field(default_factory=list)
    logprobs: bool = False
    context_length: int = 0

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "model": self.model,
            "logprobs": self.logprobs,
            "context_length": self.context_length,
        }


class _Stream:
    """One HTTP request whose response lines are read on a helper thread into a queue."""

    def __init__(self, config: ServerConfig, method: str, path: str, body: dict[str, Any] | None) -> None:
        self.config = config
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._conn = _connection(config)
        self._closed = False
        payload = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Accept": "text/event-stream, application/json"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._thread = threading.Thread(
            target=self._run, args=(method, config.base_path + path, payload, headers), daemon=True
        )
        self._thread.start()

    def _run(self, method: str, path: str, payload: bytes | None, headers: dict[str, str]) -> None:
        try:
            self._conn.request(method, path, body=payload, headers=headers)
            response = self._conn.getresponse()
            self._queue.put(("status", (response.status, response.getheader("Content-Type", ""))))
            while True:
                line = response.readline()
                if not line:
                    break
                self._queue.put(("line", line))
            self._queue.put(("end", None))
        except Exception as exc:  # reported to the waiting thread, which owns the error message
            self._queue.put(("error", exc))

    def events(self, should_cancel: CancelCheck, first_timeout: float) -> Iterator[tuple[str, Any]]:
        """Yield ``(kind, value)`` events; ``("cancelled", None)`` ends the stream early."""
        deadline = time.monotonic() + first_timeout
        checked = time.monotonic()
        while True:
            now = time.monotonic()
            if now - checked >= _POLL_S:  # also while text flows: a fast stream must stay cancellable
                checked = now
                if should_cancel():
                    self.close()
                    yield "cancelled", None
                    return
            try:
                kind, value = self._queue.get(timeout=_POLL_S)
            except queue.Empty:
                if time.monotonic() > deadline:
                    self.close()
                    raise ServerError(
                        f"The model server at {self.config.address} stopped answering.", _HINT
                    ) from None
                continue
            deadline = time.monotonic() + IDLE_TIMEOUT_S
            yield kind, value
            if kind in ("end", "error"):
                return

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed by the server
                sock.shutdown(socket.SHUT_RDWR)
        self._conn.close()


def _connection(config: ServerConfig) -> http.client.HTTPConnection:
    if config.parts.scheme == "https":
        return http.client.HTTPSConnection(config.host, config.port, timeout=config.timeout_s)
    return http.client.HTTPConnection(config.host, config.port, timeout=config.timeout_s)


def _describe_failure(config: ServerConfig, exc: BaseException) -> ServerError:
    where = config.address
    if isinstance(exc, ConnectionRefusedError):
        return ServerError(
            f"Nothing answers at {where} (connection refused).", "Is the server running? " + _HINT
        )
    if isinstance(exc, socket.gaierror):
        return ServerError(f"The server name '{config.host}' cannot be found.", _HINT)
    if isinstance(exc, TimeoutError | socket.timeout):
        return ServerError(f"The model server at {where} did not answer in time.", _HINT)
    if isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
        return ServerError(f"The model server at {where} closed the connection.", _HINT)
    if isinstance(exc, http.client.HTTPException | OSError):
        return ServerError(f"The model server at {where} failed: {exc}.", _HINT)
    return ServerError(f"The model server at {where} failed unexpectedly: {exc}.", _HINT)


def _error_text(body: bytes) -> str:
    """The server's own one-line reason from an error body (JSON ``error.message`` or plain text)."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return " ".join(text.split())[:160]
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or error
    return " ".join(str(error).split())[:160]


class ServerSession:
    """Generation and scoring through a model server; same interface as ``InferenceSession``."""

    alive = True  # the worker drops sessions whose ``alive`` is False after a failure

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.capabilities = Capabilities()
        self._probed = False

    # -- plumbing ---------------------------------------------------------------------------------

    def _request_json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A short request whose whole answer is JSON; raises ``ServerError`` with a reason."""
        stream = _Stream(self.config, method, path, body)
        status, lines = 0, []
        try:
            for kind, value in stream.events(lambda: False, min(self.config.timeout_s, 30.0)):
                if kind == "status":
                    status = value[0]
                elif kind == "line":
                    lines.append(value)
                elif kind == "error":
                    raise _describe_failure(self.config, value)
        finally:
            stream.close()
        body_bytes = b"".join(lines)
        if status >= 400:
            raise self._http_error(status, body_bytes)
        try:
            return json.loads(body_bytes)
        except json.JSONDecodeError:
            raise ServerError(
                f"The server at {self.config.address} did not answer like a model server (not JSON).",
                "Check the address: it should be the server's base URL, e.g. http://127.0.0.1:8080.",
            ) from None

    def _http_error(self, status: int, body: bytes) -> ServerError:
        reason = _error_text(body)
        where = self.config.address
        if status in (401, 403):
            return ServerError(
                f"The model server at {where} refused the key ({status}).", "Check the API key."
            )
        if status == 404 and "model" in reason.lower():
            return ServerError(f"The server at {where} has no model '{self.config.model}': {reason}", _HINT)
        if status == 404:
            return ServerError(f"The server at {where} has no OpenAI-compatible API here (404).", _HINT)
        return ServerError(
            f"The model server at {where} answered {status}: {reason or 'no reason given'}.", _HINT
        )

    def probe(self) -> Capabilities:
        """Check the server answers, has the model, and find out what it can do. Cached."""
        if self._probed:
            return self.capabilities
        caps = Capabilities()
        listing = self._request_json("GET", "/v1/models")
        entries = listing.get("data", []) if isinstance(listing, dict) else []
        caps.models = [str(e.get("id", "")) for e in entries if isinstance(e, dict) and e.get("id")]
        wanted = self.config.model
        if wanted and caps.models and wanted not in caps.models:
            raise ServerError(
                f"The server at {self.config.address} has no model '{wanted}'.",
                f"It has: {', '.join(caps.models[:6])}.",
            )
        caps.model = wanted or (caps.models[0] if caps.models else "")
        try:
            props = self._request_json("GET", "/props")
        except ServerError:
            props = None
        if isinstance(props, dict) and "default_generation_settings" in props:
            caps.kind = "llama.cpp"
            settings = props.get("default_generation_settings") or {}
            caps.context_length = int(settings.get("n_ctx", 0) or props.get("n_ctx", 0) or 0)
        self.capabilities = caps
        try:
            caps.logprobs = bool(self._top_logprobs("The", cache=None))
        except ServerError as exc:
            log.info("server gives no log-probabilities: %s", exc)
            caps.logprobs = False
        self._probed = True
        log.info("model server %s: %s", self.config.address, caps.describe())
        return caps

    def _body(self, prompt: str, params: GenerationParams, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.capabilities.model,
            "prompt": prompt,
            "max_tokens": params.max_tokens,
            "temperature": max(0.0, params.temperature),
            "top_p": params.top_p,
            "stream": stream,
        }
        if params.top_k:
            body["top_k"] = params.top_k
        if params.seed is not None:
            body["seed"] = params.seed
        if params.repetition_penalty != 1.0:
            body["repeat_penalty" if self.capabilities.kind == "llama.cpp" else "repetition_penalty"] = (
                params.repetition_penalty
            )
        if params.stop:
            body["stop"] = list(params.stop)[:4]  # the OpenAI limit; all of them are applied here too
        if self.capabilities.kind == "llama.cpp":
            body["cache_prompt"] = True
        return body

    # -- the session interface --------------------------------------------------------------------

    def generate(
        self,
        prompt: str | Sequence[int],
        params: GenerationParams | None = None,
        on_chunk: ChunkCallback | None = None,
        should_cancel: CancelCheck | None = None,
        lane: str = "main",
    ) -> GenerationResult:
        """Continue ``prompt`` on the server, streaming final text through ``on_chunk``."""
        if not isinstance(prompt, str):
            raise InferenceError("A model server takes text prompts.", "Pass the prompt as text.")
        if not prompt:
            raise InferenceError("The prompt is empty.", "Give the model some text to continue.")
        params = params or GenerationParams()
        should_cancel = should_cancel or (lambda: False)
        start = time.perf_counter()
        self.probe()
        stream = _Stream(self.config, "POST", "/v1/completions", self._body(prompt, params, stream=True))
        stops = StopStream(params.stop)
        text, pieces, finish, complete = "", 0, "length", False
        first_at = last_at = 0.0
        status, error_body = 0, []
        usage: dict[str, Any] = {}
        try:
            for kind, value in stream.events(should_cancel, self.config.timeout_s):
                if kind == "cancelled":
                    finish = "cancelled"
                    break
                if kind == "error":
                    raise _describe_failure(self.config, value)
                if kind == "status":
                    status = value[0]
                    continue
                if kind == "end":
                    if status < 400 and not complete:
                        raise ServerError(
                            f"The model server at {self.config.address} stopped in the middle of its answer.",
                            _HINT,
                        )
                    break
                if status >= 400:
                    error_body.append(value)
                    continue
                event = _sse_data(value)
                if event is None:
                    continue
                if event == "[DONE]":
                    complete = True
                    finish = finish if finish != "length" or pieces else "eos"
                    break
                choice, usage_now = _choice(event, self.config)
                usage = usage_now or usage
                piece = str(choice.get("text") or "")
                if piece:
                    now = time.perf_counter()
                    first_at = first_at or now
                    last_at = now
                    pieces += 1
                    text += piece
                    released = stops.feed(text)
                    if released and on_chunk is not None:
                        on_chunk(released)
                    if stops.stopped:
                        finish = "stop"
                        stream.close()
                        break
                reason = choice.get("finish_reason")
                if reason:
                    complete = True
                    finish = "stop" if reason == "stop" else "eos" if reason == "eos" else "length"
        finally:
            stream.close()
        if status >= 400:
            raise self._http_error(status, b"".join(error_body))
        if finish != "cancelled" and not stops.stopped:
            tail = stops.finish(text)
            if tail and on_chunk is not None:
                on_chunk(tail)
        total = time.perf_counter() - start
        tokens = int(usage.get("completion_tokens") or pieces)
        span = last_at - first_at
        return GenerationResult(
            text=stops.final_text if finish != "cancelled" else "",
            tokens=tokens,
            ttft_s=(first_at - start) if first_at else 0.0,
            tokens_per_s=(pieces - 1) / span if pieces > 1 and span > 0 else 0.0,
            total_s=total,
            finish_reason=finish,
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            reused_tokens=int(usage.get("cached_tokens") or 0),
        )

    def score(
        self,
        prompt: str,
        candidates: Sequence[str],
        should_cancel: CancelCheck | None = None,
        lane: str = "main",
    ) -> list[float]:
        """Log-probability of each candidate continuing ``prompt``, from the server's top log-probs.

        Each step asks for the next token's most likely tokens and takes the longest one that
        continues the candidate. On the first step a token's leading space is not part of the text
        (word-initial tokens of many tokenizers carry one: ``" MAR"`` starts ``MARA`` after a blank
        line), and tokens that give the same text add up. A candidate that leaves the list gets the
        list's floor for the rest: it is at least that unlikely. Steps shared by candidates are asked
        once.
        """
        if not prompt:
            raise InferenceError("The prompt is empty.", "Give the model some text to score against.")
        caps = self.probe()
        if not caps.logprobs:
            raise InferenceError(
                f"The model server at {self.config.address} gives no token log-probabilities.",
                "Choices such as the next speaker use the script's own rules instead.",
            )
        should_cancel = should_cancel or (lambda: False)
        cache: dict[str, dict[str, float]] = {}
        scores: list[float] = []
        for candidate in candidates:
            done, total = "", 0.0
            for _ in range(MAX_SCORE_STEPS):
                rest = candidate[len(done) :]
                if not rest:
                    break
                if should_cancel():
                    raise InferenceError("Scoring was cancelled.")
                top = self._top_logprobs(prompt + done, cache=cache)
                if not top:
                    break
                options: dict[str, float] = {}
                for token, logprob in top.items():
                    text = token.lstrip(" ") if not done else token
                    if text and rest.startswith(text):
                        known = options.get(text)
                        options[text] = logprob if known is None else float(np.logaddexp(known, logprob))
                if not options:
                    total += min(top.values()) - math.log(2.0)
                    break
                text = max(options, key=lambda s: (len(s), options[s]))
                total += options[text]
                done += text
            scores.append(total)
        return scores

    def _top_logprobs(self, prompt: str, cache: dict[str, dict[str, float]] | None) -> dict[str, float]:
        if cache is not None and prompt in cache:
            return cache[prompt]
        body = self._body(prompt, GenerationParams(max_tokens=1), stream=False)
        body["logprobs"] = SCORE_TOP_N
        if self.capabilities.kind == "llama.cpp":
            body["logprobs"] = body["n_probs"] = SCORE_TOP_N_LLAMA_CPP
        answer = self._request_json("POST", "/v1/completions", body)
        choice, _ = _choice(answer, self.config)
        top = _parse_top_logprobs(choice.get("logprobs"))
        if cache is not None:
            cache[prompt] = top
        return top

    def encode(self, text: str) -> list[int]:
        raise InferenceError("A model server does not share its tokenizer.", "Count with count_tokens.")

    def count_tokens(self, text: str) -> int:
        """An estimate (about four characters a token for English); the server counts exactly."""
        return max(1, len(text) // 4) if text else 0

    def reset(self) -> None:
        """Nothing to drop here: the server owns its cache."""

    def close(self) -> None:
        self.alive = False


def _sse_data(line: bytes) -> Any:
    """The JSON (or ``[DONE]``) of a ``data:`` line of a server-sent event stream; None otherwise."""
    text = line.decode("utf-8", "replace").strip()
    if not text.startswith("data:"):
        return None
    data = text[5:].strip()
    if data == "[DONE]":
        return data
    try:
        return json.loads(data)
    except json.JSONDecodeError:
        return None


def _choice(event: Any, config: ServerConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(event, dict):
        raise ServerError(f"The server at {config.address} sent something that is not a completion.", _HINT)
    if "error" in event:
        raise ServerError(
            f"The model server at {config.address} failed: {_error_text(json.dumps(event).encode())}"
        )
    choices = event.get("choices") or []
    usage = event.get("usage") or {}
    if isinstance(usage, dict):
        details = usage.get("prompt_tokens_details") or {}
        if isinstance(details, dict) and details.get("cached_tokens"):
            usage = {**usage, "cached_tokens": details["cached_tokens"]}
    if not choices:
        return {}, usage if isinstance(usage, dict) else {}
    first = choices[0]
    return (first if isinstance(first, dict) else {}), (usage if isinstance(usage, dict) else {})


def _parse_top_logprobs(logprobs: Any) -> dict[str, float]:
    """Top log-probs of the first generated token, from either response shape servers use.

    OpenAI's legacy completions shape: ``{"top_logprobs": [{"tok": lp, ...}], ...}``. The chat shape
    (llama.cpp and others use it on completions too): ``{"content": [{"top_logprobs": [{"token",
    "logprob"}]}]}``. llama.cpp's native ``probs``/``prob`` shape is accepted as well.
    """
    if not isinstance(logprobs, dict):
        return {}
    top = logprobs.get("top_logprobs")
    if isinstance(top, list) and top and isinstance(top[0], dict):
        first = top[0]
        if all(isinstance(v, int | float) for v in first.values()):
            return {str(k): float(v) for k, v in first.items()}
    content = logprobs.get("content")
    if isinstance(content, list) and content and isinstance(content[0], dict):
        entries = content[0].get("top_logprobs") or content[0].get("top_probs") or []
        out: dict[str, float] = {}
        for entry in entries:
            if not isinstance(entry, dict) or "token" not in entry:
                continue
            if "logprob" in entry:
                out[str(entry["token"])] = float(entry["logprob"])
            elif entry.get("prob"):
                out[str(entry["token"])] = math.log(float(entry["prob"]))
        return out
    return {}
