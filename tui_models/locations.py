"""Where tui-models keeps its files, following the XDG base directories.

| what | where |
|---|---|
| config | `$XDG_CONFIG_HOME/tui-models/config.toml` (default `~/.config`) |
| cached lists | `$XDG_CACHE_HOME/tui-models/lists/` (default `~/.cache`) |
| error log | `$XDG_CACHE_HOME/tui-models/errors.log` |
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


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


class NotRegularFile(OSError):
    """A path that should hold a file holds a FIFO, a device or a directory."""


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, refusing anything but a regular file without waiting: a
    FIFO (which would block until a writer comes) or `/dev/zero` named as a config or cache
    file raises NotRegularFile. FileNotFoundError and other OSErrors pass through."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotRegularFile(f"{path} is not a regular file")
    return os.fdopen(descriptor, "rb")
