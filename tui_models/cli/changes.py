"""`tui-models changes`: what changed between fetches, from the kept history."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from tui_models.cli.common import chosen_protocols, fail, gather, output, report, session_for
from tui_models.cli.options import add_common, add_format, add_protocol
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from tui_models.store.history import Event

EPILOG = """\
what is kept, after each fetch of a list that came complete (the explorer's, and every
command's): ids new and gone per protocol; list prices, context and output limits; the
relay's prices, limits and groups for the key's group, and the key's group itself; probes
that answered before and fail now; starred or recently used ids the catalogue now calls
deprecated. A list that failed or came cut short reports nothing gone. The history lives in
$XDG_STATE_HOME/tui-models/history/ (90 days at most), one file per gateway and key.

examples:
  tui-models changes                       fetch now, then the last 7 days' changes
  tui-models changes --since 30d --json | jq -r '.[] | select(.kind=="new") | .id'
  tui-models changes --no-fetch --since 12h   what the last fetches found, offline

exit codes: 0 no change in the window, 4 some, 1 nothing could be read, 2 bad input,
3 some protocols failed to load (the history is still printed).
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "changes", help="what changed between fetches: new, gone, prices, limits, groups",
        description="Fetch the lists (unless --no-fetch), then print what the kept history "
                    "says changed in the window: new and gone ids, price and limit "
                    "changes (the list's or the relay's), group changes, probe regressions.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", default="7d", metavar="AGE",
                        help="how far back: 12h, 7d, 2w (default: 7d)")
    parser.add_argument("--no-fetch", action="store_true",
                        help="read the kept history only; ask the gateway nothing")
    add_protocol(parser, "one protocol's changes only (default: all)")
    add_format(parser, help="table (default) for people, json for scripts")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models import fmt
    from tui_models.listing.gather import history_of

    window = fmt.parse_duration(args.since)
    if window is None:
        return fail(f"--since wants a time such as 12h, 7d or 2w, not {args.since!r}")
    problems = 0
    with session_for(args) as session:
        asked = chosen_protocols(session.profile, args.protocol)
        history = history_of(session)
        if not args.no_fetch:
            found = gather(session, asked, gone=True)
            problems = report(found.loads)
        try:
            events = history.read(time.time() - window)
        except OSError as exc:
            return fail(f"the history of changes cannot be read: {exc}", EXIT_FAILED)
    if args.protocol != "all":
        events = [e for e in events if e.protocol in ("", args.protocol)]
    if args.format == "json":
        output(lambda: sys.stdout.write(json.dumps([record(e) for e in events], indent=1,
                                                   ensure_ascii=False) + "\n"))
    else:
        lines = table(events) or [f"No change in the last {args.since}."]
        output(lambda: sys.stdout.write("\n".join(lines) + "\n"))
    if events:
        return EXIT_DIFFERENT
    return EXIT_PARTIAL if problems else EXIT_OK


def record(event: Event) -> dict:
    """An event as JSON: the kept line, with its time also in ISO 8601 (UTC)."""
    return {**event.record(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                    time.gmtime(event.at))}


SIGNS = {"new": "+", "gone": "-", "probe": "✗", "deprecated": "!", "group": "~"}


def describe(event: Event) -> str:
    """What one change says to people: `new`, `input 2.50 → 3.00 $/1M (relay)`…"""
    from tui_models import fmt
    from tui_models.textsafe import visible

    if event.kind in ("new", "gone"):
        return event.kind
    if event.kind == "group":
        return f"the key's group {visible(str(event.old))} → {visible(str(event.new))}"
    if event.kind == "probe":
        return f"answered before, fails now: {visible(str(event.new))[:80]}"
    if event.kind == "deprecated":
        return "deprecated by the catalogue (starred or recently used)"
    return fmt.change(event.field, event.old, event.new, None, event.source)


def table(events: Sequence[Event]) -> list[str]:
    """One line per change, oldest first: when, where, the id and what changed."""
    from tui_models import protocols
    from tui_models.textsafe import visible

    width = min(48, max((len(e.id) for e in events), default=0))
    lines = []
    for event in events:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(event.at))
        where = protocols.label(event.protocol) if event.protocol else event.source
        sign = SIGNS.get(event.kind, "Δ")
        lines.append(f"{when}  {where:<8} {sign} {visible(event.id):<{width}}  "
                     f"{describe(event)}".rstrip())
    return lines
