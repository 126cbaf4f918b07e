"""Which request a probe sends first, and how many it may send in all.

The gateway often says up front what a model takes, and then the first request is the right
one: new-api/MemoryLake list `supported_endpoint_types` (`openai-response` without `openai`:
Responses only); LiteLLM's `/model/info` gives each model's `mode` (`responses`) and
`supports_reasoning` (reaching the model as relay tags, `relay.RelayPrice.tags`); the
catalogue flags reasoning models (`ref`). A reasoning flag means `max_completion_tokens`
instead of `max_tokens` only where that request is known to be understood: OpenAI's own
models (whose API refuses `max_tokens` for them) and LiteLLM (which translates it for every
provider) — elsewhere an unknown parameter may be ignored, and the answer not bounded.

What a probe of this gateway learned before (an answered `ProbeStore` record: its endpoint
and token parameter) comes first of all. Otherwise the answer teaches (`probe.calls`): a
refusal another request answers is retried once per cause. No HTTP here; never imports
Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from tui_models import protocols
from tui_models.model import Probe

RESPONSES_TYPES = frozenset({"openai-response", "openai-responses", "responses"})
"""`supported_endpoint_types` / relay tags naming OpenAI's Responses API."""
CHAT_TYPES = frozenset({"openai", "chat", "openai-chat", "chat-completions"})
"""… and its Chat Completions API (new-api writes `openai`)."""
OPENAI_OWNERS = frozenset({"openai", "azure", "system", "openai-internal"})
"""`owned_by` values and catalogue providers of OpenAI's own models."""
RETRY_CAUSES = 2
"""Causes a chat request may be retried for: its token parameter, its endpoint."""

Learned = Mapping[tuple[str, str], Probe]
"""The last probe of each (protocol, id) on this gateway and key (`ProbeStore.results`)."""


class Attempt(NamedTuple):
    """One request of a probe: where it goes and the name of its output bound."""

    endpoint: str
    token_param: str | None


def start(model: Any, learned: Learned | None = None) -> Attempt:
    """The first request of a probe of `model` at its usual endpoint, or wherever the gateway
    said or a probe learned it answers."""
    protocol = protocols.get(model.protocol)
    known = _known(model, learned)
    if known is not None:
        return known
    endpoint = protocol.endpoint(model)
    if endpoint == "chat" and responses_only(model):
        endpoint = "responses"
    return at(model, endpoint, learned)


def at(model: Any, endpoint: str, learned: Learned | None = None) -> Attempt:
    """The first request of a probe of `model` at `endpoint`, with the token parameter the
    gateway said (or a probe learned) it takes there."""
    protocol = protocols.get(model.protocol)
    known = _known(model, learned)
    if known is not None and known.endpoint == endpoint:
        return known
    param = protocol.token_param(endpoint)
    if endpoint == "chat" and reasoning(model):
        param = "max_completion_tokens"
    return Attempt(endpoint, param)


def _known(model: Any, learned: Learned | None) -> Attempt | None:
    """What an answered probe of this id learned: its endpoint and token parameter."""
    found = learned.get((model.protocol, model.id)) if learned else None
    if found is None or not found.ok or found.endpoint is None:
        return None
    protocol = protocols.get(model.protocol)
    if found.endpoint not in protocol.endpoints(model):
        return None
    return Attempt(found.endpoint, found.token_param or protocol.token_param(found.endpoint))


def endpoints(model: Any) -> tuple[str, ...]:
    """Every endpoint `probe --endpoints all` tries for `model` (through its protocol)."""
    return protocols.get(model.protocol).endpoints(model)


def most_calls(model: Any, *, every: bool = False, learned: Learned | None = None) -> int:
    """The most requests a probe of `model` sends (a 429's second try aside): a chat
    request may be retried once for its token parameter and, unless `every` endpoint is
    tried anyway, once more at Responses."""
    if every:
        return sum(1 + (e == "chat") for e in endpoints(model))
    return 1 + RETRY_CAUSES if start(model, learned).endpoint == "chat" else 1


def worst_case(models: Iterable[Any], *, every: bool = False,
               learned: Learned | None = None) -> tuple[int, int]:
    """(first requests, most requests in all) for probing `models` (a 429's second tries
    aside). Only the first requests can be billed: a refused one is not."""
    first = most = 0
    for model in models:
        first += len(endpoints(model)) if every else 1
        most += most_calls(model, every=every, learned=learned)
    return first, most


def responses_only(model: Any) -> bool:
    """The gateway says `model` answers on Responses and not on Chat Completions."""
    types = {t.lower() for t in model.endpoint_types}
    if types & RESPONSES_TYPES and not types & CHAT_TYPES:
        return True
    return "responses" in _relay_tags(model)


def reasoning(model: Any) -> bool:
    """`model` wants `max_completion_tokens`: a reasoning model (the relay's tags or the
    catalogue say) where that parameter is understood (see the module docstring)."""
    tags = _relay_tags(model)
    relay = getattr(model, "relay", None)
    if relay is not None and relay.kind.startswith("litellm") and "reasoning" in tags:
        return True
    ref = getattr(model, "ref", None)
    owner = (model.owned_by or "").lower()
    provider = ref.entry.provider.lower() if ref is not None else ""
    if owner not in OPENAI_OWNERS and provider not in OPENAI_OWNERS:
        return False
    return "reasoning" in tags or (ref is not None and "reasoning" in ref.entry.capabilities)


def _relay_tags(model: Any) -> set[str]:
    relay = getattr(model, "relay", None)
    tags = getattr(relay, "tags", None) or ()
    return {t.lower() for t in tags if isinstance(t, str)}
