"""Keystroke → screen in a real terminal: the app on a pty, against a floor app, at 1k/10k/100k.

    .venv/bin/pip install pyte        # the VT emulator the frames are replayed with
    .venv/bin/python -m benchmarks.terminal [SIZES…]

The harness is the terminal, as kitty or WezTerm are: it answers Textual's synchronized-output
query (`CSI ? 2026 $ p` → mode set), so every frame ends with `CSI ? 2026 l`, and timestamps
every chunk the app writes. Afterwards the bytes are replayed through `pyte` to know what each
frame showed. A key's latency is from writing it to the pty to the end of the first frame whose
screen shows its effect (the search box holding exactly the text typed so far; in tui-models
the table is filtered in that same frame). Keys come 50 ms apart, like a fast typist.

The floor is a bare Textual `Input` whose value a `Static` echoes (`benchmarks/floor_app.py`),
measured by the same harness in the same run, right before the app at each size. Budgets:
median ≤ 2× floor, p95 ≤ 3× floor.

The first key typed after the load (the index just swapped in) is reported apart too, with
the same key typed again later from the same empty box: it should cost no more than 2× that.
Then, at each size, `j` is pressed every 50 ms for 3 s, then `r` (refresh) and `j` for 6 s
more: the longest gap between frames in each window. Budget: refresh gap ≤ 2× the gap without.
"""

from __future__ import annotations

import bisect
import itertools
import os
import pty
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable

from benchmarks.common import emit, gateway, percentile
from tui_models.demo.data import CURATED

try:
    import pyte
except ImportError:  # pragma: no cover - a benchmark dependency, not the app's
    sys.exit("benchmarks.terminal needs pyte: .venv/bin/pip install pyte")

SIZE = (120, 40)
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;1$y"
FRAME_START = b"\x1b[?2026h"
FRAME_END = b"\x1b[?2026l"
BURST = 0.003
"""Silence after which output without synchronized-output marks counts as a whole frame."""
GAP = 0.05
QUERIES = ("syn-openai-chat-00012", "gpt-4o", "claude sonnet", "qwen3", "syn-openai-chat-00012")
"""The first query comes again last: its first key then does the same work (a scan of every
model) as right after the load, in steady state."""


class Terminal:
    """A program on a pty whose other end this object is: it answers the synchronized-output
    query and keeps every chunk the program writes, with the time it arrived."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.chunks: list[tuple[float, bytes]] = []
        pid, fd = pty.fork()
        if pid == 0:  # the child: a session leader whose controlling terminal is the pty
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        cols, rows = SIZE
        import fcntl

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self._live = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self._live)
        self._fed = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not data:
                return
            self.chunks.append((time.perf_counter(), data))
            if SYNC_QUERY in data:
                os.write(self.fd, SYNC_REPLY)

    def send(self, data: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.fd, data)
        return sent

    def screen(self) -> list[str]:
        """The screen now (replaying what arrived since the last look)."""
        chunks = self.chunks[self._fed:]
        self._fed += len(chunks)
        for _, data in chunks:
            self._stream.feed(data)
        return list(self._live.display)

    def wait_for(self, condition: Callable[[list[str]], bool], timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if condition(self.screen()):
                return True
            time.sleep(0.05)
        return False

    def frames(self) -> list[tuple[float, list[str]]]:
        """Every frame: (the time its last byte arrived, the screen it left).

        A frame ends with `CSI ? 2026 l`. Before Textual has the terminal's answer to its
        query it writes frames without those marks: there a frame ends with its burst of
        chunks (the next comes `BURST` or more later, or none has come yet)."""
        screen = pyte.Screen(*SIZE)
        stream = pyte.ByteStream(screen)
        frames: list[tuple[float, list[str]]] = []
        chunks = list(self.chunks)
        synced = False  # inside a frame opened by `CSI ? 2026 h`
        for number, (at, data) in enumerate(chunks):
            done = 0
            while True:
                opened, closed = data.find(FRAME_START, done), data.find(FRAME_END, done)
                if closed != -1 and (opened == -1 or closed < opened):
                    stream.feed(data[done:closed + len(FRAME_END)])
                    done, synced = closed + len(FRAME_END), False
                    frames.append((at, list(screen.display)))
                elif opened != -1:
                    stream.feed(data[done:opened + len(FRAME_START)])
                    done, synced = opened + len(FRAME_START), True
                else:
                    break
            stream.feed(data[done:])
            later = chunks[number + 1][0] if number + 1 < len(chunks) else None
            if not synced and data[done:] and (later is None or later - at >= BURST):
                frames.append((at, list(screen.display)))
        return frames

    def close(self) -> None:
        import signal

        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def typing_keys() -> list[tuple[bytes, str]]:
    """Each key and the search text after it: every query typed, then erased."""
    keys = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            keys.append((query[n - 1].encode(), query[:n]))
        for n in range(len(query) - 1, -1, -1):
            keys.append((b"\x7f", query[:n]))
    return keys


def latencies(term: Terminal, sent: list[tuple[float, str]],
              shows: Callable[[list[str], str], bool]) -> tuple[list[float], int]:
    """Per key, ms to the first frame that shows its effect — its text, or the text of a key
    sent after it (two keys handled before one frame are both shown by it); and how many
    keys never showed. A text ending in a space (the screen cannot tell) or empty is not
    measured."""
    frames = term.frames()
    times = [t for t, _ in frames]
    found, missed = [], 0
    for k, (sent_at, text) in enumerate(sent):
        if not text or text.endswith(" "):
            continue
        hit = None
        for at, lines in frames[bisect.bisect_left(times, sent_at):]:
            later = [t for s, t in sent[k:k + 20] if s <= at]
            if any(shows(lines, t) for t in later):
                hit = at
                break
        if hit is None:
            missed += 1
        else:
            found.append((hit - sent_at) * 1000)
    return found, missed


def type_all(term: Terminal) -> list[tuple[float, str]]:
    sent = []
    next_at = time.perf_counter()
    for data, text in typing_keys():
        next_at += GAP
        time.sleep(max(0.0, next_at - time.perf_counter()))
        sent.append((term.send(data), text))
    time.sleep(1.0)  # the last frames
    return sent


def floor_shows(lines: list[str], text: str) -> bool:
    return any(line.rstrip() == "echo:" + text for line in lines)


def app_shows(lines: list[str], text: str) -> bool:
    """tui-models' search box (second row, after the sidebar) holds exactly `text`."""
    row = lines[1]
    start = row.find("▕")
    return start >= 0 and row[start + 1:].split("  ")[0].rstrip() == text


def environment(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and
           k not in ("TMUX", "TUI_MODELS_PROFILE", "TUI_MODELS_BASE_URL")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", XDG_CONFIG_HOME=home + "/config",
               XDG_CACHE_HOME=home + "/cache", XDG_STATE_HOME=home + "/state",
               MEMORYLAKE_API_KEY="demo-key",
               TEXTUAL_FPS="60")
    return env


def measure_floor(home: str) -> list[float]:
    term = Terminal([sys.executable, "-m", "benchmarks.floor_app"], environment(home))
    try:
        if not term.wait_for(lambda lines: floor_shows(lines, ""), 30):
            raise RuntimeError("the floor app did not start")
        time.sleep(0.5)
        found, missed = latencies(term, type_all(term), floor_shows)
        if missed:
            raise RuntimeError(f"the floor app never showed {missed} keys")
        return found
    finally:
        term.close()


def loaded(total: int) -> Callable[[list[str]], bool]:
    """Every list in, and the relay's prices (the title names the key's group): steady."""
    text = f"of {total:,}"
    return lambda lines: text in lines[1] and sum(line.count("✓") for line in lines) >= 3 \
        and "group" in lines[0]


def frame_gap(term: Terminal, seconds: float, first: bytes = b"") -> float:
    """Press `first`, then `j` every 50 ms for `seconds`: the longest gap between frames,
    up to the frame that answers the last `j` (a frame drawn later, a status line settling,
    would count the quiet after the last key as a gap)."""
    start = time.perf_counter()
    if first:
        term.send(first)
    next_at = last = start
    while time.perf_counter() - start < seconds:
        next_at += GAP
        time.sleep(max(0.0, next_at - time.perf_counter()))
        last = term.send(b"j")
    time.sleep(0.5)  # the last key's frame
    times = [t for t, _ in term.frames() if start <= t]
    times = times[:bisect.bisect_right(times, last) + 1]
    return max((b - a for a, b in itertools.pairwise(times)), default=0.0) * 1000


def measure_app(url: str, total: int, home: str) -> dict:
    argv = [sys.executable, "-m", "tui_models", "--base-url", url, "--preset", "memorylake"]
    term = Terminal(argv, environment(home))
    try:
        started = time.perf_counter()
        if not term.wait_for(loaded(total), 600):
            raise RuntimeError("tui-models did not load:\n" + "\n".join(term.screen()))
        load_s = time.perf_counter() - started
        time.sleep(1.0)  # the index rebuilt with the relay's prices is swapped in
        term.send(b"/")
        time.sleep(0.3)
        found, missed = latencies(term, type_all(term), app_shows)
        term.send(b"\x1b")  # leave the search: `j` moves the table's cursor
        time.sleep(0.5)
        quiet = frame_gap(term, 3.0)
        refreshing = frame_gap(term, 6.0, first=b"r")
        again = len(found) - 2 * len(QUERIES[-1]) + 1  # the last query's first key
        return {"load_s": round(load_s, 1), "keys": found, "missed": missed,
                "first_key_ms": round(found[0], 1) if found else None,
                "same_key_steady_ms": round(found[again], 1) if not missed else None,
                "gap_ms": round(quiet), "refresh_gap_ms": round(refreshing)}
    finally:
        term.close()


def summary(values: list[float]) -> dict:
    return {"median_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1)}


def main(sizes: list[int]) -> None:
    for models in sizes:
        with gateway(models) as url, tempfile.TemporaryDirectory() as home:
            total = sum(not m.vip for m in CURATED) + models  # the All view's distinct ids
            floor = summary(measure_floor(home))
            app = measure_app(url, total, home)
            ours = summary(app["keys"])
            emit(benchmark="terminal", models=models, floor=floor, app=ours,
                 median_ratio=round(ours["median_ms"] / floor["median_ms"], 2),
                 p95_ratio=round(ours["p95_ms"] / floor["p95_ms"], 2),
                 keys=len(app["keys"]), missed=app["missed"], load_s=app["load_s"],
                 first_key_ms=app["first_key_ms"],
                 same_key_steady_ms=app["same_key_steady_ms"],
                 gap_ms=app["gap_ms"], refresh_gap_ms=app["refresh_gap_ms"],
                 refresh_ratio=round(app["refresh_gap_ms"] / max(app["gap_ms"], 1), 2))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
