"""One person per name, however the cue is decorated."""

from __future__ import annotations

import pytest

from editor.fountain.names import cue_extension, normalize_character


@pytest.mark.parametrize(
    ("cue", "name"),
    [
        ("MAYA", "MAYA"),
        ("MAYA (V.O.)", "MAYA"),
        ("MAYA (CONT'D)", "MAYA"),
        ("MAYA (CONT’D)", "MAYA"),
        ("MAYA CONT'D", "MAYA"),
        ("MAYA (O.S.) (CONT'D)", "MAYA"),
        ("MAYA ^", "MAYA"),
        ("@McClane", "MCCLANE"),
        ("@McCLANE (on the radio) ^", "MCCLANE"),
        ("  DR.   PATEL  ", "DR. PATEL"),
        ("**MR. SELF DESTRUCT**", "MR. SELF DESTRUCT"),
        ("FATHER O'BRIEN", "FATHER O'BRIEN"),
        ("BOB (unclosed", "BOB"),
        ("", ""),
    ],
)
def test_normalize_character(cue: str, name: str) -> None:
    assert normalize_character(cue) == name


def test_cue_extension() -> None:
    assert cue_extension("MAYA (V.O.) (CONT'D)") == "(V.O.) (CONT'D)"
    assert cue_extension("MAYA") == ""
