"""The All view's one row per model, its protocol badges and per-protocol inspector, stars,
and recent ids first in pick mode: the explorer against the demo over loopback HTTP."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import pytest

from tui_models.demo import DemoGateway
from tui_models.store.marks import Marks
from tui_models.tui.dialogs.copy_as import CopyAsScreen

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
        assert table.section == 2 and "↺2" in str(app.explorer.search_area.counter.render())
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


async def test_t_probes_the_highlighted_model_and_shows_what_the_gateway_said(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(140, 36), notifications=True) as pilot:
        await loaded(app, pilot)
        assert "Probe" not in table_lines(app)[0]  # no column until something is probed
        await pilot.press("slash", *"deepseek-r1", "enter", "t")
        await wait_until(pilot, lambda: "✗ no channel" in row_of(app, "deepseek-r1"))
        assert "Probe" in table_lines(app)[0]
        await wait_until(pilot, lambda: "no available channel for model deepseek-r1 in group "
                         "default" in plain(app.explorer.inspector.shown))
        assert gateway.calls == [("openai", "deepseek-r1")]
        await pilot.press("slash", *"chatgpt-4o-latest", "enter", "t")
        await wait_until(pilot, lambda: "answered as gpt-4o-2024-11-20, not the id sent"
                         in plain(app.explorer.inspector.shown))
        await pilot.press("slash", *"probe:fail", "enter")
        assert [app.explorer.table.models[i].id for i in app.explorer.table.rows] == \
            ["deepseek-r1"]
    # Remembered for the next run, per gateway and key.
    app = make_app(gateway, query="probe:ok")
    async with app.run_test(size=(140, 36)) as pilot:
        await loaded(app, pilot)
        assert [app.explorer.table.models[i].id for i in app.explorer.table.rows] == \
            ["chatgpt-4o-latest"]
    app = make_app(gateway, key="demo-vip-key", query="probe:ok")
    async with app.run_test(size=(140, 36)) as pilot:
        await loaded(app, pilot)
        assert list(app.explorer.table.rows) == []


async def test_T_confirms_then_streams_results_and_skips_costly_kinds(gateway):
    app = make_app(gateway, query="owner:openai")
    async with app.run_test(size=(140, 36), notifications=True) as pilot:
        await loaded(app, pilot)
        shown = [app.explorer.table.models[i] for i in app.explorer.table.rows]
        costly = {m.id for m in shown if m.kind in ("image", "audio", "rerank")}
        assert costly  # dall-e-3, gpt-image-1, whisper-1, tts-1…
        await pilot.press("T")
        await wait_until(pilot, lambda: "real requests" in drawn(app))
        assert f"Probe {len(shown) - len(costly)} models?" in drawn(app)
        assert gateway.calls == []  # nothing is sent before the user says so
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.explorer.state.batch.running, 30)
        probed = {model_id for _, model_id in gateway.calls}
        assert probed == {m.id for m in shown} - costly
        assert all(app.explorer.table.models[i].probe is not None
                   for i in app.explorer.table.rows
                   if app.explorer.table.models[i].id not in costly)
        await wait_until(pilot, lambda: f"Probed {len(probed)}" in drawn(app))


async def test_esc_stops_a_probe_of_the_view():
    with DemoGateway(latency=0.3) as gateway:
        app = make_app(gateway)
        async with app.run_test(size=(140, 36), notifications=True) as pilot:
            await loaded(app, pilot)
            await pilot.press("T", "enter")
            await wait_until(pilot, lambda: app.explorer.state.batch.done >= 1)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not app.explorer.state.batch.running)
            await wait_until(pilot, lambda: "Probing stopped after" in drawn(app))
            sent = len(gateway.calls)
            total = app.explorer.state.batch.total
            assert sent < total
            await pilot.pause(0.5)
            assert len(gateway.calls) == sent  # stopped means no more requests


async def test_a_probe_of_the_view_shows_its_progress_row_and_hides_it_when_done():
    """The row is made with the first batch (nothing of it on the first frame), shows a bar
    and the counts while probes run, and is hidden again once they end."""
    from textual.widgets import ProgressBar

    with DemoGateway(latency=0.5) as gateway:  # slow answers: the batch runs for seconds
        app = make_app(gateway, query="gpt")
        async with app.run_test(size=(140, 36), notifications=True) as pilot:
            await loaded(app, pilot)
            assert app.explorer.probe_progress is None
            await pilot.press("T", "enter")
            row = app.explorer.probe_progress
            assert row is not None
            await wait_until(pilot, lambda: "· esc stops" in drawn(app))
            total = app.explorer.state.batch.total
            assert total > 1 and row.display and app.explorer.state.batch.running
            assert re.search(rf"probing \d+/{total} · \d+ ✓ \d+ ✗ · esc stops", drawn(app))
            assert row.query_one(ProgressBar).total == total
            await pilot.press("escape")
            await wait_until(pilot, lambda: not app.explorer.state.batch.running, 30)
            await wait_until(pilot, lambda: "esc stops" not in drawn(app))
            assert not row.display


async def test_a_probe_older_than_a_day_is_dimmed(gateway):
    from tui_models.model import Probe
    from tui_models.store.probes import ProbeStore

    store = ProbeStore("tui-models-demo", make_app(gateway).session.key)
    old = Probe(True, 200, 40.0, 30.0, "gpt-4o", None, 1_000_000_000.0)
    store.put("openai", "gpt-4o", old)
    store.put("openai", "gpt-4o-mini", replace(old, probed_at=time.time()))
    store.save()
    app = make_app(gateway, query="gpt-4o")
    async with app.run_test(size=(140, 36)) as pilot:
        await loaded(app, pilot)
        table = app.explorer.table
        dim = {}
        for y in range(1, table.scrollable_content_region.height):
            strip = table.render_line(y)
            text = "".join(s.text for s in strip)
            for model_id in ("gpt-4o", "gpt-4o-mini"):
                if f" {model_id} " in f" {text} ":
                    dim[model_id] = any(s.style and s.style.dim and "✓" in s.text
                                        for s in strip)
        assert dim == {"gpt-4o": True, "gpt-4o-mini": False}
