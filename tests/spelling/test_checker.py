"""The spelling engine on real words, real typos, both Englishes, and the writer's own words."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.synthetic import generate_script
from support.typos import inject_typos

from editor.fountain.parser import parse
from editor.fountain.spelling import script_known_words, with_script_words
from editor.spelling.checker import SpellChecker, _resources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def us() -> SpellChecker:
    return SpellChecker("en_US").load()


def _scowl() -> set[str]:
    return set(gzip.decompress((_resources() / "words" / "english.txt.gz").read_bytes()).decode().split())


def test_us_and_uk_spellings(tmp_path: Path) -> None:
    us = SpellChecker("en_US", user_path=tmp_path / "u.txt").load()
    uk = SpellChecker("en_GB", user_path=tmp_path / "u.txt").load()
    for word in ("colour", "realise", "theatre", "aeroplane"):
        assert uk.is_known(word), word
    for word in ("colour", "realise", "aeroplane"):
        assert not us.is_known(word), word
    for word in ("color", "realize", "airplane"):
        assert us.is_known(word) and not uk.is_known(word), word
    assert us.suggestions("colour")[:1] == ["color"]


def test_common_real_misspellings_get_the_right_suggestion(us: SpellChecker) -> None:
    pairs = {
        "recieve": "receive",
        "definately": "definitely",
        "occured": "occurred",
        "seperate": "separate",
        "untill": "until",
        "wierd": "weird",
        "beleive": "believe",
        "tommorow": "tomorrow",
        "Freind": "Friend",
        "BECUASE": "BECAUSE",
    }
    for typo, right in pairs.items():
        assert not us.is_known(typo), typo
        assert right in us.suggestions(typo), (typo, us.suggestions(typo))


def test_flags_injected_typos_and_none_of_the_scripts_names_or_places(us: SpellChecker) -> None:
    clean = generate_script(pages=20, seed=3)
    script = parse(clean)
    us.set_script_words(script_known_words(script))
    assert us.check(clean.split("\n"), script.line_types) == []  # a clean script: nothing flagged
    english = _scowl()
    dirty, injected = inject_typos(clean, 40, lambda w: w.lower() in english)
    assert len(injected) == 40
    dirty_script = parse(dirty)
    us.set_script_words(script_known_words(dirty_script))
    flagged = {(m.line, m.start, m.word) for m in us.check(dirty.split("\n"), dirty_script.line_types)}
    # A slip can spell a rare real word the frequency dictionary knows ("chair" -> "chari", a river):
    # recall is measured, not assumed. Nothing but a typo is flagged: no name, place or heading.
    assert len(flagged & set(injected)) >= 0.9 * len(injected)
    assert flagged <= set(injected)


def test_names_and_places_are_known_only_through_the_script(tmp_path: Path) -> None:
    checker = SpellChecker(user_path=tmp_path / "u.txt").load()
    text = "INT. GRIMSBECK QUARRY - NIGHT\n\nVELLACOTT\nGrimsbeck is Vellacott's home.\n"
    script = parse(text)
    before = [m.word for m in checker.check(text.split("\n"), script.line_types)]
    assert before == ["Grimsbeck", "Vellacott's"]
    checker.set_script_words(script_known_words(script))
    assert checker.check(text.split("\n"), script.line_types) == []


def test_ignore_user_dictionary_and_script_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "config" / "dictionary.txt"
    checker = SpellChecker(user_path=path).load()
    assert not checker.is_known("zorblat") and not checker.is_known("Quibbix")
    checker.ignore("zorblat")
    assert checker.is_known("Zorblat")
    assert not SpellChecker(user_path=path).load().is_known("zorblat")  # ignoring is per session
    checker.add_to_user_dictionary("Quibbix")
    assert path.read_text(encoding="utf-8") == "Quibbix\n"
    assert SpellChecker(user_path=path).load().is_known("quibbix")  # the user dictionary persists
    text = with_script_words("INT. A - DAY\n\nThe frobnix hums.\n", ["frobnix"])
    script = parse(text)
    fresh = SpellChecker(user_path=path).load()
    fresh.set_script_words(script_known_words(script))
    assert fresh.check(text.split("\n"), script.line_types) == []


def test_other_alphabets_hyphens_and_acronyms_are_not_flagged(us: SpellChecker) -> None:
    us.set_script_words([])
    for word in ("привет", "こんにちは", "well-known", "FBI", "NYPD", "I", "o'clock", "don't", "writer's"):
        assert us.is_known(word), word
    assert not us.is_known("well-knwon")


def test_views_share_dictionaries_but_not_script_words(us: SpellChecker) -> None:
    a, b = us.view(), us.view()
    a.set_script_words(["Grimsbeck"])
    assert a.is_known("Grimsbeck") and not b.is_known("Grimsbeck")
    b.ignore("zzyzxq")
    assert a.is_known("zzyzxq") and us.is_known("zzyzxq")


def test_other_languages_load() -> None:
    de = SpellChecker("de").load()
    assert de.is_known("Straße") and not de.is_known("Strasze")
    with pytest.raises(ValueError, match="unknown spelling language"):
        SpellChecker("xx")


def test_spell_cli_text_and_json(tmp_path: Path) -> None:
    script = tmp_path / "s.fountain"
    script.write_text("INT. GRIMSBECK - DAY\n\nGRIMSBECK\nI recieve nothing.\n\nShe waves goodbey.\n")
    cmd = [sys.executable, "-m", "editor.cli", "spell"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SCREENWRIGHT_CONFIG_DIR": str(tmp_path / "c")}
    out = subprocess.run([*cmd, str(script), "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(d["line"], d["column"], d["word"]) for d in data] == [(4, 3, "recieve"), (6, 11, "goodbey")]
    assert "receive" in data[0]["suggestions"] and "goodbye" in data[1]["suggestions"]
    text = subprocess.run([*cmd, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert text.stdout.splitlines()[0].startswith("4:3 recieve -> ")
    missing = subprocess.run([*cmd, str(tmp_path / "nope.fountain")], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and "error" in missing.stderr and "Traceback" not in missing.stderr
