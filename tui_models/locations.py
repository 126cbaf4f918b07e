"""Where tui-models keeps its files, following the XDG base directories.

| what | where |
|---|---|
| config | `$XDG_CONFIG_HOME/tui-models/config.toml` (default `~/.config`) |
| cached lists | `$XDG_CACHE_HOME/tui-models/lists/` (default `~/.cache`) |
| error log | `$XDG_CACHE_HOME/tui-models/errors.log` |
"""

from __future__ import annotations

import os
from pathlib import Path


def _base(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or os.path.join(os.path.expanduser("~"), default))


def config_dir() -> Path:
    return _base("XDG_CONFIG_HOME", ".config") / "tui-models"


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def cache_dir() -> Path:
    return _base("XDG_CACHE_HOME", ".cache") / "tui-models"


def log_path() -> Path:
    return cache_dir() / "errors.log"
