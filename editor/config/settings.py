"""One typed settings object for the whole editor, stored with QSettings in an INI file.

Keys are an Enum with their type and default next to them, so a typo is an AttributeError rather
than a silently separate setting, and every value read back has the type its user expects (QSettings
returns strings from INI files). The file lives in ``SCREENWRIGHT_CONFIG_DIR`` when set (tests point
it at a temporary directory) or the platform's per-user config directory.
"""

from __future__ import annotations

import enum
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

log = logging.getLogger(__name__)

MAX_RECENT = 10


def config_dir() -> Path:
    explicit = os.environ.get("SCREENWRIGHT_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("screenwright", appauthor=False))


class Theme(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Key(enum.Enum):
    """Every setting: (INI key, default). The default's type is the setting's type."""

    THEME = ("appearance/theme", Theme.SYSTEM)
    ZOOM = ("appearance/zoom_percent", 100)
    PAGE_VIEW = ("appearance/page_view", True)
    FOCUS_MODE = ("appearance/focus_mode", False)
    TYPEWRITER_MODE = ("appearance/typewriter_mode", False)
    SHOW_NAVIGATOR = ("appearance/show_navigator", True)
    SMART_TYPING = ("editing/smart_typing", True)
    SMART_TYPE_COMPLETION = ("editing/smarttype_completion", True)
    AUTO_UPPERCASE = ("editing/auto_uppercase", True)
    SPELL_CHECK = ("editing/spell_check", True)
    #: A code of ``editor.spelling.checker.LANGUAGES`` (en_US, en_GB, de, ...).
    SPELL_LANGUAGE = ("editing/spell_language", "en_US")
    PAPER = ("editing/paper", "letter")  # the page view's and the export's: one paper
    EXPORT_SCENE_NUMBERS = ("export/scene_numbers", False)
    EXPORT_NOTES = ("export/print_notes", False)
    EXPORT_TITLE_PAGE = ("export/title_page", True)
    EXPORT_DIRECTORY = ("export/last_directory", "")
    RECENT_FILES = ("files/recent", ())
    LAST_DIRECTORY = ("files/last_directory", "")
    WINDOW_GEOMETRY = ("window/geometry", b"")
    WINDOW_STATE = ("window/state", b"")
    AI_ENABLED = ("ai/enabled", True)
    #: The writer's own choice per AI feature over the model's report card ("suggestions=on").
    AI_FEATURE_OVERRIDES = ("ai/feature_overrides", ())
    #: How many earlier versions of a script each save keeps in the data directory (0: none).
    BACKUP_GENERATIONS = ("files/backup_generations", 5)
    #: Scene headings in bold, on screen and in print alike (off: plain capitals, as the industry
    #: and afterwriting's profile print them).
    BOLD_SCENE_HEADINGS = ("print/bold_scene_headings", False)
    #: Reopen last time's scripts at start-up, each at its cursor.
    REOPEN_SESSION = ("files/reopen_session", True)
    #: The scripts open at the last quit: ``"line<TAB>column<TAB>path"`` each, in tab order.
    SESSION = ("files/session", ())
    SESSION_CURRENT = ("files/session_current", 0)
    #: Which AI features run while AI is on.
    AI_GHOST_TEXT = ("ai/ghost_text", True)
    AI_SUMMARIES = ("ai/scene_summaries", True)
    #: Remember the AI suggestions the writer keeps and rejects, on this machine, for the next
    #: fine-tune (``editor.ai.kept_log``). Opt-in: off until the writer turns it on.
    AI_LEARN_FROM_KEPT = ("ai/learn_from_kept", False)

    @property
    def ini_key(self) -> str:
        return self.value[0]

    @property
    def default(self) -> Any:
        return self.value[1]


def _coerce(key: Key, raw: object) -> Any:
    """Turn what QSettings hands back (often a string) into the key's type; default when unusable."""
    default = key.default
    try:
        if isinstance(default, bool):
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes", "on")
            return bool(raw)
        if isinstance(default, enum.Enum):
            return type(default)(str(raw))
        if isinstance(default, int):
            return int(raw)  # type: ignore[arg-type]
        if isinstance(default, tuple):
            if raw is None or raw == "":
                return ()
            if isinstance(raw, str):
                return (raw,)
            return tuple(str(item) for item in raw)  # type: ignore[union-attr]
        if isinstance(default, bytes):
            if hasattr(raw, "data"):
                return bytes(raw.data())  # QByteArray
            return bytes(raw) if isinstance(raw, (bytes, bytearray)) else default
        return str(raw)
    except (TypeError, ValueError):
        log.warning("ignoring unusable value %r for setting %s", raw, key.ini_key)
        return default


class Settings(QObject):
    """Typed access to the settings file; ``changed`` tells listeners (e.g. other windows)."""

    changed = Signal(object)  # Key

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or config_dir() / "settings.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: Key) -> Any:
        raw = self._qs.value(key.ini_key, None)
        if raw is None:
            return key.default
        return _coerce(key, raw)

    def set(self, key: Key, value: Any) -> None:
        stored: object = value
        if isinstance(value, enum.Enum):
            stored = value.value
        elif isinstance(value, tuple):
            stored = list(value)
        if self.get(key) == value and self._qs.contains(key.ini_key):
            return
        self._qs.setValue(key.ini_key, stored)
        self.changed.emit(key)

    def sync(self) -> None:
        self._qs.sync()

    # -- recent files ----------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return list(self.get(Key.RECENT_FILES))

    def add_recent_file(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        self.set(Key.RECENT_FILES, tuple(files[:MAX_RECENT]))

    def remove_recent_file(self, path: str) -> None:
        self.set(Key.RECENT_FILES, tuple(p for p in self.recent_files() if p != path))
