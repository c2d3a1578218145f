"""Child process for ``test_save_kill.py``: the real save path, SIGKILLed at one chosen step.

    python save_child.py SCRIPT STEP

Opens SCRIPT with ``ScriptDocument.open``, appends a scene, and saves the way the main window does
(``backup_before_save`` then ``ScriptDocument.save``, which writes through ``atomic_write``). The
system calls that save makes are wrapped so the process kills itself with SIGKILL (no cleanup, no
``finally``, no flush of Python buffers) at STEP:

``after_mkstemp``   the temporary file exists, empty
``mid_write``       half of the new bytes are in the temporary file
``before_fsync``    all bytes written and flushed, not yet fsynced
``before_replace``  fsynced, ``os.replace`` not yet called
``after_replace``   replaced, the directory not yet fsynced
``none``            no kill: the save completes (the control case)
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

NEW_SCENE = "\n\nEXT. ROOFTOP - DAWN\n\nShe lights a cigarette and waits.\n" * 200


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(script: Path, step: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from editor.files.backups import backup_before_save
    from editor.page.document import ScriptDocument

    app = QApplication([])  # noqa: F841 - the document needs a GUI application
    doc = ScriptDocument.open(script)
    cursor = QTextCursor(doc.qdoc)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(NEW_SCENE)

    real_mkstemp, real_fdopen, real_fsync, real_replace = tempfile.mkstemp, os.fdopen, os.fsync, os.replace

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        if step == "after_mkstemp" and Path(name).parent == script.parent:
            die()
        return fd, name

    class HalfWriter:
        def __init__(self, fh) -> None:
            self._fh = fh

        def write(self, data: bytes) -> int:
            self._fh.write(data[: len(data) // 2])
            self._fh.flush()
            die()
            return 0

        def __getattr__(self, name: str):
            return getattr(self._fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self._fh.close()

    def fdopen(fd, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        return HalfWriter(fh) if step == "mid_write" else fh

    def fsync(fd: int) -> None:
        if step == "before_fsync":
            die()
        real_fsync(fd)

    def replace(src, dst) -> None:
        if step == "before_replace" and Path(dst) == script:
            die()
        real_replace(src, dst)
        if step == "after_replace" and Path(dst) == script:
            die()

    backup_before_save(script, 3)  # the backup comes first and is not what is being tested here
    tempfile.mkstemp, os.fdopen, os.fsync, os.replace = mkstemp, fdopen, fsync, replace
    doc.save()
    print("saved")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
