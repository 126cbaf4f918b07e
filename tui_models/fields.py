"""The field table: every field of a model record, declared once.

Each `Field` says how one value is read from a `Model`, written in JSON and CSV, shown in a
table (title, width, alignment, which columns go first when space is short), sorted, searched
(`owner:azure`, `kind:embed`, `ctx>128k`) and labelled in the inspector. The explorer's table,
`list --format table|json|csv`, export, the sort orders, the query language and the
inspector all read this table, so a field added here appears everywhere at once:

```python
fields.add(Field("id_length", lambda m: len(m.id), title="Len", width=4, right=True,
                 sort=lambda m: len(m.id), search=("len",), match="number"))
```
Never imports Textual.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from tui_models import fmt, protocols
from tui_models.compat import UTC
from tui_models.model import KINDS, Model
from tui_models.probe import cell as probe_cell
from tui_models.textsafe import visible

Value = Callable[[Model], Any]


class Field(NamedTuple):
    """One field of a model record; see the module docstring. A NamedTuple, as the other
    rows of a fixed table here: a frozen dataclass takes 1 ms to make at every start."""

    key: str
    """The JSON and CSV name (`input_per_1m`); also names the column and its sort order."""
    value: Value
    """The JSON-ready value (None when unknown)."""
    text: Callable[[Model], str] | None = None
    """The text people read; made inert (no control characters). Default: `str(value)`."""
    title: str = ""
    """The column title; "" when the field is not a table column."""
    width: int = 0
    """Column width in cells; 0 for the id column, which takes what the others leave."""
    right: bool = False
    priority: int = 0
    """Columns with the highest number are dropped first when the table is narrow (0: never)."""
    when: str = ""
    """A column shown only when: `all` the table mixes protocols (the All view), `marked`
    some model is new, gone or starred, `probed` some model was probed, `catalog` some model
    was found in the reference catalogue; "" always."""
    sort: Value | None = None
    """The sort key (None values sort last); None when the column cannot be sorted."""
    search: tuple[str, ...] = ()
    """Names the query language knows the field by (`ctx`, `context`)."""
    match: str = ""
    """How a search term compares: `text` (contains), `prefix` (starts with) or `number`."""
    unit: str = ""
    """For numbers: `tokens` accepts `k` and `m` suffixes (`ctx>128k`), `usd` a `$`."""
    values: Callable[[], tuple[str, ...]] | None = None
    """For prefix terms: every value the field can hold (named when a term matches none)."""
    number: Value | None = None
    """For number terms on a field whose value is not a number (a date): the number."""
    label: str = ""
    """The inspector's label; "" when the inspector does not list the field."""
    json: bool = True
    csv: bool = True

    def display(self, model: Model) -> str:
        """What people read for this field of `model` (`–` when unknown)."""
        if self.text is not None:
            return self.text(model)
        value = self.value(model)
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, list):
            return visible(", ".join(str(v) for v in value))
        return visible(str(value))

    def csv_value(self, model: Model) -> Any:
        """The cell: lists joined with `;`, booleans `true`/`false` as in JSON, objects
        (`catalog_match`) as JSON text, None empty."""
        value = self.value(model)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if isinstance(value, list):
            return ";".join(str(v) for v in value)
        return "" if value is None else value


def _date(seconds: int | None) -> str:
    if not seconds:
        return "–"
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d")
    except (OverflowError, OSError, ValueError):
        return "–"


def _iso(seconds: float | None) -> str | None:
    """ISO 8601 in UTC, to the second: `2026-11-27T02:51:57Z`."""
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


CAPABILITIES = ("tools", "reasoning", "structured", "vision", "audio", "pdf", "open-weights")
CAP_LETTERS = {"tools": "T", "reasoning": "R", "structured": "S", "vision": "V", "audio": "A",
               "pdf": "P", "open-weights": "W"}
"""The Caps column's letters (a legend is in the help screen)."""
MODALITIES = ("text", "image", "audio", "video", "pdf")
FILLED = {"context_window": "context", "max_output": "output", "input_per_1m": "cost_input",
          "output_per_1m": "cost_output", "display_name": "name"}
"""Model attributes the catalogue fills when the gateway left them out, and its field (the
relay's prices fill these and `per_request`)."""
SOURCED = (*FILLED, "per_request")
"""The attributes whose value may come from the list, the relay or the catalogue."""


PRICES = ("input_per_1m", "output_per_1m", "per_request")
"""What the relay's price for the key's group overrides: the price the key pays."""


def filled(model: Model, attribute: str) -> Any:
    """The list's value of `attribute`, else what the relay publishes beside it, else the
    catalogue's: each fills what the one before left out. A price is the relay's first:
    worked out for this key's group, it is what the key pays, not the list's undiscounted
    price (that one is `list_price`)."""
    return _found(model, attribute)[0]


def _found(model: Model, attribute: str) -> tuple[Any, str | None]:
    own = getattr(model, attribute)
    relay = getattr(model.relay, attribute, None) if model.relay is not None else None
    if relay is not None and (own is None or attribute in PRICES):
        return relay, "gateway"
    if own is not None:
        return own, "list"
    if model.ref is not None and attribute in FILLED:
        value = getattr(model.ref.entry, FILLED[attribute])
        return value, "catalog" if value is not None else None
    return None, None


def list_price(model: Model, attribute: str) -> float | None:
    """The undiscounted price: the provider's list price (the catalogue's), else the
    gateway list's own."""
    listed = getattr(model.ref.entry, FILLED[attribute]) if model.ref is not None else None
    return getattr(model, attribute) if listed is None else listed


def prices(model: Model) -> dict[str, float | None]:
    """What the key pays for `model`: the relay's price for its group, else the list's
    price, else the catalogue's list price."""
    return {name: filled(model, name) for name in PRICES}


def source(model: Model, attribute: str) -> str | None:
    """Where the value shown for `attribute` came from: `list`, `gateway` or `catalog`."""
    return _found(model, attribute)[1]


def _source(model: Model, *attributes: str) -> str | None:
    found = [source(model, a) for a in attributes]
    return next((s for s in ("list", "gateway", "catalog") if s in found), None)


def _capabilities(model: Model) -> list[str]:
    found = list(model.capabilities)
    if model.ref is not None:
        found += [c for c in model.ref.entry.capabilities if c not in found]
    return found


def _cap_letters(model: Model) -> str:
    caps = set(_capabilities(model))
    return "".join(letter for cap, letter in CAP_LETTERS.items() if cap in caps) or "–"


def _released_number(model: Model) -> float | None:
    """`2025-06-01` as 20250601 (a month alone: its first day), for `released>2025-06`."""
    released = model.ref.entry.released if model.ref else None
    return date_number(released) if released else None


def date_number(text: str) -> float | None:
    """An ISO date, month or year (`2025`, `2025-06`, `2025-06-15`) as YYYYMMDD."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in [*parts, "1", "1"][:3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return float(year * 10_000 + month * 100 + day)


def deprecated(model: Model) -> bool:
    """The catalogue says the model is deprecated."""
    return model.ref is not None and model.ref.entry.status == "deprecated"


def _marker(model: Model) -> str:
    state = "NEW" if model.is_new else "GONE" if model.is_gone else \
        "LOCK" if model.is_locked else ""
    if not state and model.changes:
        state = "CHG"
    if not state and deprecated(model):
        state = "DEP"
    return f"★{state[:3]}" if model.is_fav else state


def _probe_order(model: Model) -> tuple[int, float] | None:
    """Answered first (fastest first), then failed; unprobed last."""
    probe = model.probe
    if probe is None:
        return None
    return (0 if probe.ok else 1, probe.latency_ms or 0.0)


def _served(model: Model) -> tuple[str, ...]:
    """Every protocol listing the model's id."""
    return model.protocols or (model.protocol,)


def _shown(model: Model) -> tuple[str, ...]:
    """The protocols a row stands for: all of them for a merged record, else its own."""
    return _served(model) if model.variants else (model.protocol,)


_FIELDS: list[Field] = [
    Field("new", lambda m: m.is_new, _marker, title="", width=4, when="marked",
          sort=lambda m: (not m.is_fav, not m.is_new), json=False, csv=False),
    Field("id", lambda m: m.id, lambda m: visible(m.id), title="ID",
          sort=lambda m: (m.id.lower(), m.id), search=("id",), match="text"),
    Field("owned_by", lambda m: m.owned_by, lambda m: visible(m.owned_by or "–"),
          title="Owner", width=14, priority=5, sort=lambda m: (m.owned_by or "").lower() or None,
          search=("owner",), match="text", label="Owner"),
    Field("protocol", lambda m: m.protocol, lambda m: protocols.label(m.protocol),
          label="Protocol"),
    Field("protocols", lambda m: list(_served(m))),
    Field("proto", lambda m: list(_shown(m)), lambda m: protocols.badges(_shown(m)),
          title="Proto", width=5, priority=2, when="all",
          sort=lambda m: tuple(protocols.names().index(p) if p in protocols.names() else 99
                               for p in _shown(m)),
          search=("proto", "protocol"), match="prefix", values=protocols.names, json=False,
          csv=False),
    Field("input_per_1m", lambda m: filled(m, "input_per_1m"),
          lambda m: fmt.price(filled(m, "input_per_1m")),
          title="In $/1M", width=7, right=True, priority=1,
          sort=lambda m: filled(m, "input_per_1m"),
          search=("in", "input"), match="number", unit="usd", label="Input $/1M"),
    Field("output_per_1m", lambda m: filled(m, "output_per_1m"),
          lambda m: fmt.price(filled(m, "output_per_1m")),
          title="Out $/1M", width=8, right=True, priority=1,
          sort=lambda m: filled(m, "output_per_1m"),
          search=("out", "output"), match="number", unit="usd", label="Output $/1M"),
    Field("context_window", lambda m: filled(m, "context_window"),
          lambda m: fmt.tokens(filled(m, "context_window")),
          title="Context", width=7, right=True, priority=4,
          sort=lambda m: filled(m, "context_window"),
          search=("ctx", "context"), match="number", unit="tokens", label="Context",
          number=lambda m: fmt.shown_tokens(filled(m, "context_window"))),
    Field("kind", lambda m: m.kind, lambda m: m.kind, title="Kind", width=9, priority=7,
          sort=lambda m: m.kind, search=("kind",), match="prefix", values=lambda: KINDS,
          label="Kind"),
    Field("display_name", lambda m: filled(m, "display_name"), search=("name",), match="text",
          label="Name"),
    Field("created", lambda m: m.created, lambda m: _date(m.created), label="Created"),
    Field("max_output", lambda m: filled(m, "max_output"),
          lambda m: fmt.tokens(filled(m, "max_output")),
          search=("max",), match="number", unit="tokens", label="Max output",
          number=lambda m: fmt.shown_tokens(filled(m, "max_output"))),
    Field("per_request", lambda m: filled(m, "per_request"),
          lambda m: fmt.price(filled(m, "per_request")),
          label="Per request $"),
    Field("endpoint_types", lambda m: list(m.endpoint_types), label="Endpoints"),
    Field("methods", lambda m: list(m.methods), label="Methods"),
    Field("capabilities", lambda m: _capabilities(m), label="Capabilities", search=("cap",),
          match="prefix", values=lambda: CAPABILITIES),
    Field("caps", lambda m: _capabilities(m), lambda m: _cap_letters(m), title="Caps",
          width=7, priority=8, when="catalog", json=False, csv=False),
    Field("input_modalities", lambda m: list(m.ref.entry.input_modalities) if m.ref else [],
          search=("in",), match="prefix", values=lambda: MODALITIES, label="Takes in"),
    Field("output_modalities", lambda m: list(m.ref.entry.output_modalities) if m.ref else [],
          search=("out",), match="prefix", values=lambda: MODALITIES, label="Puts out"),
    Field("released", lambda m: m.ref.entry.released if m.ref else None,
          lambda m: (m.ref.entry.released or "–")[:7] if m.ref else "–", title="Released",
          width=8, priority=9, when="catalog",
          sort=lambda m: m.ref.entry.released if m.ref else None,
          search=("released",), match="number", unit="date", number=_released_number,
          label="Released"),
    Field("knowledge", lambda m: m.ref.entry.knowledge if m.ref else None, label="Knowledge"),
    Field("status", lambda m: m.ref.entry.status if m.ref else None, search=("status",),
          match="prefix", values=lambda: ("alpha", "beta", "deprecated"), label="Status"),
    Field("list_input_per_1m", lambda m: list_price(m, "input_per_1m"),
          lambda m: fmt.price(list_price(m, "input_per_1m")), label="List in $/1M"),
    Field("list_output_per_1m", lambda m: list_price(m, "output_per_1m"),
          lambda m: fmt.price(list_price(m, "output_per_1m")), label="List out $/1M"),
    Field("price_source", lambda m: _source(m, "input_per_1m", "output_per_1m",
                                            "per_request")),
    Field("group", lambda m: m.relay.group if m.relay else None),
    Field("group_ratio", lambda m: m.relay.group_ratio if m.relay else None),
    Field("tags", lambda m: list(m.relay.tags) if m.relay else [], label="Tags"),
    Field("groups", lambda m: list(m.relay.groups) if m.relay else [],
          lambda m: ", ".join(m.relay.groups) if m.relay and m.relay.groups else "–",
          label="Relay groups"),
    Field("context_source", lambda m: _source(m, "context_window")),
    Field("catalog_match", lambda m: m.ref.record() if m.ref else None),
    Field("description", lambda m: m.description),
    Field("first_seen", lambda m: _iso(m.first_seen),
          lambda m: fmt.since(m.first_seen) if m.first_seen else "–", label="First seen"),
    Field("new_at", lambda m: _iso(m.new_at),
          lambda m: fmt.since(m.new_at) if m.new_at else "–", label="New since",
          match="number", number=lambda m: m.new_at),
    Field("is_new", lambda m: m.is_new),
    Field("is_gone", lambda m: m.is_gone),
    Field("is_locked", lambda m: m.is_locked),
    Field("hidden", lambda m: m.is_gone or m.is_locked, json=False, csv=False),
    Field("favourite", lambda m: m.is_fav),
    Field("changed", lambda m: list(dict.fromkeys(c.field for c in m.changes)),
          lambda m: "; ".join(dict.fromkeys(fmt.change(*c) for c in m.changes)) or "–",
          label="Changed"),
    Field("probe", lambda m: "none" if m.probe is None else "ok" if m.probe.ok else "fail",
          lambda m: "" if m.probe is None else probe_cell(m.probe), title="Probe",
          width=12, priority=3, when="probed", sort=_probe_order, search=("probe",),
          match="prefix", values=lambda: ("ok", "fail", "none"), json=False, csv=False),
]
_version = 0


def all_fields() -> tuple[Field, ...]:
    return tuple(_FIELDS)


def version() -> int:
    """Changes whenever the table does: a key for anything cached from it."""
    return _version


def get(key: str) -> Field:
    for field in _FIELDS:
        if field.key == key:
            return field
    raise KeyError(key)


def add(field: Field, *, after: str | None = None) -> Field:
    """Add `field` (after the field `after`, else last)."""
    global _version
    if any(f.key == field.key for f in _FIELDS):
        raise ValueError(f"field {field.key!r} exists")
    position = len(_FIELDS) if after is None else _FIELDS.index(get(after)) + 1
    _FIELDS.insert(position, field)
    _version += 1
    return field


def remove(key: str) -> None:
    global _version
    _FIELDS[:] = [f for f in _FIELDS if f.key != key]
    _version += 1


def columns() -> Iterator[Field]:
    """The fields that are table columns, in order."""
    return (f for f in _FIELDS if f.title or f.when)


def sortable() -> tuple[str, ...]:
    """The keys of the columns a view can be sorted by, in the order `s` cycles them."""
    return tuple(f.key for f in columns() if f.sort is not None)


def searchable(match: str) -> dict[str, Field]:
    """The query-language names of the fields searched by `match`, to their field."""
    return _searchable(match, _version)


@lru_cache(maxsize=16)
def _searchable(match: str, version: int) -> dict[str, Field]:
    # Read on every keystroke; rebuilt only when the table changes.
    return {name: f for f in _FIELDS if f.match == match for name in f.search}


def record(model: Model) -> dict[str, Any]:
    """The JSON record of `model` (without `raw`)."""
    return {f.key: f.value(model) for f in _FIELDS if f.json}
