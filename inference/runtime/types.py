"""Plain data exchanged with the runtime: requests, generation parameters and results.

No Qt here: the UI builds ``Request`` objects, the worker passes these objects through its signals
unchanged. Callers import them from here, not from the worker (the worker's thread internals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


@dataclass(frozen=True)
class GenerationParams:
    """How to generate. ``temperature <= 0`` means greedy (deterministic, what autocomplete wants).

    ``top_k = 0`` and ``top_p = 1.0`` disable those filters; ``seed`` makes sampling reproducible;
    ``stop`` strings end generation and are not part of the returned text.

    The one settings type for every caller: the AI tasks (``editor.ai``) yield it in their
    ``Generate`` steps, the editor's driver and the command line pass it on unchanged, the sessions
    read it. Frozen, so a task's settings cannot change on their way to the model process.
    """

    max_tokens: int = 64
    temperature: float = 0.0
    top_p: float = 1.0
    top_k: int = 0
    repetition_penalty: float = 1.0
    seed: int | None = None
    stop: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "stop", tuple(self.stop))  # a list is accepted, a tuple is kept
        if self.max_tokens < 0:
            raise ValueError("max_tokens must be >= 0")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError("top_p must be in (0, 1]")
        if self.top_k < 0:
            raise ValueError("top_k must be >= 0")
        if self.repetition_penalty <= 0.0:
            raise ValueError("repetition_penalty must be > 0")


@dataclass
class GenerationResult:
    """What one generation produced and how fast.

    ``finish_reason`` is ``stop`` (a stop string), ``eos`` (the model ended), ``length``
    (``max_tokens`` or the context limit) or ``cancelled``. ``reused_tokens`` counts prompt tokens
    served from the KV cache of the previous request.
    """

    text: str
    tokens: int
    ttft_s: float
    tokens_per_s: float
    total_s: float
    finish_reason: str
    token_ids: list[int] = field(default_factory=list)
    prompt_tokens: int = 0
    reused_tokens: int = 0


class Priority(IntEnum):
    """Lower runs first: the writer is waiting on autocomplete, nobody is waiting on a summary.

    Urgent requests (autocomplete, suggestions) also run *inside* a running rewrite or summary,
    between two of its tokens, instead of waiting for it to finish.
    """

    AUTOCOMPLETE = 0
    SUGGESTION = 1
    REWRITE = 2
    SUMMARY = 3


URGENT = Priority.SUGGESTION


@dataclass
class Request:
    """One unit of work. ``candidates`` set means scoring (``scored`` signal) instead of generation.

    ``supersede``: cancel every older request with the same ``task`` (queued or running), the way a
    new keystroke makes the previous autocomplete pointless. ``request_id`` 0 lets the client assign one.
    """

    request_id: int = 0
    task: str = "generate"
    priority: Priority = Priority.SUGGESTION
    prompt: str = ""
    params: GenerationParams = field(default_factory=GenerationParams)
    candidates: list[str] | None = None
    supersede: bool = False
