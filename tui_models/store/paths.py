"""Where tui-models keeps its files, and how they are named.

Linux and the other Unixes follow the XDG base directories exactly: `$XDG_CONFIG_HOME`
(default `~/.config`), `$XDG_CACHE_HOME` (`~/.cache`), `$XDG_STATE_HOME` (`~/.local/state`).
macOS and Windows follow their own conventions (platformdirs: `~/Library/Application Support`
and `~/Library/Caches`; `%LOCALAPPDATA%`), except that an XDG variable that is set wins on
every platform.

The cache holds what can be fetched again (clearing it costs a download); the state holds
what cannot (the user's stars, what probes learned, the error log).

| what | function | where (Linux) |
|---|---|---|
| config | `default_config_path()` | `$XDG_CONFIG_HOME/tui-models/config.toml` |
| cached lists | `lists_dir()` | `$XDG_CACHE_HOME/tui-models/lists/<digest>/` |
| relay prices | `relay_dir()` | `$XDG_CACHE_HOME/tui-models/relay/<digest>.json` |
| downloaded catalogue | `catalogue_path()` | `$XDG_CACHE_HOME/tui-models/catalog.json.gz` |
| stars and recent ids | `marks_dir()` | `$XDG_STATE_HOME/tui-models/marks/<digest>.json` |
| probe results | `probes_dir()` | `$XDG_STATE_HOME/tui-models/probes/<digest>.json` |
| change history | `history_dir()` | `$XDG_STATE_HOME/tui-models/history/` |
| error log | `log_path()` | `$XDG_STATE_HOME/tui-models/errors.log` |
| files written without clobbering | `ledger_path()` | `$XDG_STATE_HOME/tui-models/written.json` |

Each kind of file has its own function, so that moving one kind changes one line; nothing else
builds these paths (`store.migrate` moves what older versions kept in the cache). The
directories are resolved on every call (tests and profile switches change the environment).
Names inside them are `digest(...)`s of what identifies the owner (a base URL, a key's
fingerprint): never the key itself.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

APP = "tui-models"

_XDG_DEFAULTS = {"XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache",
                 "XDG_STATE_HOME": os.path.join(".local", "state")}
_PLATFORMDIRS = {"XDG_CONFIG_HOME": "user_config_dir", "XDG_CACHE_HOME": "user_cache_dir",
                 "XDG_STATE_HOME": "user_state_dir"}


def _xdg(variable: str) -> Path:
    """`$variable`, or its XDG default under the home directory."""
    return Path(os.environ.get(variable)
                or os.path.join(os.path.expanduser("~"), _XDG_DEFAULTS[variable]))


def _app_dir(variable: str) -> Path:
    """This app's directory of one kind: XDG on Linux, or wherever the XDG variable is set;
    the platform's convention on macOS and Windows."""
    if os.environ.get(variable) or sys.platform not in ("darwin", "win32"):
        return _xdg(variable) / APP
    return Path(getattr(_platform(), _PLATFORMDIRS[variable]))


def _platform():  # type: ignore[no-untyped-def]
    """platformdirs' directories for this app on macOS or Windows (imported only there)."""
    if sys.platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.windows import Windows as Dirs
    return Dirs(APP, appauthor=False)


def legacy_cache_dir() -> Path:
    """Where earlier versions kept everything but the config, on every platform:
    `$XDG_CACHE_HOME/tui-models` (`~/.cache/tui-models`). `store.migrate` moves the state
    out of it."""
    return _xdg("XDG_CACHE_HOME") / APP


def legacy_state_left() -> bool:
    """Whether the legacy cache directory still holds any of `STATE_NAMES` (a symlink
    included): one `lstat` per name, so a command imports `store.migrate` only when there
    is something to move."""
    folder = legacy_cache_dir()
    return folder != state_dir() and any(os.path.lexists(folder / name) for name in STATE_NAMES)


def config_dir() -> Path:
    return _app_dir("XDG_CONFIG_HOME")


def default_config_path() -> Path:
    """The config file. On macOS and Windows a config at the XDG place older versions read
    (`~/.config/tui-models/config.toml`) is still read while the platform's place has none."""
    path = config_dir() / "config.toml"
    legacy = _xdg("XDG_CONFIG_HOME") / APP / "config.toml"
    if path != legacy and not path.exists() and legacy.exists():
        return legacy
    return path


def cache_dir() -> Path:
    """What can be fetched again: clearing it costs a download, never a user's data."""
    return _app_dir("XDG_CACHE_HOME")


def state_dir() -> Path:
    """What cannot be fetched again: stars, recent ids, probe results, history, the log."""
    return _app_dir("XDG_STATE_HOME")


def lists_dir() -> Path:
    """The list cache: one directory per gateway and key (`ListCache`)."""
    return cache_dir() / "lists"


def relay_dir() -> Path:
    """A relay's last prices: one file per gateway and key (`RelayCache`)."""
    return cache_dir() / "relay"


def catalogue_path() -> Path:
    """The catalogue `tui-models catalog update` downloaded."""
    return cache_dir() / "catalog.json.gz"


def marks_dir() -> Path:
    """Stars and recent ids: one file per gateway (`Marks`)."""
    return state_dir() / "marks"


def probes_dir() -> Path:
    """Probe results: one file per gateway and key (`ProbeStore`)."""
    return state_dir() / "probes"


def history_dir() -> Path:
    """What changed in each gateway's lists over time."""
    return state_dir() / "history"


def log_path() -> Path:
    """Unexpected errors and their tracebacks (`logs.setup`)."""
    return state_dir() / "errors.log"


def ledger_path() -> Path:
    """What `write_atomic(..., clobber=False)` wrote, so that it may replace those files."""
    return state_dir() / "written.json"


STATE_NAMES = ("marks", "probes", "history", "errors.log", "written.json")
"""What `state_dir()` holds, by name: the entries `store.migrate` moves out of the cache."""


def digest(*parts: str) -> str:
    """A file name for what `parts` identify: the first 24 hex digits of the SHA-256 of the
    parts joined by newlines. Stable across versions: the names of existing files depend on
    it (`digest(base_url, fingerprint)` for lists, probes and relay prices, `digest(base_url)`
    for marks)."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
