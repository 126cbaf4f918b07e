"""What changed between fetches, kept: one JSON line per change, per gateway and key.

`$XDG_STATE_HOME/tui-models/history/<digest>.jsonl`, the digest hashing the gateway and the
key's fingerprint (the key itself is never written). A line:

```
{"at": 1764806400.0, "kind": "price", "protocol": "openai", "id": "gpt-4o",
 "field": "input_per_1m", "old": 2.5, "new": 3.0, "source": "list"}
```
Kinds: `new`, `gone`, `price`, `context`, `limit` (a list's or the relay's values), `groups`
(the relay's groups for a model), `group` (the key's own group; no id), `probe` (answered at
the previous fetch, failing now), `deprecated` (a starred or recently used id the catalogue
now deprecates).

Beside it, `<digest>.last.json` holds the values of the previous fetch (what the next one is
compared with) as `jsonparts.lines`: 100,000 models' values are read back a short line at a
time, never in one call that holds the screen (a file of one JSON document, as earlier
versions wrote, is still read). `<digest>.lock` is the lock every writer takes
(`fcntl.flock`): appends are one write of whole lines on an append-only descriptor, and a
file over `MAX_BYTES` or with lines older than `KEEP_DAYS` is rewritten atomically, keeping
the newest. Lines that cannot be read are skipped (counted), never fatal: the file is data,
not trusted.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from tui_models.secret import Secret
from tui_models.store import jsonparts, paths
from tui_models.store.files import TooLarge, read_bounded, write_atomic

KINDS = ("new", "gone", "price", "context", "limit", "groups", "group", "probe", "deprecated")
KEEP_DAYS = 90
MAX_BYTES = 8 * 1024 * 1024
"""A history longer than this is trimmed to half of it (the newest lines)."""
MAX_LAST_BYTES = 512 * 1024 * 1024
MAX_TEXT = 1000
"""Longest id or value kept in a line (longer ones are cut)."""


class Event(NamedTuple):
    """One change seen at one fetch."""

    at: float
    kind: str
    protocol: str
    """The protocol whose list changed; "" for what the relay says of an id (every protocol
    serving it) and for the key's group."""
    id: str
    field: str = ""
    old: Any = None
    new: Any = None
    source: str = "list"

    def record(self) -> dict[str, Any]:
        return {"at": self.at, "kind": self.kind, "protocol": self.protocol, "id": self.id,
                "field": self.field, "old": self.old, "new": self.new, "source": self.source}


def _value(value: Any) -> Any:
    """A value as kept: numbers, text (cut), lists of text, or None; anything else None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, list | tuple):
        return [str(v)[:MAX_TEXT] for v in value[:100] if isinstance(v, str | int | float)]
    return None


def _event(data: Any) -> Event | None:
    """The event a line holds, None when it holds no valid one."""
    if not isinstance(data, dict):
        return None
    at, kind = data.get("at"), data.get("kind")
    texts = [data.get(k, "") for k in ("protocol", "id", "field", "source")]
    if not isinstance(at, int | float) or isinstance(at, bool) or not math.isfinite(at) or \
            kind not in KINDS or not all(isinstance(t, str) for t in texts):
        return None
    protocol, model_id, field, source = (t[:MAX_TEXT] for t in texts)
    return Event(float(at), kind, protocol, model_id, field, _value(data.get("old")),
                 _value(data.get("new")), source or "list")


class History:
    """The kept changes of one gateway and key."""

    def __init__(self, gateway: str, key: Secret, root: Path | None = None) -> None:
        name = paths.digest(gateway, key.fingerprint)
        directory = root or paths.history_dir()
        self.path = directory / f"{name}.jsonl"
        self.last_path = directory / f"{name}.last.json"
        self.lock_path = directory / f"{name}.lock"
        self.skipped = 0
        """Lines of the last `read` that held no valid change."""

    def locked(self, *, wait: bool = True) -> contextlib.AbstractContextManager[None]:
        """Hold the history's lock (BlockingIOError at once when not `wait` and it is held)."""
        return _flock(self.lock_path, wait)

    def watching(self) -> contextlib.AbstractContextManager[None]:
        """Hold the lock of the one `watch` of this gateway and key: BlockingIOError at once
        when another holds it (no overlapping runs)."""
        return _flock(self.lock_path.with_suffix(".watch"), False)

    # -- reading ------------------------------------------------------------------------------

    def read(self, since: float = 0.0) -> list[Event]:
        """The changes seen at or after `since`, oldest first. OSError when the file cannot
        be read (a missing file is no change)."""
        try:
            raw = read_bounded(self.path, 2 * MAX_BYTES)
        except FileNotFoundError:
            return []
        except TooLarge:
            raise OSError(f"history {self.path} is larger than {2 * MAX_BYTES // 2**20} MiB"
                          ) from None
        events, self.skipped = [], 0
        for line in raw.splitlines():
            try:
                event = _event(json.loads(line))
            except (ValueError, RecursionError):
                event = None
            if event is None:
                self.skipped += bool(line.strip())
            elif event.at >= since:
                events.append(event)
        return events

    def last(self) -> dict[str, Any] | None:
        """The values of the previous fetch (None when there are none or they are unusable:
        then the next fetch starts afresh, reporting nothing)."""
        try:
            raw = read_bounded(self.last_path, MAX_LAST_BYTES)
            data = json.loads(raw) if raw.startswith(b"{") else jsonparts.from_lines(raw)
        except (OSError, ValueError, RecursionError):  # not a regular file, too large too
            return None
        return data if isinstance(data, dict) else None

    # -- writing ------------------------------------------------------------------------------

    @staticmethod
    def last_text(data: dict[str, Any]) -> str:
        """`data` as `save_last` writes it."""
        return "".join(jsonparts.lines(data))

    def is_last(self, text: str) -> bool:
        """The previous fetch's values are `text` byte for byte (a `last_text`): nothing to
        compare, nothing to write — what a fetch of an unchanged gateway costs."""
        try:
            size = self.last_path.stat().st_size
            if size != len(text) or size > MAX_LAST_BYTES:
                return False
            return read_bounded(self.last_path, MAX_LAST_BYTES) == text.encode("ascii")
        except (OSError, TooLarge, UnicodeEncodeError):
            return False

    def save_last(self, data: dict[str, Any], text: str | None = None) -> None:
        """Replace the values of the previous fetch (atomically) with `data`, whose
        `last_text` is `text` when the caller has it already. OSError."""
        write_atomic(self.last_path, self.last_text(data) if text is None else text)

    def append(self, events: Iterable[Event], now: float | None = None) -> int:
        """Add `events` at the end, in one write; trim when the file grows past its bounds.
        Returns how many were added. The caller holds the lock (`locked`). OSError."""
        text = "".join(json.dumps(e.record(), ensure_ascii=True, separators=(",", ":")) + "\n"
                       for e in events)
        if not text:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            data = text.encode()
            while data:  # one write for any sane batch; the rest if the system cut it
                data = data[os.write(fd, data):]
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        now = time.time() if now is None else now
        if size > MAX_BYTES or self._oldest_too_old(now):
            self.trim(now)
        return text.count("\n")

    def _oldest_too_old(self, now: float) -> bool:
        try:
            with open(self.path, "rb") as handle:
                first = handle.readline(64 * 1024)
            event = _event(json.loads(first))
        except (OSError, ValueError, RecursionError):
            return True
        return event is None or event.at < now - KEEP_DAYS * 86400

    def trim(self, now: float) -> None:
        """Keep the lines of the last `KEEP_DAYS`, at most half of `MAX_BYTES` of the newest.
        The caller holds the lock. OSError."""
        try:
            raw = read_bounded(self.path, 4 * MAX_BYTES)
        except TooLarge:
            raw = b""
        horizon, kept, size = now - KEEP_DAYS * 86400, [], 0
        for line in reversed(raw.splitlines()):
            try:
                event = _event(json.loads(line))
            except (ValueError, RecursionError):
                continue
            if event is None or event.at < horizon:
                continue
            size += len(line) + 1
            if size > MAX_BYTES // 2:
                break
            kept.append(line + b"\n")
        write_atomic(self.path, b"".join(reversed(kept)))


@contextlib.contextmanager
def _flock(path: Path, wait: bool) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)  # releases the lock
