"""Training text for "Learn my voice": scene windows, the held-out split, and refusals of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.synthetic import generate_script

from editor.ai.training_text import TrainingInputError, build_training_set
from editor.fountain.parser import parse


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_last_tenth_of_scenes_is_held_out_and_never_trained_on(tmp_path: Path) -> None:
    text = generate_script(20, seed=3)
    script = parse(text)
    n = len(script.scenes)
    held = max(1, round(n * 0.1))
    path = _write(tmp_path, "a.fountain", text)
    result = build_training_set([path])
    assert result.sources[0].scenes == n and result.sources[0].heldout_scenes == held
    lines = text.splitlines()
    held_headings = [lines[s.line].strip() for s in script.scenes[-held:]]
    train_headings = [lines[s.line].strip() for s in script.scenes[:-held]]
    for heading in held_headings:
        assert any(heading in t for t in result.heldout_texts)
        if heading not in train_headings:
            assert not any(heading in t for t in result.texts)
    assert result.texts and result.speaker_items and result.word_items
    for item in result.speaker_items:
        assert 0 <= item.answer < len(item.candidates) and len(item.candidates) >= 2
        assert not item.prompt.endswith("\n")
    for item in result.word_items:
        assert item.answer.isalpha() or "'" in item.answer


def test_windows_use_the_context_format_and_leave_out_notes_boneyard_and_title_page(tmp_path: Path) -> None:
    text = generate_script(12, seed=4)
    script = parse(text)
    lines = text.splitlines()
    heading = lines[script.scenes[0].line]
    marked = text.replace(heading, heading + "\n\n[[SECRET NOTE]]\n\n/* BONEYARD TEXT */", 1)
    result = build_training_set([_write(tmp_path, "b.fountain", marked)])
    joined = "\n".join(result.texts)
    assert "SECRET NOTE" not in joined and "BONEYARD TEXT" not in joined
    assert "Author:" not in joined and "Draft date" not in joined
    assert "[[Characters:" in joined  # the AI tasks' scene header
    assert result.texts[0].startswith("Title:")


def test_sources_carry_their_sha256(tmp_path: Path) -> None:
    import hashlib

    path = _write(tmp_path, "c.fountain", generate_script(10, seed=5))
    result = build_training_set([path])
    assert result.sources[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.fountain", "", "no scenes or dialogue"),
        (
            "short.fountain",
            "INT. ROOM - DAY\n\nBOB\nHello there, it is me.\n\nEXT. YARD - NIGHT\n\nRain.\n",
            "too little",
        ),
        ("bin.fountain", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_input_gets_a_clear_message(
    tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    with pytest.raises(TrainingInputError, match=expected):
        build_training_set([_write(tmp_path, name, content)])


def test_a_script_in_another_language_is_refused(tmp_path: Path) -> None:
    line = "Nous sommes arrivés trop tard pour voir la mer, mais elle nous attendait quand même."
    scenes = []
    for i in range(30):
        scenes.append(
            f"INT. MAISON {i} - JOUR\n\nMarie regarde par la fenêtre pendant longtemps.\n\n"
            f"MARIE\n{line}\n\nPIERRE\n{line}\n"
        )
    with pytest.raises(TrainingInputError, match="English"):
        build_training_set([_write(tmp_path, "fr.fountain", "\n".join(scenes))])


def test_fdx_scripts_are_read(tmp_path: Path) -> None:
    from editor.fountain.fdx import to_fdx

    text = generate_script(10, seed=6)
    path = _write(tmp_path, "d.fdx", to_fdx(parse(text)))
    result = build_training_set([path])
    assert result.texts and result.sources[0].scenes == len(parse(text).scenes)


def test_no_files_is_refused() -> None:
    with pytest.raises(TrainingInputError):
        build_training_set([])
