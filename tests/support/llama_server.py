"""A real llama.cpp ``llama-server`` for the model-server tests and benchmarks, built from PyPI source.

Why a real server: the OpenAI-compatible backend must work against what writers actually run, with
its streaming, prefix cache, log-probabilities and its own error answers; a stand-in would only test
our assumptions about it. llama.cpp's source comes from the ``llama-cpp-python`` sdist on PyPI (it
vendors llama.cpp); only the ``llama-server`` target is built, once, into ``build/llama-server/`` (git-
ignored) and kept in the user's cache folder too, so a fresh clone on the same machine (CI) reuses it.
The default model's GGUF is taken from the same verified wheel as ``make model``.

Command line (``make server-build`` runs the first):

    PYTHONPATH=tests:. python tests/support/llama_server.py build   # build if missing; prints the path
    PYTHONPATH=tests:. python tests/support/llama_server.py serve   # run it on 127.0.0.1 until Ctrl+C
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

from support.locks import locked

REPO = Path(__file__).resolve().parents[2]
SOURCE_REQUIREMENT = "llama-cpp-python==0.3.36"
BUILD_DIR = REPO / "build" / "llama-server"
CACHE_DIR = (
    Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "screenwright" / "llama-server-0.3.36"
)
BINARY_NAME = "llama-server"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


class Unavailable(RuntimeError):
    """The server cannot be built here (no compiler, no cmake, no network for the source)."""


def _log(message: str) -> None:
    print(f"[llama-server] {message}", file=sys.stderr, flush=True)


def binary_path() -> Path:
    return BUILD_DIR / BINARY_NAME


def _runs(binary: Path) -> bool:
    try:
        return subprocess.run([str(binary), "--version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def built_binary() -> Path:
    """The already built ``llama-server`` (tests never build it: ``make test`` does, before pytest)."""
    target = binary_path()
    if target.is_file() and _runs(target):
        return target
    cached = CACHE_DIR / BINARY_NAME
    if cached.is_file() and _runs(cached):
        return cached
    raise Unavailable("llama-server is not built yet; `make server-build` (part of `make test`) builds it")


def ensure_binary() -> Path:
    """The built ``llama-server``; builds it (minutes) the first time. Raises ``Unavailable``."""
    target = binary_path()
    if target.is_file() and _runs(target):
        return target
    with locked(BUILD_DIR.parent / ".llama-server.lock"):
        if target.is_file() and _runs(target):
            return target
        cached = CACHE_DIR / BINARY_NAME
        if cached.is_file() and _runs(cached):
            BUILD_DIR.mkdir(parents=True, exist_ok=True)
            shutil.copy2(cached, target)
            return target
        _build(target)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, CACHE_DIR / BINARY_NAME)
        return target


def _build(target: Path) -> None:
    for tool in ("cmake", "c++", "cc"):
        if shutil.which(tool) is None:
            raise Unavailable(f"{tool} is not installed (apt-get install cmake g++ builds llama-server)")
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    log_path = BUILD_DIR / "build.log"
    with tempfile.TemporaryDirectory(dir=BUILD_DIR) as work_name, open(log_path, "w") as log:
        work = Path(work_name)
        _log(f"downloading llama.cpp's source ({SOURCE_REQUIREMENT} sdist); log: {log_path}")
        download = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
            "--disable-pip-version-check", "-d", str(work), SOURCE_REQUIREMENT,
        ]  # fmt: skip
        if subprocess.run(download, stdout=log, stderr=subprocess.STDOUT).returncode != 0:
            raise Unavailable(f"could not download {SOURCE_REQUIREMENT}; see {log_path}")
        (sdist,) = work.glob("llama_cpp_python-*.tar.gz")
        with tarfile.open(sdist) as archive:
            archive.extractall(work, filter="data")
        (source,) = work.glob("llama_cpp_python-*/vendor/llama.cpp")
        build = work / "build"
        jobs = str(os.cpu_count() or 2)
        configure = [
            "cmake", "-S", str(source), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
            "-DBUILD_SHARED_LIBS=OFF", "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF",
            "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_BUILD_SERVER=ON",
            "-DGGML_NATIVE=ON",
        ]  # fmt: skip
        started = time.monotonic()
        _log(f"building llama-server with {jobs} jobs (several minutes the first time)")
        for step in (configure, ["cmake", "--build", str(build), "--target", BINARY_NAME, "-j", jobs]):
            if subprocess.run(step, stdout=log, stderr=subprocess.STDOUT).returncode != 0:
                raise Unavailable(f"building llama-server failed; see {log_path}")
        built = next(build.rglob(BINARY_NAME), None)
        if built is None or not built.is_file():
            raise Unavailable(f"the build made no {BINARY_NAME}; see {log_path}")
        tmp = target.with_suffix(".tmp")
        shutil.copy2(built, tmp)
        os.replace(tmp, target)
        _log(f"built {target} in {time.monotonic() - started:.0f} s")


def ensure_gguf() -> Path:
    """The default model's GGUF (SmolLM2-135M-Instruct Q4_1), verified against the pinned hash."""
    from inference.store.provision import GGUF_MEMBER, GGUF_SHA256, WHEEL_REQUIREMENT

    target = BUILD_DIR / "models" / GGUF_NAME
    if target.is_file() and target.stat().st_size > 0:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(BUILD_DIR.parent / ".llama-server-model.lock"):
        if target.is_file():
            return target
        with tempfile.TemporaryDirectory(dir=target.parent) as folder:
            download = [
                sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                "-q", "-d", folder, WHEEL_REQUIREMENT,
            ]  # fmt: skip
            if subprocess.run(download, capture_output=True).returncode != 0:
                raise Unavailable(f"could not download {WHEEL_REQUIREMENT}")
            (wheel,) = Path(folder).glob("*.whl")
            digest = hashlib.sha256()
            tmp = Path(folder) / GGUF_NAME
            with zipfile.ZipFile(wheel) as archive, archive.open(GGUF_MEMBER) as fin, open(tmp, "wb") as out:
                while block := fin.read(4 << 20):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != GGUF_SHA256:
                raise Unavailable("the default model's GGUF failed verification")
            os.replace(tmp, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LlamaServer:
    """A running ``llama-server`` on 127.0.0.1; ``stop`` (or the context manager) ends it."""

    def __init__(self, *, port: int | None = None, alias: str = "smollm2", ctx: int = 4096) -> None:
        self.port = port or free_port()
        self.alias = alias
        self.ctx = ctx
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = BUILD_DIR / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 120.0) -> LlamaServer:
        binary = built_binary()
        gguf = ensure_gguf()
        threads = str(max(1, min(2, os.cpu_count() or 1)))
        command = [
            str(binary), "-m", str(gguf), "--host", "127.0.0.1", "--port", str(self.port),
            "--alias", self.alias, "-c", str(self.ctx), "-t", threads, "-np", "1", "--no-webui",
        ]  # fmt: skip
        log = open(self.log_path, "wb")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"llama-server exited at start; see {self.log_path}")
            if self._healthy():
                return self
            time.sleep(0.2)
        self.stop()
        raise Unavailable(f"llama-server did not become ready in {timeout_s:.0f} s; see {self.log_path}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:  # loopback only
                return answer.status == 200 and json.loads(answer.read()).get("status") == "ok"
        except (OSError, ValueError):
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """Die like a crashed server: no goodbye, connections reset."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    try:
        if command == "build":
            print(ensure_binary())
            print(ensure_gguf())
            return 0
        if command == "serve":
            with LlamaServer(port=int(argv[1]) if len(argv) > 1 else 8080) as server:
                print(f"serving the default model at {server.url} (Ctrl+C stops)")
                while True:
                    time.sleep(1)
    except Unavailable as exc:
        print(f"llama-server unavailable: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    print(f"unknown command {command!r}; use build or serve", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main(sys.argv[1:]))
