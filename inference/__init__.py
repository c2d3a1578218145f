"""Local language-model runtime: backends, model store, generation and the Qt worker.

Never imports ``editor``: it takes and returns plain data (docs/ARCHITECTURE.md, "Layers"). Map of
the package:

- ``runtime/``: ``types`` (requests, generation parameters and results), ``backends/``
  (onnxruntime-genai, default, int4; PyTorch, fp32, lazy), ``session`` (generation and scoring with
  KV-cache prefix reuse, stop strings, cancel), ``server_session`` (a model server the writer
  configured), ``model_process`` (the session in a child process), ``worker`` / ``client`` (the
  QThread worker and the UI-thread façade, QtCore only);
- ``store/``: ``paths`` (``models_dir()`` / ``data_dir()``, env overrides first), ``models`` +
  ``manifest`` (list, select, remove, atomic installs, damage checks), ``servers``, ``provision``
  (the default model);
- ``convert/``: bring-your-own imports (GGUF, Hugging Face safetensors, onnxruntime-genai), the
  steps run in a child process (``steps``), with progress and cancel (``import_job``);
- ``embed/``: the sentence encoder for search by meaning;
- ``fsio``: atomic file writes for the whole product;
- ``cli``: ``screenwright-model``; ``bench``: speed/memory measurements.

Importing this package (or the worker, session and store) never imports torch or transformers.
"""
