"""`tui-models why ID`: is this exact id listed for the key, and if not, why not."""

from __future__ import annotations

import argparse
import json
import sys

from tui_models.cli.common import chosen_protocols, gather, output, report, session_for
from tui_models.cli.options import add_common, add_format, add_protocol
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from tui_models.textsafe import visible

EPILOG = """\
the verdicts, in the order they are tried:
  listed          listed exactly (under which protocols; the last probe, if any)
  other_protocol  not in the --protocol asked for, but another protocol lists it (its URL)
  case_twin       not listed, but an id differing only by case is (ids are case-sensitive)
  other_group     the relay offers it to other groups only (one-hub, new-api): which, at
                  what ratio, and the key's own group
  model_limits    this token's model limits (new-api) leave it out
  gone            listed before, not since the last fetch (when it was last listed)
  not_listed      none of these: did-you-mean suggestions, the same family first

examples:
  tui-models why gpt-4o
  tui-models why GPT-4O --demo            a case twin
  tui-models why gpt-5 --demo             offered to group vip only: not the demo key's
  tui-models why claude-sonnet-4 --protocol openai --json | jq -r .verdict

exit codes: 0 listed exactly, 4 not, 1 nothing could be loaded, 2 bad input, 3 not found
while some protocols failed (their lists could not be asked).
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "why", help="is this exact id listed for the key, and if not, why not",
        description="One verdict for one model id, from the same lists, relay data and "
                    "probe results as the explorer: listed, a case twin, under another "
                    "protocol, offered to other groups, gone, or the closest listed ids.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_id", metavar="ID", help="the model id, exactly as you call it")
    add_protocol(parser, "the protocol you call it through (default: any)")
    add_format(parser, help="table (default) for people, json for scripts")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cached lists")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models import snippets
    from tui_models.listing.why import explain

    with session_for(args) as session:
        profile = session.profile
        asked = None if args.protocol == "all" else chosen_protocols(profile, args.protocol)
        # Every list, whatever was asked: "listed under another protocol only" needs them.
        found = gather(session, profile.offered, use_cache=not args.no_cache, gone=True)
    problems = report(found.loads)
    if not found.loaded:
        return EXIT_FAILED
    seen = {p: load.gone_seen for p, load in found.loads.items() if load.gone_seen}
    verdict = explain(found.listing, args.model_id, asked, gone_seen=seen,
                      call_url=lambda m: snippets.call_url(profile, m))
    if args.format == "json":
        output(lambda: sys.stdout.write(json.dumps(verdict.record(), indent=1,
                                                   ensure_ascii=False) + "\n"))
    else:
        lines = [verdict.message, *(f"  {line}" for line in verdict.details)]
        if len(verdict.suggestions) > 3:
            lines.append("  also like it: " + ", ".join(visible(s) for s in
                                                         verdict.suggestions[3:]))
        output(lambda: sys.stdout.write("\n".join(lines) + "\n"))
    if verdict.listed:
        return EXIT_OK
    return EXIT_PARTIAL if problems else EXIT_DIFFERENT
