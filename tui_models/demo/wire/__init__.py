"""The demo gateway's wire formats, one module per protocol, and their registry.

```python
from tui_models.demo import wire
wire.get("claude").item(model, "new-api")    # how new-api writes a Claude list item
wire.route("/v1/models", headers)             # (the wire, the layout) a list path asks for
wire.register(MyWire())                       # a fourth protocol's server side
```
The client's side of each protocol is `tui_models.protocols`; the two meet only on the wire
(tests check that the client reads what the demo writes). The core never imports this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.demo.wire.base import DEFAULT, NEW_API, RELAY, Call, Route, Wire
from tui_models.demo.wire.claude import WIRE as CLAUDE
from tui_models.demo.wire.gemini import WIRE as GEMINI
from tui_models.demo.wire.openai import WIRE as OPENAI

__all__ = ["DEFAULT", "NEW_API", "RELAY", "Call", "Route", "Wire", "all", "call", "get",
           "paths", "register", "route", "unregister"]

_REGISTRY: dict[str, Wire] = {}


def register(wire: Wire) -> Wire:
    """Add `wire` after the others (its protocol name must be new)."""
    if wire.name in _REGISTRY:
        raise ValueError(f"demo wire {wire.name!r} is already registered")
    _REGISTRY[wire.name] = wire
    return wire


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get(name: str) -> Wire:
    """The wire of protocol `name`; KeyError when the demo does not serve it."""
    return _REGISTRY[name]


def all() -> tuple[Wire, ...]:  # shadows the builtin here: this module never needs it
    """Every registered wire, in registration order."""
    return tuple(_REGISTRY.values())


def route(path: str, headers: Mapping[str, str]) -> tuple[Wire, str] | None:
    """The wire and layout a list `path` (a trailing `/` ignored) with `headers` (lower-case
    names) asks for, or None. Of the routes whose headers all came, the one needing most
    wins: new-api's Claude list shares `/v1/models` with OpenAI's but needs Claude's headers."""
    path = path.rstrip("/")
    best: tuple[Wire, str] | None = None
    needed = -1
    for wire in _REGISTRY.values():
        for found in wire.routes:
            if found.path == path and len(found.headers) > needed and \
                    _all_present(found.headers, headers):
                best, needed = (wire, found.layout), len(found.headers)
    return best


def _all_present(names: tuple[str, ...], headers: Mapping[str, str]) -> bool:
    return not any(name not in headers for name in names)


def paths() -> list[str]:
    """Every list path the demo serves, sorted (what `GET /` lists)."""
    return sorted({found.path for wire in _REGISTRY.values() for found in wire.routes})


def call(path: str, body: Any) -> tuple[Wire, Call] | None:
    """The wire that answers `POST path` and the call it recognised, or None."""
    for wire in _REGISTRY.values():
        found = wire.call(path, body)
        if found is not None:
            return wire, found
    return None


for _builtin in (OPENAI, CLAUDE, GEMINI):
    register(_builtin)
