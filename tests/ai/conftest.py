"""Small scripts the AI tests share."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ai_testkit import DINER

from editor.fountain.model import Script
from editor.fountain.parser import parse

# The benchmarks' synthetic script generator (tests/benchmarks/synthetic.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.fixture
def diner_text() -> str:
    return DINER


@pytest.fixture
def diner() -> Script:
    return parse(DINER)
