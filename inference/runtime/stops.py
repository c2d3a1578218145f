"""Streaming text with stop strings: never show text that a stop string will later swallow.

The detokenized text grows token by token. Text is released only when it can no longer be the
beginning of a stop string, and incomplete UTF-8 (a trailing U+FFFD from a split multi-byte
character) is held back until the next token completes it.
"""

from __future__ import annotations


class StopStream:
    """Feed the full decoded text after each token; get back the newly safe chunk."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.emitted = 0
        self.stopped = False
        self.final_text = ""

    def feed(self, text: str) -> str:
        """Return new text that is safe to show; sets ``stopped`` when a stop string appeared."""
        if self.stopped:
            return ""
        # Search from slightly before what was already released: a stop can straddle the boundary.
        horizon = max(0, self.emitted - max((len(s) for s in self.stops), default=0))
        cut: int | None = None
        for stop in self.stops:
            at = text.find(stop, horizon)
            if at != -1 and (cut is None or at < cut):
                cut = at
        if cut is not None:
            self.stopped = True
            self.final_text = text[:cut]
            chunk = text[self.emitted : cut] if cut > self.emitted else ""
            self.emitted = max(self.emitted, cut)
            return chunk
        safe = len(text)
        while safe > self.emitted and text[safe - 1] == "\ufffd":
            safe -= 1
        for stop in self.stops:
            # Hold back the longest tail that is a proper prefix of a stop string.
            for k in range(min(len(stop) - 1, safe - self.emitted), 0, -1):
                if text[safe - k : safe] == stop[:k]:
                    safe -= k
                    break
        chunk = text[self.emitted : safe] if safe > self.emitted else ""
        self.emitted = max(self.emitted, safe)
        self.final_text = text
        return chunk

    def finish(self, text: str) -> str:
        """At the end (eos/length/cancel), release what was held back; returns the remaining chunk."""
        if self.stopped:
            return ""
        clean = text.rstrip("\ufffd")
        self.final_text = clean
        chunk = clean[self.emitted :]
        self.emitted = len(clean)
        return chunk
