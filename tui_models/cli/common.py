"""What every command shares: its session, the pipeline, problems said once, safe output.

Commands are one module each (`tui_models.cli.<command>`), registered in `parser.py`; each
calls these helpers and returns its exit code. Expected failures are raised as
`TuiModelsError`s, which `main` turns into one line and an exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tui_models import protocols
from tui_models.cli.options import overrides_from
from tui_models.errors import EXIT_USAGE, UsageError
from tui_models.textsafe import visible

if TYPE_CHECKING:
    from tui_models.config import Profile
    from tui_models.listing.gather import Gathered
    from tui_models.listing.loading import ProtocolLoad
    from tui_models.listing.query import Query
    from tui_models.session import Session


def say(message: str) -> None:
    """One line on stderr, made inert (a gateway's text may hold escapes)."""
    sys.stderr.write(f"tui-models: {visible(message)}\n")


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Say `message` and return `code`, for `return fail(…)`."""
    say(message)
    return code


def warn(message: str) -> None:
    say(f"warning: {message}")


@contextmanager
def session_for(args: argparse.Namespace, *, tui: bool = False) -> Iterator[Session]:
    """The session the command line asks for: the demo gateway's (started for the command,
    stopped after it) or the configured profile's. Raises ConfigError.

    The state older versions kept in the cache directory is moved first (`store.migrate`):
    said on stderr, or for the explorer (`tui`) kept in the session's notices."""
    from tui_models.session import resolve
    from tui_models.store import paths

    moved: list[str] = []
    if paths.legacy_state_left():
        from tui_models.store import migrate

        moved = migrate.run()
    if not tui:
        for notice in moved:
            say(notice)
    if getattr(args, "demo", False):
        from tui_models.cli.demo import demo_session

        with demo_session(overrides_from(args), extra_models=getattr(args, "demo_models", 0)
                          ) as session:
            session.notices += moved if tui else []
            yield session
        return
    session = resolve(overrides_from(args))
    session.notices += moved if tui else []
    yield session


def query_of(args: argparse.Namespace) -> tuple[str, Query]:
    """The search terms of the command line, checked before any request: a mistyped term
    is the user's to fix."""
    from tui_models.listing.query import parse

    text = " ".join(args.query)
    query = parse(text)
    if query.problems:
        raise UsageError("search: " + "; ".join(query.problems))
    return text, query


def chosen_protocols(profile: Profile, choice: str) -> tuple[str, ...]:
    """`--protocol`'s choice on this profile (every protocol it offers for `all`)."""
    if choice == "all":
        return profile.offered
    if choice in profile.offered:
        return (choice,)
    raise UsageError(f"preset {profile.preset} does not offer a {choice} list")


def gather(session: Session, chosen: tuple[str, ...], **options: bool) -> Gathered:
    """`listing.gather.gather` for a command: the config's warnings said first, the
    pipeline's notices after."""
    from tui_models.listing.gather import gather as run

    for warning in session.warnings:
        warn(warning)
    found: list[Gathered] = []

    async def main() -> None:
        # Kept out of asyncio.run's result: on the way out it builds the repr() of its main
        # task, result included, which costs seconds and memory for 100,000 models.
        found.append(await run(session, chosen, **options))

    asyncio.run(main())
    for notice in found[0].notices:
        warn(notice)
    return found[0]


def report(loads: dict[str, ProtocolLoad], who: str = "") -> int:
    """One stderr line per problem of each protocol's load (`who` first: which profile);
    returns how many."""
    from tui_models import fmt

    problems = 0
    for protocol, outcome in loads.items():
        for notice in outcome.take_notices():
            warn(f"{who}{notice}")
        if outcome.error is not None:
            problems += 1
            stale = outcome.stale
            say(f"{who}{outcome.error}" + (f"; printing the cached list from "
                                           f"{fmt.age(stale.age)}" if stale else ""))
        for warning in outcome.warnings:
            problems += 1
            say(f"{who}{protocols.label(protocol)}: {warning}")
    return problems


def output(write: Callable[[], object]) -> None:
    """Run `write` on stdout; a full disk or a closed stdout is one line, not a traceback."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second failure
        raise UsageError(f"cannot write the output: {exc.strerror or exc}") from None
