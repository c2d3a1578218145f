"""Search by meaning: units, the on-disk cache, the installed encoder, ranking, the command line.

Tests that run the real all-MiniLM-L6-v2 encoder are marked ``model`` (``make test`` provisions it
with the default model) and skip when it is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from editor.analysis.search import EmbeddingCache, ScriptIndex, search_scripts, similar_lines, units_of
from editor.fountain.parser import parse
from inference.embed.provision import embedder_path, embedder_status, verify_embedder
from inference.errors import ModelCorruptError

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
HARBOR = DATA / "harbor_lights.fountain"


@pytest.fixture(scope="module")
def encoder():
    if not embedder_status()[0]:
        pytest.skip("the search model is not installed (make model installs it)")
    from inference.embed.encoder import SentenceEncoder

    return SentenceEncoder()


def test_units_cover_speeches_actions_headings() -> None:
    script = parse(HARBOR.read_text(encoding="utf-8"))
    units = units_of(script)
    speeches = [u for u in units if u.kind == "speech"]
    assert len(speeches) == sum(1 for e in script.elements if e.type.value == "character")
    assert len([u for u in units if u.kind == "heading"]) == len(script.scenes)
    first = speeches[0]
    assert first.speaker == "ELENA" and first.text == "Where were you this afternoon?" and first.scene == 0
    # The parenthetical is not part of the words; the speech spans cue to last dialogue line.
    then = next(u for u in speeches if u.text == "Then I studied alone.")
    assert then.end_line - then.line == 2
    assert all(u.scene >= 0 for u in units)


def test_cache_persists_and_survives_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    cache = EmbeddingCache(path)
    key = EmbeddingCache.key("m", "hello")
    cache.put_many([(key, np.arange(4, dtype=np.float32))])
    again = EmbeddingCache(path).get_many([key, EmbeddingCache.key("m", "other")])
    assert list(again) == [key] and again[key].tolist() == [0, 1, 2, 3]
    assert EmbeddingCache.key("m", "hello") != EmbeddingCache.key("n", "hello")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database" * 100)
    bad = EmbeddingCache(broken)
    bad.put_many([(key, np.ones(4, dtype=np.float32))])  # works from memory, no exception
    assert bad.get_many([key])[key].tolist() == [1, 1, 1, 1]


def test_damaged_install_is_reported(tmp_path: Path) -> None:
    if not embedder_status()[0]:
        pytest.skip("the search model is not installed")
    copy = tmp_path / "all-minilm-l6-v2"
    shutil.copytree(embedder_path(), copy)
    verify_embedder(copy)
    with open(copy / "tokenizer.json", "r+b") as handle:
        handle.truncate(100)
    with pytest.raises(ModelCorruptError, match=r"tokenizer\.json"):
        verify_embedder(copy)
    with pytest.raises(ModelCorruptError, match="not installed"):
        verify_embedder(tmp_path / "nowhere")


@pytest.mark.model
def test_encoder_is_normalised_and_meaningful(encoder) -> None:  # type: ignore[no-untyped-def]
    v = encoder.embed(["The boat sank in the storm.", "A ship went down in bad weather.", "I like jam.", ""])
    assert v.shape == (4, 384)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


@pytest.mark.model
def test_search_ranks_scenes_and_speeches(encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []

    class Counting:
        name = encoder.name

        def embed(self, texts: list[str]) -> np.ndarray:
            calls.append(len(texts))
            return encoder.embed(texts)

    script = parse(HARBOR.read_text(encoding="utf-8"))
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    index = ScriptIndex.build(script, Counting(), cache)
    first = sum(calls)
    assert first == len({u.text for u in index.units})
    hits = search_scripts([index], encoder.embed(["waves crash over the boat"])[0], 3, "scene")
    sea = next(h for h in hits[:2] if script.scenes[h.scene].location == "OPEN SEA")
    assert sea.matching_lines and all(script.scenes[6].line < a for a, _ in sea.matching_lines)
    speeches = index.search(encoder.embed(["you lied to me about where you were"])[0], 5, "speech")
    assert any("lie to me" in h.text for h in speeches[:3])
    like = index.scenes_like(2)  # the police bullpen: another police scene is nearest
    assert any("POLICE" in script.scenes[h.scene].heading for h in like[:3])
    # Cached by text: a rebuild after an edit embeds only the new line.
    edited = parse(HARBOR.read_text(encoding="utf-8").replace("Nice boat.", "Lovely old boat."))
    ScriptIndex.build(edited, Counting(), EmbeddingCache(tmp_path / "c.sqlite"))
    assert sum(calls) - first == 1


@pytest.mark.model
def test_similar_lines_are_the_characters_own_earlier_lines(encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = parse(HARBOR.read_text(encoding="utf-8"))
    index = ScriptIndex.build(script, encoder, EmbeddingCache(None))
    last = script.scenes[-1].line
    lines = index.similar_lines("ELENA (O.S.)", "Don't you lie to me", last, k=2, encoder=encoder)
    assert len(lines) == 2
    assert any("lie" in line for line in lines)
    elena = {u.text for u in index.units if u.speaker == "ELENA"}
    assert set(lines) <= elena
    assert index.similar_lines("NOBODY", "x", last, encoder=encoder) == []
    answered = next(i for i, u in enumerate(index.units) if "June was home sick" in u.text)
    assert similar_lines(index, "MAYA", index.unit_vectors[answered], last, k=1) == [
        "At the library. Studying with June."
    ]
    assert index.similar_lines("ELENA", "x", 0, encoder=encoder) == []


@pytest.mark.model
def test_search_cli(encoder) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "editor.cli",
            "search",
            str(DATA),
            "a thief runs off with his guitar",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    hits = json.loads(out.stdout)
    scenes = [h for h in hits if h["kind"] == "scene"]
    assert scenes[0]["path"].endswith("last_train.fountain")
    assert "PLATFORM" in scenes[0]["title"] or "TRACKS" in scenes[0]["title"]
    bad = subprocess.run(
        [sys.executable, "-m", "editor.cli", "search", "just-a-query"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.model
def test_report_clusters_by_meaning(encoder) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run(
        [sys.executable, "-m", "editor.cli", "report", str(HARBOR), "--meaning", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(out.stdout)
    assert data["clusters_by"] == "meaning"
    grouped = sorted(i for c in data["clusters"] for i in c["scenes"])
    assert grouped == list(range(len(data["scenes"])))  # every scene has a vector, so every one is grouped
