"""Plain data exchanged with the runtime: generation parameters and results.

No Qt here: the worker passes these objects through its signals unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GenerationParams:
    """How to generate. ``temperature <= 0`` means greedy (deterministic, what autocomplete wants).

    ``top_k = 0`` and ``top_p = 1.0`` disable those filters; ``seed`` makes sampling reproducible;
    ``stop`` strings end generation and are not part of the returned text.
    """

    max_tokens: int = 64
    temperature: float = 0.0
    top_p: float = 1.0
    top_k: int = 0
    repetition_penalty: float = 1.0
    seed: int | None = None
    stop: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
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
