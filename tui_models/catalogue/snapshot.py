"""A catalogue snapshot: the bundled one (built by `scripts/build_catalog.py` from models.dev,
MIT) or one downloaded with `tui-models catalog update`, used only when it is a plausible models.dev
snapshot (`plausible`) newer than the bundled one; `tui-models catalog reset` removes it.

Downloads are bounded (size and time), validated (the shape of models.dev's `api.json`, at
least one provider with models) and written atomically, trimmed, to
`$XDG_CACHE_HOME/tui-models/catalog.json.gz` (`store.paths.catalogue_path`). Reading one is
bounded too, packed and inflated: a file that is larger, or a gzip bomb, is ignored with a
notice, never inflated whole.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_models.store import paths
from tui_models.store.files import NotRegularFile, gunzip, read_bounded

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "catalog.json.gz"
DEFAULT_URL = "https://models.dev/api.json"
MAX_DOWNLOAD = 32 * 1024 * 1024
MAX_TRIMMED = 16 * 1024 * 1024
"""The largest catalogue file read, as stored (gzip)."""
MAX_INFLATED = MAX_DOWNLOAD
"""The most a catalogue file may inflate to: a trimmed file is smaller than the `api.json` it
was made from, and that is at most `MAX_DOWNLOAD`."""
FIELDS = ("id", "name", "context", "output", "caps", "input", "output_modalities",
          "released", "knowledge", "status", "cost_input", "cost_output")
"""The columns of each entry in a trimmed file."""
CAPABILITIES = ("tools", "reasoning", "structured", "vision", "audio", "pdf", "open-weights")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class Entry:
    """One model as one provider lists it in the catalogue."""

    provider: str
    id: str
    name: str | None
    context: int | None
    output: int | None
    capabilities: tuple[str, ...]
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    released: str | None
    knowledge: str | None
    status: str | None
    cost_input: float | None
    cost_output: float | None


@dataclass(slots=True)
class Snapshot:
    """Every entry of one catalogue file, by provider, and where it came from."""

    providers: dict[str, list[Entry]]
    date: str
    source: str
    origin: str
    """`bundled` or the path of the downloaded file."""

    @property
    def count(self) -> int:
        return sum(len(entries) for entries in self.providers.values())


def entry_from_models_dev(model_id: str, model: dict[str, Any]) -> list[Any] | None:
    """A models.dev model as a trimmed row (the order of FIELDS), or None when unusable."""
    ident = model.get("id", model_id)
    if not isinstance(ident, str) or not ident or len(ident) > _MAX_TEXT:
        return None
    limit = model.get("limit") if isinstance(model.get("limit"), dict) else {}
    modalities = model.get("modalities") if isinstance(model.get("modalities"), dict) else {}
    inputs = _words(modalities.get("input"))
    outputs = _words(modalities.get("output"))
    cost = model.get("cost") if isinstance(model.get("cost"), dict) else {}
    caps = [name for name, on in (
        ("tools", model.get("tool_call")), ("reasoning", model.get("reasoning")),
        ("structured", model.get("structured_output")), ("vision", "image" in inputs),
        ("audio", "audio" in inputs), ("pdf", "pdf" in inputs),
        ("open-weights", model.get("open_weights"))) if on is True]
    return [ident, _text(model.get("name")), _count(limit.get("context")),
            _count(limit.get("output")), ",".join(caps), ",".join(inputs), ",".join(outputs),
            _date(model.get("release_date")), _text(model.get("knowledge")),
            _text(model.get("status")), _price(cost.get("input")), _price(cost.get("output"))]


def _words(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [w for w in value if isinstance(w, str) and w.isascii() and len(w) < 20]


def _text(value: Any) -> str | None:
    return value[:_MAX_TEXT] if isinstance(value, str) and value else None


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and _DATE.match(value) else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if 0 < value < 10**10 else None


def _price(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and 0 <= value < 10**6 else None


def _entries(provider: str, rows: Any) -> list[Entry]:
    if not isinstance(rows, list):
        raise ValueError(f"provider {provider!r} has no list of entries")
    found = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(FIELDS) or not isinstance(row[0], str):
            raise ValueError(f"an entry of {provider!r} has the wrong shape")
        (ident, name, context, output, caps, inputs, outputs, released, knowledge, status,
         cost_in, cost_out) = row
        found.append(Entry(provider, ident, _text(name), _count(context), _count(output),
                           _split(caps), _split(inputs), _split(outputs), _date(released),
                           _text(knowledge), _text(status), _price(cost_in), _price(cost_out)))
    return found


def _split(value: Any) -> tuple[str, ...]:
    return tuple(w for w in value.split(",") if w) if isinstance(value, str) else ()


def parse(data: Any, origin: str) -> Snapshot:
    """A trimmed file's content as a Snapshot; ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("fields") != list(FIELDS):
        raise ValueError("not a trimmed catalogue of this version")
    providers = data.get("providers")
    if not isinstance(providers, dict) or not providers:
        raise ValueError("no providers")
    return Snapshot({str(p): _entries(str(p), rows) for p, rows in providers.items()},
                    str(data.get("date", "?"))[:40], str(data.get("source", "?"))[:200], origin)


def _read(path: Path, origin: str) -> Snapshot:
    """The snapshot in `path`; ValueError (or OSError) when it is too large, inflates past
    `MAX_INFLATED`, or is not one."""
    packed = read_bounded(path, MAX_TRIMMED)
    text = gunzip(packed, MAX_INFLATED) if packed[:2] == b"\x1f\x8b" else packed
    del packed
    return parse(json.loads(text), origin)


def load() -> tuple[Snapshot | None, str | None]:
    """The snapshot to use — the downloaded one when it is plausible and newer than the
    bundled one — and a notice when a downloaded file could not be used. Takes ~50 ms: call
    it off the event loop."""
    found = choose()
    return found.used, found.problem


@dataclass(slots=True)
class Choice:
    """The snapshot in use, the bundled and the downloaded one (None: none or unreadable),
    and why the downloaded one is not used (None: it is, or there is none)."""

    used: Snapshot | None
    bundled: Snapshot | None
    downloaded: Snapshot | None
    problem: str | None = None
    older: bool = False
    """The downloaded one is not newer than the bundled one (not a problem: an upgrade)."""


def choose() -> Choice:
    """Read both snapshots and choose one (see `load`)."""
    from tui_models.catalogue import plausible

    bundled = _read(BUNDLED, "bundled") if BUNDLED.exists() else None
    path = paths.catalogue_path()
    try:
        downloaded = _read(path, str(path))
    except FileNotFoundError:
        return Choice(bundled, bundled, None)
    except (NotRegularFile, OSError, ValueError, EOFError, RecursionError) as exc:
        return Choice(bundled, bundled, None, f"downloaded catalogue {path} ignored ({exc})")
    if (why := plausible.problem(downloaded, bundled)) is not None:
        return Choice(bundled, bundled, downloaded,
                      f"downloaded catalogue {path} ignored: not a plausible models.dev "
                      f"snapshot ({why}); `tui-models catalog reset` removes it")
    if bundled is not None and downloaded.date <= bundled.date:
        return Choice(bundled, bundled, downloaded, older=True)
    return Choice(downloaded, bundled, downloaded)


def trim(api: Any, date: str, source: str) -> dict[str, Any]:
    """models.dev's `api.json` content, trimmed to a file `parse` reads."""
    if not isinstance(api, dict):
        raise ValueError("not a JSON object of providers")
    providers = {}
    for provider, body in api.items():
        models = body.get("models") if isinstance(body, dict) else None
        if isinstance(provider, str) and isinstance(models, dict):
            rows = [entry_from_models_dev(i, m) for i, m in models.items() if isinstance(m, dict)]
            providers[provider[:_MAX_TEXT]] = [r for r in rows if r is not None]
    if not any(providers.values()):
        raise ValueError("no provider lists any model")
    return {"source": source, "date": date, "fields": list(FIELDS), "providers": providers}
