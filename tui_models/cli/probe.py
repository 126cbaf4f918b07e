"""`tui-models probe`: call each matching model once and say whether it answered.

Exit codes: 0 every probed model answered; 4 some did not; 1 none could be probed (nothing
matched, or no call got an answer); 2 bad input, or more than 20 calls without `--yes`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from tui_models import protocols
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, UsageError
from tui_models.textsafe import visible


def cmd_probe(args: argparse.Namespace) -> int:
    from tui_models.cli import _load, _output, _protocols, _report, _session, fail
    from tui_models.listing import SearchIndex, parse
    from tui_models.listing.view import exact_first
    from tui_models.probe import CONFIRM_ABOVE, record, worth_probing
    from tui_models.store.probes import ProbeStore

    text = " ".join(args.query)
    query = parse(text)
    if query.problems:
        raise UsageError("search: " + "; ".join(query.problems))
    with _session(args) as session:
        chosen = _protocols(session.profile, args.protocol)
        loaded = _load(session, chosen, use_cache=True)
        _report(loaded)
        index = SearchIndex([m for p in chosen for m in loaded[p].models])
        rows = exact_first(index, text, query, index.filter(query, index.order()))
        models, skipped = worth_probing([index.models[i] for i in rows],
                                        all_kinds=args.all_kinds)
        if skipped:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(skipped.items()))
            fail(f"skipping {kinds} models (billed per call, not per token; --all-kinds "
                 "probes them)", 0)
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
        fail(f"warning: probe results not saved: {exc.strerror or exc}", 0)
    records = [record(m.id, m.protocol, r) for m, r in results]
    if args.format == "json":
        _output(lambda: sys.stdout.write(json.dumps(records, ensure_ascii=True, indent=1)
                                         + "\n"))
    else:
        _output(lambda: _table(results))
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
