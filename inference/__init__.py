"""Local language-model runtime: backends, model store, prompts, generation and the Qt worker.

Never imports ``editor``: it takes and returns plain data. Map of the package:

- ``paths``: ``models_dir()`` / ``data_dir()`` (env overrides first);
- ``models`` + ``manifest``: the store (list, select, remove, atomic installs, damage checks);
- ``conversion`` (+ ``convert_steps`` in a child process) and ``provision``: bring-your-own imports
  (GGUF, Hugging Face safetensors, onnxruntime-genai) and the default model, with progress/cancel;
- ``backends``: onnxruntime-genai (default, int4) and PyTorch (fp32, lazy), one small interface;
- ``session``: generation and scoring with KV-cache prefix reuse, stop strings, cancel;
- ``worker`` / ``client``: the QThread worker and the UI-thread façade (QtCore only);
- ``cli``: ``screenwright-model``; ``bench``: speed/memory measurements.

Importing this package (or the worker, session and store) never imports torch or transformers.
"""
