"""The App: one session, its client, every worker, the clipboard and the command palette.

Layout and view live in `ExplorerScreen`; the App starts a worker per protocol (each in its
own group), each worker drives that protocol's `ProtocolLoad` (the core's load state machine:
cached list, then fetch) and posts a message whenever the load moves on; the App hands the
load down to the screen. The relay's prices, the catalogue, probes, switching and comparing
profiles are workers of the App too, so one handler turns any worker's crash into one notice
(`failures`). Nothing here talks HTTP, parses JSON or reads the cache: that is the core's.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from tui_models import logs, protocols, runtime
from tui_models.errors import TuiModelsError
from tui_models.listing.loading import ProtocolLoad, Stage, loads_for
from tui_models.session import Session
from tui_models.tui import failures, signals
from tui_models.tui.client import SessionClient
from tui_models.tui.commands import ExplorerCommands
from tui_models.tui.messages import Compared, LoadChanged, Probed, ProbeRequested, ProbesFinished
from tui_models.tui.screens.explorer import ExplorerScreen

if TYPE_CHECKING:
    from tui_models.config import Profile
    from tui_models.tui.messages import ProfileRequested

class ModelsApp(App[str | None]):
    """Browse the models a key can use and copy exact ids.

    In pick mode (`tui-models pick`) the search box has the focus, Enter ends the app with the
    highlighted model's id as its return value, and Esc ends it with None.
    """

    CSS_PATH = "app.tcss"
    TITLE = "tui-models"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="quit",
                                                     tooltip="Quit tui-models")]

    def __init__(self, session: Session, *, query: str = "", protocol: str | None = None,
                 pick: bool = False, use_cache: bool = True) -> None:
        super().__init__()
        self.use_cache = use_cache
        self.explorer = ExplorerScreen(session, query=query, protocol=protocol, pick=pick)
        self.client = SessionClient(lambda: self.session)
        self._reading: set[str] = set()  # the protocols whose cached list is being read
        self._caches_read = asyncio.Event()
        self._generation = 0  # bumped when another profile is shown: older messages dropped
        self.loads = self._loads_for(session)
        self.explorer.state.loads = self.loads

    def _loads_for(self, session: Session) -> dict[str, ProtocolLoad]:
        logs.setup(session.key)  # a Session built by hand (tests, scripts) is registered too
        return loads_for(session, protocols.names(), use_cache=self.use_cache)

    @property
    def session(self) -> Session:
        return self.explorer.session

    @property
    def profile(self) -> Profile:
        return self.session.profile

    def get_default_screen(self) -> ExplorerScreen:
        return self.explorer

    def on_load(self) -> None:
        """One thread for background CPU work (the policy is in `runtime`); signals end the
        app as `q` does (`signals`); small cached lists are on the first frame."""
        runtime.install(loop := asyncio.get_running_loop())
        signals.install(loop, lambda code: self.exit(return_code=code))
        self.explorer.state.warm_start()

    def on_ready(self) -> None:
        """The first frame is on screen: the collector runs (`runtime.lasting`), the caches
        are read, the lists fetched, then the catalogue loaded (in a thread)."""
        runtime.lasting()
        self.fetch_all()
        self.run_worker(self._load_catalogue, group="catalogue", exit_on_error=False,
                        description="load the catalogue")

    async def on_unmount(self) -> None:
        await self.client.close()

    # -- fetching -----------------------------------------------------------------------------

    def on_refresh_requested(self) -> None:
        self.fetch_all()

    def fetch_all(self) -> None:
        """Start (or restart) one worker per offered protocol, each in its own group."""
        self._reading = {name for name, load in self.loads.items() if load.begin()}
        self.explorer.state.rebuilder.held = bool(self._reading)  # until the caches are read
        for load in self.loads.values():
            self.explorer.show_state(load)
            if load.protocol in self._reading:
                # A callable: a worker cancelled before it starts leaves no coroutine behind.
                self.run_worker(partial(self._load, load), group=f"fetch-{load.protocol}",
                                exclusive=True, exit_on_error=False,
                                description=f"list {load.protocol} models")
        self._cache_read(self._reading, None)

    def _cache_read(self, reading: set[str], protocol: str | None) -> None:
        reading.discard(protocol)  # a replaced worker's set is not the current one
        if reading is self._reading and not reading:  # the cached lists went first
            self.call_later(self._caches_taken)  # after their LoadChanged, queued before

    def _caches_taken(self) -> None:
        """Every cached list is in the rebuilder: one index build for all, then the catalogue."""
        self.explorer.state.rebuilder.release()
        self._caches_read.set()

    async def _load(self, load: ProtocolLoad) -> None:
        """The cached list first (on the one CPU thread before anything else), then the
        relay's cached prices, then the fetch."""
        generation, reading = self._generation, self._reading
        try:
            if await load.read_cache() is not None:
                self.post_message(LoadChanged(generation, load, load.stage))
        finally:  # even on a crash (said by `failures`): the catalogue waits for no one
            self._cache_read(reading, load.protocol)
        if load.protocol == "openai" and self.use_cache and \
                self.explorer.state.listing.relay is None:
            await self._show_cached_relay(generation)
        await load.fetch(await self.client.ready(), save=False)
        self.post_message(LoadChanged(generation, load, load.stage))
        await load.save()  # after the list is on its way to the screen, not before
        if generation == self._generation:
            self.explorer.show_notices(load)  # the cache could not be written: said
            await self._keep_changes(generation)

    async def _keep_changes(self, generation: int) -> None:
        """Every list settled: what changed joins the kept history (`is:changed`, `new:7d`)."""
        if self.use_cache and not any(load.stage.busy for load in self.loads.values()):
            kept, problem = await asyncio.to_thread(self.explorer.state.keep_changes)
            if generation == self._generation:
                self.explorer.state.take_history(kept)
                if problem:
                    self.notify(problem, severity="warning", markup=False)

    def on_load_changed(self, message: LoadChanged) -> None:  # handlers go by message name
        if message.generation == self._generation and message.stage is message.load.stage:
            self.explorer.show_load(message.load)
            if message.load.protocol == "openai" and message.stage in (
                    Stage.FRESH, Stage.PARTIAL):
                self._fetch_relay(message.load)

    async def _load_catalogue(self) -> None:
        state = self.explorer.state
        await self._caches_read.wait()  # the cached lists are drawn first: read, then indexed
        await state.rebuilder.idle()
        if state.catalogue is None:
            from tui_models.catalogue import load_catalogue

            catalogue, problem = await asyncio.to_thread(load_catalogue)
        else:
            catalogue, problem = state.catalogue[0], None
        self.explorer.show_catalogue(catalogue, problem)

    # -- what the relay publishes beside its lists ----------------------------------------------

    async def _show_cached_relay(self, generation: int) -> None:
        """The relay's last answer, at once on a warm start (a fresh one follows)."""
        info = await asyncio.to_thread(self.explorer.state.cached_relay)
        if info is not None and generation == self._generation:
            self.explorer.show_relay(info, None)

    def _fetch_relay(self, load: ProtocolLoad) -> None:
        """Prices, groups and the key's quota, in a worker of their own: the lists never
        wait for them, and a failure is a notice, not an error state."""
        from tui_models import relay

        if self.profile.preset not in relay.BY_PRESET:
            return
        self.run_worker(partial(self._relay, load, self._generation), group="relay",
                        exclusive=True, exit_on_error=False, description="relay pricing")

    async def _relay(self, load: ProtocolLoad, generation: int) -> None:
        client = await self.client.ready()  # the ids (100,000 of them) live as long as this
        listed = {m.id for m in load.models}
        info, problem = await self.explorer.state.obtain_relay(client, listed, self.use_cache)
        if generation == self._generation:
            self.explorer.show_relay(info, problem)

    # -- probes -------------------------------------------------------------------------------

    def on_probe_requested(self, event: ProbeRequested) -> None:
        self.run_worker(partial(self._probe, event.models, event.every), group="probe",
                        exclusive=True, exit_on_error=False,
                        description=f"probe {len(event.models)} models")

    async def _probe(self, models: list, every: bool = False) -> None:
        """Probe `models` (starting where earlier probes were answered), each request
        counted in the batch as it leaves, so a stopped batch says what it cost."""
        from tui_models.probe.calls import probe_all

        generation, cancelled = self._generation, True
        state = self.explorer.state

        def done(model, result) -> None:
            self.post_message(Probed(generation, model, result))

        def sent(model) -> None:  # this worker runs on the App's loop: no race
            if generation == self._generation:
                state.batch.sending()

        try:
            client = await self.client.ready()
            await probe_all(client, models, concurrency=self.profile.probe_concurrency,
                            every=every, learned=dict(state.probes.results),
                            on_result=done, on_sent=sent)
            cancelled = False
        finally:
            self.post_message(ProbesFinished(generation, cancelled))

    def cancel_probes(self) -> None:
        self.workers.cancel_group(self, "probe")

    def on_probed(self, message: Probed) -> None:
        if message.generation == self._generation:
            self.explorer.show_probe(message.model, message.result)

    def on_probes_finished(self, message: ProbesFinished) -> None:
        if message.generation == self._generation:
            self.explorer.probes_finished(message.cancelled)

    # -- profiles -----------------------------------------------------------------------------

    def on_profile_requested(self, event: ProfileRequested) -> None:
        if event.compare:
            self.notify(f"Fetching profile {event.name}'s lists…", timeout=3, markup=False)
            self.run_worker(partial(self._compare, event.name), group="compare",
                            exclusive=True, exit_on_error=False,
                            description=f"compare with {event.name}")
        else:
            self.run_worker(partial(self.switch_to, event.name), group="switch",
                            exclusive=True, exit_on_error=False,
                            description=f"switch to {event.name}")

    async def switch_to(self, name: str) -> None:
        """Show another profile from the config file instead of this one."""
        self.notify(f"Reading the key of profile {name}…", timeout=2, markup=False)
        try:  # a key command may take seconds: off the event loop
            session = await runtime.blocking(self.session.switch, name)
        except TuiModelsError as exc:
            self.notify(str(exc), title="Cannot switch profile", severity="error",
                        markup=False)
            return
        for group in (*(f"fetch-{protocol}" for protocol in self.loads), "relay"):
            self.workers.cancel_group(self, group)
        self.cancel_probes()
        self._generation += 1
        await self.client.close()
        self.loads = self._loads_for(session)
        self.explorer.show_session(session, self.loads)
        self.fetch_all()

    async def _compare(self, name: str) -> None:
        from tui_models.listing.gather import compare_with

        try:
            other = await runtime.blocking(self.session.switch, name)
        except TuiModelsError as exc:
            self.post_message(Compared(name, None, str(exc)))
            return
        comparison, failed = await compare_with(self.explorer.state.listing, other,
                                                use_cache=self.use_cache)
        self.post_message(Compared(name, comparison, "; ".join(failed)))

    def on_compared(self, message: Compared) -> None:
        from tui_models.tui.dialogs.compare import CompareScreen

        if message.error:
            self.notify(message.error, title=f"Profile {message.other}", severity="error",
                        markup=False, timeout=10)
        if message.comparison is not None:
            self.clear_notifications()  # "Fetching the lists…" is done: not over the result
            self.push_screen(CompareScreen(self.profile.name, message.other,
                                           message.comparison))

    # -- errors -------------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            failures.worker_failed(self, event.worker)

    def _fatal_error(self) -> None:
        """An unexpected exception: log it, exit with one line instead of a traceback."""
        self.panic(failures.fatal(self.session, self._exception))
