"""What a demo wire is: how the demo gateway writes one protocol's lists and answers its calls.

The client of a protocol lives in `tui_models.protocols`; this is the other end, the fake
gateway's. A wire is mostly data:

- `routes`: the list paths that select it, the headers a path needs, the layout each serves;
- `items`: flavour → item writer (a `DemoModel` to one list item), `DEFAULT` for the others;
- `pages`: flavour → page writer (the items, the client's query, the page cap → body, status);
- `call_paths`: the call paths it answers, what each asks and under which layout;

plus small methods for what is not a table (the one-hub key header, the canned replies, the
cursor shapes of the paging faults). A relay flavour that writes a protocol differently is one
row in that protocol's `items`/`pages`; a protocol is one `Wire` subclass, registered in
`tui_models.demo.wire`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from tui_models.demo.data import DemoModel

Item = dict[str, Any]
ItemWriter = Callable[[DemoModel], Item]
"""One model as one list item, in one flavour's way."""
PageWriter = Callable[[list[Item], Mapping[str, str], int], tuple[dict[str, Any], int]]
"""One page of a list: (the items, the client's query, the largest page served) → (body,
HTTP status)."""
DEFAULT = "*"
"""The `items`/`pages` key used for every flavour without a row of its own."""
RELAY = "memorylake"
"""The layout of one-hub's own paths (`/claude/…`, `/gemini/…`), MemoryLake's."""
NEW_API = "new-api"
"""The layout of new-api's paths (`/v1/messages`, `/v1beta/…`): new-api's rules, whatever the
gateway's flavour."""


@dataclass(frozen=True, slots=True)
class Route:
    """A list path that selects a wire, when every header in `headers` came with it."""

    path: str
    layout: str
    """The layout (a preset name) served there: `memorylake` or `new-api`."""
    headers: tuple[str, ...] = ()
    """Header names (lower case) the request must carry; the route needing most wins."""


class Call(NamedTuple):
    """A call a wire recognised: the model asked for, what is asked, and the layout."""

    model: str
    asked: str
    """The call's last path part: `completions`, `responses`, `embeddings`, `messages`,
    `embedContent` …"""
    layout: str


def page_size(asked: str | None, *, default: int, cap: int) -> int:
    """The page size served for a client's `asked` size (1 to `cap`, `default` when unset or
    unreadable)."""
    try:
        size = int(asked) if asked is not None else default
    except ValueError:
        size = default
    return max(1, min(size, cap))


def whole_list(field: str) -> PageWriter:
    """A page writer for one page holding the whole list under `field`, as one-hub serves
    every list."""
    def page(items: list[Item], query: Mapping[str, str], cap: int
             ) -> tuple[dict[str, Any], int]:
        return {field: items}, 200

    return page


class Wire:
    """One protocol as the demo gateway serves it. Subclasses set the tables."""

    name: ClassVar[str]
    """The protocol's name (`openai`): the same as the client's `Protocol.name`."""
    list_field: ClassVar[str] = "data"
    """Where a list page holds its items."""
    id_field: ClassVar[str] = "id"
    """The item field holding the id."""
    routes: ClassVar[tuple[Route, ...]] = ()
    """The list paths that select this wire (see `Route`)."""
    items: ClassVar[Mapping[str, ItemWriter]] = {}
    """Flavour → item writer; the `DEFAULT` row is required."""
    pages: ClassVar[Mapping[str, PageWriter]] = {}
    """Flavour → page writer; without a row (nor a `DEFAULT` one), the whole list in one page."""
    call_paths: ClassVar[Mapping[str, tuple[str, str]]] = {}
    """Call path → (what is asked, layout); the model is the body's `model`."""

    def serves(self, model: DemoModel) -> bool:
        """Whether the demo lists `model` under this protocol."""
        return self.name in model.protocols

    def item(self, model: DemoModel, flavor: str) -> Item:
        """How a gateway of `flavor` writes `model` in this protocol's list."""
        writer = self.items.get(flavor) or self.items[DEFAULT]
        return writer(model)

    def page(self, items: list[Item], query: Mapping[str, str], cap: int, flavor: str
             ) -> tuple[dict[str, Any], int]:
        """The page a client asking `query` gets from `flavor`, and its HTTP status (no more
        than `cap` items when the flavour pages). Without a row: the whole list, one page."""
        writer = self.pages.get(flavor) or self.pages.get(DEFAULT) or whole_list(self.list_field)
        return writer(items, query, cap)

    def relay_key(self, headers: Mapping[str, str], query: Mapping[str, str],
                  bearer: str | None) -> str | None:
        """The key one-hub reads on this protocol's own paths (its `middleware/auth.go`):
        here the Bearer token."""
        return bearer

    def call(self, path: str, body: Any) -> Call | None:
        """The call `POST path` with JSON `body` asks for, or None when it is none of ours."""
        found = self.call_paths.get(path)
        if found is None:
            return None
        model = body.get("model") if isinstance(body, dict) else None
        return Call(model if isinstance(model, str) else "", *found)

    def reply(self, asked: str, answered: str, *, thinks: bool = False) -> Mapping[str, Any]:
        """The canned answer to a call of `asked`, naming `answered` as the model; `thinks`:
        a reasoning model, which spends its output tokens thinking first."""
        raise NotImplementedError

    # -- the paging faults (`faults.py`) ----------------------------------------------------

    def cursor_page(self, token: str) -> dict[str, Any]:
        """A page of one model, `page-{token}`, that says another page follows. Here the
        Claude-style `has_more`/`last_id` cursor (a protocol without cursors ignores it)."""
        return {"data": [{"type": "model", "id": f"page-{token}"}], "has_more": True,
                "first_id": f"page-{token}", "last_id": f"page-{token}"}

    def endless_page(self, items: str, token: str) -> str:
        """The JSON text of a page holding `items` (JSON objects, comma-separated) that says
        another page follows at `token`."""
        return f'{{"data": [{items}], "has_more": true, "last_id": "{token}"}}'

    def __repr__(self) -> str:
        return f"<demo wire {self.name}>"
