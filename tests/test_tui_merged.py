"""The All view's one row per model, its protocol badges and per-protocol inspector, stars,
and recent ids first in pick mode: the explorer against the demo over loopback HTTP."""

from __future__ import annotations

import json
import re

import pytest

from tui_models.marks import Marks
from tui_models.screens.copy_as import CopyAsScreen

from .helpers import distinct_ids, expected_ids, run_cli
from .tui_helpers import drawn, loaded, make_app, plain, table_lines, wait_until

pytestmark = pytest.mark.e2e  # real servers, terminals or processes

SHARED = "claude-3-5-haiku-20241022"
"""Served by the demo under OpenAI and Claude: prices in one list, a display name in the
other."""


def row_of(app, model_id: str) -> str:
    return next(line for line in table_lines(app)[1:] if f" {model_id} " in f" {line} ")


async def test_all_shows_one_row_per_model_with_badges_and_merged_metadata(gateway):
    assert {"openai", "claude"} <= {p for p in ("openai", "claude", "gemini")
                                    if SHARED in expected_ids(gateway, p)}
    app = make_app(gateway)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        models = [app.explorer.table.models[i] for i in app.explorer.table.rows]
        assert len(models) == len({m.id for m in models}) == len(distinct_ids(gateway))
        await pilot.press("slash", *SHARED, "enter")
        await wait_until(pilot, lambda: SHARED in plain(app.explorer.inspector.shown))
        line = row_of(app, SHARED)
        assert re.search(r"\bO C\b", line) and "0.80" in line  # price from the OpenAI list
        shown = plain(app.explorer.inspector.shown)
        assert "Claude Haiku 3.5" in shown  # the name from the Claude list
        assert re.search(r"▸ OpenAI +http://127\.0\.0\.1:\d+/v1/chat/completions", shown)
        assert re.search(r"Claude +http://127\.0\.0\.1:\d+/claude/v1/messages", shown)
        assert "Raw JSON · OpenAI" in shown and "Raw JSON · Claude" in shown
        # Each protocol's own view keeps its own records.
        await pilot.press("escape", "3")
        claude = [app.explorer.table.models[i] for i in app.explorer.table.rows]
        assert {m.protocol for m in claude} == {"claude"} and not any(m.variants for m in claude)


async def test_p_chooses_the_protocol_copy_as_uses(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *SHARED, "enter", "p")
        await wait_until(pilot, lambda: "▸ Claude" in plain(app.explorer.inspector.shown))
        await pilot.press("C")
        assert isinstance(app.screen, CopyAsScreen)
        await pilot.press("down", "down", "enter")  # curl
        await wait_until(pilot, lambda: app.clipboard.startswith("curl "))
        assert "/claude/v1/messages" in app.clipboard and "x-api-key" in app.clipboard
        await pilot.press("escape", "p")  # the manual-copy dialog closed; back to the first
        await wait_until(pilot, lambda: "▸ OpenAI" in plain(app.explorer.inspector.shown))


async def test_a_star_is_searchable_shown_and_kept_for_the_next_run(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *SHARED, "enter", "f")
        await wait_until(pilot, lambda: f"Starred {SHARED}" in drawn(app))
        assert row_of(app, SHARED).startswith("★")
        await pilot.press("slash", *"is:fav", "enter")
        assert [app.explorer.table.models[i].id for i in app.explorer.table.rows] == [SHARED]
    marks = Marks("tui-models-demo").load()
    assert marks.favourites == [SHARED]
    assert "demo-key" not in marks.path.read_text()
    app = make_app(gateway, query="is:fav")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert [app.explorer.table.models[i].id for i in app.explorer.table.rows] == [SHARED]
        await pilot.press("f")  # unstarred: gone from is:fav at once, and from the file
        assert list(app.explorer.table.rows) == []
    assert Marks("tui-models-demo").load().favourites == []


async def test_pick_lists_the_ids_used_last_first(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        for model_id in ("gpt-4o-mini", SHARED):  # copied with `c`
            await pilot.press("slash", *model_id, "enter", "c", "escape")
    assert Marks("tui-models-demo").load().recent == [SHARED, "gpt-4o-mini"]
    app = make_app(gateway, pick=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        table = app.explorer.table
        assert [table.models[i].id for i in table.rows[:2]] == [SHARED, "gpt-4o-mini"]
        assert table.section == 2 and "↺2" in str(app.explorer.counter.render())
        await pilot.press(*"mini")  # a query keeps the recent ones it matches first
        await wait_until(pilot, lambda: table.models[table.rows[0]].id == "gpt-4o-mini")
        await pilot.press("enter")
    assert app.return_value == "gpt-4o-mini"
    assert Marks("tui-models-demo").load().recent == ["gpt-4o-mini", SHARED]


def test_list_json_names_every_protocol_and_merge_gives_one_record_per_id(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", SHARED, "--format", "json")
    records = json.loads(out)
    assert code == 0 and [r["protocol"] for r in records] == ["openai", "claude"]
    assert all(r["protocols"] == ["openai", "claude"] for r in records)
    code, out, _ = run_cli(capsys, "list", "--demo", SHARED, "--format", "json", "--merge")
    [merged] = json.loads(out)
    assert merged["protocols"] == ["openai", "claude"]
    assert merged["input_per_1m"] == 0.8 and merged["display_name"] == "Claude Haiku 3.5"
    code, out, _ = run_cli(capsys, "list", "--demo", "--merge", "--format", "ids")
    assert len(out.split()) == len(set(out.split()))
    code, out, _ = run_cli(capsys, "list", "--demo", "proto:claude", "--format", "json")
    assert {r["protocol"] for r in json.loads(out)} == {"claude"}  # records of that protocol
