"""What a relay publishes beside its model lists: prices, groups, and the key's facts.

Real relays list bare ids (`{"id","object","created","owned_by"}`) and publish the rest
apart, each in its own shape and arithmetic — one module per kind:

- `onehub`: one-hub and MemoryLake (`/api/available_model`, `/api/user_group_map`);
- `newapi`: new-api (`/api/pricing`, `/api/usage/token/`);
- `litellm`: LiteLLM proxy (`/model/info`, `/key/info`);
- `openrouter`: OpenRouter (`/api/v1/key`; its prices are in the list, and a model's
  providers are asked for on demand: `openrouter.fetch_endpoints`).

The key's group comes from the profile (`group`), else is inferred: the one group whose
models are exactly the key's OpenAI list. With no group the base prices (ratio 1) are shown,
marked so. `RelayCache` keeps the last answer per gateway and key. Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from tui_models.relay import litellm, newapi, onehub, openrouter
from tui_models.relay.info import RelayInfo, RelayPrice, choose_group
from tui_models.runtime import paused

__all__ = [
    "BY_PRESET",
    "RelayInfo",
    "RelayPrice",
    "apply",
    "choose_group",
    "fetch",
    "litellm",
    "new_api",
    "obtain",
    "one_hub",
    "openrouter",
]

one_hub = onehub.parse
new_api = newapi.parse


class Endpoints(NamedTuple):
    """Where one relay kind publishes: its prices (each entry made compact as it is read;
    None: the list carries them), the second answer (group ratios, or the key's facts:
    optional beside prices, required without), the parser of both, and what it all is
    called when it cannot be had."""

    prices: str | None
    compact: Callable[[Any], Any] | None
    second: str
    parse: Callable[..., RelayInfo]
    what: str = "relay pricing"


RELAYS: dict[str, Endpoints] = {
    "one-hub": Endpoints(onehub.PRICES, onehub.pair, onehub.GROUPS, onehub.parse),
    "new-api": Endpoints(newapi.PRICES, newapi.entry, newapi.KEY, newapi.parse),
    "litellm": Endpoints(litellm.PRICES, litellm.entry, litellm.KEY, litellm.parse),
    "openrouter": Endpoints(None, None, openrouter.KEY, openrouter.parse, "key facts"),
}
BY_PRESET = {"memorylake": "one-hub", "new-api": "new-api", "litellm": "litellm",
             "openrouter": "openrouter"}
"""The relay kind each preset speaks (others publish nothing beside their lists)."""


async def fetch(client: Any, preset: str, listed: set[str],
                configured: str | None = None) -> RelayInfo | None:
    """Ask the relay behind `client` what it publishes beside its lists (None when the preset
    publishes nothing). `listed` is the key's OpenAI list, to infer its group. Raises
    GatewayError when the prices cannot be had; the second answer is optional."""
    import asyncio

    kind = BY_PRESET.get(preset)
    if kind is None:
        return None
    relay = RELAYS[kind]
    if relay.prices is None:  # the key's facts alone: they are the answer
        facts = await client.get_json(relay.second)
        return relay.parse(None, facts, listed, configured)
    keep = _named(relay.compact, {model_id: model_id for model_id in listed}) \
        if relay.compact is not None and listed else relay.compact
    prices, second = await asyncio.gather(client.get_json(relay.prices, keep=keep),
                                          client.get_json(relay.second),
                                          return_exceptions=True)
    if isinstance(prices, BaseException):
        raise prices
    # 100,000 priced models are seconds of work: off the event loop.
    return await asyncio.to_thread(
        paused, relay.parse, prices, None if isinstance(second, BaseException) else second,
        listed, configured)


def _named(compact: Callable[[Any], Any], own: dict[str, str]) -> Callable[[Any], Any]:
    """`compact`, each entry's model id (its first member) made the list's own string when
    the list has it: 100,000 priced ids are then not held twice (7 MB), and the relay's
    copies go as they are read rather than all at the end, which left the heap in pieces."""
    def keep(item: Any) -> Any:
        entry = compact(item)
        if type(entry) is tuple and entry and type(entry[0]) is str:
            name = own.get(entry[0])
            if name is not None and name is not entry[0]:
                return (name, *entry[1:])
        return entry

    return keep


async def obtain(client: Any, profile: Any, listed: set[str], cache: Any = None
                 ) -> tuple[RelayInfo | None, str | None]:
    """What the relay of `profile` publishes, and a one-line problem to tell the user (never
    an error: the lists stand without it). The answer is kept in `cache` (a `RelayCache`);
    when the relay cannot be asked, the last answer stands in, said so. A relay that
    publishes nothing at its endpoint (HTTP 404) is said once per gateway and key, naming
    the endpoint, not on every run."""
    import asyncio

    from tui_models.gateway.errors import GatewayError, NotOffered

    kind = BY_PRESET.get(profile.preset)
    what = RELAYS[kind].what if kind else "relay pricing"
    try:
        info = await fetch(client, profile.preset, listed, profile.group)
    except (GatewayError, ValueError) as exc:
        info = await asyncio.to_thread(cache.load) if cache is not None else None
        absent = isinstance(exc, NotOffered) and info is None
        if absent and cache is not None and not await asyncio.to_thread(cache.note_absent):
            return None, None  # said on an earlier run
        return info, problem_of(what, RELAYS[kind] if kind else None, exc, absent) + (
            f"; showing the last {'prices' if what == 'relay pricing' else what}"
            if info is not None else "")
    if cache is not None and info is not None:
        try:
            await asyncio.to_thread(cache.save, info)
        except OSError as exc:
            return info, f"{what} not cached: {exc.strerror or exc}"
    return info, None


def problem_of(what: str, relay: Endpoints | None, exc: Exception, absent: bool) -> str:
    """The sentence for a relay answer that could not be had, naming the relay's endpoint
    (not a protocol: the lists are fine)."""
    from tui_models.gateway.errors import GatewayError

    where = (relay.prices or relay.second) if relay is not None else "the relay"
    if absent:
        return (f"no {what} at {where} (HTTP 404): this gateway publishes none, so prices "
                "come from the lists and the catalogue (said once)")
    if not isinstance(exc, GatewayError):
        return f"{what} not loaded from {where}: {exc}"
    status = f" (HTTP {exc.status})" if exc.status else ""
    detail = f": {exc.detail}" if exc.detail else ""
    return f"{what} not loaded from {where}: {exc.summary}{status}{detail}"


def apply(models: Iterable[Any], info: RelayInfo | None) -> None:
    """Attach each model's relay price (None clears them)."""
    prices = info.prices if info is not None else {}
    for model in models:
        model.relay = prices.get(model.id)
