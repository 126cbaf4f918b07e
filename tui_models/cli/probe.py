"""`tui-models probe`: call each matching model once and say whether it answered, and how.

The models are chosen through the explorer's pipeline (the catalogue, the relay's data, stars
and earlier probes are searchable: `cap:vision`, `released>2025`, `probe:fail`); ids given as
separate arguments, each an exact listed id, are each probed (OR), where search terms narrow
(AND). Each record says the endpoint that answered, the token parameter sent, why it retried
and the headroom the gateway reported; `--endpoints all` tries every client-facing API the
gateway serves an id on, one record per endpoint. Exit codes: 0 every probed model answered;
4 some did not; 1 none could be probed (nothing matched, or no call got an answer); 2 bad
input, or more than 20 calls without `--yes`.
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
        "probe", help="call each matching model once: does it answer, and where?",
        description="Send each matching model the smallest real request through its "
                    "protocol (one output token, 16 on the Responses API: a billed call) and "
                    "print what the gateway said: answered or not, HTTP status, latency, the "
                    "endpoint and token parameter that got the answer, the headroom its "
                    "rate-limit headers report, the id it answered as, its message. The "
                    "request goes where the gateway says (new-api's endpoint types, LiteLLM's "
                    "mode, the catalogue's reasoning flag) or where the last probe was "
                    "answered; a refusal another request answers ('max_tokens' unsupported, "
                    "'only supported in v1/responses') is retried once per cause. "
                    "Ids given as separate arguments, each exactly as listed, are each "
                    "probed (OR); search terms narrow (AND). Image, audio and rerank models "
                    "are skipped unless --all-kinds. Results are kept for the explorer's "
                    "Probe column.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models probe gpt-4o --protocol openai\n"
               "  tui-models probe gpt-5-codex gpt-4o-mini      two ids: each is probed\n"
               "  tui-models probe claude-sonnet-4-5 --endpoints all\n"
               "                                      chat, Responses and messages: one line "
               "each\n"
               "  tui-models probe owner:deepseek --format json | jq '.[] | select(.ok|not)'\n"
               "  tui-models probe --yes --concurrency 8        every model (billed!)\n\n"
               "exit codes: 0 every probed model answered, 4 some did not, 1 none could be "
               "probed, 2 bad input (or more than 20 calls without --yes).")
    parser.add_argument("query", nargs="*", help="search terms, as for list; or exact ids, "
                                                 "each probed")
    add_protocol(parser, "probe through one protocol only (default: each protocol that "
                         "lists a model)")
    parser.add_argument("--endpoints", choices=("auto", "all"), default="auto",
                        help="auto: the one endpoint each model answers on; all: every "
                             "client-facing API the gateway serves it on (OpenAI chat and "
                             "Responses, Claude messages, Gemini generateContent), a record "
                             "each")
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
    from tui_models.probe import CONFIRM_ABOVE, record, worth_probing
    from tui_models.probe.plan import worst_case
    from tui_models.store.probes import ProbeStore

    query_of(args)
    every = args.endpoints == "all"
    with session_for(args) as session:
        chosen = chosen_protocols(session.profile, args.protocol)
        found = gather(session, chosen)
        report(found.loads)
        models, skipped = worth_probing(_chosen(found.listing, args.query),
                                        all_kinds=args.all_kinds)
        if skipped:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(skipped.items()))
            warn(f"skipping {kinds} models (billed per call, not per token; --all-kinds "
                 "probes them)")
        if not models:
            return fail("no model to probe", EXIT_FAILED)
        store = ProbeStore(session.cache_id, session.key).load()
        first, most = worst_case(models, every=every, learned=store.results)
        if first > CONFIRM_ABOVE and not args.yes:
            raise UsageError(f"this sends {first:,} real requests (one output token each, "
                             f"billed; up to {most:,} with retries of refused ones); narrow "
                             "the query or add --yes")
        concurrency = args.concurrency or session.profile.probe_concurrency
        results = asyncio.run(_probe(session, models, concurrency, every, store))
    try:
        store.save()
    except OSError as exc:
        warn(f"probe results not saved: {exc.strerror or exc}")
    if args.format == "json":
        records = [record(m.id, m.protocol, r) for m, r in results]
        output(lambda: sys.stdout.write(json.dumps(records, ensure_ascii=True, indent=1) + "\n"))
    else:
        output(lambda: _table(results))
    if not any(r.status is not None for _, r in results):
        return EXIT_FAILED
    return EXIT_OK if all(r.ok for _, r in results) else EXIT_DIFFERENT


def _chosen(listing, words: list[str]) -> list:
    """The models to probe: with several arguments that are each an exact listed id, every
    protocol's record of each (OR, in the order given); otherwise what the words, as one
    query, select (AND)."""
    from tui_models.listing import EACH

    if len(words) > 1:
        records = listing.records()
        if all(word in {m.id for m in records} for word in words):
            order: dict[str, int] = {}
            for index, word in enumerate(words):
                order.setdefault(word, index)
            rank = {name: i for i, name in enumerate(protocols.names())}
            return sorted((m for m in records if m.id in order),
                          key=lambda m: (order[m.id], rank.get(m.protocol, len(rank))))
    return [m for m in listing.select(" ".join(words), EACH) if not m.is_gone]


async def _probe(session, models, concurrency: int, every: bool, store) -> list:
    """Every probe (one per model, or per model and endpoint), in the order asked; each
    model's verdict put in `store`."""
    from tui_models.gateway import GatewayClient
    from tui_models.probe.calls import probe_all

    def keep(model, result) -> None:
        store.put(model.protocol, model.id, result)

    async with GatewayClient(session.profile, session.key) as client:
        return await probe_all(client, models, concurrency=concurrency, every=every,
                               learned=dict(store.results), on_result=keep)


def _table(results: list) -> None:
    from tui_models import fmt
    from tui_models.probe import headroom
    from tui_models.protocols.endpoints import label

    rows = [("ID", "PROTO", "ENDPOINT", "RESULT", "TTFB", "HEADROOM", "NOTE")]
    for model, result in results:
        notes = []
        if result.substituted(model.id):
            notes.append(f"answered as {result.answered_as}")
        elif result.error:
            notes.append(result.error)
        if result.retried:
            notes.append(f"retried: {result.retried}")
        rows.append((visible(model.id), protocols.label(model.protocol),
                     label(result.endpoint), fmt.probe(result),
                     f"{result.ttfb_ms:,.0f} ms" if result.ttfb_ms is not None else "–",
                     headroom.left(result.rate_limit) or "–",
                     visible(" ".join(" · ".join(notes).split()))))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for row in rows:
        sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
                         + "  " + row[6] + "\n")
