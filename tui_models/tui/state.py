"""What the explorer shows and what the user did to it, without a widget in sight.

`ExplorerState` owns the session's listing and the view over it (query, protocol, sort), the
data arriving for it (through a `Rebuilder`), the user's marks (stars, recent ids) and probe
results, the protocol chosen per id (`p`), the batch of probes under way and the text an
empty table shows. The screen reads it to draw
and calls it for every action; everything here is plain Python, unit-tested without Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui_models import protocols
from tui_models.gateway.errors import grouped
from tui_models.listing import Listing, View
from tui_models.listing.loading import ProtocolLoad, read_small_caches
from tui_models.model import Model, Probe
from tui_models.probe import worth_probing
from tui_models.session import Session
from tui_models.store.marks import Marks
from tui_models.store.probes import ProbeStore
from tui_models.textsafe import shorten
from tui_models.tui.rebuild import Rebuilder

if TYPE_CHECKING:
    from tui_models.catalogue import Catalogue
    from tui_models.gateway import GatewayClient
    from tui_models.relay import RelayInfo


@dataclass(slots=True)
class ProbeBatch:
    """The probes of one `t` or `T`: how many models were asked, how many requests were
    sent, how many models answered and failed."""

    total: int = 0
    sent: int = 0
    """Requests that left for the gateway (retries included; billed, whether or not their
    answer came): what a stopped batch cost."""
    done: int = 0
    failed: int = 0
    running: bool = False

    def start(self, total: int) -> None:
        self.total, self.sent, self.done, self.failed, self.running = total, 0, 0, 0, True

    def sending(self) -> None:
        """A request of the batch left for the gateway."""
        self.sent += 1

    def add(self, result: Probe) -> None:
        self.done += 1
        self.failed += not result.ok


@dataclass(frozen=True, slots=True)
class ViewProbe:
    """What `T` would send for the rows in view: the models, the costly ones it skips
    unless asked, and the protocols it goes through."""

    every: list[Model]
    chosen: list[Model]
    skipped: dict[str, int]
    protocols: str
    variants: list[Model] = field(default_factory=list)
    """Every protocol's record of each chosen row: what a probe of every endpoint sends to."""


FETCHING = "fetching…"
MAX_PROVIDERS = 50
CLOSEST_UP_TO = 20_000
"""Models up to which an empty search of one id names the closest ids under the box."""


class ExplorerState:
    """The explorer's data and the user's choices, for one session at a time."""

    def __init__(self, session: Session, rebuilder: Rebuilder, *, query: str = "",
                 protocol: str | None = None, pick: bool = False) -> None:
        self.rebuilder = rebuilder
        """Gets new data into the listing, in the background (see `tui.rebuild`)."""
        self.pick = pick
        self.catalogue: tuple[Catalogue | None, str | None] | None = None
        """The catalogue once loaded (kept across profiles), and what went wrong reading it."""
        self.batch = ProbeBatch()
        self._verdict: tuple[object, str] = (None, "")
        """The last empty search's `why` verdict, by (search, index, protocol)."""
        self.view = View(Listing().index, protocol=protocol, query=query)
        self.open(session, {})

    def open(self, session: Session, loads: Mapping[str, ProtocolLoad]) -> None:
        """Show `session` (another profile), forgetting the previous one's lists."""
        self.session, self.loads = session, loads
        self.marks = Marks(session.cache_id).load()
        self.probes = ProbeStore(session.cache_id, session.key).load()
        self.listing = Listing(self.marks.favourites, self.probes.results)
        if self.catalogue is not None and session.profile.catalog:
            self.listing.catalogue = self.catalogue[0]
        self.chosen: dict[str, str] = {}
        """Per id served by several protocols: the protocol the user chose with `p`."""
        self.providers: dict[str, object] = {}
        """OpenRouter's providers per model id, as asked for (`i`): a `ModelEndpoints`, a
        problem (str), or `FETCHING`. The last `MAX_PROVIDERS` asked for are kept."""
        if self.pick:  # the ids used last come first, as in fzf-style pickers
            self.view.set_pinned(self.marks.recent)
        self.committed()

    def committed(self) -> None:
        """The listing's index changed: the view follows."""
        self.view.set_index(self.listing.index)

    # -- data arriving ------------------------------------------------------------------------

    def warm_start(self) -> None:
        """Small cached lists read and indexed now, on this thread, so that the first frame
        shows them (larger ones come from each protocol's worker, after it)."""
        if read_small_caches(self.loads.values()):
            cached = {p: [*load.models, *load.gone] for p, load in self.loads.items()
                      if load.models}
            if cached:
                self.listing.commit(self.listing.prepare(cached))
                self.committed()

    def take_load(self, load: ProtocolLoad) -> None:
        """A protocol's load moved on: its models (gone ones too) into the listing."""
        self.rebuilder.request(self.listing, {load.protocol: [*load.models, *load.gone]})

    def wants_providers(self, model_id: str) -> bool:
        """Whether OpenRouter's providers of `model_id` should be asked for now (an
        OpenRouter profile, not known nor on the way); marks them on the way."""
        known = self.providers.get(model_id)
        if self.session.profile.preset != "openrouter" or known == FETCHING or \
                (known is not None and not isinstance(known, str)):
            return False  # not OpenRouter, on the way, or known (a problem is asked again)
        self.providers.pop(model_id, None)
        self.providers[model_id] = FETCHING
        while len(self.providers) > MAX_PROVIDERS:
            del self.providers[next(iter(self.providers))]
        return True

    def take_providers(self, model_id: str, found: object | None, problem: str) -> None:
        self.providers[model_id] = found if found is not None else problem

    def cached_relay(self) -> RelayInfo | None:
        """The relay's last answer from the cache (in a thread; None: none, or no relay)."""
        from tui_models import relay
        from tui_models.listing.gather import relay_cache

        if self.session.profile.preset not in relay.BY_PRESET:
            return None
        return relay_cache(self.session).load()

    async def obtain_relay(self, client: GatewayClient, listed: set[str], use_cache: bool
                           ) -> tuple[RelayInfo | None, str | None]:
        """What the relay publishes beside its lists, asked now (cached when `use_cache`)."""
        from tui_models import relay
        from tui_models.listing.gather import relay_cache

        cache = relay_cache(self.session) if use_cache else None
        return await relay.obtain(client, self.session.profile, listed, cache)

    def take_relay(self, info: RelayInfo) -> None:
        """What the relay publishes beside its lists: every list is priced again."""
        self.listing.relay = info
        self.rebuilder.request(self.listing, everything=True)

    def keep_changes(self) -> tuple[list, str | None]:
        """In a thread, once every list settled: what changed since the previous fetch
        joins the kept history; returns the whole history and the problem to tell."""
        from tui_models.listing.changes import keep
        from tui_models.listing.gather import history_of

        lists = {p: [*load.models, *load.gone] for p, load in self.loads.items()}
        _, kept, problem = keep(history_of(self.session), self.loads, lists,
                                relay=self.listing.relay, probes=self.probes.results)
        return kept, problem

    def take_history(self, kept: list) -> None:
        """The listing reads the kept history: new stays new for the profile's `new_for`,
        a change stays marked as long (`is:changed`, `new:7d`, the inspector)."""
        if kept or self.listing.history:
            self.listing.history = kept
            self.listing.new_for = self.session.profile.new_for
            self.rebuilder.request(self.listing, everything=True)

    def take_catalogue(self, catalogue: Catalogue | None) -> None:
        """The catalogue was loaded (kept across profiles): fill the lists from it, unless
        the profile says not to."""
        self.catalogue = (catalogue, None)
        self.listing.catalogue = catalogue if self.session.profile.catalog else None
        self.rebuilder.request(self.listing, everything=True)

    @property
    def problems(self) -> list[str]:
        """What could not be read at start-up (the marks or probe files), to say once."""
        return [p for p in (self.marks.problem, self.probes.problem) if p]

    # -- the rows -----------------------------------------------------------------------------

    def models_in_view(self) -> list[Model]:
        return [self.view.index.models[i] for i in self.view.rows]

    def probes_in_view(self) -> bool:
        """Some row in view has a probe result: the table has a Probe column (space allowing,
        after the prices)."""
        if not self.listing.probed:
            return False
        models = self.view.index.models
        return any(models[row].probe is not None for row in self.view.rows)

    def recent_rows(self) -> int:
        """How many rows at the top are recently used ids (pick mode's "recent" section)."""
        pinned = set(self.view.pinned)
        if not pinned:
            return 0
        models, count = self.view.index.models, 0
        for row in self.view.rows[:len(pinned)]:
            if models[row].id not in pinned:
                break
            count += 1
        return count

    def empty_text(self) -> str:
        """What an empty table says: no match, not offered, why the lists failed, loading."""
        view = self.view
        if view.query.terms and len(view.index):
            return self._why() or f"No model matches “{shorten(view.text, 60)}”."
        profile = self.session.profile
        if view.protocol is not None and view.protocol not in profile.offered:
            return f"The {profile.preset} preset has no {protocols.label(view.protocol)} list."
        shown = [load for p, load in self.loads.items() if view.protocol in (None, p)]
        failed = grouped(load.error for load in shown if load.error is not None)
        if failed:
            return "\n".join(failed)
        if any(load.stage.busy for load in shown):
            return "Loading models…"
        return "This key sees no models here."

    def _why(self) -> str:
        """For a search of one id that matches nothing, `tui-models why`'s sentence: a case
        twin, another group's model, a gone one, or the closest ids (kept per search)."""
        view = self.view
        terms = view.query.terms
        if len(terms) != 1 or terms[0].kind != "text" or " " in view.text.strip():
            return ""
        key = (view.text, id(view.index), view.protocol)
        if self._verdict[0] != key:
            from tui_models.listing.why import explain

            seen = {p: load.gone_seen for p, load in self.loads.items() if load.gone_seen}
            asked = None if view.protocol is None else (view.protocol,)
            # The closest ids are a close-spelling search of every id (seconds at 100,000,
            # on the event loop, per key typed): `tui-models why` names them at any size.
            self._verdict = (key, explain(self.listing, view.text.strip(), asked,
                                          gone_seen=seen,
                                          closest=len(view.index) <= CLOSEST_UP_TO).message)
        return self._verdict[1]

    # -- one model ----------------------------------------------------------------------------

    def target(self, model: Model) -> Model:
        """The protocol's record that calls, probes and copy-as act on: for an id several
        protocols serve, the one chosen with `p`, else the one a `proto:` term of the search
        names, else the first."""
        if not model.variants:
            return model
        chosen = self.chosen.get(model.id)
        if chosen is None:
            asked = [t.value for t in self.view.query.terms if t.field == "proto"]
            chosen = next((v.protocol for v in model.variants
                           if all(v.protocol.startswith(a) for a in asked)),
                          model.variants[0].protocol)
        return model.variant(chosen)

    def next_protocol(self, model: Model) -> str | None:
        """Choose the next protocol serving `model` (None when only one does)."""
        if not model.variants:
            return None
        served = [v.protocol for v in model.variants]
        now = self.target(model).protocol
        self.chosen[model.id] = served[(served.index(now) + 1) % len(served)]
        return self.chosen[model.id]

    def star(self, model: Model) -> bool:
        """Star `model`, or unstar it; returns whether it is starred now. Saving is the
        caller's (`save_marks`)."""
        starred = self.marks.star(model.id)
        self.listing.star(model.id, starred)
        self.view.refilter()
        return starred

    def used(self, model_id: str) -> None:
        """`model_id` was copied or chosen: pick mode lists it first next time."""
        self.marks.used(model_id)

    def save_marks(self) -> str | None:
        """Write stars and recent ids; the problem to tell the user when it failed."""
        try:
            self.marks.save()
        except OSError as exc:
            return f"Stars and recent ids not saved: {exc.strerror or exc}"
        return None

    # -- probes -------------------------------------------------------------------------------

    def view_probe(self) -> ViewProbe:
        """What `T` would send for the models in view (each through its chosen protocol)."""
        rows = [m for m in self.models_in_view() if not m.is_gone]
        every = [self.target(m) for m in rows]
        chosen, skipped = worth_probing(every)
        used = ", ".join(protocols.label(p) for p in protocols.order({m.protocol for m in every}))
        keep = {m.id for m in chosen}
        variants = [v for m in rows if m.id in keep for v in (m.variants or (m,))]
        return ViewProbe(every, chosen, skipped, used, variants)

    def probed(self, model: Model, result: Probe) -> None:
        """A probe of `model` (a protocol's own record) came back."""
        self.probes.put(model.protocol, model.id, result)
        self.listing.set_probe(model.protocol, model.id, result)
        self.batch.add(result)
        if any(t.field == "probe" for t in self.view.query.terms):
            self.view.refilter()

    def save_probes(self) -> str | None:
        try:
            self.probes.save()
        except OSError as exc:
            return f"Probe results not saved: {exc.strerror or exc}"
        return None
