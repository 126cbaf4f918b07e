"""What the user marked on a gateway: starred ids (`f`) and the ids used most recently.

Kept per gateway (its base URL, not the key: a star is about a model, whichever key lists
it) in `$XDG_CACHE_HOME/tui-models/marks/<digest>.json`, written atomically, readable by the
user alone. The file holds ids and nothing else: never the key. A file that cannot be read
or is not what we wrote is ignored (and said so), never fatal. Never imports Textual.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tui_models.store.files import NotRegularFile, cache_dir, read_json, write_json

RECENT = 20
"""Ids remembered as recently used, newest first."""
MAX_FAVOURITES = 10_000
MAX_BYTES = 4 * 1024 * 1024
"""The largest marks file read: ten thousand long ids fit many times over."""
MAX_ID = 2_048
"""Longer ids are not remembered (no gateway sends them; a hostile one might)."""


class Marks:
    """Starred and recently used ids of one gateway."""

    def __init__(self, base_url: str, root: Path | None = None) -> None:
        digest = hashlib.sha256(base_url.encode()).hexdigest()[:24]
        self.path = (root or cache_dir() / "marks") / f"{digest}.json"
        self.base_url = base_url
        self.favourites: list[str] = []
        self.recent: list[str] = []
        self.problem: str | None = None
        """Why the file could not be read, when it could not."""

    def load(self) -> Marks:
        try:
            data = read_json(self.path, MAX_BYTES)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            self.favourites = _ids(data.get("favourites"), MAX_FAVOURITES)
            self.recent = _ids(data.get("recent"), RECENT)
        except FileNotFoundError:
            pass
        except NotRegularFile:
            self.problem = f"marks file {self.path} is not a regular file; ignored"
        except (OSError, ValueError, RecursionError) as exc:
            self.problem = f"marks file {self.path} is unreadable ({type(exc).__name__}); ignored"
        return self

    def star(self, model_id: str) -> bool:
        """Star `model_id`, or unstar it when it is starred; returns whether it is now."""
        if model_id in self.favourites:
            self.favourites.remove(model_id)
            return False
        if len(model_id) <= MAX_ID:
            self.favourites.append(model_id)
            del self.favourites[:-MAX_FAVOURITES]
        return model_id in self.favourites

    def used(self, model_id: str) -> None:
        """`model_id` was copied or picked: it goes to the front of `recent`."""
        if len(model_id) <= MAX_ID:
            self.recent = [model_id, *(i for i in self.recent if i != model_id)][:RECENT]

    def save(self) -> None:
        """Write the marks atomically; OSError when the cache cannot be written."""
        write_json(self.path, {"base_url": self.base_url, "favourites": self.favourites,
                               "recent": self.recent})


def _ids(value: object, limit: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        raise ValueError("ids are not a list of strings")
    return list(dict.fromkeys(i for i in value if len(i) <= MAX_ID))[:limit]
