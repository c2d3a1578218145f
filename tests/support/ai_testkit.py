"""Small scripts and helpers the AI tests share (a module, not conftest, so any test can import it)."""

from __future__ import annotations

DINER = """\
Title: Cold Coffee
Author: Test

INT. DINER - NIGHT

= Ross questions Ellen about the missing money.

Rain against the windows. ROSS slides into a booth across from ELLEN. SAL wipes the counter.

ROSS
You know why I'm here.

ELLEN
(smiling)
You're here for the pie, Detective.

ROSS
Forty thousand dollars, Ellen.

ELLEN
I never touched it. Ask Sal.

SAL
Don't drag me into this.

ROSS
Sal, you were here that night.


EXT. PARKING LOT - NIGHT

Ellen runs to her car.

INT. DINER - DAY

Sal alone.
"""


def line_of(text: str, needle: str) -> int:
    """0-based index of the first line equal to ``needle``."""
    return text.split("\n").index(needle)
