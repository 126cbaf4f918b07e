"""The explorer's side of truthful probes: the inspector says where it was answered and what
headroom is left, `T` states the worst case and offers every endpoint, the Probe column marks
each endpoint, and the confirmation fits an 80×24 terminal."""

from __future__ import annotations

import pytest
from textual.containers import Vertical

from tui_models.demo import DemoGateway
from tui_models.model import Probe, RateLimit
from tui_models.probe import plan
from tui_models.tui.dialogs.confirm import ConfirmProbe
from tui_models.tui.widgets.inspector import probe_text

from .tui_helpers import drawn, loaded, make_app, plain, table_lines, wait_until

pytestmark = pytest.mark.e2e  # real servers and terminals


def row_of(app, model_id: str) -> str:
    return next(line for line in table_lines(app)[1:] if f" {model_id} " in f" {line} ")


def test_the_inspector_says_where_it_was_answered_and_the_headroom_left():
    result = Probe(True, 200, 412.0, 380.0, "gpt-5-codex", None, 1e12, 8, 16,
                   endpoint="responses", token_param="max_output_tokens",
                   retried="responses only",
                   rate_limit=RateLimit(499, 29_994, 500, 30_000, "120ms", "12ms"), calls=2)
    text = plain(probe_text(result, "gpt-5-codex"))
    assert text.splitlines()[0] == "✓ 412 ms via Responses · 499 req / 29,994 tok left"
    assert "max_output_tokens · retried: responses only · 2 calls" in text
    failed = Probe(False, 400, 9.0, 8.0, None, "This model is only supported in v1/responses",
                   1e12, endpoint="chat", marks=(("chat", False), ("responses", True)))
    lines = plain(probe_text(failed, "m")).splitlines()
    assert lines[0] == "✗ 400 via Chat Completions"
    assert "Chat Completions ✗ · Responses ✓" in lines


async def test_t_on_a_responses_only_model_shows_it_answered_through_responses():
    with DemoGateway(flavor="openai") as gateway:
        app = make_app(gateway, preset="openai", query="gpt-5-codex")
        async with app.run_test(size=(140, 36), notifications=True) as pilot:
            await loaded(app, pilot)
            await pilot.press("t")
            await wait_until(pilot, lambda: "via Responses" in
                             plain(app.explorer.inspector.shown))
            shown = plain(app.explorer.inspector.shown)
            assert "req / " in shown and "tok left" in shown
            assert app.explorer.state.batch.sent == len(gateway.calls)


async def test_T_states_the_worst_case_and_e_probes_every_endpoint(gateway):
    app = make_app(gateway, query="claude-haiku-4-5")
    async with app.run_test(size=(140, 36), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmProbe))
        planned = app.explorer.state.view_probe()
        first, most = plan.worst_case(planned.chosen, learned=app.explorer.state.probes.results)
        screen = " ".join(drawn(app).split())
        assert f"Sends {first} real requests" in screen and f"up to {most} with retries" in screen
        assert "e: every endpoint" in screen and gateway.calls == []
        await pilot.press("e")
        await wait_until(pilot, lambda: not app.explorer.state.batch.running, 30)
        assert sorted(gateway.calls) == [("claude", "claude-haiku-4-5"),
                                         ("openai", "claude-haiku-4-5"),
                                         ("openai", "claude-haiku-4-5")]  # chat, Responses
        await wait_until(pilot, lambda: "C✓ R✓ M✓" in row_of(app, "claude-haiku-4-5"))


async def test_the_T_confirmation_is_as_tall_as_its_lines_at_80x24(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmProbe))
        await pilot.pause()
        frame = app.screen.query_one("#confirm", Vertical)
        lines = sum(label.outer_size.height for label in frame.children)
        assert frame.outer_size.height == lines + 2  # the border, no empty line
        assert frame.outer_size.height <= 14 < 24
        box = [line for line in drawn(app).splitlines() if "│" in line]
        assert all(line.split("│")[1].strip() for line in box)  # no blank row inside
