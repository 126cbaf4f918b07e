"""Where tui-models keeps its files, following the XDG base directories, and how they are named.

Defaults: `$XDG_CONFIG_HOME` is `~/.config`, `$XDG_CACHE_HOME` is `~/.cache`,
`$XDG_STATE_HOME` is `~/.local/state` (what is worth keeping, unlike a cache).

| what | function | where |
|---|---|---|
| config | `default_config_path()` | `$XDG_CONFIG_HOME/tui-models/config.toml` |
| cached lists | `lists_dir()` | `$XDG_CACHE_HOME/tui-models/lists/<digest>/` |
| stars and recent ids | `marks_dir()` | `$XDG_CACHE_HOME/tui-models/marks/<digest>.json` |
| probe results | `probes_dir()` | `$XDG_CACHE_HOME/tui-models/probes/<digest>.json` |
| relay prices | `relay_dir()` | `$XDG_CACHE_HOME/tui-models/relay/<digest>.json` |
| downloaded catalogue | `catalogue_path()` | `$XDG_CACHE_HOME/tui-models/catalog.json.gz` |
| kept history of changes | `history_dir()` | `$XDG_STATE_HOME/tui-models/history/<digest>.jsonl` |
| error log | `log_path()` | `$XDG_CACHE_HOME/tui-models/errors.log` |
| files written without clobbering | `ledger_path()` | `$XDG_CACHE_HOME/tui-models/written.json` |

Each kind of file has its own function, so that moving one kind (to `$XDG_STATE_HOME`, say)
changes one line; nothing else builds these paths. The directories are resolved on every call
(tests and profile switches change the environment). Names inside them are `digest(...)`s of
what identifies the owner (a base URL, a key's fingerprint): never the key itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

APP = "tui-models"


def _base(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or os.path.join(os.path.expanduser("~"), default))


def config_dir() -> Path:
    return _base("XDG_CONFIG_HOME", ".config") / APP


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def cache_dir() -> Path:
    return _base("XDG_CACHE_HOME", ".cache") / APP


def state_dir() -> Path:
    """Kept state: losing it loses history, not just time (`$XDG_STATE_HOME/tui-models`)."""
    return _base("XDG_STATE_HOME", os.path.join(".local", "state")) / APP


def history_dir() -> Path:
    """What changed between fetches: one file per gateway and key (`History`)."""
    return state_dir() / "history"


def lists_dir() -> Path:
    """The list cache: one directory per gateway and key (`ListCache`)."""
    return cache_dir() / "lists"


def marks_dir() -> Path:
    """Stars and recent ids: one file per gateway (`Marks`)."""
    return cache_dir() / "marks"


def probes_dir() -> Path:
    """Probe results: one file per gateway and key (`ProbeStore`)."""
    return cache_dir() / "probes"


def relay_dir() -> Path:
    """A relay's last prices: one file per gateway and key (`RelayCache`)."""
    return cache_dir() / "relay"


def catalogue_path() -> Path:
    """The catalogue `tui-models catalog update` downloaded."""
    return cache_dir() / "catalog.json.gz"


def log_path() -> Path:
    """Unexpected errors and their tracebacks (`logs.setup`)."""
    return cache_dir() / "errors.log"


def ledger_path() -> Path:
    """What `write_atomic(..., clobber=False)` wrote, so that it may replace those files."""
    return cache_dir() / "written.json"


def digest(*parts: str) -> str:
    """A file name for what `parts` identify: the first 24 hex digits of the SHA-256 of the
    parts joined by newlines. Stable across versions: the names of existing files depend on
    it (`digest(base_url, fingerprint)` for lists, probes and relay prices, `digest(base_url)`
    for marks)."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
