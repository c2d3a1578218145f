"""The AI writing features, as plain-Python tasks over the parsed script (no widgets, no Qt).

Each feature is a generator "task" (:mod:`editor.ai.task`): it builds its prompts from the
``Script`` and the cursor, yields model steps (:class:`~editor.ai.task.Generate` /
:class:`~editor.ai.task.Score`), receives their answers (:class:`~editor.ai.task.Generated` /
a list of log-probs) and returns a validated result. The editor drives tasks through the inference
worker's signals (``editor.ai_ui.task_driver``); the command line (:mod:`editor.ai.cli`), tests and
benchmarks drive the same tasks synchronously (:func:`editor.ai.runner.run_task`).

Tasks (lines and columns 0-based; all raise ``IndexError`` before their first step for a line
outside the script):

=======================================================  ====================  ==================
task                                                     steps                 returns
=======================================================  ====================  ==================
``autocomplete.complete_task(script, line, column)``     0-1 Score/Generate    ``Suggestion``
``speaker.next_speaker_task(script, line)``              0-1 Score             ``SpeakerRanking``
``suggestions.suggest_task(script, line, count, seed)``  0-1 Score, n Generate ``Alternatives``
``summary.summarize_task(script, scene_index)``          0-1 Generate          ``SceneSummary``
``rewrite.rewrite_task(script, first, last, style)``     1-3 Generate per line ``RewriteResult``
``draft.draft_task(description, characters, note)``      Score + Generate ...  ``Draft``
=======================================================  ====================  ==================

Everything a task returns has been checked with the Fountain engine; when the model's answer does
not pass, the result says so ("no suggestion", an extractive summary with ``source="extractive"``,
a rewrite with ``status="refused"``, a draft with ``ok=False``) instead of carrying broken text.
Shared helpers: :mod:`context` (compact, prefix-stable context; what the cursor is in),
:mod:`validate` (element checks, repetition loops), :mod:`summary` (``insert_synopses``,
``outline_fountain``, ``scene_key`` for caching).
"""
