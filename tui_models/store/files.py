"""Reading and writing tui-models' files: bounded reads, one atomic writer.

Reading. A file is read only when it is a regular file (a FIFO, a device or a directory in its
place is refused at once, never waited on) and only up to a bound, like a network body: a file
larger than its bound raises `TooLarge` before it is read, and gzip content is inflated only up
to a bound (a 4 MB gzip bomb never becomes 4 GB). `read_json` is the usual entry point.

Writing. `write_atomic` (bytes, or an iterable of pieces streamed to disk) and `atomic` (a file
to write into) write beside the target, fsync, then rename: a crash or `kill -9` never leaves
half a file, only a temporary `.<name>.<8 random>.tmp` that the next write of the same file
removes once it is a minute old (a younger one may be another process's write in progress).
Files are created 0600 and missing directories 0700: they may hold a gateway's words.

No clobbering. With `clobber=False`, an existing file is replaced only when it is ours: a
regular file that this writer wrote with `clobber=False, own=True` and that nobody changed
since — the same inode, size, modification and change times as recorded in the ledger
(`store.ledger`) when it was written. Anything else (a user's file, a symlink, a file we
wrote and someone edited or touched since, a file written with `own=False`) raises
FileExistsError and is left untouched. A path that is absent is claimed with `link()`, which
fails if it appeared meanwhile, so a file created concurrently is never replaced either. Every
doubt (a ledger lost, damaged or rewritten by another process meanwhile) makes a file not
ours: the rule fails closed. (A change that keeps the size, made within the file system's
clock tick of our write — milliseconds — cannot be told from none.) `own=False` is for
documents that are the user's from the moment they exist (an export of the view): such a
write goes only where nothing is, and what it writes is never ours.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
import stat
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tui_models.store import jsonparts, ledger, paths

LEFTOVER_AGE = 60.0
"""Seconds after which a temporary file of an interrupted write is removed."""


class NotRegularFile(OSError):
    """A path that should hold a file holds a FIFO, a device or a directory."""


class TooLarge(ValueError):
    """A file larger than the bound it is read with, or gzip content inflating past it."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(f"{path} is larger than {limit:,} bytes")
        self.limit = limit


# -- reading -----------------------------------------------------------------------------------

def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, refusing anything but a regular file without waiting: a
    FIFO (which would block until a writer comes) or `/dev/zero` named as a config or cache
    file raises NotRegularFile. FileNotFoundError and other OSErrors pass through."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotRegularFile(f"{path} is not a regular file")
    return os.fdopen(descriptor, "rb")


def check_size(handle: BinaryIO, path: Path, limit: int) -> None:
    """Raise TooLarge when the open file `handle` is larger than `limit` bytes (its size as
    the file system says: nothing is read)."""
    if os.fstat(handle.fileno()).st_size > limit:
        raise TooLarge(path, limit)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them: FileNotFoundError when
    there is none, NotRegularFile, TooLarge (a ValueError) when it is larger (checked before
    reading, and again while reading a file that grows), other OSErrors as they come."""
    with open_regular(path) as handle:
        check_size(handle, path, limit)
        data = read_up_to(handle, limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit)
    return data


def read_up_to(handle: BinaryIO, most: int) -> bytes:
    """The rest of the open file `handle`, at most `most` bytes. `read(most)` would allocate
    `most` bytes first (a 512 MiB bound, for a file of 30 MB); this asks for what the file
    holds, then for more only if it grew meanwhile."""
    left = max(os.fstat(handle.fileno()).st_size - handle.tell(), 0)
    data = handle.read(max(min(left + 1, most), 0))
    if len(data) < most and len(data) > left:  # it grew: read on, still bounded
        data += handle.read(most - len(data))
    return data


INFLATE_CHUNK = 1024 * 1024


def gunzip(data: bytes, limit: int) -> bytearray:
    """`data` (one or more gzip members) inflated, never past `limit` bytes: TooLarge as soon
    as the output would pass it, ValueError when the data is corrupt or cut short. Inflates a
    chunk at a time, so what it costs is the output kept, never more."""
    out = bytearray()
    rest = data
    try:
        while rest:
            decoder = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
            pending = rest
            while not decoder.eof:
                chunk = decoder.decompress(pending, min(INFLATE_CHUNK, limit + 1 - len(out)))
                out += chunk
                if len(out) > limit:
                    raise TooLarge("gzip content", limit)
                pending = decoder.unconsumed_tail
                if not (chunk or pending or decoder.eof):
                    raise ValueError("gzip content is cut short")
            rest = decoder.unused_data
    except zlib.error as exc:
        raise ValueError(f"not valid gzip ({exc})") from None
    return out


def read_json(path: Path, limit: int) -> Any:
    """The JSON in the regular file `path`, at most `limit` bytes. FileNotFoundError when
    there is none; NotRegularFile, OSError or ValueError (TooLarge among them) when it cannot
    be used; RecursionError when nested too deeply."""
    return json.loads(read_bounded(path, limit))


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


def write_json(path: Path, value: Any) -> Path:
    """Write `value` as compact ASCII JSON and a newline to `path` atomically, streamed in
    pieces (see `jsonparts.pieces` and `write_atomic`)."""
    return write_atomic(path, itertools.chain(jsonparts.pieces(value), ("\n",)))


# -- writing -----------------------------------------------------------------------------------

def write_atomic(path: Path, data: bytes | str | Iterable[str | bytes], *,
                 clobber: bool = True, own: bool = True) -> Path:
    """Write `data` to `path` atomically and return the path written (absolute).

    `data` is bytes, or text, or an iterable of pieces (text pieces are UTF-8) written one at
    a time as they come, so a large file is never held whole in memory. With `clobber=False`
    an existing file that is not ours is never replaced (see the module docstring): raises
    FileExistsError, before anything is written when the file is already there; `own` says
    whether the file written becomes ours. OSError when the file cannot be written; then
    `path` is as it was and no temporary file is left.
    """
    with atomic(path, clobber=clobber, own=own) as out:
        if isinstance(data, bytes | bytearray | memoryview | str):
            data = (data,)
        for piece in data:
            out.write(piece.encode() if isinstance(piece, str) else piece)
    return _absolute(path)


@contextlib.contextmanager
def atomic(path: Path, *, clobber: bool = True, own: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new content into: when the block ends without an
    exception, the content is flushed, fsynced and renamed over `path` (under the rules of
    `clobber` and `own`, as in `write_atomic`); when it raises, `path` is left as it was."""
    path = _absolute(path)
    claim = None if clobber else _claim(path, own)
    _make_directories(path.parent)
    _remove_leftovers(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
            if claim is None:
                os.replace(temporary, path)
            else:
                _commit(temporary, path, claim)
            _sync_directory(path.parent)
            if claim is not None and own:
                _record(path, os.fstat(out.fileno()))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


_ABSENT = "absent"
_OURS = "ours"


def _claim(path: Path, own: bool) -> str:
    """How a no-clobber write may take `path`: it is absent, or it is ours (and the write
    claims what it writes: `own`)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return _ABSENT
    if own and ledger.ours(_known(), path, found):
        return _OURS
    raise FileExistsError(errno.EEXIST, f"{path} already exists")


def _known() -> list[ledger.Entry]:
    try:
        return ledger.entries(read_json(paths.ledger_path(), ledger.MAX_BYTES))
    except (OSError, ValueError, RecursionError):
        return []


def _record(path: Path, found: os.stat_result) -> None:
    """Remember the file just written; a ledger that cannot be written only makes that file
    not ours (never a failed write)."""
    with contextlib.suppress(OSError):
        write_json(paths.ledger_path(), ledger.recorded(_known(), path, found))


def _commit(temporary: str, path: Path, claim: str) -> None:
    if claim == _ABSENT:
        try:
            os.link(temporary, path)  # fails if the path appeared meanwhile: nothing clobbered
        except FileExistsError:
            raise FileExistsError(errno.EEXIST, f"{path} already exists") from None
        os.unlink(temporary)  # now, not later: the ledger records the file as it will stay
        return
    if _claim(path, True) != _OURS:  # changed while we wrote
        raise FileExistsError(errno.EEXIST, f"{path} already exists")
    os.replace(temporary, path)


def _absolute(path: Path) -> Path:
    return Path(path).expanduser().absolute()


def _make_directories(directory: Path) -> None:
    """`directory` and every missing parent, each created readable by the user alone."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            each.mkdir(mode=0o700)


def _sync_directory(directory: Path) -> None:
    """The rename made durable too (best effort: not every file system can)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove_leftovers(path: Path) -> None:
    """Temporary files interrupted writes of `path` left behind: exactly the names this
    writer makes (`.<name>.` and 8 of `tempfile`'s characters, `.tmp` or, from older versions,
    nothing after), older than `LEFTOVER_AGE` (not a write another process is making now)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}(\.tmp)?")
    cutoff = time.time() - LEFTOVER_AGE
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and \
                        entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
