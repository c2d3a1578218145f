"""Checkpoint conversion (GGUF / Hugging Face -> int4 ONNX) in child processes, with progress."""
