"""Where the first frame's time goes: the app and the floor sampled by py-spy, cut at the frame.

    .venv/bin/pip install -e '.[bench]' py-spy
    .venv/bin/python -m benchmarks.first_frame_profile [RUNS] [FILTER]

`first_frame_pty` says how long the first frame takes; this says where, against the same
floor (a bare Textual app, `first_frame_pty.FLOOR`). Each program runs RUNS times under
`py-spy record` (1 kHz, `--nonblocking`) in the benchmark's pty, through a shim that ends the
process as soon as its first frame showing the cached list (or the floor's Static) is handed
to Textual's writer thread. So the samples stop at the first frame and none of the work after
it (the fetch, the catalogue) is counted. It prints one JSON line (the main thread's sampled
ms per launch, the app's and the floor's), then the functions whose inclusive time differs
most, per launch: app, floor, difference. FILTER keeps the functions whose name or file
contains it (`tui_models`, `textual/css`…). Sampling slows both programs alike; read the
differences, not the totals.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import sys
import time

from benchmarks.common import emit
from benchmarks.first_frame_pty import launches
from benchmarks.terminal import Terminal

SHIM = """
import os, re, sys
import textual.drivers._writer_thread as writer

MARK = re.compile(os.environ["CUT_MARK"])
write = writer.WriterThread.write

def write_then_stop(self, text):
    write(self, text)
    if MARK.search(text):
        os._exit(0)  # py-spy stops sampling here and writes the profile

writer.WriterThread.write = write_then_stop
if sys.argv[1] == "--app":
    sys.argv[:2] = ["tui-models"]
    from tui_models.cli import console
    sys.exit(console())
path = sys.argv[1]
del sys.argv[0]
exec(compile(open(path).read(), path, "exec"), {"__name__": "__main__"})
"""
LIBRARY = re.compile(r".*/(site-packages|lib/python[0-9.]+)/")  # shorter file names
MARKS = {"app": r"[1-9][\d,]* of [\d,]+", "floor": "floor: first frame"}


def sampled(profile: str) -> tuple[int, collections.Counter[str]]:
    """The main thread's samples of one speedscope file and each function's inclusive count."""
    with open(profile) as source:
        data = json.load(source)
    frames = data["shared"]["frames"]
    names = [f"{f['name']} ({LIBRARY.sub('', f.get('file', ''))})" for f in frames]
    main = data["profiles"][0]  # py-spy lists the main thread first
    inclusive: collections.Counter[str] = collections.Counter()
    for stack in main["samples"]:
        inclusive.update({names[i] for i in stack})
    return len(main["samples"]), inclusive


def profile(spy: str, argv: list[str], env: dict[str, str], mark: str, out: str) -> None:
    """Sample `argv` into `out` until its first frame with `mark`; py-spy exits once written."""
    term = Terminal([spy, "record", "--nonblocking", "-r", "1000", "-f", "speedscope",
                     "-o", out, "--", *argv], {**env, "CUT_MARK": mark})
    try:
        deadline = time.perf_counter() + 60
        while os.waitpid(term.pid, os.WNOHANG) == (0, 0):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{argv} never showed {mark!r}:\n" + "\n".join(term.screen()))
            time.sleep(0.05)
    finally:
        term.close()  # the pty (the process has ended, or is ended here)
    if not os.path.exists(out):
        raise RuntimeError(f"py-spy wrote no profile of {argv}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    keep = sys.argv[2] if len(sys.argv) > 2 else ""
    spy = shutil.which("py-spy", path=os.path.dirname(sys.executable)) or shutil.which("py-spy")
    if not spy:
        sys.exit("needs py-spy: .venv/bin/pip install py-spy")
    with launches(50) as (env, url, _command, floor_file):
        home = os.path.dirname(floor_file)
        shim = os.path.join(home, "shim.py")
        with open(shim, "w") as out:
            out.write(SHIM)
        argv = {"app": [sys.executable, shim, "--app", "--base-url", url],
                "floor": [sys.executable, shim, floor_file]}
        totals = {name: 0 for name in argv}
        functions = {name: collections.Counter() for name in argv}
        for run in range(runs):
            for name in argv:
                out = os.path.join(home, f"{name}{run}.json")
                profile(spy, argv[name], env, MARKS[name], out)
                samples, inclusive = sampled(out)
                totals[name] += samples
                functions[name].update(inclusive)
    emit(benchmark="first_frame_profile", runs=runs,
         app_sampled_ms=round(totals["app"] / runs, 1),
         floor_sampled_ms=round(totals["floor"] / runs, 1))
    app, floor = functions["app"], functions["floor"]
    names = [n for n in set(app) | set(floor) if keep in n and "<frozen" not in n]
    names.sort(key=lambda n: -abs(app[n] - floor[n]))
    print(f"{'app':>7} {'floor':>7} {'diff':>7}  function (ms per launch)")
    for name in names[:40]:
        print(f"{app[name] / runs:7.1f} {floor[name] / runs:7.1f} "
              f"{(app[name] - floor[name]) / runs:+7.1f}  {name[:120]}")


if __name__ == "__main__":
    main()
