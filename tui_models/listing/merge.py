"""One record per model id: the lists of every protocol, put together.

A model served by several protocols is listed once per protocol, each list with its own
metadata (prices in one, a display name and limits in another). `merge` tells every listed
model which protocols serve its id (`Model.protocols`) and makes one merged record per id
served by more than one: each field from the first list that has it, in protocol order, and
the per-protocol records kept as `variants`, so their call paths and raw JSON stay at hand.
The id is the same byte for byte in every list: only exact ids are merged.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_models import protocols
from tui_models.model import Model

_FIRST_KNOWN = ("display_name", "owned_by", "created", "context_window", "max_output",
                "input_per_1m", "output_per_1m", "per_request", "description")
"""Fields a merged record takes from the first list that has a value."""
_UNION = ("endpoint_types", "methods", "capabilities")


def merge(models: Sequence[Model]) -> list[Model]:
    """Set `protocols` on every model listed now (gone ones keep only their own) and return
    the merged records, one per id listed by two protocols or more, in first-seen order."""
    first: dict[str, Model] = {}
    more: dict[str, list[Model]] = {}  # the ids listed more than once: most are not
    alone: dict[str, tuple[str, ...]] = {}  # one tuple per protocol, shared by its records
    for model in models:
        if model.is_gone:
            model.protocols = alone.get(model.protocol) or \
                alone.setdefault(model.protocol, (model.protocol,))
        elif (found := first.setdefault(model.id, model)) is not model:
            more.setdefault(model.id, [found]).append(model)
    merged: list[Model] = []
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per combination
    for ident, model in first.items():
        group = more.get(ident)
        if group is None:
            model.protocols = alone.get(model.protocol) or \
                alone.setdefault(model.protocol, (model.protocol,))
            continue
        served = protocols.order({m.protocol for m in group})
        served = shared.setdefault(served, served)
        for member in group:
            member.protocols = served
        if len(served) > 1:
            merged.append(_merged(group, served))
    return merged


def _merged(group: list[Model], served: tuple[str, ...]) -> Model:
    # One record per protocol (the first, should a list hold an id twice), in display order.
    variants = tuple(next(m for m in group if m.protocol == p) for p in served)
    first = variants[0]
    values = {name: next((v for m in variants if (v := getattr(m, name)) is not None), None)
              for name in _FIRST_KNOWN}
    for name in _UNION:
        values[name] = tuple(dict.fromkeys(x for m in variants for x in getattr(m, name)))
    seen = [m.first_seen for m in variants if m.first_seen is not None]
    probes = [m.probe for m in variants if m.probe is not None]
    news = [m.new_at for m in variants if m.new_at is not None]
    return Model(id=first.id, protocol=first.protocol, **values,
                 kind=next((m.kind for m in variants if m.kind != "chat"), first.kind),
                 first_seen=min(seen) if seen else None,
                 is_new=all(m.is_new for m in variants), protocols=served,
                 new_at=min(news) if len(news) == len(variants) else None,
                 variants=variants, is_fav=first.is_fav,
                 probe=max(probes, key=lambda p: p.probed_at) if probes else None,
                 ref=next((m.ref for m in variants if m.ref is not None), None),
                 relay=next((m.relay for m in variants if m.relay is not None), None),
                 changes=tuple(dict.fromkeys(c for m in variants for c in m.changes)))


def one_per_id(models: Sequence[Model], merged: Sequence[Model]) -> list[Model]:
    """The All view's records: each id once (its merged record), gone models as they are."""
    return [m for m in models if not m.merged_away] + list(merged)
