"""What changed since the previous fetch, kept, and read back onto the models.

After each fetch (the explorer's, and every command's through `listing.gather`), `record`
compares what this key sees now with what it saw at the previous fetch (`History.last`) and
appends the differences to the kept history (`store.history`):

- ids new and gone, per protocol, for the lists fetched complete this time;
- the lists' prices, context and output limits (per protocol), and the relay's prices,
  limits and groups for the key's group (per id), and the key's group itself;
- probes that answered at the previous fetch and fail now;
- starred or recently used ids the catalogue now calls deprecated.

A protocol that failed or came back cut short keeps its previous values: nothing is
reported gone because a list did not load. The first fetch of a gateway reports nothing.

`annotate` reads the history back onto the models: `new_at` (when an id was first seen,
for `new:7d`), and `changes` (the changes of the last `new_for` seconds, for `is:changed`
and the inspector's "price 2.50 → 3.00 on 2026-12-02"). Pure Python, no Textual.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tui_models.fields import deprecated
from tui_models.model import Change, Model, Probe
from tui_models.runtime import collector_paused
from tui_models.store.history import Event, History

VERSION = 1
LIST_FIELDS = ("input_per_1m", "output_per_1m", "per_request", "context_window", "max_output")
RELAY_FIELDS = (*LIST_FIELDS, "groups")
KIND_OF = {"input_per_1m": "price", "output_per_1m": "price", "per_request": "price",
           "context_window": "context", "max_output": "limit", "groups": "groups"}
VALUE_KINDS = frozenset(KIND_OF.values())


def _list_values(model: Model) -> list[Any]:
    return [getattr(model, name) for name in LIST_FIELDS]


def _relay_values(price: Any) -> list[Any]:
    return [*(getattr(price, name) for name in LIST_FIELDS), list(price.groups)]


def snapshot(lists: Mapping[str, Sequence[Model]], relay: Any, probes: Mapping[tuple[str, str],
             Probe], marked: Iterable[str], *, catalogue: bool) -> dict[str, Any]:
    """What the next fetch is compared with: per protocol the ids and their values, the
    relay's values per id, the probes' outcomes and which marked ids are deprecated."""
    state: dict[str, Any] = {"version": VERSION, "protocols": {}}
    # Equal values are one list (100,000 models share a few thousand): a refresh at 100,000
    # made 500,000 lists here only to write them out and compare.
    shared: dict[tuple[Any, ...], list[Any]] = {}
    for protocol, models in lists.items():
        listed = [m for m in models if not m.is_gone]
        state["protocols"][protocol] = {
            "ids": [m.id for m in listed],
            # Of the same types too: 1 and 1.0 are equal, but not the same JSON.
            "values": [shared.setdefault((*v, *map(type, v)), v)
                       for v in map(_list_values, listed)]}
    if relay is not None:
        by_price: dict[Any, list[Any]] = {}  # equal prices are one record (`sharing`)
        prices = {}
        for model_id, price in relay.prices.items():
            found = by_price.get(price)
            if found is None:
                found = by_price[price] = _relay_values(price)
            prices[model_id] = found
        state["relay"] = {"group": relay.group, "prices": prices}
    state["probes"] = [[p, i, r.ok] for (p, i), r in probes.items()]
    if catalogue:
        wanted = set(marked)
        state["deprecated"] = sorted({m.id for models in lists.values() for m in models
                                      if m.id in wanted and deprecated(m)})
    return state


def compare(before: Mapping[str, Any], now: Mapping[str, Any], fresh: Iterable[str],
            probes: Mapping[tuple[str, str], Probe], at: float) -> tuple[list[Event], dict]:
    """The changes from `before` to `now` (two `snapshot`s), and the snapshot to keep: the
    protocols not in `fresh` (failed, cut short) keep their previous values, as does the
    relay's part when the relay said nothing this time."""
    events: list[Event] = []
    kept = {**now, "protocols": dict(before.get("protocols") or {})}
    for protocol in fresh:
        current = now["protocols"].get(protocol)
        if current is None:
            continue
        kept["protocols"][protocol] = current
        previous = (before.get("protocols") or {}).get(protocol)
        if isinstance(previous, dict):
            events += _list_changes(protocol, previous, current, at)
    relay_now, relay_before = now.get("relay"), before.get("relay")
    if relay_now is None:
        if relay_before is not None:
            kept["relay"] = relay_before
    elif isinstance(relay_before, dict):
        events += _relay_changes(relay_before, relay_now, at)
    events += _probe_changes(before.get("probes"), probes, at)
    if "deprecated" in now:
        was = before.get("deprecated")
        if isinstance(was, list):
            events += [Event(at, "deprecated", "", i, "status", "active", "deprecated",
                             "catalogue") for i in now["deprecated"] if i not in set(was)]
    elif "deprecated" in before:
        kept["deprecated"] = before["deprecated"]
    return events, kept


def _list_changes(protocol: str, previous: dict, current: dict, at: float) -> list[Event]:
    ids, values = previous.get("ids"), previous.get("values")
    if not isinstance(ids, list) or not isinstance(values, list) or len(ids) != len(values):
        return []
    old = dict(zip(ids, values, strict=True))
    known = set(old)
    events = []
    for model_id, value in zip(current["ids"], current["values"], strict=True):
        was = old.pop(model_id, None)
        if was is None:
            if model_id not in known:
                events.append(Event(at, "new", protocol, model_id))
            continue
        if was != value and isinstance(was, list) and len(was) == len(LIST_FIELDS):
            events += [Event(at, KIND_OF[name], protocol, model_id, name, a, b)
                       for name, a, b in zip(LIST_FIELDS, was, value, strict=True) if a != b]
    events += [Event(at, "gone", protocol, model_id) for model_id in old]
    return events


def _relay_changes(before: dict, now: dict, at: float) -> list[Event]:
    events = []
    if before.get("group") != now.get("group") and "group" in before:
        events.append(Event(at, "group", "", "", "group", before.get("group"), now["group"],
                            "relay"))
    old = before.get("prices")
    if not isinstance(old, dict):
        return events
    for model_id, value in now["prices"].items():
        was = old.get(model_id)
        if isinstance(was, list) and len(was) == len(RELAY_FIELDS) and was != value:
            events += [Event(at, KIND_OF[name], "", model_id, name, a, b, "relay")
                       for name, a, b in zip(RELAY_FIELDS, was, value, strict=True)
                       if a != b]
    return events


def _probe_changes(before: Any, probes: Mapping[tuple[str, str], Probe], at: float
                   ) -> list[Event]:
    if not isinstance(before, list):
        return []
    answered = {(e[0], e[1]) for e in before
                if isinstance(e, list) and len(e) == 3 and e[2] is True}
    return [Event(at, "probe", protocol, model_id, "probe", "ok", result.error or "failed",
                  "probe")
            for (protocol, model_id), result in probes.items()
            if not result.ok and (protocol, model_id) in answered]


def record(history: History, lists: Mapping[str, Sequence[Model]], fresh: Iterable[str], *,
           relay: Any = None, probes: Mapping[tuple[str, str], Probe] | None = None,
           marked: Iterable[str] = (), catalogue: bool = False,
           now: float | None = None) -> list[Event]:
    """Compare this fetch with the previous one, append the changes to `history` and keep
    this fetch's values for the next; returns the changes. OSError when the history cannot
    be written."""
    at = time.time() if now is None else now
    probes = probes or {}
    current = snapshot(lists, relay, probes, marked, catalogue=catalogue)
    text = history.last_text(current)
    with history.locked():
        if history.is_last(text):  # the same values as last time: no change to find
            return []
        before = history.last()
        if before is None or before.get("version") != VERSION:
            kept, events = compare({}, current, fresh, probes, at)[1], []
        else:
            events, kept = compare(before, current, fresh, probes, at)
        history.append(events, at)
        # Kept as fetched, most often: then its text is the one made above (`==` of the
        # same lists is a pointer comparison).
        history.save_last(kept, text if kept == current else None)
    return events


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def annotate(models: Iterable[Model], events: Sequence[Event], now: float, new_for: float
             ) -> None:
    """Read the history onto `models`: `new_at` from its `new` events (where the list cache
    did not know it), `changes` from its value changes of the last `new_for` seconds, and
    `is_new` for ids first seen in those seconds."""
    news: dict[tuple[str, str], float] = {}
    changed: dict[tuple[str, str], list[Change]] = {}
    horizon = now - new_for
    for event in events:
        key = (event.protocol, event.id)
        if event.kind == "new":
            news[key] = event.at
        elif event.kind == "gone":
            news.pop(key, None)
        elif event.kind in VALUE_KINDS and event.at >= horizon:
            changed.setdefault(key, []).append(Change(event.field, _frozen(event.old),
                                                      _frozen(event.new), event.at,
                                                      event.source))
    for model in models:
        if model.variants:
            continue
        at = news.get((model.protocol, model.id))
        if at is not None and (model.new_at is None or at > model.new_at):
            model.new_at = at
        model.is_new = model.is_new or (model.new_at is not None and
                                        model.new_at >= horizon and not model.is_gone)
        found = changed.get((model.protocol, model.id), []) + changed.get(("", model.id), [])
        if found:
            latest: dict[tuple[str, str], Change] = {}
            for change in [*model.changes, *found]:
                latest[(change.field, change.source)] = change
            model.changes = tuple(latest.values())


def keep(history: History, loads: Mapping[str, Any], lists: Mapping[str, Sequence[Model]], *,
         relay: Any = None, catalogue: Any = None, marked: Iterable[str] = (),
         probes: Mapping[tuple[str, str], Probe] | None = None,
         now: float | None = None) -> tuple[list[Event], list[Event], str | None]:
    """After a fetch: record what changed (when some list came complete), then read the
    whole kept history back. Returns this fetch's changes, the history, and a one-line
    problem when the history could not be read or written (never fatal)."""
    from tui_models.listing.loading import Stage

    # 100,000 models' values are hundreds of thousands of lists and no cycles: no
    # collection while they are built (one walked every record of a refresh, holding the
    # interpreter lock — and the screen — for 100-300 ms).
    with collector_paused():
        fresh = [p for p, load in loads.items() if load.stage is Stage.FRESH]
        marked = set(marked)
        problem = None
        events: list[Event] = []
        if catalogue is not None and marked:
            from tui_models.catalogue.match import enrich

            enrich([m for models in lists.values() for m in models if m.id in marked],
                   catalogue)
        try:
            if fresh:
                events = record(history, lists, fresh, relay=relay, probes=probes,
                                marked=marked, catalogue=catalogue is not None, now=now)
        except OSError as exc:
            problem = f"the history of changes could not be written ({exc.strerror or exc})"
        try:
            kept = history.read()
        except OSError as exc:
            return events, events, problem or f"the history of changes is unreadable ({exc})"
        if history.skipped:
            problem = problem or f"the history {history.path} has {history.skipped:,} " \
                                 "unreadable lines; skipped"
        return events, kept, problem
