"""Checks that model output is usable before a writer sees it.

A small model drifts: it loops ("I know. I know. I know."), answers with chat fluff ("Sure! Here is
..."), or produces a line the Fountain engine would read as a different element (an all-caps action
line becomes a character cue; ``CUT TO:`` becomes a transition). Everything the AI layer shows is
passed through these functions, and element checks ask the real engine rather than re-implementing
Fountain rules here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from editor.fountain.model import ElementType, LineType
from editor.fountain.parser import parse

# Line types that count as "the element the suggestion is for".
EXPECTED_LINE_TYPES: dict[ElementType, frozenset[LineType]] = {
    ElementType.DIALOGUE: frozenset({LineType.DIALOGUE, LineType.DUAL_DIALOGUE}),
    ElementType.CHARACTER: frozenset({LineType.CHARACTER, LineType.DUAL_CHARACTER}),
    ElementType.PARENTHETICAL: frozenset({LineType.PARENTHETICAL, LineType.DUAL_PARENTHETICAL}),
    ElementType.SCENE_HEADING: frozenset({LineType.SCENE_HEADING}),
    ElementType.ACTION: frozenset({LineType.ACTION}),
    ElementType.TRANSITION: frozenset({LineType.TRANSITION}),
}

# A heading preamble keeps the window out of title-page detection and inside a scene.
_PREAMBLE = ["INT. VALIDATION - DAY", ""]
_WORD = re.compile(r"\S+")
_PUNCT = "\"'.,!?;:()[]-–—…*_"
_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s|$)")
_FLUFF = re.compile(
    r"^\s*(sure[,!.]?|certainly[,!.]?|of course[,!.]?|here(?:'s| is)[^:]*:|rewritten(?: line)?:|"
    r"summary:|answer:|output:)\s*",
    re.IGNORECASE,
)


def classify_lines(lines: Sequence[str], index: int, new_lines: Sequence[str]) -> list[LineType]:
    """Line types the engine gives ``new_lines`` if they replaced ``lines[index]``.

    Only the paragraph around the edit is parsed (Fountain classification looks at neighbouring
    lines and the dialogue block, never further than the surrounding blank lines), so this costs the
    same on a 120-page script as on a scene.
    """
    start = index
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = index + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    window = [*_PREAMBLE, *lines[start:index], *new_lines, *lines[index + 1 : end]]
    first = len(_PREAMBLE) + (index - start)
    types = parse("\n".join(window)).line_types
    return list(types[first : first + len(new_lines)])


def fits_element(
    lines: Sequence[str], index: int, new_line: str, element: ElementType, *, followed_by_speech: bool = False
) -> bool:
    """True if ``new_line`` (possibly several lines joined by ``\\n``) at ``index`` parses as ``element``.

    Blank lines inside ``new_line`` are allowed (a cue suggested right after dialogue starts with a
    newline); every non-blank line must be of the expected type. ``followed_by_speech`` checks a cue
    as the engine will see it once the writer types the speech under it (a cue is only a cue when a
    line follows).
    """
    new_lines = new_line.split("\n")
    probe = [*new_lines, "Hello."] if followed_by_speech else new_lines
    types = classify_lines(lines, index, probe)[: len(new_lines)]
    wanted = EXPECTED_LINE_TYPES.get(element)
    if wanted is None:
        return False
    return all(t in wanted for t, text in zip(types, new_lines, strict=True) if text.strip()) and any(
        text.strip() for text in new_lines
    )


def _norm(word: str) -> str:
    return word.lower().strip(_PUNCT)


def find_loop(text: str) -> int | None:
    """Character offset where a repetition loop starts (its second copy), or None.

    Loops small models fall into: a word repeated 4+ times in a row, a 2-3 word phrase 3+ times,
    a longer phrase twice in a row, or a sentence/line (3+ words) said again.
    """
    matches = list(_WORD.finditer(text))
    words = [_norm(m.group()) for m in matches]
    cuts: list[int] = []
    count = len(words)
    for n in range(1, 9):
        need = 4 if n == 1 else 3 if n <= 3 else 2
        for i in range(count - n * need + 1):
            chunk = words[i : i + n]
            if not any(chunk):
                continue
            if all(words[i + k * n : i + (k + 1) * n] == chunk for k in range(1, need)):
                cuts.append(matches[i + n].start())
                break
    seen: set[str] = set()
    for sentence in _sentences(text):
        key = " ".join(_norm(w) for w in sentence[1].split())
        if len(key.split()) >= 3:
            if key in seen:
                cuts.append(sentence[0])
                break
            seen.add(key)
    return min(cuts) if cuts else None


def _sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) pairs; lines are sentence boundaries too."""
    out: list[tuple[int, str]] = []
    for line_match in re.finditer(r"[^\n]+", text):
        base = line_match.start()
        line = line_match.group()
        pos = 0
        for end in _SENTENCE_END.finditer(line):
            piece = line[pos : end.end()]
            if piece.strip():
                out.append((base + pos + len(piece) - len(piece.lstrip()), piece.strip()))
            pos = end.end()
        rest = line[pos:]
        if rest.strip():
            out.append((base + pos + len(rest) - len(rest.lstrip()), rest.strip()))
    return out


def has_repetition(text: str) -> bool:
    return find_loop(text) is not None


def cut_repetition(text: str) -> tuple[str, bool]:
    """``text`` with any repetition loop removed (one copy kept), and whether something was cut."""
    cut = find_loop(text)
    if cut is None:
        return text, False
    return text[:cut].rstrip(), True


def first_sentence(text: str, *, min_chars: int = 1) -> str:
    """``text`` up to and including the first sentence end at or after ``min_chars``.

    Autocomplete shows "up to the end of the sentence": a suggestion that runs on into the next
    sentence is more likely to be wrong than helpful.
    """
    for match in _SENTENCE_END.finditer(text):
        if match.end() >= min_chars:
            return text[: match.end()]
    return text


def strip_fluff(text: str) -> str:
    """Remove chat-assistant framing and wrapping quotes a model sometimes adds around an answer."""
    out = text.strip()
    for _ in range(3):
        stripped = _FLUFF.sub("", out, count=1)
        if stripped == out:
            break
        out = stripped.strip()
    quoted = len(out) >= 2 and ((out[0] == out[-1] and out[0] in "\"'") or (out[0] == "“" and out[-1] == "”"))
    if quoted and not any(q in out[1:-1] for q in '"“”'):
        # Only a quote wrapped around the whole answer; 'Hi," she said "bye' is not one.
        out = out[1:-1].strip()
    return out


def trim_to_words(text: str, max_chars: int) -> str:
    """At most ``max_chars`` characters, cut at a word boundary (never mid-word)."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > 0 else cut


_STOPWORDS = frozenset(
    [
        "this",
        "that",
        "with",
        "have",
        "from",
        "they",
        "them",
        "what",
        "when",
        "your",
        "were",
        "there",
        "here",
        "then",
        "than",
        "will",
        "would",
        "could",
        "should",
        "about",
        "into",
        "just",
        "like",
        "been",
        "being",
        "does",
        "done",
        "said",
        "some",
        "very",
        "much",
        "more",
        "most",
        "only",
        "also",
        "back",
        "over",
        "even",
        "well",
        "know",
        "going",
        "want",
        "really",
    ]
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of 4+ letters, minus the commonest: a cheap "same subject?" signal."""
    return {
        w
        for w in (_norm(m.group()) for m in _WORD.finditer(text))
        if len(w) >= 4 and w.isalpha() and w not in _STOPWORDS
    }


_JUNK = re.compile(r"https?:|www\.|\.com\b|[_#{}<>|\\\[\]]|\.{4,}|[!?]{3,}")


def looks_like_prose(text: str) -> bool:
    """Plausible screenplay prose: words, some lower case, no markup or URLs.

    Used where the model writes freely (drafts): a sampled 135M model sometimes emits shouting
    fragments, underscores (Fountain underline), URLs or bracketed junk.
    """
    words = text.split()
    if len(words) < 2 or _JUNK.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.islower() for c in letters) < len(letters) * 0.5:
        return False
    alphabetic = sum(1 for w in words if any(c.isalpha() for c in w))
    return alphabetic >= len(words) * 0.7
