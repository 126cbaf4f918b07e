"""End to end in a real terminal: the app in tmux, keys typed, the tmux buffer read back."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest

from .terminal import Tmux, terminal_env

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


@pytest.fixture
def tmux_app():
    sessions = []

    def start(*args: str, size=(100, 30)) -> Tmux:
        session = Tmux([sys.executable, "-m", "tui_models", *args], env=terminal_env(), size=size)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def loaded(screen: str) -> bool:
    """Every protocol settled: the sidebar's All row counts models instead of loading."""
    return "loading" not in screen and re.search(r"\n\d[\d,]* models ", screen) is not None


def test_search_enter_c_puts_the_exact_case_twin_in_the_tmux_buffer(tmux_app):
    term = tmux_app("--demo", size=(80, 24))
    term.wait_for(loaded)
    term.keys("/")
    term.type("GPT-4o owner:azure")
    term.keys("Enter", "c")
    term.wait_for(lambda s: "Copied" in s)
    assert term.buffer() == "GPT-4o"
    assert term.alive()
    term.keys("/")  # selects the query: what is typed next replaces it
    term.type("gpt-4o")
    term.keys("Enter", "c")
    term.wait_for(lambda s: "Copied gpt-4o" in s)
    assert term.buffer() == "gpt-4o"
    screen = term.screen()
    assert "Traceback" not in screen
    term.keys("q")


def test_a_burst_of_keys_lands_where_slow_typing_would(tmux_app):
    term = tmux_app("--demo", size=(80, 24))
    term.wait_for(loaded)
    term.keys("/", "gpt-4o", "Enter", "c")  # one send-keys: a paste or a slow SSH link
    term.wait_for(lambda s: "Copied gpt-4o" in s)
    assert term.buffer() == "gpt-4o"
    term.keys("/", "GPT-4o owner:azure", "Enter", "c")
    term.wait_for(lambda s: "Copied GPT-4o" in s)
    assert term.buffer() == "GPT-4o"
    assert term.alive()


def test_hostile_ids_cannot_touch_the_terminal_or_clipboard():
    from tui_models.demo import DemoGateway

    with DemoGateway(faults={"openai": "hostile-ids"}) as gw:
        term = Tmux([sys.executable, "-m", "tui_models", "--base-url", gw.url],
                    env={**terminal_env(), "MEMORYLAKE_API_KEY": "demo-key"}, size=(120, 30))
        try:
            screen = term.wait_for(loaded)
            assert screen.splitlines()[0].lstrip().startswith("tui-models")
            term.keys("2")
            screen = term.wait_for(lambda s: "[bold red]markup[/bold red]" in s)
            assert "\\x1b]52;c;aGFja2" in screen
            # Sorted by id, the first row holds an escape sequence; the table has the focus.
            term.keys("c")
            term.wait_for(lambda s: "Not copied" in s)
            assert "hacked" not in term.buffer()
            assert term.screen().splitlines()[0].lstrip().startswith("tui-models")
            assert term.alive()
        finally:
            term.close()


def run_pick(tmp_path, *keys: str, text: str = "") -> tuple[str, str]:
    """`tui-models pick --demo > out` in tmux; returns (stdout, exit status)."""
    out, status = tmp_path / "out", tmp_path / "status"
    script = (f"{shlex.quote(sys.executable)} -m tui_models pick --demo > {out}; "
              f"echo $? > {status}")
    term = Tmux(["sh", "-c", script], env=terminal_env(), size=(80, 24))
    try:
        term.wait_for(loaded)
        if text:
            term.type(text)
        term.keys(*keys)
        term.wait_for(lambda s: status.exists() and status.read_text().strip() != "")
    finally:
        term.close()
    return out.read_bytes().decode(), status.read_text().strip()


def test_pick_leaves_exactly_the_id_on_stdout(tmp_path):
    out, status = run_pick(tmp_path, "Enter", text="GPT-4o owner:azure")
    assert (out, status) == ("GPT-4o", "0")


def test_pick_escape_prints_nothing_and_exits_1(tmp_path):
    out, status = run_pick(tmp_path, "Escape")
    assert (out, status) == ("", "1")


def test_without_a_terminal_the_explorer_says_so_at_once(tmp_path):
    import os
    import subprocess

    done = subprocess.run(["setsid", "-w", sys.executable, "-m", "tui_models", "--demo"],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=30,
                          env={**os.environ}, check=False)
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == [
        "tui-models: this command needs a terminal, and /dev/tty cannot be opened"]
    assert b"\x1b" not in done.stdout + done.stderr


def _colours(escapes: str) -> set[tuple[int, int, int]]:
    """Every foreground and background colour the screen uses, as RGB."""
    cube = [0, 95, 135, 175, 215, 255]
    basic = {0: (0, 0, 0), 7: (192, 192, 192), 8: (128, 128, 128), 15: (255, 255, 255)}
    found = set()
    for code in re.findall(r"\x1b\[([\d;]*)m", escapes):
        parts = [int(p) for p in code.split(";") if p]
        for i, part in enumerate(parts[:-2]):
            if part in (38, 48) and parts[i + 1] == 5:
                n = parts[i + 2]
                if n in basic:
                    found.add(basic[n])
                elif 16 <= n <= 231:
                    n -= 16
                    found.add((cube[n // 36], cube[n // 6 % 6], cube[n % 6]))
                elif n >= 232:
                    grey = 8 + (n - 232) * 10
                    found.add((grey, grey, grey))
                else:
                    found.add((-1, -1, n))  # one of the named colours: a hue
            elif part in (38, 48) and parts[i + 1] == 2 and i + 4 < len(parts):
                found.add(tuple(parts[i + 2:i + 5]))
    return found


def test_no_color_draws_the_explorer_in_shades_of_grey_and_dumb_terminals_work(tmux_app,
                                                                               monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    term = tmux_app("--demo")
    term.wait_for(loaded)
    colours = _colours(term.run("capture-pane", "-p", "-e", "-t", "t"))
    assert colours, "the screen is drawn with shades"
    assert all(r == g == b for r, g, b in colours), colours  # no hue anywhere
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    term = tmux_app("--demo")
    screen = term.wait_for(loaded)
    assert "gpt-4o" in screen and term.alive()


def test_list_writes_no_escape_sequence_under_no_color_or_a_dumb_terminal():
    import os
    import subprocess

    for extra in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        done = subprocess.run([sys.executable, "-m", "tui_models", "list", "--demo"],
                              capture_output=True, env={**os.environ, **extra}, timeout=60,
                              check=True)
        assert b"gpt-4o" in done.stdout and b"\x1b" not in done.stdout + done.stderr


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"])
def test_a_signal_restores_the_terminal_and_exits_128_plus_its_number(tmp_path, name):
    import signal

    number = getattr(signal, name)
    status = tmp_path / "status"
    script = f"{shlex.quote(sys.executable)} -m tui_models --demo; echo $? > {status}"
    term = Tmux(["sh", "-c", script], env=terminal_env(), size=(80, 24))
    try:
        term.wait_for(loaded)
        shell = int(term.run("display", "-p", "-t", "t", "#{pane_pid}"))
        children = Path(f"/proc/{shell}/task/{shell}/children")  # the shell's child: the app
        app = int(children.read_text().split()[0])
        os.kill(app, number)
        term.wait_for(lambda s: status.exists() and status.read_text().strip() != "")
        modes = term.run("display", "-p", "-t", "t", "#{alternate_on} #{mouse_any_flag}")
    finally:
        term.close()
    assert status.read_text().strip() == str(128 + number)
    assert modes.split() == ["0", "0"]  # the alternate screen left, mouse reporting off
