"""The explorer screen, driven by Pilot against the demo gateway over loopback HTTP."""

from __future__ import annotations

import re

import pytest

from tui_models.demo import DemoGateway
from tui_models.listing.loading import Stage
from tui_models.tui.dialogs.copy_as import CopyAsScreen
from tui_models.tui.dialogs.help import HelpScreen
from tui_models.tui.dialogs.manual_copy import ManualCopyScreen

from .helpers import distinct_ids, expected_ids
from .tui_helpers import drawn, loaded, make_app, plain, table_lines, wait_until

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


async def test_sidebar_counts_and_states(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        states = app.explorer.sidebar.states
        for protocol in ("openai", "claude", "gemini"):
            assert states[protocol].stage is Stage.FRESH
            assert states[protocol].count == len(expected_ids(gateway, protocol))
            assert "ms" in states[protocol].detail
        # All shows each id once, however many protocols serve it.
        total = len(distinct_ids(gateway))
        listed = sum(len(expected_ids(gateway, p)) for p in ("openai", "claude", "gemini"))
        assert total < listed  # the demo serves some ids under two protocols
        assert len(app.explorer.table.rows) == total
        assert str(app.explorer.search_area.counter.render()) == f"{total} of {total}"
        assert f"{total} models" in str(app.explorer.sidebar.get_option_at_index(0).prompt)


async def test_the_collector_runs_from_the_first_frame(gateway):
    """The script starts with the collector off (`runtime.starting`): the screen is built
    without it, and the app turns it on once the first frame is up."""
    import gc

    app = make_app(gateway)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_only_a_search_that_matches_nothing_asks_why(gateway, monkeypatch):
    """Why an id is missing reads every listed id (close spellings): worked out for an empty
    table only, not on each keystroke of a search that matches (it was: 0.5 s a key at
    100,000 models)."""
    from tui_models.listing import why

    asked: list[str] = []
    explain = why.explain

    def counted(listing, model_id, *args, **kwargs):
        assert not app.explorer.state.view.rows, f"asked why for {model_id!r}, which matches"
        asked.append(model_id)
        return explain(listing, model_id, *args, **kwargs)

    monkeypatch.setattr(why, "explain", counted)
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt")
        await wait_until(pilot, lambda: app.explorer.state.view.text == "gpt")
        assert app.explorer.state.view.rows and asked == []
        await pilot.press(*"-4o-mni")
        await wait_until(pilot, lambda: "did you mean" in app.explorer.table.empty_text)
        assert asked[-1] == "gpt-4o-mni"


async def test_failing_protocol_shows_its_error_and_others_work():
    with DemoGateway(faults={"claude": "key-rejected"}) as gw:
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            assert app.explorer.sidebar.states["claude"].stage is Stage.FAILED
            assert app.explorer.sidebar.states["claude"].detail == "401 key rejected"
            assert app.explorer.sidebar.states["openai"].stage is Stage.FRESH
            await pilot.press("3")
            assert app.explorer.state.view.protocol == "claude" and app.explorer.table.rows == []
            assert "invalid token" in app.explorer.table.empty_text


async def test_protocols_a_preset_lacks_are_not_offered(gateway):
    app = make_app(gateway, preset="openai")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.explorer.sidebar.states["claude"].stage is Stage.OFF
        assert app.explorer.sidebar.states["gemini"].stage is Stage.OFF
        assert app.explorer.sidebar.states["openai"].stage is Stage.FRESH


async def test_each_protocol_has_its_own_worker_group():
    with DemoGateway(faults={p: "delay" for p in ("openai", "claude", "gemini")}) as gw:
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            seen: set[str] = set()

            def all_three_at_once() -> bool:
                groups = {w.group for w in app.workers
                          if w.is_running and w.group.startswith("fetch-")}
                seen.update(groups)
                return groups == {"fetch-openai", "fetch-claude", "fetch-gemini"}

            await wait_until(pilot, all_three_at_once, what="three fetches at once")
            await loaded(app, pilot)
            assert seen == {"fetch-openai", "fetch-claude", "fetch-gemini"}


async def test_search_narrows_as_you_type_with_field_terms(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        total = len(app.explorer.table.rows)
        await pilot.press("slash")
        assert app.focused is app.explorer.search
        await pilot.press(*"owner:azure")
        owners = {app.explorer.table.models[i].owned_by for i in app.explorer.table.rows}
        assert owners == {"azure"}
        app.explorer.search.value = ""
        await pilot.pause()
        assert len(app.explorer.table.rows) == total
        await pilot.press(*"ctx>1m kind:chat")
        models = [app.explorer.table.models[i] for i in app.explorer.table.rows]
        assert models and all(m.context_window > 1_000_000 and m.kind == "chat"
                              for m in models)
        assert str(app.explorer.search_area.counter.render()) == f"{len(models)} of {total}"


async def test_enter_moves_to_table_on_first_match_and_c_copies_exact_id(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"GPT-4o owner:azure", "enter")
        assert app.focused is app.explorer.table
        assert app.explorer.table.current.id == "GPT-4o"
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == "GPT-4o"
        assert isinstance(app.screen, ManualCopyScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ManualCopyScreen)


async def test_typing_an_id_puts_it_first_whatever_the_sort(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt-4o", "enter", "c")
        await pilot.pause()
        assert app.clipboard == "gpt-4o"


async def test_inspector_warns_about_case_twins(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"GPT-4o", "enter")
        await wait_until(pilot, lambda: "case twin of gpt-4o" in drawn(app))
        assert "Call at" in plain(app.explorer.inspector.shown)
        assert re.search(r"Call at +http://127\.0\.0\.1:\d+/v1/chat/completions",
                         plain(app.explorer.inspector.shown))


async def test_copy_as_curl_uses_the_env_var_not_the_key(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"claude-sonnet-4-5 proto:claude", "enter", "C")
        assert isinstance(app.screen, CopyAsScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.clipboard.startswith("curl ")
        assert "/claude/v1/messages" in app.clipboard
        assert "$TUI_MODELS_DEMO_KEY" in app.clipboard and "demo-key" not in app.clipboard
        assert '"model": "claude-sonnet-4-5"' in app.clipboard


async def test_refresh_fetches_again(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        before = dict(gateway.hits)
        await pilot.press("r")
        await loaded(app, pilot)
        assert all(gateway.hits[p] > before[p] for p in before)
        assert all(s.stage is Stage.FRESH for s in app.explorer.sidebar.states.values())


async def test_sort_keys_and_header_click(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")  # the next column shown, after ID
        assert app.explorer.state.view.sort == "owned_by"
        await pilot.press("S")
        assert app.explorer.state.view.reverse
        owners = [(app.explorer.table.models[i].owned_by or "") for i in app.explorer.table.rows]
        assert owners == sorted(owners, key=str.lower, reverse=True)
        header = table_lines(app)[0]
        x = header.index("In $/1M")
        await pilot.click("#table", offset=(x + 1, 0))
        view = app.explorer.state.view
        assert view.sort == "input_per_1m" and not view.reverse
        prices = [app.explorer.table.models[i].input_per_1m for i in app.explorer.table.rows]
        known = [p for p in prices if p is not None]
        assert known == sorted(known)


async def test_protocol_keys_filter_the_table(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("4")
        ids = [app.explorer.table.models[i].id for i in app.explorer.table.rows]
        assert sorted(ids) == sorted(expected_ids(gateway, "gemini"))
        assert "Proto" not in table_lines(app)[0]
        await pilot.press("1")
        assert app.explorer.state.view.protocol is None
        assert "Proto" in table_lines(app)[0]


async def test_help_screen(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 50)) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        screen = drawn(app)
        for key, text in (("1", "Show every protocol"), ("4", "Show Gemini models"),
                          ("c", "Copy the exact model id"), ("q", "Quit")):
            assert re.search(rf"\b{key}\b +{text}", screen), (key, text)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_layout_holds_at_80x24(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for selector in ("#title", "#sidebar", "#search", "#table", "#inspector"):
            region = app.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
        assert app.explorer.table.region.height >= 8
        assert app.query_one("#inspector").region.y > app.explorer.table.region.y
        header = table_lines(app)[0]
        assert "ID" in header and "In $/1M" in header


async def test_lists_arriving_while_a_dialog_is_open(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await loaded(app, pilot)
        app.fetch_all()
        await loaded(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert len(app.explorer.table.rows) == len(distinct_ids(gateway))


async def test_command_palette_entries(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p", *"sort by owner")
        await wait_until(pilot, lambda: "Sort by Owner" in drawn(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.explorer.state.view.sort == "owned_by")
        await pilot.press("ctrl+p", *"show claude")
        await wait_until(pilot, lambda: "Filter the table to Claude" in drawn(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.explorer.state.view.protocol == "claude")


async def test_a_list_arriving_late_leaves_the_cursor_at_the_top():
    with DemoGateway(faults={"openai": "delay"}) as gw:  # Claude and Gemini come first
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            table = app.explorer.table
            assert table.cursor_row == 0
            assert table.current is table.models[table.rows[0]]
            await pilot.press("down", "down")
            moved_to = table.current
            app.fetch_all()
            await loaded(app, pilot)
            assert table.current is moved_to  # a row the user chose is kept


async def test_escape_in_search_clears_and_leaves_it(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt", "escape")
        assert app.explorer.search.value == "" and app.focused is app.explorer.table
        await pilot.press("2")  # a protocol, not text
        assert app.explorer.state.view.protocol == "openai" and app.explorer.search.value == ""


async def test_sort_arrows_never_cut_a_title_and_dialog_text_wraps(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        shown = [c.field for c in app.explorer.table.columns if c.field.sort and c.key != "id"]
        assert shown  # at 80 columns, at least the prices
        for field in shown:
            app.explorer.sort_by(field.key)
            await pilot.pause()
            assert f"{field.title}▲" in table_lines(app)[0]
        await pilot.press("e")
        await wait_until(pilot, lambda: "Enter saves, esc cancels" in drawn(app))


async def test_a_wrong_term_is_marked_with_its_reason(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert app.explorer.search_area.hint is None  # made with the first bad term
        await pilot.press("slash", *"gpt ctx>12kk")
        await wait_until(pilot, lambda: "⚠ “ctx>12kk” wants a number" in drawn(app))
        assert app.explorer.search.has_class("-bad-term")
        await pilot.press("backspace")
        await wait_until(pilot, lambda: "⚠" not in drawn(app))
        assert not app.explorer.search.has_class("-bad-term")


async def test_ids_are_whole_at_80_columns_when_they_can_be(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"jina-reranker-v2-base-multilingual", "enter")
        assert "jina-reranker-v2-base-multilingual" in table_lines(app)[1]


async def test_the_footer_is_composed_once_for_a_burst_of_updates_and_when_its_keys_change(
        gateway, monkeypatch):
    from textual.widgets import Footer as TextualFooter

    from tui_models.tui.widgets.footer import Footer

    composed: list[tuple] = []
    original = TextualFooter.compose

    def compose(self):
        composed.append(tuple(self.screen.active_bindings))
        return original(self)

    monkeypatch.setattr(TextualFooter, "compose", compose)
    app = make_app(gateway)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        footer = app.screen.query_one(Footer)
        await wait_until(pilot, lambda: footer.query("FooterKey"))
        await pilot.pause()
        settled = len(composed)
        assert settled <= 3  # the first, empty one, and the keys (Textual's: 6 at start)
        for _ in range(5):  # a burst, the keys unchanged: nothing composed again
            footer.bindings_changed(app.screen)
        await pilot.pause()
        await pilot.pause()
        assert len(composed) == settled
        await pilot.press("slash")  # the search box's keys
        await wait_until(pilot, lambda: len(composed) > settled)
        await pilot.pause()
        assert len(composed) == settled + 1 and composed[-1] != composed[settled - 1]
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        assert "Move" in shown and "Copy id" not in shown


async def test_the_footer_follows_a_key_disabled_by_a_dialog_that_closes_at_once():
    # A dialog that changes the screen's keys and is dismissed before it idles must not leave
    # the footer waiting for an update that never comes.
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Label

    from tui_models.tui.widgets.footer import Footer

    class Base(Screen):
        BINDINGS = [Binding("x", "ex", "Ex")]  # noqa: RUF012
        enabled = True

        def compose(self):
            yield Label("base")
            yield Footer()

        def check_action(self, action, parameters):
            return (self.enabled or None) if action == "ex" else True

        def action_ex(self):
            pass

    class Toggle(ModalScreen):
        def compose(self):
            yield Label("toggle")

        def on_mount(self):
            base = self.app.screen_stack[-2]
            base.enabled = not base.enabled
            base.refresh_bindings()
            self.dismiss()

    class Demo(App):
        def on_mount(self):
            self.push_screen(Base())

    app = Demo()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.screen.query("FooterKey"))
        base = app.screen
        footer = base.query_one(Footer)

        def ex_disabled():
            return [key._disabled for key in footer.query("FooterKey") if key.key == "x"]

        assert ex_disabled() == [False]
        for expected in (True, False, True):
            app.push_screen(Toggle())
            await wait_until(pilot, lambda expected=expected: ex_disabled() == [expected])
