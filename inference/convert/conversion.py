"""Turn a checkpoint into an installed onnxruntime-genai model, with progress and cancel.

Supported sources: a GGUF file (dequantized by transformers, then exported), a Hugging Face folder
with safetensors weights, or a ready onnxruntime-genai folder. The heavy steps run in child
processes (``inference.convert.steps`` and onnxruntime-genai's builder) so that cancelling is a
plain process termination and torch never enters the caller's process. Everything is built in a
staging folder beside the store and renamed into place only when complete.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from inference.errors import ConversionCancelled, ConversionError, InferenceError
from inference.store.manifest import HF_SUBDIR, ORT_SUBDIR, Manifest
from inference.store.models import (
    ModelInfo,
    install_staged,
    models_dir,
    name_from_path,
    staging_dir,
    validate_name,
)
from inference.store.paths import data_dir

log = logging.getLogger(__name__)

#: (stage label, fraction of the stage done in [0, 1] or None when unknown, detail text)
ProgressCallback = Callable[[str, float | None, str], None]
#: the tail of a child's output -> (fraction done or None, detail)
ProgressParser = Callable[[str], tuple[float | None, str]]

_PROGRESS_LINE = re.compile(r"PROGRESS (\d+) (\d+) ?(.*)")
_TQDM_COUNT = re.compile(r"(\d+)/(\d+) \[")
_HF_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "tokenizer.model",
    "vocab.json",
    "merges.txt",
    "chat_template.jinja",
    "added_tokens.json",
)


def _noop_progress(stage: str, fraction: float | None, detail: str) -> None:
    return None


def detect_source(path: Path) -> str:
    """``gguf``, ``hf`` or ``ort``; raises a ConversionError saying what is wrong otherwise."""
    if not path.exists():
        raise ConversionError(f"{path} does not exist.", "Check the path and try again.")
    if path.is_file():
        with open(path, "rb") as handle:
            magic = handle.read(4)
        if magic == b"GGUF":
            return "gguf"
        raise ConversionError(
            f"{path} is not a GGUF file.",
            "Import a .gguf file, a Hugging Face folder (config.json + *.safetensors) "
            "or an onnxruntime-genai folder (genai_config.json).",
        )
    if (path / "genai_config.json").is_file():
        return "ort"
    if (path / "config.json").is_file():
        if any(path.glob("*.safetensors")):
            return "hf"
        if any(path.glob("*.bin")) or any(path.glob("*.pt")) or any(path.glob("*.pth")):
            raise ConversionError(
                f"{path} only has pickled PyTorch weights (.bin/.pt), which Screenwright never loads "
                "because they can run arbitrary code.",
                "Convert them to safetensors first (e.g. with the model's publisher), or use a GGUF file.",
            )
        raise ConversionError(
            f"{path} has a config.json but no *.safetensors weights.", "Add the weights files."
        )
    raise ConversionError(
        f"{path} is neither a Hugging Face folder nor an onnxruntime-genai folder.",
        "A Hugging Face folder has config.json and *.safetensors; an onnxruntime-genai folder has "
        "genai_config.json.",
    )


class Converter:
    """Runs one conversion; ``cancel()`` may be called from any thread (or Ctrl+C in the CLI)."""

    def __init__(
        self,
        on_progress: ProgressCallback | None = None,
        log_path: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self._on_progress = on_progress or _noop_progress
        self._cancelled = threading.Event()
        self.log_path = log_path or (data_dir() / "logs" / "convert.log")
        self._extra_env = dict(env or {})

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise ConversionCancelled("Conversion cancelled; nothing was installed.")

    def progress(self, stage: str, fraction: float | None, detail: str = "") -> None:
        self._on_progress(stage, fraction, detail)

    # -- child processes ---------------------------------------------------------------------

    def run_child(
        self,
        stage: str,
        cmd: list[str],
        *,
        cwd: Path | None = None,
        parser: ProgressParser | None = None,
    ) -> None:
        """Run ``cmd`` with output appended to the log, reporting progress parsed from it.

        ``parser`` turns the tail of the child's output into (fraction or None, detail).

        Polls so a cancel (or Ctrl+C) terminates the child within a fraction of a second.
        """
        self.check_cancelled()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"})
        env.update(self._extra_env)
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        with open(self.log_path, "ab") as log_handle:
            log_handle.write(f"\n$ {' '.join(cmd)}\n".encode())
            log_handle.flush()
            start_offset = log_handle.tell()
            proc = subprocess.Popen(cmd, stdout=log_handle, stderr=subprocess.STDOUT, cwd=cwd, env=env)
            try:
                self._watch(stage, proc, start_offset, parser or _parse_progress)
            except BaseException:
                _stop(proc)
                raise
        if proc.returncode != 0:
            raise ConversionError(
                f"{stage} failed: {self._last_error(start_offset)}",
                f"The full log is in {self.log_path}.",
            )

    def _watch(self, stage: str, proc: subprocess.Popen[bytes], offset: int, parser: ProgressParser) -> None:
        last_fraction: float | None = None
        last_detail = ""
        self.progress(stage, None, "")
        while True:
            try:
                proc.wait(timeout=0.15)
                finished = True
            except subprocess.TimeoutExpired:
                finished = False
            if self._cancelled.is_set():
                _stop(proc)
                raise ConversionCancelled("Conversion cancelled; nothing was installed.")
            fraction, detail = parser(self._read_tail(offset, 16384))
            # Tools report several phases with their own counters: never move the bar back.
            if fraction is not None and (last_fraction is None or fraction > last_fraction):
                last_fraction, last_detail = fraction, detail
            # Report on every poll even without news, so a terminal bar's clock keeps moving.
            self.progress(stage, last_fraction, last_detail)
            if finished:
                return

    def _read_tail(self, offset: int, size: int = 4096) -> str:
        try:
            with open(self.log_path, "rb") as handle:
                end = handle.seek(0, os.SEEK_END)
                handle.seek(max(offset, end - size))
                return handle.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _last_error(self, offset: int) -> str:
        lines = [
            ln.strip() for ln in self._read_tail(offset, 16384).replace("\r", "\n").splitlines() if ln.strip()
        ]
        for line in reversed(lines):
            if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", line) or "Error:" in line:
                return line[:400]
        return lines[-1][:400] if lines else "the process exited with an error"

    # -- steps -------------------------------------------------------------------------------

    def gguf_to_hf(self, gguf: Path, out_dir: Path) -> None:
        self.run_child(
            "Dequantizing GGUF",
            [sys.executable, "-m", "inference.convert.steps", "gguf-to-hf", str(gguf), str(out_dir)],
            parser=_parse_gguf_progress,
        )

    def hf_to_ort(self, hf_dir: Path, out_dir: Path, precision: str = "int4") -> None:
        """Export with onnxruntime-genai's builder (int4, CPU, accuracy level 4 by default).

        ``prune_lm_head`` makes prefill compute logits for the last position only: with a 49k
        vocabulary, all-position logits for a 1,024-token prompt are 192 MB of floats nobody reads.
        """
        cache = out_dir.parent / f".{out_dir.name}-cache"
        try:
            self.run_child(
                "Exporting to ONNX",
                [
                    sys.executable, "-m", "inference.convert.ort_builder",
                    "-i", str(hf_dir), "-o", str(out_dir), "-p", precision, "-e", "cpu",
                    "-c", str(cache), "--extra_options", "prune_lm_head=true",
                ],
                cwd=out_dir.parent,
                parser=_builder_parser(_layer_count(hf_dir)),
            )  # fmt: skip
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def copy_files(self, stage: str, files: Iterable[tuple[Path, Path]]) -> None:
        """Copy (src, dst) pairs with byte progress and cancel checks between 8 MiB blocks."""
        pairs = list(files)
        total = sum(src.stat().st_size for src, _ in pairs) or 1
        done = 0
        for src, dst in pairs:
            dst.parent.mkdir(parents=True, exist_ok=True)
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                while block := fin.read(8 << 20):
                    self.check_cancelled()
                    fout.write(block)
                    done += len(block)
                    self.progress(stage, done / total, f"{done / 1e6:.0f} / {total / 1e6:.0f} MB")
        self.progress(stage, 1.0, "")

    # -- whole imports -----------------------------------------------------------------------

    def import_model(
        self,
        source: Path,
        name: str | None = None,
        *,
        replace: bool = False,
        license: str = "unknown",
        precision: str = "int4",
        root: Path | None = None,
    ) -> ModelInfo:
        """Import ``source`` (GGUF file, HF folder or onnxruntime-genai folder) under ``name``."""
        source = source.expanduser().resolve()
        kind = detect_source(source)
        name = validate_name(name or name_from_path(source))
        root = root or models_dir()
        if (root / name).exists() and not replace:
            raise InferenceError(
                f"A model named '{name}' is already installed.", "Choose another name with --name."
            )
        staging = staging_dir(name, root)
        try:
            if kind == "ort":
                files = [
                    (p, staging / ORT_SUBDIR / p.relative_to(source))
                    for p in source.rglob("*")
                    if p.is_file()
                ]
                self.copy_files("Copying model", files)
                quantization = _guess_quantization(source)
            else:
                hf_dir = staging / HF_SUBDIR
                if kind == "gguf":
                    self.gguf_to_hf(source, hf_dir)
                else:
                    names = {p.name for p in source.glob("*.safetensors")} | set(_HF_FILES)
                    pairs = [(source / n, hf_dir / n) for n in sorted(names) if (source / n).is_file()]
                    if (source / "model.safetensors.index.json").is_file():
                        pairs.append(
                            (source / "model.safetensors.index.json", hf_dir / "model.safetensors.index.json")
                        )
                    self.copy_files("Copying weights", pairs)
                self.hf_to_ort(hf_dir, staging / ORT_SUBDIR, precision)
                quantization = precision
            self.check_cancelled()
            self.progress("Installing", None, "")
            manifest = Manifest(
                name=name,
                source=f"{kind}:{source}",
                license=license,
                sha256=sha256_file(source) if source.is_file() else "",
                quantization=quantization,
            )
            info = install_staged(staging, manifest, root, replace=replace)
            self.progress("Installing", 1.0, "")
            return info
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _guess_quantization(ort_dir: Path) -> str:
    for marker in ("int4", "int8", "fp16", "fp32"):
        if marker in ort_dir.name.lower():
            return marker
    return "unknown"


def _last_own_line(text: str) -> re.Match[str] | None:
    """The last of our own ``PROGRESS done total label`` lines with a total, in ``\n``-split text."""
    lines = [m for m in _PROGRESS_LINE.finditer(text) if int(m.group(2))]
    return lines[-1] if lines else None


def parse_own_progress(tail: str) -> tuple[float | None, str]:
    """The most recent of our own ``PROGRESS done total label`` lines, and nothing else.

    For children that report one scale for their whole run (the fine-tune trainer). A library's
    tqdm counter in the same output ("Loading weights: 3/3 [") counts something else: read as
    the run's progress it put the bar at the end of training before the first step, and the bar,
    which never moves back, then stayed there for the whole run (seen under load, where a poll
    fell between the weights bar and the trainer's next line)."""
    last = _last_own_line(tail.replace("\r", "\n"))
    if last is None:
        return None, ""
    return min(int(last.group(1)) / int(last.group(2)), 1.0), last.group(3).strip()


def _parse_progress(tail: str) -> tuple[float | None, str]:
    """The most recent progress in a log tail: our ``PROGRESS`` lines or a tqdm ``n/total [`` count."""
    text = tail.replace("\r", "\n")
    own = _last_own_line(text)
    best: tuple[int, float, str] | None = None
    if own is not None:
        best = (own.start(), int(own.group(1)) / int(own.group(2)), own.group(3).strip())
    for match in _TQDM_COUNT.finditer(text):
        done, total = int(match.group(1)), int(match.group(2))
        if total and (best is None or match.start() > best[0]):
            best = (match.start(), done / total, f"{done}/{total}")
    if best is None:
        return None, ""
    return min(best[1], 1.0), best[2]


_DEQUANT_COUNT = re.compile(r"de-quantizing[^\r\n]*?(\d+)/(\d+) \[")
_READING_LAYER = re.compile(r"Reading layer (\d+)")
_QUANTIZED_LAYER = re.compile(r"complete quantization of /model/layers\.(\d+)/")
_SAVING = re.compile(r"Saving [^\r\n]*?(\d+)/(\d+) \[")


def _parse_gguf_progress(tail: str) -> tuple[float | None, str]:
    """Our step's ``PROGRESS k/4`` stages, with transformers' tensor counter inside stage 2."""
    steps = list(_PROGRESS_LINE.finditer(tail))
    if not steps:
        return None, ""
    last = steps[-1]
    done, total, label = int(last.group(1)), int(last.group(2)), last.group(3).strip()
    fraction = done / total if total else 0.0
    if done == 2 and total == 4:
        counts = _DEQUANT_COUNT.findall(tail[last.end() :])
        if counts:
            n, m = (int(x) for x in counts[-1])
            fraction += 0.25 * min(n / m, 1.0) if m else 0.0
            label = f"dequantizing {n}/{m} tensors"
    return fraction, label


def _layer_count(hf_dir: Path) -> int:
    try:
        config = json.loads((hf_dir / "config.json").read_text(encoding="utf-8"))
        return max(
            1,
            int(config.get("num_hidden_layers") or config.get("text_config", {}).get("num_hidden_layers", 1)),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return 1


def _builder_parser(layers: int) -> ProgressParser:
    """onnxruntime-genai's builder: reads layers (0-40%), quantizes them (40-80%), saves (80-100%)."""

    def parse(tail: str) -> tuple[float | None, str]:
        saving = _SAVING.findall(tail)
        if saving:
            n, m = (int(x) for x in saving[-1])
            return 0.8 + 0.2 * min(n / m, 1.0) if m else 0.8, "saving"
        quantized = _QUANTIZED_LAYER.findall(tail)
        if quantized:
            return 0.4 + 0.4 * min((int(quantized[-1]) + 1) / layers, 1.0), "quantizing to int4"
        reading = _READING_LAYER.findall(tail)
        if reading:
            return 0.4 * min((int(reading[-1]) + 1) / layers, 1.0), "building the graph"
        return None, ""

    return parse


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a child politely, then for sure; never leave it running behind a cancel."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def sha256_file(path: Path, on_bytes: Callable[[int], None] | None = None) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
            if on_bytes is not None:
                on_bytes(len(block))
    return digest.hexdigest()
