"""The model-server backend against a real llama.cpp ``llama-server`` on 127.0.0.1.

The server is built from llama.cpp's source once (``make server-build``, ``tests/support/llama_server.py``)
and started here with the default model's GGUF. Every failure a writer can meet is produced for real:
a port where nothing listens, a model name the server does not have, a server killed mid-stream, a
web server that is not a model server, a server that accepts and never answers, an error answer.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest
from support.llama_server import LlamaServer, Unavailable, free_port

from inference.errors import InferenceError
from inference.runtime.server_session import ServerConfig, ServerError, ServerSession, is_loopback
from inference.runtime.types import GenerationParams

SCENE = (
    "INT. KITCHEN - NIGHT\n\nMara stands at the sink. Danny comes in from the rain.\n\n"
    "MARA\nWhere were you?\n\nDANNY\nOut.\n\nMARA\nOut where?\n\nDANNY\nJust out.\n\n"
)


@pytest.fixture
def session(server: LlamaServer) -> ServerSession:
    return ServerSession(ServerConfig(url=server.url, model=server.alias))


def test_probe_finds_llama_cpp_with_logprobs(session: ServerSession) -> None:
    caps = session.probe()
    assert caps.kind == "llama.cpp"
    assert caps.model == "smollm2"
    assert caps.logprobs
    assert caps.context_length >= 2048


def test_generate_streams_and_stops_like_the_local_runtime(session: ServerSession) -> None:
    chunks: list[str] = []
    result = session.generate(
        SCENE + "MARA\n", GenerationParams(max_tokens=40, stop=["\n"]), on_chunk=chunks.append
    )
    assert result.finish_reason in ("stop", "eos", "length")
    assert result.text.strip()
    assert "\n" not in result.text  # the stop string ends it and is not shown
    assert "".join(chunks) == result.text
    assert result.ttft_s > 0


def test_greedy_generation_is_repeatable(session: ServerSession) -> None:
    params = GenerationParams(max_tokens=16, temperature=0.0)
    first = session.generate(SCENE + "DANNY\n", params).text
    assert session.generate(SCENE + "DANNY\n", params).text == first


def test_score_prefers_the_scenes_speakers(session: ServerSession) -> None:
    scores = session.score(SCENE, ["MARA\n", "DANNY\n", "QUENTINIUS\n"])
    assert len(scores) == 3
    assert max(scores[0], scores[1]) > scores[2]
    assert all(s < 0 for s in scores)


def test_keystroke_requests_reuse_the_servers_prefix_cache(session: ServerSession) -> None:
    params = GenerationParams(max_tokens=1)
    session.generate(SCENE * 4 + "MARA\nI waited", params)
    typed = session.generate(SCENE * 4 + "MARA\nI waited for", params)
    assert typed.reused_tokens > typed.prompt_tokens // 2 or typed.ttft_s < 0.5


def test_cancel_closes_the_stream(server: LlamaServer, session: ServerSession) -> None:
    chunks: list[str] = []
    started = time.perf_counter()
    result = session.generate(
        SCENE,
        GenerationParams(max_tokens=400, temperature=1.0, seed=3),
        chunks.append,
        lambda: len(chunks) >= 2,
    )
    assert result.finish_reason == "cancelled"
    assert time.perf_counter() - started < 10
    # The server is free again at once: the next request is served normally.
    assert session.generate(SCENE + "MARA\n", GenerationParams(max_tokens=4)).finish_reason != "cancelled"


def test_wrong_port_is_one_line() -> None:
    port = free_port()
    with pytest.raises(ServerError) as caught:
        ServerSession(ServerConfig(url=f"http://127.0.0.1:{port}")).probe()
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message and "connection refused" in message
    assert "\n" not in message


def test_model_the_server_does_not_have(server: LlamaServer) -> None:
    with pytest.raises(ServerError) as caught:
        ServerSession(ServerConfig(url=server.url, model="llama-70b")).probe()
    assert "no model 'llama-70b'" in str(caught.value)
    assert "smollm2" in str(caught.value)


def test_error_answer_is_reported_with_the_servers_reason(session: ServerSession) -> None:
    too_long = "word " * 9000  # longer than the server's 4,096-token context
    with pytest.raises(InferenceError) as caught:
        session.generate(too_long, GenerationParams(max_tokens=4))
    assert "answered 400" in str(caught.value) or "answered 500" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_server_killed_mid_stream() -> None:
    try:
        doomed = LlamaServer().start()
    except Unavailable as exc:
        pytest.skip(str(exc))
    try:
        session = ServerSession(ServerConfig(url=doomed.url))
        session.probe()
        chunks: list[str] = []

        def kill_after_first_chunk() -> bool:
            if chunks:
                doomed.kill()
            return False

        with pytest.raises(ServerError) as caught:
            session.generate(
                SCENE,
                GenerationParams(max_tokens=500, temperature=1.0, seed=1),
                chunks.append,
                kill_after_first_chunk,
            )
        assert doomed.url.removeprefix("http://") in str(caught.value)
    finally:
        doomed.stop()


def test_a_web_server_that_is_not_a_model_server() -> None:
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>It works!</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    web = http.server.HTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(ServerError) as caught:
            ServerSession(ServerConfig(url=f"http://127.0.0.1:{web.server_port}")).probe()
        assert "not JSON" in str(caught.value)
    finally:
        web.shutdown()
        web.server_close()


def test_a_server_that_never_answers_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)  # accepts connections (the kernel does) and never says a word
    try:
        config = ServerConfig(url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout_s=1.5)
        started = time.perf_counter()
        with pytest.raises(ServerError) as caught:
            ServerSession(config).probe()
        assert time.perf_counter() - started < 10
        assert "did not answer in time" in str(caught.value) or "stopped answering" in str(caught.value)
    finally:
        listener.close()


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.8.9.1")
    assert not is_loopback("192.168.1.20") and not is_loopback("writers-room.example")
