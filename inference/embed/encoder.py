"""Run the installed sentence-embedding model with onnxruntime and tokenizers (no PyTorch).

``SentenceEncoder.embed(texts)`` returns one L2-normalised 384-d float32 row per text; the cosine
similarity of two texts is the dot product of their rows. Texts are sorted by length and batched so
a batch pads to its longest member only: a script mixes one-word speeches with 200-word scenes, and
padding everything to the longest would multiply the work. Batches are small (about 512 tokens):
on the 120-page script that took 3.4 s of CPU against 7.2 s with 4,096-token batches (cache-friendly
matrices) and 4.2 s one text at a time. The int8 graph quantizes activations per batch, so a
text's vector moves slightly with its batch-mates (cosine > 0.99); search does not notice.

An encoder object is not thread-safe for concurrent ``embed`` calls (the lock serialises them); the
background indexer and a query may share one.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from inference.embed.provision import EMBEDDER_NAME, embedder_path, verify_embedder
from inference.errors import BackendUnavailableError

MAX_TOKENS = 256  # what all-MiniLM-L6-v2 was trained with (sentence_bert_config max_seq_length)
DIMENSIONS = 384


class SentenceEncoder:
    """all-MiniLM-L6-v2 int8 on onnxruntime's CPU provider."""

    name = EMBEDDER_NAME

    def __init__(self, folder: Path | None = None, *, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # an install without the search extras: say so, never a traceback
            raise BackendUnavailableError(
                f"Search by meaning cannot run here: {exc}.",
                "Reinstall Screenwright with its search support (`pip install -e .` in a source checkout).",
            ) from exc

        folder = folder or embedder_path()
        verify_embedder(folder)
        self.folder = folder
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        # One thread by default: indexing runs in the background beside the UI on small machines.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()
        width = self.session.get_outputs()[0].shape[-1]
        self.dimensions = width if isinstance(width, int) else DIMENSIONS

    def embed(self, texts: list[str], *, batch_tokens: int = 512) -> np.ndarray:
        """Embeddings of ``texts`` (rows in the same order), batched by about ``batch_tokens`` tokens."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            longest = len(encodings[order[start]].ids)
            end = start + 1
            while end < len(order):
                width = len(encodings[order[end]].ids)
                if width * (end - start + 1) > batch_tokens:
                    break
                longest = width
                end += 1
            rows = order[start:end]
            ids = np.zeros((len(rows), longest), dtype=np.int64)
            mask = np.zeros((len(rows), longest), dtype=np.int64)
            for r, i in enumerate(rows):
                seq = encodings[i].ids
                ids[r, : len(seq)] = seq
                mask[r, : len(seq)] = 1
            with self._lock:
                vectors = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            out[rows] = vectors
            start = end
        return out

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)
