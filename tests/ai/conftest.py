"""Small scripts the AI tests share."""

from __future__ import annotations

import pytest
from support.ai_testkit import DINER

from editor.fountain.model import Script
from editor.fountain.parser import parse


@pytest.fixture
def diner_text() -> str:
    return DINER


@pytest.fixture
def diner() -> Script:
    return parse(DINER)
