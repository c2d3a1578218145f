"""Local language-model runtime: backends, model store, prompts, generation and the Qt worker.

Never imports ``editor``: it takes and returns plain data.
"""
