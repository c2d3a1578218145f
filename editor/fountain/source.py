"""Bytes on disk <-> LF-normalised text, losslessly.

Everything inside Screenwright works on LF-normalised ``str`` (offsets map 1:1 onto QTextDocument
positions). The file a writer opened may use CRLF, CR-only or a mix, carry a byte-order mark, or be
UTF-16 from an old Windows tool. ``decode`` remembers all of that in a ``SourceText`` and ``encode``
puts it back, so opening and saving an unedited file gives the same bytes.

Binary files and invalid UTF-8 are refused with a message a writer can act on (which byte, which
line) instead of being silently mangled; an explicit ``encoding`` (e.g. ``cp1252`` for an old
file) skips the guessing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_NEWLINES = re.compile(r"\r\n|\r|\n")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class SourceDecodeError(ValueError):
    """The bytes are not a text file Screenwright can open without losing something."""


class SourceEncodeError(ValueError):
    """The text holds characters the file's encoding cannot store (nothing was written)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text plus everything needed to write the same bytes back."""

    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    # Exact line endings, in order, only when the file mixes them (None otherwise).
    line_endings: tuple[str, ...] | None = None

    @property
    def mixed_newlines(self) -> bool:
        return self.line_endings is not None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    last = data.rfind(b"\n", 0, offset)
    return line, offset - last


def _split_bom(data: bytes) -> tuple[bool, str | None, bytes]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return True, name, data[len(bom) :]
    return False, None, data


def decode(data: bytes, encoding: str | None = None) -> SourceText:
    """Decode file bytes. Raises ``SourceDecodeError`` with a human-readable reason."""
    bom, bom_encoding, body = _split_bom(data)
    if encoding is None:
        encoding = bom_encoding or "utf-8"
        if bom_encoding is None:
            nul = body.find(b"\x00")
            if nul >= 0:
                line, column = _line_and_column(body, nul)
                raise SourceDecodeError(
                    f"this looks like a binary file, not Fountain text (a NUL byte at line {line}, "
                    f"column {column})"
                )
    else:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as exc:
            raise SourceDecodeError(f"unknown text encoding {encoding!r}") from exc
        if bom_encoding is not None and bom_encoding != encoding.replace("_", "-"):
            bom, body = False, data  # the caller knows better: the "BOM" bytes are text
    try:
        raw = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(body, exc.start)
        bad = body[exc.start : exc.start + 1].hex()
        hint = " (try opening it with an explicit encoding such as cp1252)" if encoding == "utf-8" else ""
        raise SourceDecodeError(
            f"not valid {encoding} text: byte 0x{bad} at line {line}, column {column} cannot be decoded{hint}"
        ) from exc
    endings = _NEWLINES.findall(raw)
    distinct = set(endings)
    if len(distinct) > 1:
        counts = {e: endings.count(e) for e in distinct}
        newline = max(("\n", "\r\n", "\r"), key=lambda e: counts.get(e, 0))
        line_endings: tuple[str, ...] | None = tuple(endings)
    else:
        newline = endings[0] if endings else "\n"
        line_endings = None
    text = raw if newline == "\n" and line_endings is None else _NEWLINES.sub("\n", raw)
    return SourceText(text, encoding, bom, newline, line_endings)


def encode(text: str, like: SourceText) -> bytes:
    """Bytes for ``text`` in the format of ``like`` (encoding, BOM, line endings).

    Byte-identical to the original file when ``text == like.text``. After edits, a file with
    mixed line endings keeps them as long as the line count is unchanged, else uses the most
    common one.
    """
    if like.line_endings is not None and text.count("\n") == len(like.line_endings):
        parts = text.split("\n")
        out = [parts[0]]
        for ending, part in zip(like.line_endings, parts[1:], strict=True):
            out.append(ending)
            out.append(part)
        raw = "".join(out)
    elif like.newline != "\n":
        raw = text.replace("\n", like.newline)
    else:
        raw = text
    try:
        body = raw.encode(like.encoding)
    except UnicodeEncodeError as exc:
        char = raw[exc.start]
        raise SourceEncodeError(
            f"the character {char!r} (U+{ord(char):04X}) cannot be saved in {like.encoding}; "
            "save as UTF-8 instead"
        ) from exc
    if like.bom:
        for bom, name in _BOMS:
            if name == like.encoding.replace("_", "-"):
                return bom + body
    return body


def read_file(path: str, encoding: str | None = None) -> SourceText:
    """Read and decode a file (``OSError`` and ``SourceDecodeError`` propagate)."""
    with open(path, "rb") as handle:
        return decode(handle.read(), encoding)
