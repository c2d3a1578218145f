"""Does the search index help the AI write dialogue? (issue 18, "the same index serves the AI")

For every speech in the two development scripts whose speaker has spoken before, the default model
(SmolLM2-135M) scores the speech the writer actually wrote, as the dialogue-suggestion task would
prompt for it (``speaker_context`` + the cue), under three prompts:

- ``base``: the task's prompt as it is today;
- ``similar``: the same, preceded by the speaker's 2 earlier speeches most similar to the line being
  answered (``ScriptIndex.similar_lines``, all-MiniLM-L6-v2);
- ``random``: the same, preceded by 2 earlier speeches of the speaker chosen at random (a control:
  is it the similarity that helps, or just seeing how the person talks?).

Metric: mean log-probability per token of the real speech (higher is better), and the share of
speeches where ``similar`` beats ``base``. A higher likelihood of what the writer wrote means the
model's suggestions are drawn from a distribution closer to the writer's. Keys:
``search.ai_logprob_base``, ``search.ai_logprob_similar``, ``search.ai_logprob_random``,
``search.ai_similar_wins``, ``search.ai_speeches``.
"""

from __future__ import annotations

import random
import statistics
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "analysis" / "data"
SCRIPTS = ("harbor_lights.fountain", "last_train.fountain")


def _memory(speaker: str, lines: list[str]) -> str:
    return "".join(f"{speaker}\n{line}\n\n" for line in lines)


def run() -> dict[str, float]:
    from editor.ai.prompts import dialogue_prompt
    from editor.ai.speaker import speaker_context
    from editor.analysis.search import EmbeddingCache, ScriptIndex
    from editor.fountain.parser import parse
    from inference.embed.encoder import SentenceEncoder
    from inference.runtime.session import InferenceSession
    from inference.store.models import DEFAULT_MODEL_NAME, get_model

    session = InferenceSession.open(get_model(DEFAULT_MODEL_NAME).path)
    encoder = SentenceEncoder()
    rng = random.Random(18)
    per: dict[str, list[float]] = {"base": [], "similar": [], "random": []}
    for name in SCRIPTS:
        script = parse((DATA / name).read_text(encoding="utf-8"))
        index = ScriptIndex.build(script, encoder, EmbeddingCache(None))
        for i, unit in enumerate(index.units):
            if unit.kind != "speech" or i == 0:
                continue
            earlier = [u.text for u in index.units[:i] if u.kind == "speech" and u.speaker == unit.speaker]
            if not earlier:
                continue
            # What the speech answers: the unit just before it (a speech, action or heading).
            similar = index.similar_lines(unit.speaker, index.unit_vectors[i - 1], unit.line, k=2)
            control = rng.sample(earlier, min(2, len(earlier)))
            prompt = dialogue_prompt(speaker_context(script, unit.line), unit.speaker)
            target = unit.text + "\n"
            tokens = max(1, len(session.encode(target)))
            for label, prefix in (("base", ""), ("similar", _memory(unit.speaker, similar)),
                                  ("random", _memory(unit.speaker, control))):  # fmt: skip
                (logprob,) = session.score(prefix + prompt, [target])
                per[label].append(logprob / tokens)
    wins = sum(s > b for s, b in zip(per["similar"], per["base"], strict=True))
    return {
        "search.ai_logprob_base": round(statistics.fmean(per["base"]), 4),
        "search.ai_logprob_similar": round(statistics.fmean(per["similar"]), 4),
        "search.ai_logprob_random": round(statistics.fmean(per["random"]), 4),
        "search.ai_similar_wins": round(wins / len(per["base"]), 3),
        "search.ai_speeches": float(len(per["base"])),
    }
