"""Writing output files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


class ExportCancelled(Exception):
    """The writer cancelled an export; no output file was left behind."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, fsync, then rename."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def title_field(title_page: dict[str, str], *names: str) -> str:
    """First line of a title-page field as plain text (emphasis dropped), for file metadata."""
    from editor.fountain.pagination import styled

    wanted = {name.lower() for name in names}
    for key, value in title_page.items():
        if key.strip().lower() in wanted and value.strip():
            first = next(line.strip() for line in value.split("\n") if line.strip())
            return styled(first).text
    return ""
