"""Generating Fountain from elements, and saving a parsed script byte for byte."""

from __future__ import annotations

from pathlib import Path

from support.fountain_corpus import load_cases
from support.synthetic import generate_script

from editor.fountain.model import Element, ElementType
from editor.fountain.parser import parse
from editor.fountain.source import decode
from editor.fountain.writer import element_lines, save_bytes, to_fountain

E = ElementType


def key(e: Element) -> tuple[object, ...]:
    return (e.type, e.text, e.scene_number, e.level, e.dual, e.fields)


def el(kind: ElementType, text: str, **kw: object) -> Element:
    return Element(kind, text, 0, 0, 0, 0, **kw)  # type: ignore[arg-type]


def test_generated_fountain_parses_back_to_the_same_elements(shared_dir: Path) -> None:
    texts = [c["fountain"] for c in load_cases(shared_dir)] + [generate_script(pages=30)]
    for text in texts:
        original = parse(text).elements
        again = parse(to_fountain(original)).elements
        assert [key(e) for e in again] == [key(e) for e in original], text[:200]


def test_force_markers_are_added_only_where_needed() -> None:
    assert element_lines(el(E.SCENE_HEADING, "INT. HOUSE - DAY", scene_number="4")) == [
        "INT. HOUSE - DAY #4#"
    ]
    assert element_lines(el(E.SCENE_HEADING, "SNIPER SCOPE POV")) == [".SNIPER SCOPE POV"]
    assert element_lines(el(E.CHARACTER, "McCLANE")) == ["@McCLANE"]
    assert element_lines(el(E.CHARACTER, "STEEL", dual=True)) == ["STEEL ^"]
    assert element_lines(el(E.TRANSITION, "CUT TO:")) == ["CUT TO:"]
    assert element_lines(el(E.TRANSITION, "Burn to White.")) == ["> Burn to White."]
    assert element_lines(el(E.ACTION, "INT. HOUSE - DAY")) == ["!INT. HOUSE - DAY"]
    assert element_lines(el(E.ACTION, "BANG\nBANG")) == ["!BANG", "BANG"]
    assert element_lines(el(E.ACTION, "He waits.\n# not a section")) == ["He waits.", "!# not a section"]
    assert element_lines(el(E.DIALOGUE, "Wait.\n\nNow.")) == ["Wait.", "  ", "Now."]
    assert element_lines(el(E.SECTION, "Act", level=2)) == ["## Act"]


def test_title_page_and_speech_layout() -> None:
    elements = [
        el(E.TITLE_PAGE, "", fields={"Title": "X", "Contact": "Me\nHere"}),
        el(E.CHARACTER, "BOB"),
        el(E.PARENTHETICAL, "(beat)"),
        el(E.DIALOGUE, "Hi."),
        el(E.ACTION, "He goes."),
    ]
    assert to_fountain(elements) == "Title: X\nContact:\n    Me\n    Here\n\nBOB\n(beat)\nHi.\n\nHe goes.\n"
    assert to_fountain([]) == ""


def test_saving_an_unedited_script_is_byte_identical() -> None:
    data = b"\xef\xbb\xbfTitle: X\r\n\r\nINT. HOUSE - DAY\r\n\r\n\tBOB  \r\nHi.\r\n"
    src = decode(data)
    assert save_bytes(parse(src.text), src) == data
