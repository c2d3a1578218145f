"""Model servers as entries of the model store: ``screenwright-model connect URL --name NAME``.

Why in the store: a connection is chosen, listed, selected (``use``) and removed exactly like an
installed model, so the editor's model choice and the per-role choice need no second mechanism. The
entry holds a manifest (format ``server``) and ``server.json`` (address, model id, where the API key
comes from). The key itself is never written here: it comes from the platform keyring when the
``keyring`` package has a working backend, or from an environment variable the writer names.

Network policy: a server is only ever contacted because the writer connected it. A loopback address
(this machine) is the default; any other address must be confirmed (``allow_remote``), because the
script's text will be sent there.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from inference.errors import InferenceError
from inference.runtime.server_session import ServerConfig, is_loopback
from inference.store.manifest import FORMAT_SERVER, Manifest
from inference.store.models import ModelInfo, install_staged, models_dir, staging_dir, validate_name

log = logging.getLogger(__name__)

SERVER_FILE = "server.json"
KEYRING_SERVICE = "screenwright-model-server"


@dataclass(frozen=True)
class ServerEntry:
    """What ``server.json`` holds."""

    url: str
    model: str = ""
    api_key_env: str = ""  # name of an environment variable holding the key
    api_key_keyring: bool = False  # the key is in the platform keyring under the entry's name


def is_server(info: ModelInfo) -> bool:
    return info.manifest is not None and info.manifest.format == FORMAT_SERVER


def read_entry(folder: Path) -> ServerEntry:
    try:
        data = json.loads((folder / SERVER_FILE).read_text(encoding="utf-8"))
        return ServerEntry(
            url=str(data["url"]),
            model=str(data.get("model", "")),
            api_key_env=str(data.get("api_key_env", "")),
            api_key_keyring=bool(data.get("api_key_keyring", False)),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InferenceError(
            f"The server connection '{folder.name}' is unreadable ({exc}).",
            f"Connect it again with `screenwright-model connect URL --name {folder.name}`.",
        ) from exc


def _keyring_get(name: str) -> str:
    try:
        import keyring  # optional: only when the writer stored a key there

        return keyring.get_password(KEYRING_SERVICE, name) or ""
    except Exception as exc:  # no backend, locked keyring: say so, never fall back to a file
        log.warning("could not read the API key of %s from the keyring: %s", name, exc)
        return ""


def _keyring_set(name: str, key: str) -> None:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, key)
    except Exception as exc:
        raise InferenceError(
            f"The API key could not be stored in the system keyring ({exc}).",
            "Put it in an environment variable and pass --api-key-env NAME instead.",
        ) from exc


def server_config(info: ModelInfo) -> ServerConfig:
    """The connection settings of a server entry, with its API key looked up now."""
    entry = read_entry(info.path)
    key = ""
    if entry.api_key_env:
        key = os.environ.get(entry.api_key_env, "")
    elif entry.api_key_keyring:
        key = _keyring_get(info.name)
    return ServerConfig(url=entry.url, model=entry.model, api_key=key)


def config_for_path(path: Path) -> ServerConfig | None:
    """The server settings when ``path`` is a store entry for a model server, else None."""
    from inference.store.manifest import read_manifest

    if not (path / SERVER_FILE).is_file():
        return None
    manifest = read_manifest(path)
    if manifest.format != FORMAT_SERVER:
        return None
    return server_config(ModelInfo(path.name, path, manifest))


def check_address(url: str, *, allow_remote: bool) -> ServerConfig:
    """Validate a server URL and the network policy; returns its parsed config."""
    config = ServerConfig(url=url)
    parts = config.parts
    if parts.scheme not in ("http", "https") or not config.host:
        raise InferenceError(
            f"'{url}' is not a server address.", "Give it as http://HOST:PORT, e.g. http://127.0.0.1:8080."
        )
    if not is_loopback(config.host) and not allow_remote:
        raise InferenceError(
            f"{config.host} is another machine: your script's text would be sent there.",
            "If that is what you want, confirm with --allow-remote (in the editor: confirm in the dialog).",
        )
    return config


def connect(
    url: str,
    name: str,
    *,
    model: str = "",
    allow_remote: bool = False,
    api_key: str = "",
    api_key_env: str = "",
    root: Path | None = None,
    check: bool = True,
) -> ModelInfo:
    """Add a server connection to the store (after checking the server answers, unless ``check``)."""
    validate_name(name)
    config = check_address(url, allow_remote=allow_remote)
    if api_key_env and api_key:
        raise InferenceError("Give the API key one way only.", "Use either --api-key-env or the keyring.")
    if check:
        from inference.runtime.server_session import ServerSession

        live = ServerConfig(url=url, model=model, api_key=api_key or os.environ.get(api_key_env, ""))
        caps = ServerSession(live).probe()
        model = model or caps.model
    root = root or models_dir()
    stage = staging_dir(name, root)
    entry = {"url": url, "model": model, "api_key_env": api_key_env, "api_key_keyring": bool(api_key)}
    (stage / SERVER_FILE).write_text(json.dumps(entry, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    manifest = Manifest(
        name=name,
        source=f"{config.parts.scheme}://{config.address}",
        license="set by the server",
        format=FORMAT_SERVER,
        quantization="server",
        description=f"model '{model or 'server default'}' served at {config.address}",
    )
    info = install_staged(stage, manifest, root)
    if api_key:
        _keyring_set(name, api_key)
    return info
