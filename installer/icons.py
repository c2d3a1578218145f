"""Render the application icon from its one SVG source into every format a platform asks for.

PNG sizes for the freedesktop icon theme, a multi-size ``.ico`` for Windows and an ``.icns`` for
macOS. Both containers are written here directly (they are small, documented formats that accept
PNG payloads), so a Linux build machine can produce and check all three without Pillow, ImageMagick
or Apple's ``iconutil``.
"""

from __future__ import annotations

import struct
from pathlib import Path

ICON_SVG = Path(__file__).resolve().parent / "linux" / "screenwright.svg"
LINUX_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS chunk types whose payload may be PNG, by pixel size (Apple's icns format, macOS 10.7+).
# The ic11-ic14 types are the @2x (Retina) variants, which ``iconutil`` also writes.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256),
    (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024),
)  # fmt: skip


def render_png(size: int, svg: Path = ICON_SVG) -> bytes:
    """The icon as PNG bytes at ``size`` x ``size`` (needs a QGuiApplication; offscreen is fine)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows ``.ico`` holding one PNG-compressed image per size (valid since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        png = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS ``.icns`` with PNG chunks (the ``iconutil`` output format for these types)."""
    chunks = b""
    for kind, size in ICNS_TYPES:
        if size in pngs:
            chunks += kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def render_all(out_dir: Path) -> dict[str, Path]:
    """Write ``screenwright-<size>.png``, ``screenwright.ico`` and ``screenwright.icns`` into ``out_dir``."""
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["icons", "-platform", "offscreen"])
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = sorted(set(LINUX_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {size: render_png(size) for size in wanted}
    written: dict[str, Path] = {}
    for size in LINUX_SIZES:
        path = out_dir / f"screenwright-{size}.png"
        path.write_bytes(pngs[size])
        written[f"png{size}"] = path
    written["ico"] = out_dir / "screenwright.ico"
    written["ico"].write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    written["icns"] = out_dir / "screenwright.icns"
    written["icns"].write_bytes(icns_bytes(pngs))
    return written
