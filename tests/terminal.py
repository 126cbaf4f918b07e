"""Drive a command in a private tmux server, as a user at a real terminal would."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping

import pytest


class Tmux:
    """One tmux server with one pane running `command`, torn down by `close()`."""

    def __init__(self, command: list[str], *, env: Mapping[str, str], size=(100, 30)) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("tmux is not installed (.ci/run installs it)")
        self.socket = f"tui-models-test-{uuid.uuid4().hex[:8]}"
        self.env = dict(env)
        self.env.pop("TMUX", None)
        width, height = size
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width),
                 "-y", str(height), *command)
        self.run("set-option", "-g", "set-clipboard", "on")
        self.run("set-option", "-g", "remain-on-exit", "on")

    def run(self, *args: str, input: bytes | None = None) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, input=input,
                              capture_output=True, timeout=10, check=True)
        return done.stdout.decode("utf-8", "replace")

    def keys(self, *keys: str) -> None:
        """Send `keys` at once, in one burst (the app must take type-ahead as typed)."""
        self.run("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "t", "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def buffer(self) -> str:
        try:
            return self.run("show-buffer")
        except subprocess.CalledProcessError:
            return ""

    def alive(self) -> bool:
        return self.run("list-panes", "-t", "t", "-F", "#{pane_dead}").strip() == "0"

    def wait_for(self, check: Callable[[str], bool], timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env,
                       capture_output=True, check=False)


def terminal_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    env.setdefault("TERM", "xterm-256color")
    return env
