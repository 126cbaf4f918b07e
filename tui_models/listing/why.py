""""Why isn't X here?": one verdict for one id, from the listing every command shares.

The checks run in the order a user's surprise is most often explained:

1. listed exactly (under which protocols; the last probe, if any);
2. listed under another protocol only (with that protocol's call URL);
3. a case twin (`GPT-4O` is not listed, `gpt-4o` is: ids are case-sensitive);
4. offered by the relay to other groups only, or kept from this token by its model limits;
5. gone since the previous fetch (when it was last listed);
6. otherwise not listed, with suggestions: the same family first, then the closest
   spellings, never the typed id itself.

Pure Python over a `Listing`: `tui-models why` prints the verdict, the explorer shows its
sentence under a search that matches nothing.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui_models import fmt, protocols
from tui_models.listing import Listing
from tui_models.listing.locked import offers
from tui_models.model import Model, Probe
from tui_models.textsafe import shorten, visible

LISTED, OTHER_PROTOCOL, CASE_TWIN = "listed", "other_protocol", "case_twin"
OTHER_GROUP, MODEL_LIMITS, GONE, NOT_LISTED = "other_group", "model_limits", "gone", "not_listed"
SUGGESTIONS = 5
"""Did-you-mean suggestions at most."""
_CLOSE = 0.55
"""How alike (difflib's ratio) a listed id must be to the typed one to be suggested."""
_FAMILY = re.compile(r"[a-z]+")
_SEPARATORS = re.compile(r"[-_.:/ ]+")


@dataclass(slots=True)
class Verdict:
    """What the listing says about one id."""

    id: str
    verdict: str
    message: str
    """One sentence: what the explorer shows, the first line `why` prints."""
    details: list[str] = field(default_factory=list)
    """Lines after it: the probe, the call URL, the suggestions."""
    protocols: tuple[str, ...] = ()
    """The protocols listing the id exactly (those asked for, then the others)."""
    twins: tuple[str, ...] = ()
    groups: tuple[tuple[str, float | None], ...] = ()
    """The relay's groups offering the id, with their ratios, when the key's is not one."""
    key_group: str | None = None
    call_urls: dict[str, str] = field(default_factory=dict)
    last_seen: float | None = None
    suggestions: tuple[str, ...] = ()
    probe: Probe | None = None

    @property
    def listed(self) -> bool:
        return self.verdict == LISTED

    def record(self) -> dict[str, Any]:
        """What `why --format json` prints."""
        probe = self.probe
        return {
            "id": self.id, "listed": self.listed, "verdict": self.verdict,
            "message": self.message, "protocols": list(self.protocols),
            "case_twins": list(self.twins),
            "offered_to_groups": [{"group": g, "ratio": r} for g, r in self.groups],
            "key_group": self.key_group, "call_urls": self.call_urls,
            "last_seen": _iso(self.last_seen), "suggestions": list(self.suggestions),
            "probe": None if probe is None else {
                "ok": probe.ok, "status": probe.status, "latency_ms": probe.latency_ms,
                "endpoint": probe.endpoint, "error": probe.error,
                "probed_at": _iso(probe.probed_at)},
        }


def explain(listing: Listing, model_id: str, asked: Sequence[str] | None = None, *,
            gone_seen: Mapping[str, float] | None = None,
            call_url: Callable[[Model], str | None] | None = None,
            closest: bool = True) -> Verdict:
    """The verdict on `model_id` (exact, case-sensitive) for the protocols `asked` (every
    protocol listed when None). `gone_seen`: per protocol, when its gone models were last
    listed; `call_url`: where a protocol's record would be called; `closest`: whether a
    verdict of not listed names the closest ids (a close-spelling search of every id)."""
    index = listing.index
    rows = [index.models[i] for i in index.exact(model_id)]
    own = [m for m in rows if not m.variants]
    listed = [m for m in own if not m.is_gone and not m.is_locked]
    exact = [m for m in listed if m.id == model_id]
    shown = _said(model_id)
    where = [m for m in exact if asked is None or m.protocol in asked]
    if where:
        return _listed(listing, model_id, where, exact, shown)
    if exact:  # listed, but not under the protocols asked for
        urls = {m.protocol: url for m in exact if call_url and (url := call_url(m))}
        names = ", ".join(protocols.label(m.protocol) for m in exact)
        return Verdict(model_id, OTHER_PROTOCOL,
                       f"{shown} is not in the {_labels(asked)} list, but the {names} list "
                       f"has it.", [f"call it at {visible(u)}" for u in urls.values()],
                       protocols=tuple(m.protocol for m in exact), call_urls=urls)
    twins = tuple(dict.fromkeys(m.id for m in listed))
    if twins:
        others = " and ".join(_said(t) for t in twins[:3])
        return Verdict(model_id, CASE_TWIN,
                       f"{shown} is not listed; {others} {'is' if len(twins) == 1 else 'are'}"
                       " — model ids are case-sensitive.", twins=twins,
                       protocols=tuple(dict.fromkeys(m.protocol for m in listed)))
    relay = _relay_verdict(listing, model_id, shown)
    if relay is not None:
        return relay
    gone = [m for m in own if m.is_gone and m.id == model_id]
    if gone:
        seen = max((gone_seen or {}).get(m.protocol, 0.0) for m in gone) or None
        when = f" (last listed {_when(seen)})" if seen else ""
        return Verdict(model_id, GONE,
                       f"{shown} was listed before and is gone since the last fetch{when}.",
                       protocols=tuple(m.protocol for m in gone), last_seen=seen)
    found = suggest(listing, model_id) if closest else []
    message = f"{shown} is not listed" + (
        f"; did you mean {', '.join(_said(s) for s in found[:3])}?" if found else ".")
    return Verdict(model_id, NOT_LISTED, message, suggestions=tuple(found))


def _listed(listing: Listing, model_id: str, where: list[Model], exact: list[Model],
            shown: str) -> Verdict:
    names = tuple(dict.fromkeys([*(m.protocol for m in where), *(m.protocol for m in exact)]))
    probes = [p for name in names if (p := listing.probes.get((name, model_id)))]
    last = max(probes, key=lambda p: p.probed_at) if probes else None
    details = []
    if last is not None:
        verdict = f"✓ answered in {fmt.duration_ms(last.latency_ms or 0)}" if last.ok else \
            f"✗ {visible(shorten(last.error or str(last.status), 80))}"
        details.append(f"last probe: {verdict}, {fmt.since(last.probed_at)}")
    return Verdict(model_id, LISTED,
                   f"{shown} is listed ({', '.join(protocols.label(n) for n in names)}).",
                   details, protocols=names, probe=last)


def _relay_verdict(listing: Listing, model_id: str, shown: str) -> Verdict | None:
    """The relay publishes `model_id` but not for this key: other groups, or the token's
    model limits."""
    info = listing.relay
    price = info.prices.get(model_id) if info is not None else None
    if info is None or price is None:
        return None
    if price.groups and info.group not in price.groups:
        groups = tuple(offers(price, info))
        named = ", ".join(f"{visible(g)} (×{r:g})" if r is not None else visible(g)
                          for g, r in groups[:4])
        mine = f"your key is in group {visible(info.group)}" if info.group else \
            "your key's group is not known (set group in the profile)"
        return Verdict(model_id, OTHER_GROUP,
                       f"{shown} is not listed: the relay offers it to group {named}; {mine}"
                       " — ask your administrator.", groups=groups, key_group=info.group)
    if info.allowed and model_id not in info.allowed:
        return Verdict(model_id, MODEL_LIMITS,
                       f"{shown} is not listed: this token's model limits allow "
                       f"{len(info.allowed)} models and it is not one of them — ask your "
                       "administrator.", key_group=info.group)
    return None


def suggest(listing: Listing, model_id: str, limit: int = SUGGESTIONS) -> list[str]:
    """Listed ids like `model_id`: those of its family (the leading letters: `gpt`,
    `claude`) first, then those sharing the longest start, then the closest spelling;
    never `model_id` itself."""
    typed = model_id.lower()
    ids = {m.id for m in listing.index.models
           if not m.is_gone and not m.is_locked and m.id != model_id}
    lowered: dict[str, list[str]] = {}
    for found in ids:
        lowered.setdefault(found.lower(), []).append(found)
    close = set(difflib.get_close_matches(typed, lowered, n=limit * 4, cutoff=_CLOSE))
    bare = _bare(typed)  # `llama3` is in `llama-3.1-8b` once the separators go
    close |= {low for low in lowered if len(bare) >= 3 and bare in _bare(low)}
    family = _family(typed)

    def rank(low: str) -> tuple[bool, int, float, str]:
        shared = next((i for i, (a, b) in enumerate(zip(typed, low, strict=False))
                       if a != b), min(len(typed), len(low)))
        return (_family(low) != family, -shared,
                -difflib.SequenceMatcher(None, typed, low).ratio(), low)

    picked = [i for low in sorted(close, key=rank) for i in sorted(lowered[low])]
    return picked[:limit]


def _bare(lowered: str) -> str:
    return _SEPARATORS.sub("", lowered)


def _family(lowered: str) -> str:
    match = _FAMILY.match(lowered)
    return match.group() if match else ""


def _said(model_id: str) -> str:
    """An id in a sentence: quoted, made inert and short."""
    return f"`{visible(shorten(model_id, 80))}`"


def _labels(asked: Sequence[str] | None) -> str:
    return "/".join(protocols.label(p) for p in asked or ())


def _when(timestamp: float) -> str:
    return f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(timestamp))}, " \
           f"{fmt.since(timestamp)}"


def _iso(timestamp: float | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp)) if timestamp else None
