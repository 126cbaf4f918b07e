"""`tui-models watch`: fetch, compare with the previous fetch, report; again and again."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence

from tui_models.cli.common import (
    chosen_protocols,
    fail,
    gather,
    output,
    report,
    say,
    session_for,
)
from tui_models.cli.options import add_common, add_format, add_protocol
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from tui_models.secret import Secret
from tui_models.store.history import Event

EXEC_TIMEOUT = 300.0
"""Seconds an --exec command may run before it is stopped."""
SHORTEST = 10.0
"""The shortest --every: a gateway is not a thing to hammer."""

EPILOG = """\
each round fetches the lists (and the relay's prices), keeps what changed in the history
(`tui-models changes` reads it back) and prints one line per change, or nothing when nothing
changed. A failed fetch is one line on stderr; the next round tries again.

--exec CMD runs CMD (split as a shell would, but run without one: write `sh -c '…'` for
pipes) after each round that found changes, with the changes as a JSON array on stdin —
the same records as `changes --json`. The key is never in its arguments or environment:
every variable holding it is removed. CMD runs for at most 5 minutes.

examples:
  tui-models watch --every 6h
  tui-models watch --once --exec 'notify-send "models changed"'      (for cron: exit 4)
  tui-models watch --every 1h --exec 'sh -c "jq . >> ~/model-changes.json"'

exit codes (--once): 0 nothing changed, 4 something did, 1 the fetch or CMD failed, or
another watch of this gateway and key is running, 2 bad input, 3 some protocols failed.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "watch", help="fetch, compare and report changes, every so often (or --once)",
        description="Fetch the lists every --every, keep and print what changed since the "
                    "previous fetch, and run --exec CMD with the changes on stdin.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", default="6h", metavar="AGE",
                        help="time between fetches: 30m, 6h, 1d (default: 6h; at least 10s)")
    parser.add_argument("--once", action="store_true",
                        help="one round, then exit (4 when something changed): for cron")
    parser.add_argument("--exec", dest="command", metavar="CMD",
                        help="run CMD with the changes as JSON on stdin, after each round "
                             "that found some")
    add_protocol(parser, "watch one protocol's list only (default: all)")
    add_format(parser, help="table (default): a line per change; json: one array per round")
    add_common(parser)
    parser.set_defaults(run=run, lasting=True)


def run(args: argparse.Namespace) -> int:
    from tui_models import fmt
    from tui_models.listing.gather import history_of

    every = fmt.parse_duration(args.every)
    if every is None or every < SHORTEST:
        return fail(f"--every wants a time of at least {SHORTEST:g}s, such as 30m, 6h or 1d")
    argv = shlex.split(args.command) if args.command else []
    if args.command is not None and not argv:
        return fail("--exec wants a command")
    with session_for(args) as session:
        asked = chosen_protocols(session.profile, args.protocol)
        history = history_of(session)
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(history.watching())
            except BlockingIOError:
                return fail("another `tui-models watch` of this gateway and key is running",
                            EXIT_FAILED)
            except OSError as exc:
                return fail(f"cannot take the watch lock: {exc.strerror or exc}",
                            EXIT_FAILED)
            try:
                while True:
                    code = _round(session, asked, args, argv)
                    if args.once:
                        return code
                    time.sleep(every)
            except KeyboardInterrupt:
                return EXIT_OK


def _round(session, asked: tuple[str, ...], args: argparse.Namespace,  # type: ignore[no-untyped-def]
           argv: Sequence[str]) -> int:
    """One fetch, its changes printed (and handed to CMD); the exit code of `--once`."""
    from tui_models.cli.changes import record, table

    found = gather(session, asked, gone=True)
    problems = report(found.loads)
    if not found.loaded:
        say(time.strftime("%Y-%m-%d %H:%M ", time.localtime()) + "the fetch failed; "
            "nothing compared")
        return EXIT_FAILED
    events: list[Event] = found.changes
    records = [record(e) for e in events]
    if args.format == "json":
        output(lambda: sys.stdout.write(json.dumps(records, ensure_ascii=False) + "\n"))
    elif events:
        output(lambda: (sys.stdout.write("\n".join(table(events)) + "\n"), sys.stdout.flush()))
    if events and argv and not _exec(argv, records, session.key, session.profile.api_key_env):
        return EXIT_FAILED
    if events:
        return EXIT_DIFFERENT
    return EXIT_PARTIAL if problems else EXIT_OK


def clean_environment(key: Secret, key_env: str,
                      environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a command is given: every variable holding the key removed (the
    profile's own key variable too, whatever it holds)."""
    secret = key.reveal()
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items()
            if name != key_env and not (secret and secret in value)}


def _exec(argv: Sequence[str], records: list[dict], key: Secret, key_env: str) -> bool:
    """Run `argv` with `records` as JSON on stdin; False (said on stderr) when it failed."""
    payload = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    name = argv[0]
    try:
        done = subprocess.run(list(argv), input=payload.encode(), timeout=EXEC_TIMEOUT,
                              env=clean_environment(key, key_env), check=False)
    except FileNotFoundError:
        say(f"--exec: {name}: command not found")
        return False
    except PermissionError:
        say(f"--exec: {name}: permission denied")
        return False
    except subprocess.TimeoutExpired:
        say(f"--exec: {name} was stopped after {EXEC_TIMEOUT:g}s")
        return False
    except OSError as exc:
        say(f"--exec: {name}: {exc.strerror or exc}")
        return False
    if done.returncode != 0:
        say(f"--exec: {name} exited with status {done.returncode}")
        return False
    return True
