"""Every Fountain file of the shared corpus: lossless bytes, and typing it in equals parsing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.fountain.incremental import IncrementalParser
from editor.fountain.parser import parse
from editor.fountain.source import decode, encode


def _files(shared: Path) -> list[Path]:
    files = sorted((shared / "fountain-corpus").rglob("*.fountain"))
    assert files, "the corpus ships its raw .fountain fixtures"
    return files


def test_corpus_files_round_trip_byte_for_byte(shared_dir: Path) -> None:
    for path in _files(shared_dir):
        data = path.read_bytes()
        src = decode(data)
        assert encode(parse(src.text).text, src) == data, path.name


def test_typing_each_file_line_by_line_equals_parsing_it(shared_dir: Path) -> None:
    """The editor's worst case: every keystroke is an edit. Type each file a character at a time
    at the end of the document (a new line on each newline) and compare with a full parse."""
    for path in _files(shared_dir):
        text = decode(path.read_bytes()).text
        parser = IncrementalParser("")
        for line_no, line in enumerate(text.split("\n")):
            if line_no:
                parser.replace_lines(len(parser.lines), 0, [""])
            for end in range(1, len(line) + 1, max(1, len(line) // 4)):
                parser.replace_lines(len(parser.lines) - 1, 1, [line[:end]])
            parser.replace_lines(len(parser.lines) - 1, 1, [line])
            if line_no % 7 == 0:
                parser.script()  # later builds reuse these elements
        assert parser.text() == text
        full = parse(text)
        assert parser.line_types == full.line_types, path.name
        assert [e.to_json() for e in parser.script().elements] == [e.to_json() for e in full.elements]


@pytest.mark.parametrize("position", [0.0, 0.25, 0.5, 0.9])
def test_deleting_and_restoring_a_line_anywhere(shared_dir: Path, position: float) -> None:
    for path in _files(shared_dir):
        text = decode(path.read_bytes()).text
        parser = IncrementalParser(text)
        parser.script()
        row = int(len(parser.lines) * position)
        saved = parser.lines[row]
        parser.replace_lines(row, 1, [])
        assert parser.line_types == parse(parser.text()).line_types, path.name
        shown = [e.to_json() for e in parser.script().elements]
        assert shown == [e.to_json() for e in parse(parser.text()).elements], path.name
        parser.replace_lines(row, 0, [saved])
        assert parser.text() == text
        assert parser.line_types == parse(text).line_types, path.name
