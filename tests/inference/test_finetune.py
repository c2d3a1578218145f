"""Learn my voice end to end on the tiny model: train (niced child), cancel, resume, merge, int4, install."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.synthetic import generate_script

from editor.ai.training_text import build_training_set
from inference.convert.conversion import Converter
from inference.errors import ConversionCancelled, InferenceError
from inference.finetune.job import TRAINING_FILE, finetune, work_dir_for
from inference.store.models import active_model_name, get_model, list_models

SETTINGS = {
    "steps": 6,
    "seq_len": 64,
    "batch_size": 2,
    "checkpoint_every": 3,
    "max_eval_items": 4,
    "max_eval_texts": 4,
}


@pytest.fixture
def training(tmp_path: Path) -> dict:
    paths = []
    for seed in (1, 2):
        path = tmp_path / f"s{seed}.fountain"
        path.write_text(generate_script(8, seed=seed), encoding="utf-8")
        paths.append(path)
    return build_training_set(paths).to_json()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SCREENWRIGHT_DATA_DIR", str(folder))
    return folder


def _spec(base, training: dict, settings: dict) -> dict:
    keys = ("texts", "heldout_texts", "speaker_items", "word_items")
    return {"base_hf": str(base.hf_dir), **{k: training[k] for k in keys}, **settings}


def test_cancel_stops_training_and_installs_nothing(tiny_model_store, training, data_dir) -> None:
    seen: list[str] = []

    def cancel_on_first_step(stage: str, fraction: float | None, detail: str) -> None:
        seen.append(detail)
        if detail.startswith("step "):
            converter.cancel()

    converter = Converter(on_progress=cancel_on_first_step)
    with pytest.raises(ConversionCancelled):
        finetune(converter, tiny_model_store, "mine", training, {**SETTINGS, "steps": 100000})
    assert "mine" not in {m.name for m in list_models()}
    assert any("loss" in d and "ETA" in d for d in seen)


def test_a_stopped_run_resumes_from_its_checkpoint_and_installs(tiny_model_store, training, data_dir) -> None:
    spec = _spec(tiny_model_store, training, SETTINGS)
    work = work_dir_for(spec, "mine")
    work.mkdir(parents=True)
    (work / "spec.json").write_text(json.dumps(spec))
    command = [sys.executable, "-m", "inference.finetune.trainer", str(work / "spec.json"), str(work)]
    run = subprocess.run([*command, "--stop-after", "3"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    checkpoint = work / "checkpoint"
    assert (checkpoint / "adapter_model.safetensors").is_file()
    assert (checkpoint / "optimizer.safetensors").is_file()
    assert json.loads((checkpoint / "state.json").read_text())["step"] == 3
    assert "step 3/6 loss" in run.stdout and "step 4/6" not in run.stdout

    _info, record = finetune(Converter(), tiny_model_store, "mine", training, SETTINGS)
    assert record["resumed"] == 1 and len(record["losses"]) == 6
    model = get_model("mine")
    assert (model.ort_dir / "genai_config.json").is_file() and model.hf_dir is not None
    assert model.manifest is not None and model.manifest.source == f"finetune:{tiny_model_store.name}"
    saved = json.loads((model.path / TRAINING_FILE).read_text())
    assert [s["sha256"] for s in saved["sources"]] == [s["sha256"] for s in training["sources"]]
    for phase in ("before", "after"):
        assert set(saved[phase]) == {"perplexity", "next_speaker_accuracy", "next_word_match"}
        assert saved[phase]["perplexity"] > 1
    assert ("WORSE" in saved["verdict"]) == (saved["after"]["perplexity"] >= saved["before"]["perplexity"])
    assert active_model_name() == tiny_model_store.name  # never auto-selected
    assert not work.exists()  # the work folder goes once installed


def test_an_onnx_only_model_cannot_be_fine_tuned(tiny_model_store, training, data_dir) -> None:
    shutil.rmtree(tiny_model_store.path / "hf")
    base = tiny_model_store
    with pytest.raises(InferenceError, match="cannot be fine-tuned"):
        finetune(Converter(), base, "mine2", training, SETTINGS)
    assert "mine2" not in {m.name for m in list_models()}


def test_perplexity_cli_scores_a_script_with_the_onnx_runtime(tiny_model_store, tmp_path, capsys) -> None:
    from editor.ai import finetune_cli

    path = tmp_path / "p.fountain"
    path.write_text(generate_script(3, seed=9), encoding="utf-8")
    assert finetune_cli.main(["perplexity", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == tiny_model_store.name and out["tokens"] > 100 and out["perplexity"] > 1


def test_finetune_cli_refuses_a_short_script_and_changes_nothing(tiny_model_store, tmp_path, capsys) -> None:
    from editor.ai import finetune_cli

    path = tmp_path / "short.fountain"
    path.write_text("INT. ROOM - DAY\n\nBOB\nHello.\n", encoding="utf-8")
    before = {m.name for m in list_models()}
    assert finetune_cli.main(["finetune", str(path), "--name", "x"]) == 1
    assert "too little" in capsys.readouterr().err
    assert {m.name for m in list_models()} == before


def test_cached_candidate_scores_equal_full_forward_scores(tiny_model) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from inference.finetune.trainer import _candidate_scores

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model.hf_dir))
    model = AutoModelForCausalLM.from_pretrained(str(tiny_model.hf_dir), dtype=torch.float32).eval()
    prompt = "INT. DINER - NIGHT\n\nMARA\nI told you not to come here."
    candidates = ["\n\nHALE\n", "\n\nVICTOR\n", "\n\nJUNE\n", "\n\nMARA\n"]
    cached = _candidate_scores(model, tokenizer, prompt, candidates, 256)
    for candidate, score in zip(candidates, cached, strict=True):
        p = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        c = tokenizer(candidate, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            logp = torch.log_softmax(model(input_ids=torch.tensor([p + c])).logits[0], dim=-1)
        expected = sum(float(logp[len(p) - 1 + i, t]) for i, t in enumerate(c))
        assert score == pytest.approx(expected, abs=1e-3)


def test_screenwright_model_forwards_perplexity_and_finetune_refusals(tiny_model_store, tmp_path) -> None:
    import os

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    path = tmp_path / "p.fountain"
    path.write_text(generate_script(3, seed=9), encoding="utf-8")
    cli = [sys.executable, "-m", "inference.cli"]
    run = subprocess.run([*cli, "perplexity", str(path), "--json"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["perplexity"] > 1
    binary = tmp_path / "b.fountain"
    binary.write_bytes(b"\x00\x01binary" * 100)
    run = subprocess.run(
        [*cli, "finetune", str(binary), "--name", "x", "--no-kept"], capture_output=True, text=True, env=env
    )
    assert run.returncode == 1 and "binary" in run.stderr  # --no-kept went through to the editor side
    assert "x" not in {m.name for m in list_models()}


def test_finetune_cli_learns_from_kept_suggestions_when_opted_in(tiny_model_store, tmp_path, capsys) -> None:
    """Default: the kept suggestions join the training text when recording is on (and only the
    kept ones: rejected ones are no training text); the count is printed and in training.json."""
    from editor.ai import finetune_cli
    from editor.ai.kept_log import KeptLog
    from editor.config.settings import Key, Settings
    from editor.files import save_queue

    path = tmp_path / "mine.fountain"
    path.write_text(generate_script(8, seed=5), encoding="utf-8")
    log = KeptLog()
    log.kept("suggestion", "inserted", "INT. DOCK - NIGHT\n\nMARA\n", "The tide turns at two.")
    log.kept("ghost", "accepted", "INT. DOCK - NIGHT\n\nHALE\nWe", " wait for the boat.")
    log.rejected("rewrite", "discard", "INT. DOCK - NIGHT\n\n", "Water. Dark.")
    save_queue.wait_idle()
    settings = Settings()
    settings.set(Key.AI_LEARN_FROM_KEPT, True)
    settings.sync()
    args = ["finetune", str(path), "--steps", "2", "--seq-len", "64", "--json"]
    assert finetune_cli.main([*args, "--name", "kept"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["kept_used"] == 2
    record = json.loads((Path(out["path"]) / TRAINING_FILE).read_text(encoding="utf-8"))
    assert record["kept_used"] == 2
    assert finetune_cli.main([*args, "--name", "not-kept", "--no-kept"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["kept_used"] == 0


@pytest.mark.model
def test_the_real_default_model_fine_tunes_for_a_few_steps_and_installs(tmp_path, data_dir) -> None:
    """The default model (SmolLM2-135M) through the whole path at a toy size: LoRA steps in the
    niced child, merge, int4 export, install with its manifest and training.json; the result loads
    and scores text like any model."""
    from inference.runtime.session import InferenceSession
    from inference.store.models import DEFAULT_MODEL_NAME
    from inference.store.provision import default_model_status

    ok, reason = default_model_status()
    if not ok:
        pytest.skip(f"default model not provisioned ({reason}); run `make model`")
    base = get_model(DEFAULT_MODEL_NAME)
    path = tmp_path / "dev.fountain"
    path.write_text(generate_script(12, seed=21), encoding="utf-8")
    training = build_training_set([path]).to_json()
    settings = {"steps": 3, "seq_len": 64, "batch_size": 1, "max_eval_texts": 1, "max_eval_items": 2}
    root = tmp_path / "models"
    info, record = finetune(Converter(), base, "dev-voice", training, settings, root=root)
    assert info.path == root / "dev-voice" and info.error is None
    manifest = json.loads((info.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == f"finetune:{DEFAULT_MODEL_NAME}" and manifest["quantization"] == "int4"
    saved = json.loads((info.path / TRAINING_FILE).read_text(encoding="utf-8"))
    assert saved["base"] == DEFAULT_MODEL_NAME and saved["steps"] == 3 and len(saved["losses"]) == 3
    assert saved["sources"][0]["sha256"] == training["sources"][0]["sha256"]
    for side in ("before", "after"):
        assert 1 < saved[side]["perplexity"] < 1e4
    assert saved["verdict"] == record["verdict"] and saved["kept_used"] == 0
    assert not any((data_dir / "finetune").iterdir())  # the work folder went with the install
    session = InferenceSession.open(info.ort_dir)
    try:
        assert session.score("INT. DINER - NIGHT\n\n", ["MARA\nYou came back."])[0] < 0
    finally:
        session.close()


def test_memory_savers_leave_the_numbers_alone(tiny_model_store, training, tmp_path) -> None:
    """Gradient checkpointing and the two-window held-out batches (there to fit 3 GB) give the same
    losses and held-out metrics as keeping every activation and scoring eight windows at once."""
    import os

    from inference.finetune.trainer import train

    spec = {**_spec(tiny_model_store, training, SETTINGS), "steps": 2, "checkpoint_every": 2}
    priority = os.nice(0)
    saving = train(spec, tmp_path / "saving")
    plain = train({**spec, "gradient_checkpointing": False, "eval_batch": 8}, tmp_path / "plain")
    assert saving is not None and plain is not None
    # Only the trainer's own process (main) lowers its priority; train() called here must not
    # have niced the test process (it did, and the model-process priority test then failed).
    assert os.nice(0) == priority
    assert saving["losses"] == pytest.approx(plain["losses"], rel=1e-4)
    for side in ("before", "after"):
        assert saving[side]["perplexity"] == pytest.approx(plain[side]["perplexity"], rel=1e-4)
        assert saving[side]["next_speaker_accuracy"] == plain[side]["next_speaker_accuracy"]
