"""The runtime policy: one thread for CPU work, a pool of its own for blocking calls, the
collector paused while lists are built and frozen once they are in place."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import sys
import threading

import pytest

from tui_models import runtime

WAIT = 10.0
"""Generous bound on a wait that should end at once (never reached when things work)."""


async def test_install_makes_one_thread_the_default_executor_and_shortens_the_switch():
    loop = asyncio.get_running_loop()
    switch = sys.getswitchinterval()
    executor = runtime.install(loop)
    try:
        # A key, its frame and the frame's write each wait for the lock a parser holds.
        assert sys.getswitchinterval() == runtime.SWITCH_INTERVAL < 0.005
        running, most = 0, 0
        lock = threading.Lock()

        def work() -> str:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            try:
                return threading.current_thread().name
            finally:
                with lock:
                    running -= 1

        names = await asyncio.gather(*(asyncio.to_thread(work) for _ in range(8)))
        assert most == 1 and {n.split("_")[0] for n in names} == {runtime.CPU_THREAD}
    finally:
        executor.shutdown(wait=False)
        sys.setswitchinterval(switch)


async def test_a_blocking_call_never_waits_behind_cpu_work():
    """A slow `api_key_cmd` used to queue behind an index rebuild on the one-thread
    default executor; now it runs beside it."""
    loop = asyncio.get_running_loop()
    executor = runtime.install(loop)
    release = threading.Event()
    try:
        busy = asyncio.ensure_future(asyncio.to_thread(release.wait, WAIT))  # the rebuild
        await asyncio.sleep(0)
        name = await asyncio.wait_for(
            runtime.blocking(lambda: threading.current_thread().name), WAIT)
        assert name.startswith(runtime.BLOCKING_THREAD) and not busy.done()
        release.set()
        assert await busy is True
    finally:
        release.set()
        executor.shutdown(wait=False)


async def test_blocking_passes_arguments_results_errors_and_context():
    variable = contextvars.ContextVar("variable", default="unset")
    variable.set("the caller's")
    assert await runtime.blocking(lambda a, *, b: a + b, 1, b=2) == 3
    assert await runtime.blocking(variable.get) == "the caller's"
    assert await runtime.blocking(lambda: threading.current_thread().daemon) is True
    with pytest.raises(ZeroDivisionError):
        await runtime.blocking(lambda: 1 / 0)


async def test_a_blocking_call_cancelled_before_it_starts_never_runs():
    release = threading.Event()
    started = threading.Semaphore(0)

    def hold() -> None:
        started.release()
        release.wait(WAIT)

    holders = [asyncio.ensure_future(runtime.blocking(hold))
               for _ in range(runtime.MAX_BLOCKING)]
    ran = []
    try:
        for _ in holders:  # every thread of the pool is taken
            assert await asyncio.to_thread(started.acquire, timeout=WAIT)
        queued = asyncio.ensure_future(runtime.blocking(ran.append, "ran"))
        await asyncio.sleep(0)
        queued.cancel()
        with pytest.raises(asyncio.CancelledError):
            await queued
    finally:
        release.set()
    await asyncio.gather(*holders)
    assert await runtime.blocking(lambda: "after") == "after"  # the pool serves on
    assert ran == []


def test_the_collector_is_paused_across_threads_and_resumes_after_the_last():
    assert gc.isenabled()
    inner_done = threading.Event()
    with runtime.collector_paused():
        assert not gc.isenabled()

        def other() -> None:
            with runtime.collector_paused():
                assert not gc.isenabled()
            inner_done.set()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(WAIT)
        assert inner_done.is_set() and not gc.isenabled()  # still paused: ours has not ended
    assert gc.isenabled()
    assert runtime.paused(gc.isenabled) is False and gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with runtime.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_settle_freezes_what_is_alive_and_gives_memory_back():
    gc.unfreeze()
    records = [{"id": str(i)} for i in range(1000)]
    try:
        assert runtime.settle(trim=False) is False
        frozen = gc.get_freeze_count()
        assert frozen >= len(records)  # out of the collector's sight
        assert runtime.settle() is runtime.give_back()  # trimmed where glibc can be asked
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


CONSOLE = """
import gc, json, sys
from tui_models import cli
from tui_models.cli import {module} as command

seen = {{}}

def run(args):
    seen["collecting"] = gc.isenabled()
    return 0

command.run = run  # registered by the parser as the command's `run`
sys.argv = ["tui-models", *{argv!r}]
code = cli.console()
seen.update(code=code, frozen=gc.get_freeze_count() > 0)
print(json.dumps(seen))
"""


@pytest.mark.parametrize(("module", "argv", "collecting"), [
    ("list_models", ["list", "--demo", "--format", "ids"], False),  # a command that ends
    ("why", ["why", "gpt-4o", "--demo"], False),
    ("watch", ["watch", "--demo"], True),  # a loop: as usual
    ("serve_demo", ["serve-demo"], True),
    ("pick", ["pick", "--demo"], False),  # screens: from their first frame (test_tui)
    ("explore", ["--demo"], False),
])
def test_the_script_runs_a_command_that_ends_without_the_collector(module, argv, collecting):
    """`console()` (the `tui-models` script): no cyclic collection for a command that ends,
    as usual for a loop, and what is alive frozen on the way out (the interpreter's last
    collection walks nothing)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", CONSOLE.format(module=module, argv=argv)],
                          capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"collecting": collecting, "code": 0, "frozen": True}
