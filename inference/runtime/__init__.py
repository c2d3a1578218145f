"""The local-LLM runtime: backends, sessions with a reused KV cache, sampling, the worker and client."""
