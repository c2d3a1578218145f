"""Production drafts, in pure Python (no Qt): what changed between drafts and who wrote what.

- ``colors``: the industry's revision colour sequence (White, Blue, Pink ... Cherry, then second rounds).
- ``compare``: two drafts compared scene by scene, moves recognised, changed lines of the new draft.
- ``marks``: revision marks per line, carried from a base text to the current one by a line diff,
  and character spans (AI passages) that follow the text through edits.
- ``scene_numbers``: locked scene numbers (12A, 12B, A1, OMITTED) and unlocking.
- ``storage``: all of it in the trailing Beat-compatible settings block of the ``.fountain`` file.
- ``provenance``: the AI-written passages report (scenes, lines, share of words, models).
- ``cli``: ``screenwright compare`` and ``screenwright provenance``.
"""
