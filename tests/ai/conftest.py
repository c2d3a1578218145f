"""Small scripts the AI tests share."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from editor.fountain.model import Script
from editor.fountain.parser import parse

# The benchmarks' synthetic script generator (tests/benchmarks/synthetic.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

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


@pytest.fixture
def diner_text() -> str:
    return DINER


@pytest.fixture
def diner() -> Script:
    return parse(DINER)


def line_of(text: str, needle: str) -> int:
    """0-based index of the first line equal to ``needle``."""
    return text.split("\n").index(needle)
