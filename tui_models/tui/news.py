"""What the explorer tells the user as things happen, worded once: plain data, no widgets.

A `Notice` is a notification's text and weight; the screen shows them. Lists that moved on,
probe results and batches each have their sentence here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from tui_models import protocols
from tui_models.gateway.errors import grouped
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.model import Model, Probe
from tui_models.session import Session
from tui_models.textsafe import shorten, visible
from tui_models.tui.state import ProbeBatch


class Notice(NamedTuple):
    text: str
    severity: str = "information"
    timeout: float = 5
    title: str = ""


def at_start(session: Session, problems: list[str]) -> list[Notice]:
    """What the explorer says as it opens: the config's warnings, the stores' problems,
    and the session's notices (files moved to the state directory…)."""
    return [*(Notice(visible(w), "warning", 8) for w in [*session.warnings, *problems]),
            *(Notice(visible(n), "information", 12) for n in session.notices)]


def of_load(load: ProtocolLoad) -> list[Notice]:
    """A protocol's load moved on: its warnings and what changed since the last fetch (why
    it failed is `of_failures`'s, once the others are done)."""
    label = protocols.label(load.protocol)
    found: list[Notice] = []
    if load.stage in (Stage.FRESH, Stage.PARTIAL) and load.result is not None:
        found += [Notice(f"{label}: {warning}", "warning", 10) for warning in load.warnings]
        new = sum(1 for m in load.models if m.is_new)
        if new or load.gone or load.changed:
            found.append(Notice(f"{label}: {new} new, {len(load.gone)} gone, {load.changed} "
                                "changed since the last fetch (search is:new, is:gone, "
                                "is:changed)", timeout=8))
    return found + [Notice(visible(n), "warning", 8) for n in load.take_notices()]


def of_failures(loads: Mapping[str, ProtocolLoad], told: set[int]) -> list[Notice]:
    """Once no load is under way: one notice for every failure not yet told (`told` holds
    the errors told, by id), a line per protocol — a rejected key is one toast, not three."""
    if any(load.stage.busy for load in loads.values()):
        return []
    failed = [load for load in loads.values() if load.stage in (Stage.STALE, Stage.FAILED)
              and load.error is not None and id(load.error) not in told]
    told.update(id(load.error) for load in failed)
    if not failed:
        return []
    return [Notice("\n".join(grouped(load.error for load in failed if load.error)), "error", 10,
                   "Could not list models")]


def of_probe(model: Model, result: Probe) -> Notice:
    """One probe's answer, for a probe of one model: the verdict, where it was answered and
    the headroom (`✓ 412 ms via Responses · 499 req / 29,994 tok left`), or what failed."""
    from tui_models.probe import summary

    detail = f"HTTP {result.status}" if result.ok else result.error or "failed"
    if result.retried:
        detail += f" (retried: {result.retried})"
    return Notice(f"{visible(summary(result))} {shorten(visible(model.id), 60)}: "
                  + visible(detail), "information" if result.ok else "error", 6)


def of_batch(batch: ProbeBatch, cancelled: bool) -> Notice:
    """A batch of probes ended (or was stopped): models done, and the requests that left
    for the gateway — retries and the calls in flight when it was stopped included."""
    calls = f"{batch.sent:,} call{'s' if batch.sent != 1 else ''} sent"
    head = (f"Probing stopped after {batch.done:,} of {batch.total:,} models ({calls})"
            if cancelled else f"Probed {batch.done:,} models ({calls})")
    return Notice(f"{head}: {batch.done - batch.failed:,} answered, {batch.failed:,} failed "
                  "(search probe:fail)",
                  "warning" if batch.failed or cancelled else "information", 8)
