"""The Qt side of the AI writing features: ghost text, suggestions, rewrites, drafts, summaries.

Everything here runs on the UI thread and reaches the model only through
``inference.runtime.client.InferenceClient`` signals (via :class:`editor.ai_ui.task_driver.TaskDriver`),
so the editor never waits on the model. The feature logic itself (context, prompts, validation)
lives in ``editor.ai``; this package decides *when* to ask and *how* to show the answer.
"""
