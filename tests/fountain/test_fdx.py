"""Final Draft XML: export structure, golden files, import, round trips and hostile input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from editor.fountain.fdx import FdxError, FdxOptions, fdx_to_fountain, read_fdx, to_fdx
from editor.fountain.model import ElementType, Script
from editor.fountain.pagination import styled_runs
from editor.fountain.parser import parse

E = ElementType

RICH = """\
Title: **THE TEST**
Credit: Written by
Author: Jo Smith
Draft date: 1 May 2026
Contact:
    jo@example.com
    555-0100

# ACT ONE

= The start.

INT. HOUSE - DAY #1A#

Jo enters, *soaked* and **angry**. She finds _the_ letter.

[[check this]]

JO (V.O.)
(quietly)
Where *is* it?

BOB
Here.

ANN ^
There.

> THE END <

CUT TO:

.FLASHBACK

~Sing a song
~of sixpence

===

/* old stuff */
"""


def paragraphs(xml: str) -> list[tuple[str, str]]:
    body, _title = read_fdx(xml)
    return [(p.type, p.text) for p in body]


def semantic(script: Script) -> list[tuple]:
    """Elements as a writer sees them: kind, visible text with its styles, numbers, dual, fields."""

    def sem(text: str) -> tuple:
        return tuple(styled_runs(line, keep_notes=True, keep_boneyard=True) for line in text.split("\n"))

    return [
        (
            el.type,
            sem(el.text),
            el.dual,
            el.scene_number,
            el.level,
            {key: sem(value) for key, value in el.fields.items()} if el.fields else None,
        )
        for el in script.elements
    ]


def load_synthetic() -> str:
    """The benchmarks' 120-page script (tests/benchmarks is not a package)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "support" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("synthetic_script", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_script()


def round_trip(text: str) -> str:
    return fdx_to_fountain(to_fdx(parse(text)))


# ---------------------------------------------------------------------------------------------
# Export


def test_export_paragraph_types_and_styles() -> None:
    xml = to_fdx(parse(RICH))
    root = ET.fromstring(xml)
    assert root.tag == "FinalDraft" and root.get("DocumentType") == "Script"
    assert paragraphs(xml) == [
        ("Section", "ACT ONE"),
        ("Synopsis", "The start."),
        ("Scene Heading", "INT. HOUSE - DAY"),
        ("Action", "Jo enters, soaked and angry. She finds the letter."),
        ("Note", "check this"),
        ("Character", "JO (V.O.)"),
        ("Parenthetical", "(quietly)"),
        ("Dialogue", "Where is it?"),
        ("Character", "BOB"),
        ("Dialogue", "Here."),
        ("Character", "ANN"),
        ("Dialogue", "There."),
        ("Action", "THE END"),
        ("Transition", "CUT TO:"),
        ("Scene Heading", "FLASHBACK"),
        ("Lyrics", "Sing a song\nof sixpence"),
        ("Boneyard", "old stuff"),
    ]
    action = root.findall("Content/Paragraph")[3]
    assert [(t.get("Style"), t.text) for t in action.findall("Text")] == [
        (None, "Jo enters, "),
        ("Italic", "soaked"),
        (None, " and "),
        ("Bold", "angry"),
        (None, ". She finds "),
        ("Underline", "the"),
        (None, " letter."),
    ]
    heading = root.findall("Content/Paragraph")[2]
    assert heading.get("Number") == "1A"
    centred = root.findall("Content/Paragraph")[9]  # after the one dual-dialogue wrapper
    assert centred.get("Alignment") == "Center"
    boneyard = root.findall("Content/Paragraph")[-1]
    assert boneyard.get("StartsNewPage") == "Yes"


def test_emphasis_across_a_line_break_becomes_styles_not_markers() -> None:
    root = ET.fromstring(to_fdx(parse("INT. HOUSE - DAY\n\nJo **runs\nfast**.\n\nJO\n_Wait\nfor me_!\n")))
    texts = [(t.get("Style"), t.text) for t in root.iter("Text")]
    assert not any("*" in (text or "") or "_" in (text or "") for _style, text in texts)
    assert ("Bold", "runs\n") in texts and ("Bold", "fast") in texts
    assert ("Underline", "Wait") in texts and ("Underline", "for me") in texts


def test_dual_dialogue_is_wrapped_in_one_paragraph() -> None:
    root = ET.fromstring(to_fdx(parse("BOB\nHere.\n\nANN ^\nThere.\n")))
    (outer,) = root.findall("Content/Paragraph")
    dual = outer.find("DualDialogue")
    assert dual is not None
    assert [p.get("Type") for p in dual.findall("Paragraph")] == [
        "Character",
        "Dialogue",
        "Character",
        "Dialogue",
    ]


def test_scene_numbers_option_numbers_every_heading_and_keeps_explicit_ones() -> None:
    text = "INT. A - DAY\n\nx\n\nINT. B - DAY #7B#\n\ny\n\nINT. C - DAY\n\nz\n"
    plain = ET.fromstring(to_fdx(parse(text)))
    assert [p.get("Number") for p in plain.iter("Paragraph") if p.get("Type") == "Scene Heading"] == [
        None,
        "7B",
        None,
    ]
    numbered = ET.fromstring(to_fdx(parse(text), FdxOptions(scene_numbers=True)))
    numbers = [p.get("Number") for p in numbered.iter("Paragraph") if p.get("Type") == "Scene Heading"]
    assert numbers[1] == "7B"
    assert all(numbers)


def test_non_printing_elements_can_be_left_out() -> None:
    xml = to_fdx(parse(RICH), FdxOptions(non_printing=False))
    kinds = {kind for kind, _text in paragraphs(xml)}
    assert not kinds & {"Section", "Synopsis", "Note", "Boneyard"}


def test_title_page_is_laid_out_centre_left_right() -> None:
    _body, title = read_fdx(to_fdx(parse(RICH)))
    placed = [(p.attrs.get("Alignment"), p.text) for p in title if p.text]
    assert placed == [
        ("Center", "THE TEST"),
        ("Center", "Written by"),
        ("Center", "Jo Smith"),
        ("Left", "jo@example.com"),
        ("Left", "555-0100"),
        ("Right", "1 May 2026"),
    ]
    assert next(p for p in title if p.text == "THE TEST").runs[0].bold


def test_xml_special_characters_are_escaped() -> None:
    xml = to_fdx(parse('Tom & Jerry <3 "quotes"\n'))
    assert "Tom &amp; Jerry &lt;3" in xml
    assert paragraphs(xml) == [("Action", 'Tom & Jerry <3 "quotes"')]


# ---------------------------------------------------------------------------------------------
# Golden files (Screenplain's FDX exports of the same inputs)


def golden_pairs(shared: Path) -> list[tuple[Path, Path]]:
    folder = shared / "fountain-corpus" / "screenplain" / "tests" / "files"
    return [(f.with_suffix(".fountain"), f) for f in sorted(folder.glob("*.fdx"))]


def test_matches_screenplain_golden_fdx(shared_dir: Path) -> None:
    pairs = golden_pairs(shared_dir)
    assert len(pairs) == 9
    for source, golden in pairs:
        text = source.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        mine = read_fdx(to_fdx(parse(text)))[0]
        theirs = read_fdx(golden.read_bytes())[0]
        assert [(p.type, p.text, p.dual) for p in mine] == [(p.type, p.text, p.dual) for p in theirs], (
            source.name
        )


# ---------------------------------------------------------------------------------------------
# Round trips


def test_round_trip_keeps_every_element() -> None:
    original = parse(RICH)
    back = parse(round_trip(RICH))
    assert semantic(back) == semantic(original)
    assert back.title_page == original.title_page


def test_round_trip_is_textually_stable() -> None:
    once = round_trip(RICH)
    assert round_trip(once) == once


def test_round_trip_whole_corpus(shared_dir: Path) -> None:
    corpus = shared_dir / "fountain-corpus"
    docs = {
        str(path): path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
        for path in corpus.rglob("*.fountain")
    }
    for line in (corpus / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        docs[case["name"]] = case["fountain"]
    assert len(docs) > 150
    failures = [
        name for name, text in docs.items() if semantic(parse(round_trip(text))) != semantic(parse(text))
    ]
    assert failures == []


def test_round_trip_synthetic_120_pages() -> None:
    text = load_synthetic()
    assert semantic(parse(round_trip(text))) == semantic(parse(text))


@pytest.mark.parametrize(
    ("fountain", "expected"),
    [
        # Overlapping styles nest the way they were written.
        (
            "_Steel's face FILLS the *Leupold Mark 4* scope_.",
            "_Steel's face FILLS the *Leupold Mark 4* scope_.",
        ),
        ("***bold italic*** and **_both_**", "***bold italic*** and **_both_**"),
        # Literal asterisks and underscores come back escaped, not as emphasis.
        ("He dialed \\*69 and snake\\_case.", "He dialed \\*69 and snake\\_case."),
    ],
)
def test_emphasis_survives(fountain: str, expected: str) -> None:
    assert round_trip(fountain + "\n").strip() == expected


# ---------------------------------------------------------------------------------------------
# Import of files written by other tools


FOREIGN = """<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<FinalDraft DocumentType="Script" Template="No" Version="4">
  <Content>
    <Paragraph Type="Scene Heading" Number="3"><Text>INT. LAB - NIGHT</Text></Paragraph>
    <Paragraph Type="Action"><Text>THE MACHINE HUMS.</Text></Paragraph>
    <Paragraph Type="Action"><Text>ALARMS</Text><Text>
</Text><Text>blare everywhere.</Text></Paragraph>
    <Paragraph Type="Shot"><Text>ANGLE ON THE DOOR</Text></Paragraph>
    <Paragraph Type="Scene Heading"><Text>LATER</Text></Paragraph>
    <Paragraph Type="Character"><Text>McCLANE</Text></Paragraph>
    <Paragraph Type="Parenthetical"><Text>whispering</Text></Paragraph>
    <Paragraph Type="Dialogue"><Text Style="Bold+AllCaps">Now</Text><Text> or never.</Text></Paragraph>
    <Paragraph Type="Transition"><Text>FADE OUT.</Text></Paragraph>
    <Paragraph Type="General" StartsNewPage="Yes"><Text>The end.</Text></Paragraph>
  </Content>
  <TitlePage>
    <Content>
      <Paragraph Alignment="Center"><Text>ROBOT DREAMS</Text></Paragraph>
      <Paragraph Alignment="Center"><Text></Text></Paragraph>
      <Paragraph Alignment="Center"><Text>Written by</Text></Paragraph>
      <Paragraph Alignment="Center"><Text>A. Writer</Text></Paragraph>
      <Paragraph Alignment="Left"><Text>writer@example.com</Text></Paragraph>
      <Paragraph Alignment="Right"><Text>Second draft, 2026</Text></Paragraph>
    </Content>
  </TitlePage>
</FinalDraft>
"""


def test_import_foreign_fdx_forces_what_would_misread() -> None:
    text = fdx_to_fountain(FOREIGN)
    assert text == (
        "Title: ROBOT DREAMS\n"
        "Credit: Written by\n"
        "Author: A. Writer\n"
        "Contact: writer@example.com\n"
        "Draft date: Second draft, 2026\n"
        "\n"
        "INT. LAB - NIGHT #3#\n"
        "\n"
        "THE MACHINE HUMS.\n"
        "\n"
        "!ALARMS\n"
        "blare everywhere.\n"
        "\n"
        "ANGLE ON THE DOOR\n"
        "\n"
        ".LATER\n"
        "\n"
        "@McCLANE\n"
        "(whispering)\n"
        "**Now** or never.\n"
        "\n"
        "> FADE OUT.\n"
        "\n"
        "===\n"
        "\n"
        "The end.\n"
    )
    script = parse(text)
    assert [el.type for el in script.elements] == [
        E.TITLE_PAGE,
        E.SCENE_HEADING,
        E.ACTION,
        E.ACTION,
        E.ACTION,
        E.SCENE_HEADING,
        E.CHARACTER,
        E.PARENTHETICAL,
        E.DIALOGUE,
        E.TRANSITION,
        E.PAGE_BREAK,
        E.ACTION,
    ]
    assert script.elements[1].scene_number == "3"
    assert script.elements[6].text == "McCLANE"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<FinalDraft><Content>", "well-formed"),
        (b"<html><body/></html>", "not a Final Draft document"),
        (b"<FinalDraft/>", "no <Content>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<FinalDraft><Content><Paragraph><Text>&lol2;</Text></Paragraph></Content></FinalDraft>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<FinalDraft><Content><Paragraph><Text>&xxe;</Text></Paragraph></Content></FinalDraft>",
            "DTD",
        ),
        (b"\x00\x01\x02binary", "well-formed"),
        # An entity in UTF-16: refused by the parser itself, not by a byte pattern.
        (
            (
                '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                "<FinalDraft><Content><Paragraph><Text>&a;</Text></Paragraph></Content></FinalDraft>"
            ).encode("utf-16"),
            "DTD",
        ),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_message(data: bytes, message: str) -> None:
    with pytest.raises(FdxError, match=message):
        fdx_to_fountain(data)
