"""`tui-models list`: print the models a key can see, as a table, JSON, CSV or ids."""

from __future__ import annotations

import argparse
import sys

from tui_models import export
from tui_models.cli.common import chosen_protocols, gather, output, query_of, report, session_for
from tui_models.cli.options import add_common, add_format, add_protocol
from tui_models.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL

EPILOG = """\
query terms (AND-ed, case-insensitive): words match id, name or owner; -word excludes;
owner:X id:X proto:claude kind:embed ctx>128k in<1 out<=5 max>=8k is:new is:gone is:fav
is:changed is:locked probe:ok probe:fail probe:none cap:vision in:image out:audio
released>2025-06
status:deprecated

examples:
  tui-models list                                 a table of every model, all protocols
  tui-models list --protocol gemini --format ids  Gemini ids, one per line
  tui-models list 'kind:embed in<0.1' --format csv > cheap-embeddings.csv
  tui-models list --format json | jq -r '.[] | select(.context_window > 200000) | .id'

JSON is an array of records (id, protocol, protocols, display_name, owned_by,
input_per_1m, output_per_1m, per_request, context_window, max_output, kind, raw, …); ids are
exact. One record per protocol listing an id; --merge gives one per id.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "list", help="print the models a key can see", epilog=EPILOG,
        description="Print every model the key can see, from every protocol, then exit.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", nargs="*", help="search terms (see below)")
    add_protocol(parser)
    add_format(parser, export.FORMATS, "table for people; json, csv or ids for scripts")
    parser.add_argument("--merge", action="store_true",
                        help="one record per id, merged from every protocol serving it "
                             "(default: one per protocol; each record's `protocols` lists "
                             "them all)")
    parser.add_argument("--include-gone", action="store_true",
                        help="also list models that were listed before but not any more")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cached lists")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.listing import EACH

    text, _ = query_of(args)
    gone = _with_gone(args)
    with session_for(args) as session:
        chosen = chosen_protocols(session.profile, args.protocol)
        # Every id, one a line, asks nothing of the relay's prices or the catalogue (they
        # enrich records and answer terms; they never add or drop an id): not fetched.
        lean = args.format == "ids" and not text.strip()
        found = gather(session, chosen, use_cache=not args.no_cache, gone=gone,
                       with_relay=not lean, with_catalogue=not lean)
    problems = report(found.loads)
    if problems and not found.loaded:
        return EXIT_FAILED
    scope = None if args.merge else EACH  # one record per id, or per protocol listing it
    write(args.format, found.listing.select(text, scope, include_gone=args.include_gone))
    return EXIT_PARTIAL if problems else EXIT_OK


def _with_gone(args: argparse.Namespace) -> bool:
    """`--include-gone`, or a query asking for `is:gone` or `is:changed` (both compare with
    the previous list in full)."""
    words = " ".join(args.query).lower().split()
    return args.include_gone or "is:gone" in words or "is:changed" in words


def write(format_: str, models: list) -> None:
    """`models` on stdout in `format_`; a table fits the terminal (a pipe gets every value)."""
    writer = {"json": export.write_json, "csv": export.write_csv,
              "ids": export.write_ids}.get(format_)
    if writer is None:
        import shutil

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        output(lambda: export.write_table(models, sys.stdout, width))
        return
    output(lambda: writer(models, sys.stdout))
