"""The AI writing features, as plain-Python tasks over the parsed script (no widgets).

Each feature is a generator "task" (:mod:`editor.ai.task`) that builds its prompts from the
``Script`` and the cursor, yields model calls, and returns a validated result. The editor drives
tasks through the inference worker's signals; the command line (:mod:`editor.ai.cli`) and the
benchmarks drive the same tasks synchronously (:mod:`editor.ai.runner`).

Features: :mod:`autocomplete` (ghost text), :mod:`speaker` (next speaker), :mod:`suggestions`
(dialogue alternatives), :mod:`summary` (scene synopses), :mod:`rewrite` (rewrite in style),
:mod:`draft` (draft a scene). Shared: :mod:`context` (compact context), :mod:`validate`.
"""
