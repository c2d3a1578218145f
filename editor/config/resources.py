"""Bundled resources (fonts, icons): where they are and loading them into Qt.

Courier Prime (SIL OFL 1.1, see ``resources/fonts/OFL.txt``) is bundled so the page looks the same
on every machine; if the files are missing (a stripped install) the system's Courier Prime, then any
Courier, then the system monospace font is used.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

log = logging.getLogger(__name__)

SCRIPT_FAMILY = "Courier Prime"
# The Courier Prime faces as shipped by Debian all call themselves "Courier Prime", style "Light,
# Regular" (broken name/OS-2 tables in that snapshot), so Qt cannot tell bold from regular and may
# draw everything in Bold Italic. Each face is therefore registered under its own family name,
# patched in memory to a name of the same length (no table offsets move), and emphasis picks the
# face by family.
FACES = {
    (False, False): ("Courier-Prime.otf", "ScreenwrightR"),
    (True, False): ("Courier-Prime-Bold.otf", "ScreenwrightB"),
    (False, True): ("Courier-Prime-Italic.otf", "ScreenwrightI"),
    (True, True): ("Courier-Prime-Bold-Italic.otf", "ScreenwrightJ"),
}
_loaded: str | None = None
_face_families: dict[tuple[bool, bool], str] = {}


def resources_dir() -> Path:
    explicit = os.environ.get("SCREENWRIGHT_RESOURCES_DIR")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[2] / "resources"


def _register_face(path: Path, family: str) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    original = SCRIPT_FAMILY
    assert len(original) == len(family)
    data = data.replace(original.encode("utf-16-be"), family.encode("utf-16-be"))
    data = data.replace(original.encode("ascii"), family.encode("ascii"))
    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
    if font_id < 0:
        log.warning("could not load font %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def load_script_fonts() -> str:
    """Register the bundled Courier Prime faces once; returns the family name to use.

    Needs a QGuiApplication. Safe to call repeatedly.
    """
    global _loaded
    if _loaded is not None:
        return _loaded
    folder = resources_dir() / "fonts"
    for key, (file_name, family) in FACES.items():
        registered = _register_face(folder / file_name, family)
        if registered:
            _face_families[key] = registered
    family = _face_families.get((False, False), "")
    if not family:
        for candidate in (SCRIPT_FAMILY, "Courier New", "Courier"):
            if candidate in QFontDatabase.families():
                family = candidate
                break
    if not family:
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        log.warning("no Courier font available; using %s", family)
    _loaded = family
    return family


def emphasis_family(bold: bool, italic: bool) -> str | None:
    """The family drawing this emphasis with a real face; None to let Qt synthesise it."""
    load_script_fonts()
    return _face_families.get((bold, italic))


def script_font(point_size: float = 12.0) -> QFont:
    """The screenplay font at ``point_size``: fixed pitch, no synthetic hinting surprises."""
    font = QFont(load_script_fonts())
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    if not QFontInfo(font).fixedPitch():
        log.debug("script font %s reports proportional metrics", font.family())
    return font
