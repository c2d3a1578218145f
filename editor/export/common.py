"""What the export formats share: cancelling, and title-page fields for file metadata.

Files are written with ``inference.fsio.atomic_write`` (one helper for the whole product).
"""

from __future__ import annotations


class ExportCancelled(Exception):
    """The writer cancelled an export; no output file was left behind."""


def title_field(title_page: dict[str, str], *names: str) -> str:
    """First line of a title-page field as plain text (emphasis dropped), for file metadata."""
    from editor.fountain.pagination import styled

    wanted = {name.lower() for name in names}
    for key, value in title_page.items():
        if key.strip().lower() in wanted and value.strip():
            first = next(line.strip() for line in value.split("\n") if line.strip())
            return styled(first).text
    return ""
