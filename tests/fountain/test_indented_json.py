"""``indented_json.dumps`` writes what ``json.dumps(indent=...)`` writes, for any JSON value."""

from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.fountain.indented_json import dumps

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # any code point: quotes, backslashes, control characters, surrogates, CJK
)
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values, st.integers(min_value=0, max_value=4))
def test_same_bytes_as_the_standard_encoder(value: object, indent: int) -> None:
    assert dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


class Kind(enum.StrEnum):
    ACTION = "action"


class Level(enum.IntEnum):
    TWO = 2


def test_subclasses_of_str_and_int_come_out_as_their_values() -> None:
    value = {"type": Kind.ACTION, "level": Level.TWO, Kind.ACTION: [Level.TWO]}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_what_json_cannot_hold_is_refused_like_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        dumps({"x": {1, 2}})
    with pytest.raises(TypeError):
        dumps({("a", "b"): 1})
