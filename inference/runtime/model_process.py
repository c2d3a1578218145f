"""``RemoteSession``: an ``InferenceSession`` running in a child process, same interface.

Why: onnxruntime-genai's Python binding holds the GIL for the whole of every call, so a 64-token
prefill chunk (a few hundred ms) would freeze every Python slot on the UI thread while the worker
thread runs it. In a child process the model cannot stall the editor at all; waiting on the pipe
releases the GIL. A crash or an out-of-memory kill of the child is reported as an error and the
worker starts a fresh child on the next request, instead of taking the editor down.

Protocol (length-prefixed pickled tuples over the child's stdin/stdout, between our own two
processes; the child moves its own stdout to stderr so stray prints cannot corrupt it): the parent sends
``generate``/``score``/``encode``/``reset``/``close``; the child answers with ``chunk`` messages,
``poll`` (between every two tokens: the parent replies ``verdict`` True to cancel, or first sends
a nested request that the child serves before the verdict) and finally ``result`` or ``error``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from inference import errors
from inference.errors import GenerationError, InferenceError
from inference.runtime.types import GenerationParams, GenerationResult

log = logging.getLogger(__name__)

_RESTART_HINT = (
    "It restarts on the next request; if this repeats, the model may need more memory than is free."
)


#: The bundled app's launcher (installer/launcher.py) runs ``main`` when its first argument is this:
#: a frozen app has no ``python -m``, so the child is the app's own executable.
FROZEN_FLAG = "--model-process"


def child_command(model_path: Path, backend: str, max_length: int) -> list[str]:
    """How to start the model process: ``python -m`` from a checkout or an install, the app's own
    executable with ``FROZEN_FLAG`` in a bundle (same protocol, same fault handling)."""
    args = [str(model_path), backend, str(max_length)]
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, *args]
    return [sys.executable, "-m", "inference.runtime.model_process", *args]


class Channel:
    """Length-prefixed pickle frames over a pair of binary pipes."""

    def __init__(self, reader: IO[bytes], writer: IO[bytes]) -> None:
        self._reader = reader
        self._writer = writer

    def send(self, message: tuple[Any, ...]) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._writer.write(struct.pack("<I", len(data)) + data)
        self._writer.flush()

    def recv(self) -> tuple[Any, ...]:
        header = self._reader.read(4)
        if len(header) < 4:
            raise EOFError
        (size,) = struct.unpack("<I", header)
        data = self._reader.read(size)
        if len(data) < size:
            raise EOFError
        return pickle.loads(data)

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            with contextlib.suppress(OSError, ValueError):
                stream.close()


# -- child side ------------------------------------------------------------------------------------


def _child_main(conn: Channel, model_path: str, backend: str, max_length: int) -> None:
    from inference.runtime.session import InferenceSession
    from inference.store.paths import set_offline_switches

    set_offline_switches()
    try:
        session = InferenceSession.open(Path(model_path), backend, max_length=max_length)
    except InferenceError as exc:
        conn.send(("error", type(exc).__name__, exc.message, exc.hint))
        return
    except Exception as exc:
        conn.send(("error", "GenerationError", f"The model could not be loaded: {exc}", ""))
        return
    conn.send(("ready", session.max_length))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the editor went away
        if message[0] == "close":
            return
        _dispatch(conn, session, message)


def _dispatch(conn: Channel, session: Any, message: tuple[Any, ...]) -> None:
    op = message[0]
    try:
        if op == "generate":
            _, prompt, params, lane = message
            result = session.generate(
                prompt,
                params,
                on_chunk=lambda text: conn.send(("chunk", text)),
                should_cancel=lambda: _poll(conn, session),
                lane=lane,
            )
        elif op == "score":
            _, prompt, candidates, lane = message
            result = session.score(prompt, candidates, lambda: _poll(conn, session), lane=lane)
        elif op == "encode":
            result = session.encode(message[1])
        elif op == "reset":
            session.reset()
            result = None
        else:
            raise InferenceError(f"Unknown request '{op}' for the model process.")
    except InferenceError as exc:
        conn.send(("error", type(exc).__name__, exc.message, exc.hint))
    except MemoryError:
        conn.send(
            (
                "error",
                "GenerationError",
                "The model ran out of memory.",
                "Close other programs or choose a smaller model.",
            )
        )
    except (EOFError, BrokenPipeError):
        raise
    except Exception as exc:
        conn.send(("error", "GenerationError", f"The model failed: {exc}", ""))
    else:
        conn.send(("result", result))


def _poll(conn: Channel, session: Any) -> bool:
    """Between two tokens: ask the parent whether to stop, serving any request it slips in first."""
    conn.send(("poll",))
    while True:
        message = conn.recv()
        if message[0] == "verdict":
            return bool(message[1])
        _dispatch(conn, session, message)


# -- parent side -----------------------------------------------------------------------------------


class RemoteSession:
    """Drop-in for ``InferenceSession`` in the worker (generate, score, encode, reset, close)."""

    def __init__(self, model_path: Path, backend: str = "ort", *, max_length: int = 2048) -> None:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen(
            child_command(model_path, backend, max_length),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._conn = Channel(self._proc.stdout, self._proc.stdin)
        self.alive = True
        message = self._recv()
        if message[0] == "error":
            self.close()
            raise _rebuild(message)
        self.max_length = int(message[1])

    def _recv(self) -> tuple[Any, ...]:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise self._died() from None

    def _send(self, message: tuple[Any, ...]) -> None:
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            # A broken pipe on send is the same death as EOF on receive: report it the same way,
            # whichever end noticed first.
            raise self._died() from None

    def _died(self) -> GenerationError:
        self.alive = False
        try:
            code = self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        reason = "it was killed, probably for lack of memory" if code and code < 0 else f"exit code {code}"
        return GenerationError(f"The model process stopped unexpectedly ({reason}).", _RESTART_HINT)

    def _call(
        self,
        message: tuple[Any, ...],
        on_chunk: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Any:
        self._send(message)
        while True:
            reply = self._recv()
            kind = reply[0]
            if kind == "chunk":
                if on_chunk is not None:
                    on_chunk(reply[1])
            elif kind == "poll":
                # May itself run a nested request (urgent work) through this session first.
                verdict = bool(should_cancel()) if should_cancel is not None else False
                self._send(("verdict", verdict))
            elif kind == "result":
                return reply[1]
            elif kind == "error":
                raise _rebuild(reply)

    def generate(
        self,
        prompt: str | Sequence[int],
        params: GenerationParams | None = None,
        on_chunk: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        lane: str = "main",
    ) -> GenerationResult:
        prompt = prompt if isinstance(prompt, str) else [int(i) for i in prompt]
        return self._call(("generate", prompt, params or GenerationParams(), lane), on_chunk, should_cancel)

    def score(
        self,
        prompt: str,
        candidates: Sequence[str],
        should_cancel: Callable[[], bool] | None = None,
        lane: str = "main",
    ) -> list[float]:
        return self._call(("score", prompt, list(candidates), lane), None, should_cancel)

    def encode(self, text: str) -> list[int]:
        return self._call(("encode", text))

    def count_tokens(self, text: str) -> int:
        return len(self.encode(text))

    def reset(self) -> None:
        self._call(("reset",))

    def close(self) -> None:
        """Ask the child to exit; a child that does not (stuck in native code) is terminated."""
        if self._proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self._conn.send(("close",))
            try:
                self._proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
        self._conn.close()
        self.alive = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid


def _rebuild(message: tuple[Any, ...]) -> InferenceError:
    _, name, text, hint = message
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, InferenceError)):
        cls = GenerationError
    return cls(text, hint)


DEFAULT_NICE = 10


def lower_priority() -> int:
    """Run the model below the editor's CPU priority (``SCREENWRIGHT_MODEL_NICE``, default 10; 0
    leaves it alone). Returns the increment applied.

    Why: on a 2-core laptop onnxruntime's threads fill both cores while a suggestion or summary
    decodes, and the editor's UI thread then waits for a core (keystroke p99 17.9 ms against a
    16 ms frame). A nicer model gives way to every keystroke and still gets all idle CPU.
    """
    try:
        increment = int(os.environ.get("SCREENWRIGHT_MODEL_NICE", DEFAULT_NICE))
    except ValueError:
        increment = DEFAULT_NICE
    if increment <= 0:
        return 0
    try:
        if hasattr(os, "nice"):
            os.nice(min(increment, 19))
        else:  # Windows
            import psutil

            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
    except (OSError, ImportError, AttributeError) as exc:
        log.warning("could not lower the model process's priority: %s", exc)
        return 0
    return increment


def main(argv: list[str] | None = None) -> int:
    """Child entry point: ``python -m inference.runtime.model_process MODEL_PATH BACKEND MAX_LENGTH``
    (in the bundle: ``screenwright --model-process MODEL_PATH BACKEND MAX_LENGTH``)."""
    args = sys.argv[1:] if argv is None else argv
    lower_priority()
    # Keep the real stdout for the channel and send everything else printed to fd 1 to stderr.
    channel_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    channel = Channel(sys.stdin.buffer, channel_out)
    _child_main(channel, args[0], args[1], int(args[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
