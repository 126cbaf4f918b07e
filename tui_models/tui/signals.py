"""The signals that would end the explorer without restoring the terminal.

Python's default for SIGTERM, SIGHUP and SIGQUIT ends the process at once, leaving the
terminal in the alternate screen with mouse reporting on; SIGINT (ctrl+c is a key here, so
only `kill -INT`) would raise inside whatever runs. Each is turned into an orderly exit
instead, as `q` does (the driver restores the terminal), with status 128 + the signal's
number, as a shell reports a process a signal ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

HANDLED = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT)


def install(loop: asyncio.AbstractEventLoop, exit: Callable[[int], object]) -> None:
    """On each of `HANDLED`, call `exit(128 + signal)` on `loop`."""
    for number in HANDLED:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, exit, 128 + number)
