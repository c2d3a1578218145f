"""Progress reporting: parsing tools' output and the terminal bar."""

from __future__ import annotations

import io

from inference.convert.conversion import _parse_progress, parse_own_progress
from inference.progress import TerminalProgress


def test_parse_progress_takes_the_latest_counter() -> None:
    assert _parse_progress("nothing yet") == (None, "")
    text = "PROGRESS 1 4 reading tokenizer\nLoading: 50%|#####| 136/272 [00:01<00:01]\r 200/272 [00:02"
    fraction, detail = _parse_progress(text)
    assert fraction == 200 / 272 and detail == "200/272"
    assert _parse_progress("x 10/5 [")[0] == 1.0  # never above 100 %


def test_a_run_on_its_own_scale_ignores_a_library_counter() -> None:
    # The trainer's first line, then transformers' weight-loading bar at 3/3: still 0 of 47.
    tail = "PROGRESS 0 47 loading libraries\nLoading weights: 100%|##########| 3/3 [00:00<00:00]\r"
    assert parse_own_progress(tail) == (0.0, "loading libraries")
    assert _parse_progress(tail)[0] == 1.0  # what the generic parser reads there
    assert parse_own_progress(tail + "PROGRESS 5 47 step 2/40 loss 3.1\n") == (5 / 47, "step 2/40 loss 3.1")
    assert parse_own_progress("no lines yet 3/3 [") == (None, "")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_bar_on_a_pipe_prints_stages_and_quarters() -> None:
    out = io.StringIO()
    bar = TerminalProgress(out)
    for i in range(11):
        bar("Exporting to ONNX", i / 10, f"{i}/10")
    bar("Installing", None, "")
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "[1] Exporting to ONNX..."
    assert [ln.split()[0] for ln in lines[1:4]] == ["25%", "50%", "75%"]
    assert lines[-1] == "[2] Installing..."


def test_terminal_bar_on_a_tty_redraws_one_line_per_stage() -> None:
    out = _Tty()
    bar = TerminalProgress(out)
    bar("Downloading", 0.0, "")
    bar("Downloading", 1.0, "93 / 93 MB")
    bar("Verifying", None, "")
    bar.close()
    text = out.getvalue()
    assert "[1] Downloading" in text and "100%" in text and "[2] Verifying" in text
    assert text.count("\n") == 2  # one finished line per stage


def test_gguf_and_builder_parsers_move_through_their_phases() -> None:
    from inference.convert.conversion import _builder_parser, _parse_gguf_progress

    assert _parse_gguf_progress("") == (None, "")
    assert _parse_gguf_progress("PROGRESS 1 4 reading tokenizer\n")[0] == 0.25
    fraction, detail = _parse_gguf_progress(
        "PROGRESS 2 4 dequantizing weights\nde-quantizing GGUF tensors: 136/272 ["
    )
    assert fraction == 0.625 and "136/272" in detail
    parse = _builder_parser(30)
    assert parse("GroupQueryAttention (GQA) is used")[0] is None
    assert parse("Reading layer 14\n")[0] == 0.2
    assert (
        parse("INFO - complete quantization of /model/layers.29/mlp/down_proj/MatMul with 4 bits")[0] == 0.8
    )
    assert parse("Saving lm_head.MatMul.weight_Q4 (u8, [49152,18,16]): 100%|###| 365/365 [00:00")[0] == 1.0
