"""What the user marked on a gateway: starred ids (`f`) and the ids used most recently.

Kept per gateway (its base URL, not the key: a star is about a model, whichever key lists
it) in `$XDG_STATE_HOME/tui-models/marks/<digest>.json`, written atomically, readable by the
user alone. The file holds ids and nothing else: never the key. A file that cannot be read
or is not what we wrote is never fatal: what is good in it is kept, the rest ignored, and a
damaged file is first copied beside it (`<name>.damaged`), so the next star, which rewrites
the file, loses nothing for good; `problem` says so. Never imports Textual.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from tui_models.store import paths
from tui_models.store.files import NotRegularFile, TooLarge, read_bounded, write_atomic, write_json

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
        self.path = (root or paths.marks_dir()) / f"{paths.digest(base_url)}.json"
        self.base_url = base_url
        self.favourites: list[str] = []
        self.recent: list[str] = []
        self.problem: str | None = None
        """Why the file could not be read whole, when it could not, and what became of it."""

    @property
    def damaged_path(self) -> Path:
        """Where a damaged marks file is kept before it is rewritten."""
        return self.path.with_name(self.path.name + ".damaged")

    def load(self) -> Marks:
        """Read the file: its good ids, whatever else it holds (see the module docstring)."""
        try:
            raw = read_bounded(self.path, MAX_BYTES)
        except FileNotFoundError:
            return self
        except NotRegularFile:
            self.problem = f"marks file {self.path} is not a regular file; ignored"
            return self
        except TooLarge:
            # Nothing of it is read, so nothing is kept: it is moved aside, whole.
            kept = self._keep(lambda: os.replace(self.path, self.damaged_path))
            self.problem = f"marks file {self.path} is larger than {MAX_BYTES // 2**20} MiB; " \
                           f"ignored{kept}"
            return self
        except OSError as exc:
            self.problem = f"marks file {self.path} is unreadable ({type(exc).__name__}); ignored"
            return self
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError) as exc:
            kept = self._keep(lambda: write_atomic(self.damaged_path, raw))
            self.problem = f"marks file {self.path} is unreadable ({type(exc).__name__}); " \
                           f"ignored{kept}"
            return self
        self.favourites, bad_favourites = _ids(data.get("favourites"), MAX_FAVOURITES)
        self.recent, bad_recent = _ids(data.get("recent"), RECENT)
        if bad_favourites or bad_recent:
            kept = self._keep(lambda: write_atomic(self.damaged_path, raw))
            self.problem = (f"marks file {self.path} is damaged: "
                            f"{bad_favourites + bad_recent:,} bad entries ignored, "
                            f"{len(self.favourites):,} stars and {len(self.recent):,} recent ids "
                            f"kept{kept}")
        return self

    def _keep(self, back_up: Callable[[], object]) -> str:
        """Run `back_up` (a callable that keeps the damaged file); the end of the notice."""
        try:
            back_up()
        except OSError as exc:
            return f" (and it could not be kept aside: {type(exc).__name__})"
        return f"; the damaged file is kept as {self.damaged_path}"

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


def _ids(value: object, limit: int) -> tuple[list[str], int]:
    """The usable ids in `value` (at most `limit`, each once) and how many entries were not
    ids (a value that is not a list counts as one). Over-long ids are dropped silently, as
    they are never remembered."""
    if value is None:
        return [], 0
    if not isinstance(value, list):
        return [], 1
    good = [i for i in value if isinstance(i, str)]
    return list(dict.fromkeys(i for i in good if len(i) <= MAX_ID))[:limit], len(value) - len(good)
