"""Task prompt templates: plain strings in, plain strings out.

Why plain continuation prompts and few-shot examples rather than chat instructions: the default model has 135M
parameters. Measured with naive chat prompts it invented characters, answered a "noir" rewrite with an
unrelated paragraph and drafted prose instead of Fountain (docs/ARCHITECTURE.md, "Prompts for a small model").
What it does well is *continue* text that already has the right shape. So every template here ends exactly
where the wanted text starts (after ``Rewritten:``, after a character cue, after ``Summary: Mary``) and the
examples show the format. A larger model follows the same prompts better; nothing here depends on the model's
size or on a chat template.

This module knows nothing about the editor: callers pass the screenplay context already rendered as
Fountain text (``editor.ai.context`` does that from the parsed script) and names as strings.
"""

from __future__ import annotations

from collections.abc import Sequence

# Style presets offered by "Rewrite in style". The key is what the writer picks (and what
# ``screenwright ai rewrite --style`` accepts, case-insensitively); the value is the instruction.
STYLE_PRESETS: dict[str, str] = {
    "Tighter": "tighter: fewer words, same meaning",
    "More visual": "more visual: concrete images and actions instead of explanation",
    "More subtext": "with more subtext: the feeling is implied, never said outright",
    "Funnier": "funnier: a light comic twist, same situation",
    "Noir": "in a hard-boiled noir voice: terse, cynical, world-weary",
    "Period voice": "in an old-fashioned period voice, as if written in the 1940s",
}

_REWRITE_EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    # (original, rewritten) pairs in the style; short, so the prompt stays cheap to prefill.
    "Tighter": (
        (
            "I really don't think that it is a good idea for us to go out there tonight.",
            "Going out there tonight is a bad idea.",
        ),
        (
            "She walks slowly across the room and then she sits down on the old couch.",
            "She crosses the room and sinks onto the old couch.",
        ),
    ),
    "More visual": (
        ("He is nervous.", "He picks at the label of his bottle until it tears."),
        (
            "The house is old and nobody has lived in it for years.",
            "Dust sheets over the furniture. A calendar stuck on March 1989.",
        ),
    ),
    "More subtext": (
        ("I'm angry that you forgot my birthday.", "Nice of you to drop by. Any particular reason?"),
        ("I love you and I don't want you to leave.", "Your coffee's still warm. You could finish it."),
    ),
    "Funnier": (
        (
            "We need to leave before the guards come back.",
            "We need to leave before the guards come back and I have to learn karate.",
        ),
        ("The car won't start.", "The car won't start. It's a car in name only, really."),
    ),
    "Noir": (
        (
            "It was raining when she came into my office.",
            "The rain came down like it had a grudge. So did she.",
        ),
        ("I don't trust him.", "I've seen honest men. He isn't one of them."),
    ),
    "Period voice": (
        ("That's awesome, thanks a lot.", "Why, that's simply swell of you. Much obliged."),
        ("Call me later.", "Ring me up this evening, won't you?"),
    ),
}

_GENERIC_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("I don't know where he went.", "No idea where he went."),
    ("The door opens and a man walks in.", "The door swings open. A man steps inside."),
)


def resolve_style(style: str) -> tuple[str, str]:
    """(preset name or "Custom", instruction) for a preset name (any case) or free text."""
    wanted = style.strip()
    for name, instruction in STYLE_PRESETS.items():
        if wanted.lower() == name.lower():
            return name, instruction
    return "Custom", wanted


def rewrite_examples(style: str) -> tuple[tuple[str, str], ...]:
    """The few-shot pairs the rewrite prompt shows for ``style``: an answer that copies one is not
    a rewrite of the writer's line."""
    name, _ = resolve_style(style)
    return _REWRITE_EXAMPLES.get(name, _GENERIC_EXAMPLES)


def continuation_prompt(context: str, line_prefix: str) -> str:
    """Autocomplete: the Fountain context, then the current line up to the cursor.

    The context ends with a newline, so the prompt prefix up to ``line_prefix`` is identical from one
    keystroke to the next and the backend's KV cache covers it.
    """
    return context + line_prefix


def speaker_prompt(context: str) -> str:
    """Next speaker: the context up to the end of the last speech, with NO trailing newline.

    Why: tokenizers disagree about newlines. SmolLM2's BPE merges a trailing ``"\n\n"`` into a
    token that, in running text, only occurs before more whitespace (a prompt ending there scored
    the right name at -11 nats instead of -0.4); other tokenizers merge ``"\n\n"`` and split
    it differently again. Ending the prompt on the last visible character and starting every
    candidate with the blank line (:func:`speaker_candidates`) puts the boundary where every
    tokenizer splits anyway; the shared newline tokens cost every name the same.
    """
    return context.rstrip("\n")


def ends_with_one_newline(text: str) -> str:
    """``text`` with its trailing newlines reduced to exactly one (see :func:`speaker_prompt`)."""
    return text.rstrip("\n") + "\n"


def speaker_candidates(names: Sequence[str]) -> tuple[str, ...]:
    """Each name as the blank line plus cue line it would be; the final newline makes "BOB" not
    a prefix of "BOBBY"."""
    return tuple(f"\n\n{name}\n" for name in names)


def choice_prompt(context: str) -> str:
    """Any scored choice of what starts the next paragraph (see :func:`speaker_prompt`)."""
    return context.rstrip("\n")


def dialogue_prompt(context: str, cue: str, parenthetical: str | None = None) -> str:
    """A speech for ``cue``: the context, the cue line, optionally a parenthetical line."""
    prompt = context + cue + "\n"
    if parenthetical:
        prompt += parenthetical + "\n"
    return prompt


def summary_prompt(place: str, people: Sequence[str], notes: str, note: str | None = None) -> str:
    """Extract-then-compress: the scene's facts, already extracted from the parse (where, who, the
    sentences and lines that carry it), then ``Summary:`` for the model to compress them into one
    sentence. Nothing primes a subject: measured, forcing the most talkative character first made
    a voice on the phone the one who drives.

    The example uses names that never occur in real scripts; a summary that copies them is caught as
    "invented" by the caller's validation.
    """
    cast = ", ".join(people) if people else "nobody"
    parts = [
        "Each scene's notes are followed by a one-sentence summary that says who, where and what changes.",
        "",
        "Place: Laundromat (night)",
        "People: Oswin, Prudence",
        'Notes: Oswin feeds coins into a dryer. Prudence: "You wash your clothes at midnight?" '
        'Oswin: "Only when I\'m hiding from someone."',
        "Summary: At the laundromat, Oswin admits to Prudence that he is hiding from someone.",
        "",
        f"Place: {place}",
        f"People: {cast}",
        "Notes: " + " ".join(notes.split()),
    ]
    if note:
        parts.append(f"(Summary note: {note})")
    parts.append("Summary:")
    return "\n".join(parts)


def rewrite_prompt(
    style: str,
    original: str,
    kind: str,
    speaker: str | None = None,
    note: str | None = None,
    voice: Sequence[str] = (),
) -> str:
    """Rewrite one action paragraph or one speech's text; the answer is a single line.

    ``kind`` is "dialogue" or "action". Few-shot pairs show the style; the answer starts after
    ``Rewritten:`` and the caller stops at the newline. ``voice``: the speaker's own earlier lines
    in the script, so the rewrite keeps how they talk (the style changes the line, not the person).
    """
    _, instruction = resolve_style(style)
    examples = rewrite_examples(style)
    lines = [f"Rewrite each screenplay line {instruction}. Keep who does what. One line each.", ""]
    for before, after in examples:
        lines += [f"Original: {before}", f"Rewritten: {after}", ""]
    what = f"Dialogue spoken by {speaker}" if kind == "dialogue" and speaker else kind.capitalize()
    if kind == "dialogue" and speaker and voice:
        quoted = " ".join(f'"{v}"' for v in list(voice)[-2:])
        lines.append(f"({speaker.title()} elsewhere in the script: {quoted})")
    lines.append(f"({what})")
    if note:
        lines.append(f"(Writer's note: {note})")
    lines += [f"Original: {original.strip()}", "Rewritten:"]
    return "\n".join(lines)


def draft_intro_prompt(description: str, characters: Sequence[str], note: str | None = None) -> str:
    """The start of a drafted scene, as a Fountain document: the description as a synopsis line.

    The characters and the writer's note go into that synopsis as plain sentences, not as
    ``[[notes]]``: measured with the default model, a bracketed note before the scene made it
    answer every cue with a bracketed fragment ("[The police]"). The caller appends the scene
    heading and lets the model continue from there.
    """
    synopsis = " ".join(description.split())
    if characters:
        synopsis += " With " + _names(characters) + "."
    if note:
        synopsis += " " + " ".join(note.split()).rstrip(".").capitalize() + "."
    return "\n".join(["Title: Draft", "", "= " + synopsis, ""]) + "\n"


def _names(names: Sequence[str]) -> str:
    shown = [" ".join(p.capitalize() for p in n.split()) for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


DRAFT_EXAMPLE = """\
Title: Example

= Two strangers share a cab and find they are going to the same funeral.

EXT. CITY STREET - NIGHT

Rain. NADIA (40s) waves at a passing cab. It stops. A MAN in a black coat is already inside.

MAN
Going my way?

NADIA
(hesitating)
Saint Mark's. The funeral.

MAN
Then yes.

She gets in. The cab pulls away.

===

"""


def draft_prompt(description: str, characters: Sequence[str], note: str | None = None) -> str:
    """One example scene then the new scene's synopsis: the model sees what a Fountain scene is."""
    return DRAFT_EXAMPLE + draft_intro_prompt(description, characters, note)
