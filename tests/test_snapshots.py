"""The screens the README shows, compared with the snapshots a person looked at.

The states are `scripts/screenshots.py`'s `SHOTS`, driven the same way: the demo gateway on
loopback, everything loaded, the steps taken, the screen settled (no fixed sleeps), times
frozen. After a change to what the app draws, look at the report pytest writes, and if the
new screens are right: `pytest tests/test_snapshots.py --snapshot-update`, then
`python scripts/screenshots.py` for the README's copies. The snapshots are drawn by the
Textual the `test` extra pins.
"""

from __future__ import annotations

import pytest
import textual

from scripts.screenshots import SHOTS, Shot, frozen_times, make_app

DRAWN_BY = "8.2.8"


def test_the_snapshots_are_of_the_pinned_textual():
    # Another Textual draws other bytes (borders, colours): update the pin and the
    # snapshots together.
    assert textual.__version__ == DRAWN_BY


def test_every_state_the_readme_shows_is_a_snapshot():
    names = [shot.name for shot in SHOTS]
    assert len(names) >= 8 and len(set(names)) == len(names)
    assert {"main", "main-80x24", "search", "inspector", "merged", "error", "help",
            "probe"} <= set(names)


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_screen(shot: Shot, snap_compare):
    with frozen_times(), shot.gateway() as gateway:
        app = make_app(gateway)

        async def drive(pilot) -> None:
            await shot.drive(app, pilot)

        assert snap_compare(app, terminal_size=shot.size, run_before=drive)
