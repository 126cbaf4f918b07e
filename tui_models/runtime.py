"""How tui-models uses the interpreter: which threads run what, when the collector runs, and
when memory goes back to the system. One policy, for the TUI and the commands alike.

Threads. All work shares one interpreter lock with the event loop, so how many threads do CPU
work decides how often the screen gets a turn:

- `install(loop)` makes one thread the loop's default executor (`asyncio.to_thread`,
  `run_in_executor(None, …)`): parsing pages, building the index, writing the cache, the
  relay's prices. With four such threads at once during a refresh the screen got a fifth of
  the lock (frames 300 ms apart at 100,000 models); one at a time, the loop gets at least half.
  It also makes the interpreter hand the lock over after `SWITCH_INTERVAL` (1 ms) instead of
  5: a key, its frame and the frame's write are three threads taking the lock in turn from a
  parser that holds it, so each turn waited up to 5 ms (a refresh at 100,000 models: the
  longest frame gap while typing 206–302 ms, now 142–162 ms).
- `await blocking(fn, *args)` runs a call that mostly *waits* — an `api_key_cmd`, a clipboard
  route (tmux, pyperclip), any subprocess — in a small pool of its own, so it never queues
  behind CPU work (a key command used to wait for an index rebuild) and CPU work never waits
  for it. Its threads are daemons: a call that hangs never keeps the process from exiting
  (bound it with `asyncio.timeout` where a hang is possible).

Garbage collection. Loading 100,000 models builds millions of objects and no cycles:

- `collector_paused()` / `paused(fn, …)`: no cyclic collection while a thread builds them
  (the collector would walk every model already loaded, over and over: a third of the parse
  time at 100,000). Reference counting still frees everything as usual.
- `settle()`, once a big load is committed: the survivors are frozen out of the collector's
  sight (a collection during typing would otherwise walk them all: 100–250 ms at 100,000
  models), then freed memory is given back to the system (`give_back`).

A command's life. `console()` (the `tui-models` script) calls `starting()` first: no cyclic
collection while the command imports its modules and builds its screen (hundreds of thousands
of objects, none of them garbage, walked again and again as they pile up: 50 ms of the
explorer's 290 ms to its first frame, 8 ms of a 190 ms `list`), nor for the rest of a command
that ends (`list`, `why`, `export`…). A command that lasts calls `lasting()` once it is up —
the explorer on its first frame, `watch` and the demo server before their loops: what the
start built is frozen out of the collector's sight (it lives as long as the process), and
collection runs as usual from there. On the way out, `leaving()` freezes every object alive,
so the interpreter's last collection does not walk every module's objects (20–30 ms of that
`list`).

Memory. Parsing frees hundreds of MB of short-lived objects; the C allocator keeps most of that
heap for reuse, so the process stays at its high-water mark (310 MB where 225 MB are in use or
held by Python). `give_back()` asks glibc to return what it can; a no-op where there is no
glibc (macOS, musl).

Never imports Textual.
"""

from __future__ import annotations

import contextvars
import functools
import gc
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:  # asyncio and the executors load with the first use: `--version` needs neither
    import asyncio
    from concurrent.futures import Future, ThreadPoolExecutor

P = ParamSpec("P")
T = TypeVar("T")

CPU_THREAD = "tui-models-work"
BLOCKING_THREAD = "tui-models-blocking"
SWITCH_INTERVAL = 0.001
"""Seconds a thread holds the interpreter lock while another waits for it (Python's default
is 0.005), once `install` ran."""
MAX_BLOCKING = 4
"""Blocking calls run at once; more wait for a thread. Enough for a key command, a copy and a
subprocess together; a few hung calls (bounded by their callers' timeouts) still leave room."""


# -- executors ---------------------------------------------------------------------------------

def install(loop: asyncio.AbstractEventLoop) -> ThreadPoolExecutor:
    """Make one thread `loop`'s default executor, shorten the interpreter's switch interval
    (see the module docstring) and return the executor. Call it once, as the loop starts
    (the TUI's `on_load`)."""
    from concurrent.futures import ThreadPoolExecutor

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=CPU_THREAD)
    loop.set_default_executor(executor)
    sys.setswitchinterval(SWITCH_INTERVAL)
    return executor


async def blocking(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` in the blocking pool, never behind CPU work on the default
    executor. Its result or exception is the caller's; cancelling the caller before the call
    starts means it never runs (once started, a thread cannot be stopped: it finishes alone).
    The context (`contextvars`) is the caller's, as with `asyncio.to_thread`."""
    import asyncio

    context = contextvars.copy_context()
    call = functools.partial(context.run, fn, *args, **kwargs)
    return await asyncio.wrap_future(_BLOCKING.submit(call))


class _DaemonPool:
    """Up to `size` daemon threads, started when a call finds none waiting: unlike
    `ThreadPoolExecutor`'s, its threads are not joined at exit, so a hung call never holds
    the process."""

    def __init__(self, size: int, name: str) -> None:
        self._size, self._name = size, name
        self._work: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._waiting = 0
        """Threads waiting for a call."""
        self._queued = 0
        """Calls submitted and not yet taken by a thread."""

    def submit(self, call: Callable[[], T]) -> Future[T]:
        from concurrent.futures import Future

        future: Future[T] = Future()
        with self._lock:
            self._queued += 1
            self._work.put((future, call))
            if self._queued > self._waiting and self._threads < self._size:
                self._threads += 1
                threading.Thread(target=self._serve, name=f"{self._name}-{self._threads}",
                                 daemon=True).start()
        return future

    def _serve(self) -> None:
        while True:
            with self._lock:
                self._waiting += 1
            future, call = self._work.get()
            with self._lock:
                self._waiting -= 1
                self._queued -= 1
            _run(future, call)
            del future, call  # nothing of the last call is kept alive while waiting


def _run(future: Future[T], call: Callable[[], T]) -> None:
    if future.set_running_or_notify_cancel():  # False: cancelled before it started
        try:
            result = call()
        except BaseException as exc:  # the caller's to handle, as in an executor
            future.set_exception(exc)
        else:
            future.set_result(result)


_BLOCKING = _DaemonPool(MAX_BLOCKING, BLOCKING_THREAD)


# -- the cyclic collector ----------------------------------------------------------------------

_pause_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while pages are parsed (safe across threads: the
    collector runs again when the last pause ends, if it ran before the first began)."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def paused(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`work(*args, **kwargs)` with the cyclic collector paused (see `collector_paused`):
    for a thread that builds many objects and no cycles (an index, a price table)."""
    with collector_paused():
        return work(*args, **kwargs)


def settle(*, trim: bool = True) -> bool:
    """What to do once a big load is committed (the new records in place, the old dropped).

    Freezes every object alive now (`gc.freeze`): hundreds of thousands of long-lived records,
    the new index, the relay's prices leave the cyclic collector's sight, so a collection
    while the user types does not walk them all. Freezing is a list splice (microseconds,
    fine on the event loop); collecting first would itself walk every new object (~140 ms at
    100,000 models). Records hold no cycles: reference counting still frees the old ones, and
    the little cyclic garbage alive at this moment is merely kept.

    Then, with `trim`, gives freed heap back to the system (`give_back`: milliseconds to tens
    of them, with the interpreter lock released but the calling thread blocked). On an event
    loop, call `settle(trim=False)` after each commit and `await asyncio.to_thread(settle)`
    once no other load is queued, so a burst of loads trims once. Returns whether memory
    was given back.
    """
    gc.freeze()
    return give_back() if trim else False


# -- a command's life -------------------------------------------------------------------------

def starting() -> None:
    """The process starts a command: no cyclic collection until `lasting()` (see the module
    docstring). For the process's entry point only: a library call leaves the collector be."""
    gc.disable()


def lasting() -> None:
    """The command is up and keeps running (a screen, a loop): what the start built leaves
    the collector's sight, and the collector runs as usual from here."""
    gc.freeze()
    gc.enable()


def leaving() -> None:
    """The process is about to exit: what is alive leaves the collector's sight, so the
    interpreter's last collection has nothing to walk. Reference counting still finalises
    everything (files are closed, buffers flushed)."""
    gc.freeze()


# -- memory ------------------------------------------------------------------------------------

@functools.cache
def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # once, when the first big load has settled: not at start-up
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> bool:
    """Return free heap memory to the system (releases the interpreter lock meanwhile).
    True when the allocator could be asked."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
