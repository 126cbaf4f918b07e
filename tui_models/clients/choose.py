"""Which of a view's models a client export holds, and why the others are left out.

The models come from the one pipeline (`listing.gather` then `Listing.select`, or the
explorer's view). An export keeps each protocol's own record (a merged row of the All view
stands for its variants), drops models that are gone or locked (listed
for other groups only), those of a list the client cannot use and
— unless `all_kinds` — every kind but chat. `verified` keeps only models whose last probe
answered through the endpoint the client calls on that protocol; a probe that does not name its
endpoint (`Probe.endpoint`, added by the probe work) counts as the protocol's default one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui_models import protocols
from tui_models.clients.base import DEFAULT_ENDPOINTS, Client
from tui_models.model import Model


@dataclass(slots=True)
class Chosen:
    """The models kept, in order, and what was dropped: reason → count."""

    models: list[Model]
    dropped: Counter[str] = field(default_factory=Counter)

    def notes(self) -> list[str]:
        """One line per reason, largest first."""
        return [f"left out {count:,} {reason}" for reason, count in self.dropped.most_common()]


def endpoint_of(model: Model) -> str | None:
    """The endpoint `model`'s last probe answered through (None when never probed)."""
    probe = model.probe
    if probe is None:
        return None
    return probe.endpoint or DEFAULT_ENDPOINTS.get(model.protocol)


def choose(client: Client, models: Iterable[Model], *, all_kinds: bool = False,
           verified: bool = False) -> Chosen:
    """The models of `models` that `client`'s export holds; see the module docstring."""
    chosen = Chosen([])
    kinds = client.kinds if all_kinds else ("chat",)
    seen: set[tuple[str, str]] = set()
    for row in models:
        for model in row.variants or (row,):
            if model.key in seen:
                continue
            seen.add(model.key)
            reason = _reason(client, model, kinds, verified)
            if reason is None:
                chosen.models.append(model)
            else:
                chosen.dropped[reason] += 1
    return chosen


def _reason(client: Client, model: Model, kinds: tuple[str, ...], verified: bool
            ) -> str | None:
    if model.is_gone:
        return "no longer listed"
    if model.is_locked:
        return "locked for this key's group"
    if model.protocol not in client.protocols:
        return f"from the {protocols.label(model.protocol)} list ({client.label} does not use it)"
    if model.kind not in kinds:
        if model.kind in client.kinds:
            return f"{model.kind} models (chat only unless --all-kinds)"
        return f"{model.kind} models ({client.label} takes {', '.join(client.kinds)} only)"
    if not verified:
        return None
    needed = client.endpoints.get(model.protocol)
    probe = model.probe
    if probe is None:
        return "never probed (--verified)"
    # Probed on every endpoint (`probe --endpoints all`): each one's answer; else the last.
    answered = {e for e, ok in probe.marks if ok} if probe.marks else \
        ({endpoint_of(model)} if probe.ok else set())
    if needed in answered:
        return None
    if not answered:
        return "whose last probe failed (--verified)"
    return f"that answered through {', '.join(sorted(map(str, answered)))}, not {needed} " \
           "(--verified)"
