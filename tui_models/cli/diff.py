"""`tui-models diff`: the models two profiles' keys see differently, at the prices each pays.

Both profiles go through the explorer's pipeline (relay prices for each key's group
included), so two keys of one relay whose groups pay different prices differ in price.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from tui_models import export
from tui_models.cli.common import chosen_protocols, gather, output, report, session_for
from tui_models.cli.options import add_common, add_format, add_protocol, overrides_from
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, TuiModelsError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diff", help="compare the models two profiles' keys can use",
        description="Fetch the lists of two profiles from the config file and show the models "
                    "only one of them sees, and those both see at different prices (each "
                    "key's price: the relay's price for its group where the relay says).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models diff work personal\n"
               "  tui-models diff default vip --format json | jq '.only_b[].id'\n"
               "  tui-models diff --demo demo demo-vip     the demo's two keys\n\n"
               "exit codes: 0 the lists are the same, 4 they differ, 1 nothing could be "
               "loaded, 2 bad input, 3 some protocols failed.")
    parser.add_argument("profile_a", metavar="PROFILE_A")
    parser.add_argument("profile_b", metavar="PROFILE_B")
    add_protocol(parser)
    add_format(parser)
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cached lists")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.listing.compare import compare

    names = (args.profile_a, args.profile_b)
    demo = getattr(args, "demo", False)
    with session_for(args) if demo else contextlib.nullcontext() as demo_session:
        if demo_session is not None:
            sessions = [demo_session.switch(name) for name in names]
        else:
            sessions = [_profile_session(args, name) for name in names]
        found = [gather(s, chosen_protocols(s.profile, args.protocol),
                        use_cache=not args.no_cache) for s in sessions]
    problems = sum(report(f.loads, f"profile {name}: ") for name, f in zip(names, found,
                                                                             strict=True))
    a, b = (f.listing.records() for f in found)
    if problems and not (a and b):
        return EXIT_FAILED
    comparison = compare(a, b)
    output(lambda: export.write_comparison(comparison, args.profile_a, args.profile_b,
                                           args.format, sys.stdout))
    if problems:
        return EXIT_PARTIAL
    return EXIT_OK if comparison.same else EXIT_DIFFERENT


def _profile_session(args: argparse.Namespace, name: str):
    """The session of profile `name`; its errors name it."""
    from tui_models.session import resolve

    try:
        return resolve(overrides_from(args)._replace(profile=name))
    except TuiModelsError as exc:
        raise type(exc)(f"profile {name}: {exc}") from None
