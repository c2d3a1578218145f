"""Sentence embeddings for search by meaning: provisioning, conversion and the onnxruntime encoder."""
