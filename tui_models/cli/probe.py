"""`tui-models probe`: call each matching model once and say whether it answered.

The models are chosen through the explorer's pipeline (the catalogue, the relay's data, stars
and earlier probes are searchable: `cap:vision`, `released>2025`, `probe:fail`). Exit codes:
0 every probed model answered; 4 some did not; 1 none could be probed (nothing matched, or no
call got an answer); 2 bad input, or more than 20 calls without `--yes`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from tui_models import protocols
from tui_models.cli.common import (
    chosen_protocols,
    fail,
    gather,
    output,
    query_of,
    report,
    session_for,
    warn,
)
from tui_models.cli.options import add_common, add_format, add_protocol
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, UsageError
from tui_models.textsafe import visible


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "probe", help="call each matching model once: does it answer?",
        description="Send each matching model the smallest real request through its "
                    "protocol (one output token: a billed call) and print what the gateway "
                    "said: answered or not, HTTP status, latency, the id it answered as, its "
                    "message. Image, audio and rerank models are skipped unless "
                    "--all-kinds. Results are kept for the explorer's Probe column.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models probe gpt-4o --protocol openai\n"
               "  tui-models probe owner:deepseek --format json | jq '.[] | select(.ok|not)'\n"
               "  tui-models probe --yes --concurrency 8        every model (billed!)\n\n"
               "exit codes: 0 every probed model answered, 4 some did not, 1 none could be "
               "probed, 2 bad input (or more than 20 calls without --yes).")
    parser.add_argument("query", nargs="*", help="search terms, as for list")
    add_protocol(parser, "probe through one protocol only (default: each protocol that "
                         "lists a model)")
    parser.add_argument("--concurrency", type=int, default=0, metavar="N",
                        help="calls in flight at once (default: the profile's "
                             "probe_concurrency, 4)")
    parser.add_argument("--all-kinds", action="store_true",
                        help="also probe image, audio and rerank models (costly per call)")
    add_format(parser)
    parser.add_argument("--yes", action="store_true",
                        help="send more than 20 requests without stopping to ask")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.listing import EACH
    from tui_models.probe import CONFIRM_ABOVE, record, worth_probing
    from tui_models.store.probes import ProbeStore

    text, _ = query_of(args)
    with session_for(args) as session:
        chosen = chosen_protocols(session.profile, args.protocol)
        found = gather(session, chosen)
        report(found.loads)
        listed = [m for m in found.listing.select(text, EACH) if not m.is_gone]
        models, skipped = worth_probing(listed, all_kinds=args.all_kinds)
        if skipped:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(skipped.items()))
            warn(f"skipping {kinds} models (billed per call, not per token; --all-kinds "
                 "probes them)")
        if not models:
            return fail("no model to probe", EXIT_FAILED)
        if len(models) > CONFIRM_ABOVE and not args.yes:
            raise UsageError(f"this sends {len(models):,} real requests (one output token each, "
                             "billed); narrow the query or add --yes")
        concurrency = args.concurrency or session.profile.probe_concurrency
        results = asyncio.run(_probe(session, models, concurrency))
    store = ProbeStore(session.cache_id, session.key).load()
    for model, result in results:
        store.put(model.protocol, model.id, result)
    try:
        store.save()
    except OSError as exc:
        warn(f"probe results not saved: {exc.strerror or exc}")
    records = [record(m.id, m.protocol, r) for m, r in results]
    if args.format == "json":
        output(lambda: sys.stdout.write(json.dumps(records, ensure_ascii=True, indent=1) + "\n"))
    else:
        output(lambda: _table(results))
    if not any(r.status is not None for _, r in results):
        return EXIT_FAILED
    return EXIT_OK if all(r.ok for _, r in results) else EXIT_DIFFERENT


async def _probe(session, models, concurrency: int) -> list:
    from tui_models.gateway import GatewayClient
    from tui_models.probe.calls import probe_all

    order = {id(m): i for i, m in enumerate(models)}
    async with GatewayClient(session.profile, session.key) as client:
        results = await probe_all(client, models, concurrency=concurrency)
    return sorted(results, key=lambda pair: order[id(pair[0])])  # in the order asked


def _table(results: list) -> None:
    from tui_models import fmt

    rows = [("ID", "PROTO", "RESULT", "TTFB", "NOTE")]
    for model, result in results:
        note = result.error or ""
        if result.substituted(model.id):
            note = f"answered as {result.answered_as}"
        rows.append((visible(model.id), protocols.label(model.protocol), fmt.probe(result),
                     f"{result.ttfb_ms:,.0f} ms" if result.ttfb_ms is not None else "–",
                     visible(" ".join(note.split()))))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
                         + "  " + row[4] + "\n")
