"""Whether a downloaded catalogue looks like a real models.dev snapshot.

A downloaded file replaces the bundled snapshot for every gateway, so it must look like the
catalogue it stands in for: thousands of entries from tens of providers, release dates that
differ, dated no later than today. A mirror that serves a few synthetic entries (the demo's
101, all released 2025-01-01) would otherwise take `cap:vision` from 34 matches to none.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_models.catalogue.snapshot import Snapshot

MIN_ENTRIES = 1_000
"""Fewest entries a snapshot may have (models.dev had 5,276 in July 2026)."""
MIN_PROVIDERS = 20
"""Fewest providers (models.dev had 147)."""
MIN_DATES = 50
"""Fewest distinct release dates."""


def problem(found: Snapshot, bundled: Snapshot | None = None, today: str | None = None
            ) -> str | None:
    """Why `found` is not a plausible models.dev snapshot, or None when it is. Against
    `bundled`, it may not have fewer than half its entries."""
    today = today or time.strftime("%Y-%m-%d", time.gmtime())
    least = max(MIN_ENTRIES, bundled.count // 2 if bundled is not None else 0)
    dates = {e.released for entries in found.providers.values() for e in entries
             if e.released}
    if found.count < least:
        return (f"only {found.count:,} entries (a models.dev snapshot has thousands, "
                f"at least {least:,})")
    if len(found.providers) < MIN_PROVIDERS:
        return f"only {len(found.providers):,} providers (at least {MIN_PROVIDERS} expected)"
    if len(dates) < MIN_DATES:
        return (f"only {len(dates):,} distinct release dates (at least {MIN_DATES} "
                "expected)")
    if not _is_day(found.date) or found.date > today:
        return f"dated {found.date!r}, not a day up to today"
    return None


def _is_day(text: str) -> bool:
    try:
        time.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True
