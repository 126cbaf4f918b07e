"""The last good list per (gateway, key, protocol), kept on disk between runs.

Files live in `$XDG_CACHE_HOME/tui-models/lists/<digest>/<protocol>.json`, where the digest
hashes the base URL and the key's fingerprint: the key itself is never written. A file is
replaced atomically (written beside, then renamed), so a crash never leaves half a list; a
file that cannot be read is ignored (`CacheCorrupt`, which the caller turns into a notice).
Each model keeps the time it was first seen, which is how new models are told apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_models.logs import cache_dir
from tui_models.model import Model
from tui_models.secret import Secret

VERSION = 1
FIELDS = ("id", "display_name", "owned_by", "created", "context_window", "max_output",
          "input_per_1m", "output_per_1m", "per_request", "endpoint_types", "methods",
          "capabilities", "kind", "description", "raw_text", "first_seen")
"""What a cached row holds, in order."""
_TUPLES = frozenset(("endpoint_types", "methods", "capabilities"))


class CacheCorrupt(Exception):
    """A cache file exists but cannot be used; `str()` says which and why."""


@dataclass(slots=True)
class Snapshot:
    """One protocol's last good list."""

    protocol: str
    models: list[Model]
    fetched_at: float
    url: str | None = None
    price_unit: str = "auto"
    """The unit prices were read in: records are reused only under the same one."""

    @property
    def age(self) -> float:
        return max(time.time() - self.fetched_at, 0.0)


@dataclass(slots=True)
class Changes:
    """What a fresh list changed against the previous snapshot."""

    new: list[Model] = field(default_factory=list)
    gone: list[Model] = field(default_factory=list)


class ListCache:
    """The cached lists of one gateway and key."""

    def __init__(self, base_url: str, key: Secret, root: Path | None = None) -> None:
        digest = hashlib.sha256(f"{base_url}\n{key.fingerprint}".encode()).hexdigest()[:24]
        self.base_url = base_url
        self.directory = (root or cache_dir() / "lists") / digest

    def path(self, protocol: str) -> Path:
        return self.directory / f"{protocol}.json"

    def load(self, protocol: str) -> Snapshot | None:
        """The cached list, None when there is none; raises CacheCorrupt."""
        path = self.path(protocol)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as exc:
            raise CacheCorrupt(f"cache {path} is unreadable ({type(exc).__name__})") from None
        try:
            if data["version"] != VERSION or data["protocol"] != protocol:
                raise ValueError("version or protocol differ")
            models = [_model(protocol, row) for row in data["models"]]
            return Snapshot(protocol, models, float(data["fetched_at"]), data.get("url"),
                            str(data.get("price_unit", "auto")))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise CacheCorrupt(f"cache {path} is corrupt ({exc})") from None

    def save(self, snapshot: Snapshot) -> Path:
        """Write `snapshot` atomically; returns the file written."""
        path = self.path(snapshot.protocol)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = {
            "version": VERSION, "protocol": snapshot.protocol, "base_url": self.base_url,
            "url": snapshot.url, "fetched_at": snapshot.fetched_at,
            "price_unit": snapshot.price_unit, "fields": FIELDS,
            "models": [_row(m) for m in snapshot.models],
        }
        handle, temporary = tempfile.mkstemp(prefix=f".{snapshot.protocol}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return path


def _row(model: Model) -> list[Any]:
    return [getattr(model, name) for name in FIELDS]


def _model(protocol: str, row: list[Any]) -> Model:
    values = dict(zip(FIELDS, row, strict=True))
    if not isinstance(values["id"], str) or not isinstance(values["raw_text"], str):
        raise ValueError("a row without an id")
    for name in _TUPLES:
        values[name] = tuple(values[name] or ())
    return Model(protocol=protocol, **values)


def mark_changes(models: list[Model], previous: Snapshot | None, now: float) -> Changes:
    """Set `first_seen` and `is_new` on a fresh list; return what is new and what is gone.

    With no previous snapshot (the first fetch of this gateway) nothing is new: every model
    is first seen now. Gone models are the previous snapshot's, marked `is_gone`.
    """
    changes = Changes()
    if previous is None:
        for model in models:
            model.first_seen, model.is_new = now, False
        return changes
    seen = {m.id: m.first_seen for m in previous.models}
    for model in models:
        first_seen = seen.get(model.id)
        model.is_new = first_seen is None
        model.first_seen = now if first_seen is None else first_seen
        if model.is_new:
            changes.new.append(model)
    current = {m.id for m in models}
    for old in previous.models:
        if old.id not in current:
            old.is_gone, old.is_new = True, False
            changes.gone.append(old)
    return changes
