"""The files the no-clobber writer wrote, so that it may later replace them, and only them.

The ledger (`paths.ledger_path()`, read and written by `store.files`) holds, for each of the
last `MAX_ENTRIES` files written with `write_atomic(..., clobber=False)`, its absolute path and
what identifies that very file as it was left: device, inode, size, modification and change
times (nanoseconds). A file is ours when all of them still match: any write, `touch`, `chmod`,
rename or replacement since changes at least one. When the ledger is missing, damaged or
cannot be written, no file is ours (a no-clobber write then refuses to replace anything,
which is safe). Plain values here, no I/O.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

MAX_ENTRIES = 256
MAX_BYTES = 1024 * 1024
VERSION = 1

Entry = list[Any]
"""`[path, device, inode, size, mtime_ns, ctime_ns]`"""


def _entry(path: Path, found: os.stat_result) -> Entry:
    return [str(path), found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns,
            found.st_ctime_ns]


def entries(data: Any) -> list[Entry]:
    """The entries of a ledger file's JSON content (none when it is not a ledger)."""
    if not isinstance(data, dict) or data.get("version") != VERSION or \
            not isinstance(data.get("files"), list):
        return []
    return [entry for entry in data["files"]
            if isinstance(entry, list) and len(entry) == 6 and isinstance(entry[0], str)]


def ours(known: list[Entry], path: Path, found: os.stat_result) -> bool:
    """Whether the file at the absolute `path`, whose `lstat()` is `found`, is one the
    no-clobber writer wrote (per `known`) and nobody changed since."""
    return stat.S_ISREG(found.st_mode) and _entry(path, found) in known


def recorded(known: list[Entry], path: Path, found: os.stat_result) -> dict[str, Any]:
    """The ledger's new content once the file at the absolute `path` (its `fstat()` is
    `found`) is written: the newest `MAX_ENTRIES` entries, one per path."""
    kept = [e for e in known if e[0] != str(path)]
    kept.append(_entry(path, found))
    return {"version": VERSION, "files": kept[-MAX_ENTRIES:]}
