"""The task protocol: every AI feature is a generator of model calls, driven by whoever owns a model.

Why generators: the editor talks to the model asynchronously (``InferenceClient`` signals, results
arrive on the UI thread later) while the command line calls the session synchronously. Writing each
feature as a generator that *yields* what it needs from the model (:class:`Generate` or
:class:`Score`) and *receives* the answer (:class:`Generated` or a list of log-probs) keeps one
implementation of context building, prompting, validation and retries for both. The generator's
return value (``StopIteration.value``) is the feature's validated result.

Drivers:
- :func:`editor.ai.runner.run_task` runs a task synchronously against an
  :class:`editor.ai.runner.ModelBackend` (the command line, tests, benchmarks).
- :class:`editor.ai_ui.task_driver.TaskDriver` runs it through the inference client's signals
  (``editor.ai_ui.model_client.ModelClient``, the editor); it never blocks the UI thread.

A task never sees the model directly, so a feature cannot accidentally block, and a driver can cancel
a task between steps by simply not resuming it (``generator.close()``).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from inference.runtime.types import GenerationParams


def creative(max_tokens: int, seed: int | None, stop: tuple[str, ...] = ("\n",)) -> GenerationParams:
    """Dramatron's sampling for creative text (top-p 0.95, temperature 1.0)."""
    return GenerationParams(max_tokens=max_tokens, temperature=1.0, top_p=0.95, seed=seed, stop=stop)


@dataclass(frozen=True, slots=True)
class Generate:
    """Ask the model to continue ``prompt``. ``purpose`` names the step for logs and status text.

    ``priority`` is the ``inference.runtime.types.Priority`` name the editor should submit it with
    ("AUTOCOMPLETE", "SUGGESTION", "REWRITE", "SUMMARY").
    """

    prompt: str
    sampling: GenerationParams
    purpose: str
    priority: str = "SUGGESTION"


@dataclass(frozen=True, slots=True)
class Score:
    """Ask the model for the log-probability of each candidate as a continuation of ``prompt``."""

    prompt: str
    candidates: tuple[str, ...]
    purpose: str
    priority: str = "AUTOCOMPLETE"


@dataclass(slots=True)
class Generated:
    """What a :class:`Generate` step receives back (a plain copy of the backend's result)."""

    text: str
    finish_reason: str = "stop"
    tokens: int = 0
    ttft_s: float = 0.0
    total_s: float = 0.0


Step: TypeAlias = Generate | Score
Reply: TypeAlias = Generated | list[float]
Task: TypeAlias = Generator[Step, Any, Any]


@dataclass(slots=True)
class Timings:
    """Timings a driver collects over all of a task's steps (the CLI's ``--json`` reports them)."""

    ttft_s: float | None = None
    total_s: float = 0.0
    steps: int = 0
    tokens: int = 0
    per_step: list[dict[str, float | str]] = field(default_factory=list)

    def add(self, purpose: str, seconds: float, ttft_s: float | None = None, tokens: int = 0) -> None:
        if self.ttft_s is None and ttft_s is not None:
            # Time to first token of the whole task: everything before the first generated token.
            self.ttft_s = self.total_s + ttft_s
        self.total_s += seconds
        self.steps += 1
        self.tokens += tokens
        self.per_step.append({"purpose": purpose, "seconds": round(seconds, 4)})
