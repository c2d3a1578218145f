"""Bytes <-> text: byte-identical round trips and clear refusals of files we cannot read."""

from __future__ import annotations

import codecs

import pytest

from editor.fountain.parser import parse
from editor.fountain.source import SourceDecodeError, SourceEncodeError, SourceText, decode, encode

SAMPLES = {
    "lf": b"INT. HOUSE - DAY\n\nBOB\nHi.\n",
    "crlf": b"INT. HOUSE - DAY\r\n\r\nBOB\r\nHi.\r\n",
    "cr": b"INT. HOUSE - DAY\r\rBOB\rHi.\r",
    "mixed": b"INT. HOUSE - DAY\r\n\nBOB\rHi.\r\n\n",
    "bom": codecs.BOM_UTF8 + b"Title: X\n\nAction.\n",
    "bom_crlf": codecs.BOM_UTF8 + b"Title: X\r\n\r\nAction.",
    "tabs_trailing": b"\tIndented action.   \n  \nBOB  \n\tHi.\t\n",
    "no_final_newline": b"FADE IN:\n\nThe end.",
    "empty": b"",
    "only_newlines": b"\n\n\r\n",
    "unicode": "INT. CAFÉ - NUIT\n\nJOSÉ\n¿Qué? 日本語 🎬\n".encode(),
    "utf16": codecs.BOM_UTF16_LE + "BOB\r\nHi.\r\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_unchanged_text_round_trips_byte_for_byte(name: str) -> None:
    data = SAMPLES[name]
    src = decode(data)
    assert "\r" not in src.text
    assert encode(src.text, src) == data


def test_line_endings_and_bom_are_remembered() -> None:
    assert decode(SAMPLES["crlf"]).newline == "\r\n"
    assert decode(SAMPLES["cr"]).newline == "\r"
    mixed = decode(SAMPLES["mixed"])
    assert mixed.mixed_newlines and mixed.text == "INT. HOUSE - DAY\n\nBOB\nHi.\n\n"
    bom = decode(SAMPLES["bom"])
    assert bom.bom and bom.encoding == "utf-8" and not bom.text.startswith("\ufeff")
    assert decode(SAMPLES["utf16"]).encoding == "utf-16-le"


def test_edited_text_keeps_the_file_format() -> None:
    src = decode(SAMPLES["bom_crlf"])
    assert encode("Title: Y\n\nAction!", src) == codecs.BOM_UTF8 + b"Title: Y\r\n\r\nAction!"
    mixed = decode(SAMPLES["mixed"])
    # Same number of lines: each line keeps its own ending.
    assert encode(mixed.text.replace("Hi.", "Hello."), mixed) == SAMPLES["mixed"].replace(b"Hi.", b"Hello.")
    # A new line: the most common ending is used throughout.
    mostly_crlf = decode(b"a\r\nb\r\nc\n")
    assert encode("a\nb\nc\nd\n", mostly_crlf) == b"a\r\nb\r\nc\r\nd\r\n"


def test_offsets_are_into_the_lf_text() -> None:
    src = decode(SAMPLES["crlf"])
    script = parse(src.text)
    cue = script.elements[1]
    assert src.text[cue.start : cue.end] == "BOB"


def test_binary_data_is_refused_with_a_clear_message() -> None:
    with pytest.raises(SourceDecodeError, match=r"binary file.*NUL byte at line 2, column 3"):
        decode(b"Title: X\nab\x00cd")
    with pytest.raises(SourceDecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_invalid_utf8_is_refused_with_its_position() -> None:
    with pytest.raises(SourceDecodeError) as info:
        decode(b"BOB\nCaf\xe9 au lait\n")
    message = str(info.value)
    assert "not valid utf-8" in message and "0xe9" in message and "line 2, column 4" in message
    assert "\n" not in message


def test_an_explicit_encoding_opens_legacy_files() -> None:
    src = decode(b"BOB\nCaf\xe9 au lait\n", encoding="cp1252")
    assert src.text == "BOB\nCafé au lait\n" and src.encoding == "cp1252"
    assert encode(src.text, src) == b"BOB\nCaf\xe9 au lait\n"
    with pytest.raises(SourceEncodeError, match="cannot be saved in cp1252"):
        encode("日本", src)
    with pytest.raises(SourceDecodeError, match="unknown text encoding"):
        decode(b"x", encoding="no-such-codec")


def test_default_source_text_is_plain_utf8_lf() -> None:
    src = SourceText("a\nb")
    assert encode(src.text, src) == b"a\nb"
