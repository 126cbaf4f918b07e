"""Run a full-screen app on the terminal while stdout stays free for a result (as fzf does).

Textual draws on file descriptor 1 and sizes itself from it. When stdout is captured
(`$(tui-models pick)`), descriptor 1 is pointed at `/dev/tty` while the app runs, and the
result goes to the saved, real stdout afterwards. Standard input is taken from the terminal
too when it is not one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tui_models.errors import NoTerminal
from tui_models.textsafe import visible


class Result:
    """Writes the chosen text to the real stdout once the app is gone."""

    def __init__(self, descriptor: int, is_terminal: bool) -> None:
        self._descriptor = descriptor
        self.is_terminal = is_terminal

    def write(self, text: str) -> None:
        """`text` exactly; shown inert, with a newline, when stdout is a terminal."""
        data = (visible(text) + "\n") if self.is_terminal else text
        payload = data.encode("utf-8", "surrogateescape")
        while payload:
            written = os.write(self._descriptor, payload)
            payload = payload[written:]


@contextmanager
def on_terminal() -> Iterator[Result]:
    """Point descriptors 1 (and 0 if needed) at /dev/tty for the duration; yield the result."""
    sys.stdout.flush()
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        raise NoTerminal("this command needs a terminal, and /dev/tty cannot be opened") from None
    saved_out = os.dup(1)
    saved_in = None if os.isatty(0) else os.dup(0)
    result = Result(saved_out, os.isatty(saved_out))
    try:
        os.dup2(tty, 1)
        if saved_in is not None:
            os.dup2(tty, 0)
        yield result
    finally:
        sys.stdout.flush()
        os.dup2(saved_out, 1)
        os.close(saved_out)
        if saved_in is not None:
            os.dup2(saved_in, 0)
            os.close(saved_in)
        os.close(tty)
        result._descriptor = 1  # the real stdout again, for the caller's write
