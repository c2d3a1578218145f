"""The real application, typed into, SIGKILLed at a random moment, relaunched: at most 2 s lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability.kill_trial import run_trial

MAX_LOSS_S = 2.0


@pytest.mark.parametrize("seed", [11, 22, 33])
def test_sigkill_while_typing_loses_at_most_two_seconds(tmp_path: Path, seed: int) -> None:
    result = run_trial(tmp_path, seed, min_kill_s=0.5, max_kill_s=2.5)
    assert not result.corrupted, result.detail
    assert result.keys_before_kill > 5  # it really was typing when it died
    assert result.loss_s <= MAX_LOSS_S, result
    if result.keys_recovered > 0:
        assert result.dialog  # the relaunch offered the journal and restored it


def test_early_kill_before_any_journal_still_leaves_the_file_intact(tmp_path: Path) -> None:
    result = run_trial(tmp_path, 5, min_kill_s=0.0, max_kill_s=0.05)
    assert not result.corrupted, result.detail
    assert result.loss_s <= MAX_LOSS_S


def test_a_new_script_that_was_never_saved_comes_back_too(tmp_path: Path) -> None:
    result = run_trial(tmp_path, 44, min_kill_s=0.8, max_kill_s=2.0, untitled=True)
    assert not result.corrupted, result.detail
    assert result.keys_recovered > 0 and result.dialog
    assert result.loss_s <= MAX_LOSS_S, result
