"""Revision marks survive a trip through Final Draft's format."""

from __future__ import annotations

from editor.fountain.parser import parse
from editor.production.fdx_revisions import fdx_to_fountain_with_marks, to_fdx_with_marks

TEXT = "INT. A - DAY\n\nHi there.\n\nBOB\nYo.\nSecond line.\n\nEXT. B - NIGHT\n\nLeaves fall.\n"


def test_fdx_round_trip_of_revision_marks() -> None:
    marks = {2: 1, 6: 2, 8: 1, 10: 10}
    xml = to_fdx_with_marks(parse(TEXT), marks)
    assert 'RevisionID="2"' in xml and 'Name="Blue Rev."' in xml and 'Name="Double Blue Rev."' in xml
    text, back = fdx_to_fountain_with_marks(xml)
    assert text == TEXT
    assert back == marks


def test_a_final_draft_file_names_its_sets() -> None:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<FinalDraft DocumentType="Script" Version="5"><Content>
<Paragraph Type="Scene Heading"><Text>INT. A - DAY</Text></Paragraph>
<Paragraph Type="Action"><Text RevisionID="4">Changed in yellow.</Text></Paragraph>
<Paragraph Type="Action"><Text>Not changed.</Text></Paragraph>
</Content><Revisions ActiveSet="4">
<Revision ID="4" Name="Yellow Rev." Color="#FFFFFFFF0000" Mark="*"/></Revisions>
</FinalDraft>"""
    text, marks = fdx_to_fountain_with_marks(xml)
    lines = text.split("\n")
    assert {lines[k]: g for k, g in marks.items()} == {"Changed in yellow.": 3}
