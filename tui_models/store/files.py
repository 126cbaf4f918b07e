"""Where tui-models keeps its files, following the XDG base directories.

| what | where |
|---|---|
| config | `$XDG_CONFIG_HOME/tui-models/config.toml` (default `~/.config`) |
| cached lists | `$XDG_CACHE_HOME/tui-models/lists/` (default `~/.cache`) |
| stars and recent ids | `$XDG_CACHE_HOME/tui-models/marks/` |
| probe results | `$XDG_CACHE_HOME/tui-models/probes/` |
| error log | `$XDG_CACHE_HOME/tui-models/errors.log` |
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO


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


def read_json(path: Path, limit: int) -> Any:
    """The JSON in the regular file `path`, at most `limit` bytes. FileNotFoundError when
    there is none; NotRegularFile, OSError or ValueError when it cannot be used."""
    with open_regular(path) as handle:
        text = handle.read(limit + 1)
    if len(text) > limit:
        raise ValueError(f"larger than {limit:,} bytes")
    return json.loads(text)


def write_json(path: Path, value: Any) -> None:
    """Write `value` as ASCII JSON to `path` atomically (see `write_atomic`)."""
    write_atomic(path, ("".join(json_pieces(value)) + "\n").encode())


SLICE = 2000
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


def json_pieces(value: Any) -> Iterator[str]:
    """`value` as compact ASCII JSON, in pieces: lists and dicts of more than `SLICE`
    members, at the top or one level down, are encoded `SLICE` members at a time. One
    `json.dumps` of 100,000 members is a single C call that holds the interpreter lock —
    and so the screen — for over 100 ms."""
    if isinstance(value, dict):
        yield "{"
        for position, (key, member) in enumerate(value.items()):
            yield ("," if position else "") + _dumps(str(key)) + ":"
            yield from _sliced(member)
        yield "}"
    else:
        yield from _sliced(value)


def _sliced(value: Any) -> Iterator[str]:
    if isinstance(value, list | dict) and len(value) > SLICE:
        members = list(value.items()) if isinstance(value, dict) else value
        yield "{" if isinstance(value, dict) else "["
        for start in range(0, len(members), SLICE):
            piece = members[start:start + SLICE]
            text = _dumps(dict(piece) if isinstance(value, dict) else piece)
            yield ("," if start else "") + text[1:-1]
        yield "}" if isinstance(value, dict) else "]"
    else:
        yield _dumps(value)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (beside, then renamed: a crash never leaves half a
    file), in a directory only the user can read."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def readable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


def writable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    except OSError:
        return False
