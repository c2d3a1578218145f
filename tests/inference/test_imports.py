"""The editor's runtime path stays light and offline: no torch/transformers, no editor imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_runtime_modules_do_not_import_torch_or_transformers(tiny_model) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import inference.runtime.client, inference.runtime.worker, inference.store.models\n"
        "import inference.runtime.session\n"
        f"s = inference.runtime.session.InferenceSession.open(Path({str(tiny_model.path)!r}), 'ort')\n"
        "s.generate('INT.')\n"
        "bad = [m for m in ('torch', 'transformers', 'editor') if m in sys.modules]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_inference_never_imports_editor_and_uses_only_qtcore() -> None:
    for path in (ROOT / "inference").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from editor" not in text and "import editor" not in text, path
        assert "QtWidgets" not in text and "QtGui" not in text, path
