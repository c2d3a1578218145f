"""100% of the undisputed cases of the shared Fountain corpus, under its own comparison rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.fountain_corpus import compare, load_cases

from editor.fountain.parser import parse


def _actual(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [element.to_json() for element in parse(case["fountain"]).elements]


def test_every_undisputed_case_passes(shared_dir: Path) -> None:
    cases = [c for c in load_cases(shared_dir) if not c.get("disputed")]
    assert len(cases) >= 130
    failures = []
    for case in cases:
        problem = compare(case["elements"], _actual(case), bool(case.get("compare_indent")))
        if problem:
            failures.append(f"{case['source']}:{case['name']}: {problem}")
    assert not failures, f"{len(failures)}/{len(cases)} undisputed cases fail:\n" + "\n".join(failures)


def test_comparison_rules_are_strict_on_classification(shared_dir: Path) -> None:
    """The comparer itself must fail on a wrong type, text or scene number (no test that cannot fail)."""
    expected = [{"type": "scene_heading", "text": "INT. HOUSE - DAY", "scene_number": None}]
    assert compare(expected, [{"type": "action", "text": "INT. HOUSE - DAY"}], False)
    assert compare(expected, [{"type": "scene_heading", "text": "INT. HOUSE", "scene_number": None}], False)
    numbered = {"type": "scene_heading", "text": "INT. HOUSE - DAY", "scene_number": "1"}
    assert compare(expected, [numbered], False)
    assert compare(expected, [{"type": "scene_heading", "text": "int. house  - day"}], False) is None


@pytest.mark.parametrize("index", range(154))
def test_case(shared_dir: Path, index: int) -> None:
    cases = load_cases(shared_dir)
    if index >= len(cases):
        pytest.skip("no such case")
    case = cases[index]
    if case.get("disputed"):
        pytest.skip(f"disputed ({case['name']}): decided in test_disputed.py")
    problem = compare(case["elements"], _actual(case), bool(case.get("compare_indent")))
    assert problem is None, f"{case['source']}:{case['name']}: {problem}\n{case['fountain']!r}"
