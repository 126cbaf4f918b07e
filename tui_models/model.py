"""The one record type for a model, whatever protocol listed it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

KINDS: tuple[str, ...] = ("chat", "embedding", "image", "audio", "rerank", "moderation", "other")
"""Every `kind` a model can have."""


class Change(NamedTuple):
    """One value of a model that changed: the field, its value before and after, when it was
    seen to change (Unix seconds; None: in this fetch) and where the value came from (`list`,
    or `relay` for the relay's price for the key's group)."""

    field: str
    old: Any
    new: Any = None
    at: float | None = None
    source: str = "list"


class ItemText(Protocol):
    """Where an item's text lies when it is not a string of its own: in its page's text or
    its list cache file (`store.texts.Sliced`, `store.texts.Stored`)."""

    def text(self) -> str: ...

    def __len__(self) -> int: ...


@dataclass(slots=True, frozen=True)
class RateLimit:
    """The headroom a gateway reported on an answer, as it sent it (OpenAI's
    `x-ratelimit-*` or Anthropic's `anthropic-ratelimit-*` headers); None where it said
    nothing. Resets are kept as written: `120ms`, `6m0s`, an RFC 3339 time."""

    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    limit_requests: int | None = None
    limit_tokens: int | None = None
    reset_requests: str | None = None
    reset_tokens: str | None = None


@dataclass(slots=True, frozen=True)
class Probe:
    """What the gateway said to the smallest real call of one model through one protocol.

    Records written before `endpoint` and the fields after it existed read back with their
    defaults: nothing known about how the answer was got.
    """

    ok: bool
    status: int | None
    """The HTTP status; None when no answer came (a network error, a timeout, not sent)."""
    latency_ms: float | None
    ttfb_ms: float | None
    """Time to the answer's first byte (its status line and headers)."""
    answered_as: str | None
    """The model id the answer names, when it names one."""
    error: str | None
    """The gateway's own message (one line, translated), or ours when it said nothing."""
    probed_at: float
    """Unix seconds."""
    input_tokens: int | None = None
    output_tokens: int | None = None
    endpoint: str | None = None
    """The client-facing API the (last) request went to: `chat`, `responses`, `embeddings`,
    `messages`, `generate_content`, … (`tui_models.protocols.ENDPOINTS`)."""
    token_param: str | None = None
    """The request's output-token parameter (`max_tokens`, `max_completion_tokens`,
    `max_output_tokens`, `maxOutputTokens`); None when the call has none (embeddings)."""
    retried: str | None = None
    """Why the first request was not the last (`unsupported max_tokens`, `responses only`,
    `; `-separated), or None when one request told."""
    rate_limit: RateLimit | None = None
    """The headroom the answer reported, or None when it carried no rate-limit header."""
    calls: int = 1
    """Requests this probe sent (0: refused before sending; retries and a 429's second try
    included)."""
    marks: tuple[tuple[str, bool], ...] = ()
    """When several endpoints were tried for the id (`probe --endpoints all`): each
    endpoint and whether it answered, in the order tried; () otherwise."""

    def substituted(self, model_id: str) -> bool:
        """The gateway answered as another model than `model_id` (a case change included)."""
        return self.answered_as is not None and self.answered_as != model_id \
            and self.answered_as.removeprefix("models/") != model_id


FIELDS: tuple[str, ...] = (
    "id", "protocol", "display_name", "owned_by", "created", "context_window", "max_output",
    "input_per_1m", "output_per_1m", "per_request", "endpoint_types", "methods",
    "capabilities", "kind", "description", "raw_item", "first_seen", "is_new", "is_gone",
    "is_locked", "key_in_id", "protocols", "variants", "changes", "new_at", "is_fav", "probe",
    "relay", "ref")
"""`Model`'s fields, in the order its constructor takes them."""


class _Rare:
    """The fields most records leave at their defaults, kept apart (`Model._rare`)."""

    __slots__ = ("changes", "description", "methods", "new_at", "per_request", "probe",
                 "variants")

    def __init__(self) -> None:
        self.per_request: float | None = None
        self.methods: tuple[str, ...] = ()
        self.description: str | None = None
        self.variants: tuple[Model, ...] = ()
        self.changes: tuple[Change, ...] = ()
        self.new_at: float | None = None
        self.probe: Probe | None = None


_RARE_DEFAULTS: dict[str, Any] = {name: getattr(_Rare(), name) for name in _Rare.__slots__}
_SHARED = threading.Lock()
"""Held to change the one int of flags or to make the rare part: a worker (the index build,
a fetch) and the screen (a star, a probe) may set two fields of one record at once, and
neither may undo the other."""


def _rare(name: str, doc: str) -> property:
    default, read = _RARE_DEFAULTS[name], attrgetter(name)

    def get(self: Model) -> Any:
        rare = self._rare
        return default if rare is None else read(rare)

    def put(self: Model, value: Any) -> None:
        rare = self._rare
        if rare is None:
            if value is default or value == default:
                return
            with _SHARED:
                rare = self._rare
                if rare is None:
                    rare = self._rare = _Rare()
        setattr(rare, name, value)

    return property(get, put, doc=doc)


def _flag(bit: int, doc: str) -> property:
    def get(self: Model) -> bool:
        return bool(self._flags & bit)

    def put(self: Model, value: bool) -> None:
        if bool(self._flags & bit) != bool(value):  # most sets change nothing: no lock
            with _SHARED:
                self._flags = self._flags | bit if value else self._flags & ~bit

    return property(get, put, doc=doc)


class Model:
    """One model a key can see under one protocol.

    `id` is exactly what the server sent (for Gemini: `name` without `models/`); it is the
    string to copy and is never altered. Every other field is optional and normalised: prices
    are USD per 1M tokens, limits are token counts, `created` is Unix seconds only when the
    gateway sent a real date. `raw_text` is the item's JSON exactly as the server sent it.

    A gateway can list 100,000 of these, so a record is small: the five flags are bits of
    one int, and the fields most records leave at their defaults (`per_request`, `methods`,
    `description`, `variants`, `changes`, `new_at`, `probe`) live in a part of their own,
    made when one of them is first set (184 bytes a record, not 264). Fields are read and
    set as attributes either way; `FIELDS` names them in the constructor's order. Records
    compare by identity.
    """

    __slots__ = ("_flags", "_rare", "capabilities", "context_window", "created",
                 "display_name", "endpoint_types", "first_seen", "id", "input_per_1m", "kind",
                 "max_output", "output_per_1m", "owned_by", "protocol", "protocols",
                 "raw_item", "ref", "relay")

    id: str
    protocol: str
    display_name: str | None
    owned_by: str | None
    created: int | None
    context_window: int | None
    max_output: int | None
    input_per_1m: float | None
    output_per_1m: float | None
    endpoint_types: tuple[str, ...]
    capabilities: tuple[str, ...]
    kind: str
    raw_item: str | ItemText
    """The item's JSON as text (a third of a dict's size), or where it lies in the page it
    came in or the list cache file it was read from or saved to (`store.texts`): read
    through `raw_text`."""
    first_seen: float | None
    protocols: tuple[str, ...]
    """Every protocol that lists this exact id now (set when the lists are put together)."""
    relay: Any
    """What the relay publishes beside its lists for this id (`relay.RelayPrice`): prices
    for the key's group, limits, tags. The list's own values win over it."""
    ref: Any
    """Its entry in the reference catalogue (`reference.Match`), when one was found: fills
    what the gateway did not say, never what it did."""

    def __init__(
        self, id: str, protocol: str, display_name: str | None = None,
        owned_by: str | None = None, created: int | None = None,
        context_window: int | None = None, max_output: int | None = None,
        input_per_1m: float | None = None, output_per_1m: float | None = None,
        per_request: float | None = None, endpoint_types: tuple[str, ...] = (),
        methods: tuple[str, ...] = (), capabilities: tuple[str, ...] = (),
        kind: str = "chat", description: str | None = None,
        raw_item: str | ItemText = "{}", first_seen: float | None = None,
        is_new: bool = False, is_gone: bool = False, is_locked: bool = False,
        key_in_id: bool = False, protocols: tuple[str, ...] = (),
        variants: tuple[Model, ...] = (), changes: tuple[Change, ...] = (),
        new_at: float | None = None, is_fav: bool = False, probe: Probe | None = None,
        relay: Any = None, ref: Any = None,
    ) -> None:
        self.id = id
        self.protocol = protocol
        self.display_name = display_name
        self.owned_by = owned_by
        self.created = created
        self.context_window = context_window
        self.max_output = max_output
        self.input_per_1m = input_per_1m
        self.output_per_1m = output_per_1m
        self.endpoint_types = endpoint_types
        self.capabilities = capabilities
        self.kind = kind
        self.raw_item = raw_item
        self.first_seen = first_seen
        self.protocols = protocols
        self.relay = relay
        self.ref = ref
        self._flags = bool(is_new) | bool(is_gone) << 1 | bool(is_locked) << 2 | \
            bool(key_in_id) << 3 | bool(is_fav) << 4
        self._rare: _Rare | None = None
        if per_request is not None or methods or description is not None or variants \
                or changes or new_at is not None or probe is not None:
            rare = self._rare = _Rare()
            rare.per_request, rare.methods, rare.description = per_request, methods, description
            rare.variants, rare.changes, rare.new_at, rare.probe = variants, changes, new_at, probe

    per_request = _rare("per_request", "USD per call, for a model priced by the call.")
    methods = _rare("methods", "Gemini's `supportedGenerationMethods`.")
    description = _rare("description", "The gateway's description of the model.")
    variants = _rare("variants", """A merged record's per-protocol models, in protocol
    order; () for a protocol's own.""")
    changes = _rare("changes", """The values that changed lately (the last fetch, and the
    kept history's last `new_for`), each with its old and new value.""")
    new_at = _rare("new_at", """When this id was first seen after the first fetch of its
    gateway (from the list cache or the kept history); None when it was there from the
    start.""")
    probe = _rare("probe", """The last probe of this model (of any of its protocols, for a
    merged record).""")
    is_new = _flag(1, "First seen lately (`new_at` within the profile's `new_for`).")
    is_gone = _flag(2, "Listed before, not any more.")
    is_locked = _flag(4, """Not listed for this key: the relay publishes it for other groups
    only (`is:locked`). Shown dimmed, never copied as if usable.""")
    key_in_id = _flag(8, """The id the gateway listed held the API key: the record holds it
    redacted (every string from the server is), so it is not the id and is never copied.""")
    is_fav = _flag(16, "Starred by the user (`f`), for this gateway.")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name in FIELDS
                          if (value := getattr(self, name)) != _DEFAULTS.get(name, value)
                          or name in ("id", "protocol"))
        return f"Model({shown})"

    @property
    def raw_text(self) -> str:
        """The item's JSON exactly as the server sent it (a merged record's: its first
        variant's)."""
        if self.variants:
            return self.variants[0].raw_text
        item = self.raw_item
        return item if type(item) is str else item.text()  # type: ignore[union-attr]

    @property
    def raw(self) -> dict[str, Any]:
        """The item as received, decoded afresh on each access."""
        import json

        value = json.loads(self.raw_text)
        return value if isinstance(value, dict) else {}

    @property
    def merged_away(self) -> bool:
        """A protocol's own record of an id that a merged record stands for in the All view."""
        return len(self.protocols) > 1 and not self.variants

    def variant(self, protocol: str | None) -> Model:
        """This model as `protocol` lists it (itself when it is not merged or `protocol` does
        not list it)."""
        for model in self.variants:
            if model.protocol == protocol:
                return model
        return self

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a model: its protocol and exact id."""
        return (self.protocol, self.id)


_DEFAULTS: dict[str, Any] = {name: getattr(Model("", ""), name) for name in FIELDS[2:]}
