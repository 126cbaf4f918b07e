"""Find a gateway's model in the catalogue without ever changing its id.

The copied id is always the gateway's. To look it up: the exact id under the provider the
gateway names (`owned_by`, or its protocol's `provider`: Claude → anthropic, Gemini → google);
then the exact id under any provider, first-party providers first; then a normalised form —
case folded, `models/` and `provider/` prefixes and `:variant` suffixes stripped — which the
record says (`how: "normalised"`), and the inspector says when only the case differed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui_models import protocols
from tui_models.catalogue.snapshot import Entry, Snapshot, load
from tui_models.model import Model

PREFERRED = ("openai", "anthropic", "google", "deepseek", "mistral", "xai", "alibaba",
             "moonshotai", "zhipuai", "minimax", "cohere", "llama", "amazon-bedrock", "azure",
             "google-vertex", "openrouter")
"""Providers tried first, in order, for an id the gateway's owner does not list."""
OWNERS = {"claude": "anthropic", "gemini": "google", "meta": "llama", "qwen": "alibaba",
          "azure-openai": "azure", "x-ai": "xai", "moonshot": "moonshotai",
          "zhipu": "zhipuai", "anthropic": "anthropic", "google": "google"}
"""Owner names gateways write, to the catalogue's provider ids (others are used as written)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A catalogue entry for a model, and how it was found."""

    entry: Entry
    how: str
    """`exact` or `normalised`."""
    case_only: bool = False
    """Found only by ignoring case: a case twin may claim the same entry."""
    first_party: bool = True
    """Found under the model's own company (its owner or its protocol's), not a reseller,
    whose price is not the maker's list price."""

    def record(self) -> dict[str, str]:
        return {"provider": self.entry.provider, "id": self.entry.id, "how": self.how}


def normalise(model_id: str) -> str:
    """`models/Gemini-2.5-Pro:free` → `gemini-2.5-pro`: the form looked up last."""
    text = model_id.rpartition("/")[2]  # `models/`, `provider/` and `org/` prefixes
    if ":" in text:
        text = text.partition(":")[0] or text
    return text.casefold()


class Catalogue:
    """Lookups over a snapshot: by (provider, id), by id, by normalised id."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        order = {p: i for i, p in enumerate(PREFERRED)}
        providers = sorted(snapshot.providers, key=lambda p: (order.get(p, len(order)), p))
        self._exact: dict[tuple[str, str], Entry] = {}
        self._by_id: dict[str, Entry] = {}
        self._normal: dict[str, Entry] = {}
        self._own_normal: dict[tuple[str, str], Entry] = {}
        for provider in providers:
            for entry in snapshot.providers[provider]:
                self._exact.setdefault((provider, entry.id), entry)
                self._by_id.setdefault(entry.id, entry)
                self._normal.setdefault(normalise(entry.id), entry)
                self._own_normal.setdefault((provider, normalise(entry.id)), entry)
        self._matches: dict[tuple[int, str, bool, bool], Match] = {}
        self._providers = {p.name: p.provider for p in protocols.all_protocols()}
        """Protocol → the one company its lists carry (`Protocol.provider`), if one."""

    def find(self, model: Model) -> Match | None:
        """The catalogue's entry for `model`, or None: under the provider the gateway names
        (its owner, or the company its protocol carries) first, exactly then normalised;
        only then under any provider (first-party ones first), which may be a reseller."""
        model_id = model.id
        owner = (model.owned_by or "").casefold()
        own = [p for p in (OWNERS.get(owner, owner), self._providers.get(model.protocol)) if p]
        for provider in own:
            if (entry := self._exact.get((provider, model_id))) is not None:
                return self._match(entry, "exact", first_party=True)
        key = normalise(model_id)
        for provider in own:
            if (entry := self._own_normal.get((provider, key))) is not None:
                return self._match(entry, "normalised", entry.id.casefold() == model_id.casefold(),
                                   first_party=True)
        if (entry := self._by_id.get(model_id)) is not None:
            return self._match(entry, "exact", first_party=entry.provider in own or not own)
        entry = self._normal.get(key)
        if entry is None:
            return None
        return self._match(entry, "normalised", entry.id.casefold() == model_id.casefold(),
                           first_party=entry.provider in own or not own)

    def _match(self, entry: Entry, how: str, case_only: bool = False, *,
               first_party: bool = True) -> Match:
        """One Match object per (entry, how): a million models share a few thousand."""
        key = (id(entry), how, case_only, first_party)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = Match(entry, how, case_only, first_party)
        return found


def enrich(models: Iterable[Model], catalogue: Catalogue | None) -> None:
    """Attach each model's catalogue match (None clears it)."""
    for model in models:
        model.ref = None if catalogue is None else catalogue.find(model)


def load_catalogue() -> tuple[Catalogue | None, str | None]:
    """The catalogue's lookups (None when there is none) and a notice when a file could not
    be used: what the explorer and `list` both fill from."""
    try:
        found, problem = load()
    except (OSError, ValueError, EOFError) as exc:
        return None, f"the bundled catalogue cannot be read ({exc})"
    return (Catalogue(found) if found is not None else None), problem
