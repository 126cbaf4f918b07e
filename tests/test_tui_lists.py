"""The explorer with a cache, new and gone models, export, pick mode, profiles and compare."""

from __future__ import annotations

import csv
import json
import os

import pytest

from tui_models.config import Overrides
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, DemoModel
from tui_models.listing.loading import Stage
from tui_models.session import resolve
from tui_models.store import paths as locations
from tui_models.tui.dialogs.compare import CompareScreen
from tui_models.tui.dialogs.export import ExportScreen
from tui_models.tui.dialogs.manual_copy import ManualCopyScreen

from .helpers import distinct_ids
from .tui_helpers import drawn, loaded, make_app, notified, plain, table_lines, wait_until

pytestmark = pytest.mark.e2e  # real servers, terminals or processes

NEW = DemoModel("fresh-off-the-press", "openai", "Fresh", 64_000, 8_192, 1, 2)


async def test_cached_list_serves_stale_when_the_gateway_fails():
    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
        gw.faults = {p: "html-502" for p in ("openai", "claude", "gemini")}
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            assert {s.stage for s in app.explorer.sidebar.states.values()} == {Stage.STALE}
            assert "offline: cached just now" in drawn(app).splitlines()[0]
            assert len(app.explorer.table.rows) == len(distinct_ids(gw))


async def test_new_models_are_marked_and_searchable():
    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(120, 30)) as pilot:
            await loaded(app, pilot)
            # The first fetch of a gateway marks nothing new or gone.
            assert not any(m.is_new or m.is_gone for m in app.explorer.state.listing.index.models)
        gw.set_models((*CURATED[1:], NEW))
        app = make_app(gw)
        async with app.run_test(size=(120, 30)) as pilot:
            await loaded(app, pilot)
            await pilot.press("slash", *"is:new")
            table = app.explorer.table
            assert [table.models[i].id for i in table.rows] == ["fresh-off-the-press"]
            assert "NEW" in table_lines(app)[1]
            app.explorer.search.value = "is:gone"
            await pilot.pause()
            assert [table.models[i].id for i in table.rows] == [CURATED[0].id]


async def test_export_writes_the_current_view(gateway, tmp_path):
    app = make_app(gateway)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"kind:embed", "enter", "e")
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "view.json"
        path_input = app.screen.query_one("#path")
        path_input.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        shown = [app.explorer.table.models[i].id for i in app.explorer.table.rows]
        assert [r["id"] for r in json.loads(target.read_text())] == shown
        await pilot.press("e")
        app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: notified(app, "already exists"))
        await pilot.press("e")
        app.screen.query_one("#path").value = str(tmp_path / "view.csv")
        await pilot.press("enter")
        await pilot.pause()
        rows = list(csv.DictReader((tmp_path / "view.csv").open()))
        assert [r["id"] for r in rows] == shown and {r["kind"] for r in rows} == {"embedding"}


async def test_pick_mode_returns_the_highlighted_id(gateway):
    app = make_app(gateway, pick=True, query="GPT-4o owner:azure")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.focused is app.explorer.search
        await pilot.press("enter")
    assert app.return_value == "GPT-4o"
    app = make_app(gateway, pick=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("escape")
    assert app.return_value is None


def write_profiles(url: str, extra: str = "") -> None:
    path = locations.default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""
default_profile = "basic"
[profiles.basic]
base_url = "{url}"
api_key_env = "KEY_BASIC"
[profiles.vip]
base_url = "{url}"
api_key_env = "KEY_VIP"
{extra}""")
    os.chmod(path, 0o600)


async def test_a_slow_key_command_never_freezes_the_explorer(gateway, monkeypatch):
    monkeypatch.setenv("KEY_BASIC", "demo-key")
    release = locations.config_dir() / "release"
    write_profiles(gateway.url, f"""[profiles.slow]
base_url = "{gateway.url}"
api_key_env = "KEY_SLOW_UNSET"
api_key_cmd = "while [ ! -e '{release}' ]; do sleep 0.05; done; echo demo-vip-key"
""")
    from tui_models.tui.app import ModelsApp

    app = ModelsApp(resolve(Overrides()))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p", *"switch to profile slow")
        await wait_until(pilot, lambda: "Switch to profile slow" in drawn(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Reading the key of profile slow" in drawn(app))
        await pilot.press("4")  # the key command still runs: the explorer answers anyway
        await wait_until(pilot, lambda: app.explorer.state.view.protocol == "gemini")
        assert app.profile.name == "basic"
        release.touch()
        await wait_until(pilot, lambda: app.profile.name == "slow")
        await loaded(app, pilot)


async def test_switch_and_compare_profiles(gateway, monkeypatch):
    monkeypatch.setenv("KEY_BASIC", "demo-key")
    monkeypatch.setenv("KEY_VIP", "demo-vip-key")
    write_profiles(gateway.url)
    from tui_models.tui.app import ModelsApp

    app = ModelsApp(resolve(Overrides()))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        basic = {app.explorer.table.models[i].id for i in app.explorer.table.rows}
        await pilot.press("ctrl+p", *"compare with profile vip")
        await wait_until(pilot, lambda: "Compare with profile vip" in drawn(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen)
                         and "basic vs vip" in drawn(app))
        assert "Fetching profile" not in drawn(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"switch to profile vip")
        await wait_until(pilot, lambda: "Switch to profile vip" in drawn(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.profile.name == "vip")
        await loaded(app, pilot)
        assert app.profile.name == "vip"
        vip = {app.explorer.table.models[i].id for i in app.explorer.table.rows}
    assert basic < vip and "gpt-5" in vip - basic


def test_diff_command(capsys, gateway, monkeypatch):
    from .helpers import run_cli

    monkeypatch.setenv("KEY_BASIC", "demo-key")
    monkeypatch.setenv("KEY_VIP", "demo-vip-key")
    write_profiles(gateway.url)
    code, out, err = run_cli(capsys, "diff", "basic", "vip", "--format", "json")
    assert code == 4, err
    data = json.loads(out)
    only_vip = {(r["protocol"], r["id"]) for r in data["only_b"]}
    vip_only = {m.id for m in CURATED if m.vip}
    assert {i for _, i in only_vip} == vip_only
    assert data["only_a"] == []
    # Both keys pay the relay's price for their group: vip (×0.5) pays half of default (×1)
    # for every price the relay works out; a price only the list carries is the same for both.
    changes = data["price_changes"]
    assert changes, "the relay's group prices differ by half: diff must see it"
    for change in changes:
        a, b = change["a"], change["b"]
        halved = [k for k in a if a[k] and b[k] == pytest.approx(a[k] * 0.5)]
        assert halved and all(b[k] == a[k] for k in a if k not in halved), change
    code, out, _ = run_cli(capsys, "diff", "basic", "vip")
    assert code == 4
    assert "Only in basic: 0" in out and f"Only in vip: {len(only_vip)}" in out
    code, out, _ = run_cli(capsys, "diff", "basic", "basic")
    assert code == 0
    assert out.splitlines() == [f"no differences: basic and basic see the same "
                                f"{len(data['both']):,} models at the same prices"]


def test_diff_of_the_demos_two_keys_needs_no_config(capsys):
    from .helpers import run_cli

    code, out, err = run_cli(capsys, "diff", "--demo", "demo", "demo-vip", "--format", "json")
    assert code == 4, err
    assert {r["id"] for r in json.loads(out)["only_b"]} == {m.id for m in CURATED if m.vip}
    code, _, err = run_cli(capsys, "diff", "--demo", "demo", "nope")
    assert code == 2 and err == ("tui-models: the demo has no profile 'nope' "
                                 "(profiles: demo, demo-vip)\n")


def test_diff_errors_name_the_profile(capsys, gateway, monkeypatch):
    from .helpers import run_cli

    monkeypatch.setenv("KEY_BASIC", "demo-key")
    write_profiles(gateway.url)  # KEY_VIP is not set
    code, _, err = run_cli(capsys, "diff", "basic", "vip")
    assert code == 2 and err.startswith("tui-models: profile vip: no API key: set KEY_VIP")


async def test_the_demo_offers_its_two_profiles_to_switch_to():
    with DemoGateway() as gw:
        from tui_models.cli.demo import open_demo
        from tui_models.tui.app import ModelsApp

        app = ModelsApp(open_demo(gw, "demo", Overrides()))
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            basic = len(app.explorer.table.rows)
            await pilot.press("ctrl+p", *"switch to profile demo-vip")
            await wait_until(pilot, lambda: "Switch to profile demo-vip" in drawn(app))
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.profile.name == "demo-vip")
            await loaded(app, pilot)
            assert len(app.explorer.table.rows) > basic


async def test_the_pick_hint_is_whole_at_80_columns(gateway):
    app = make_app(gateway, pick=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = drawn(app)
        assert "pick: enter chooses · esc cancels" in screen
        assert "↑↓ Move" in screen  # the footer says the arrows work from the box


async def test_arrows_in_the_search_box_move_the_table_and_enter_acts_on_that_row(gateway):
    app = make_app(gateway, pick=True, query="gpt-4o")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        rows = [app.explorer.table.models[i].id for i in app.explorer.table.rows]
        await pilot.press("down", "ctrl+n", "up")  # ctrl+p stays the command palette
        assert app.focused is app.explorer.search and app.explorer.search.value == "gpt-4o"
        assert app.explorer.table.cursor_row == 1
        await pilot.press("enter")
    assert app.return_value == rows[1]
    app = make_app(gateway)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt-4o", "down", "enter")
        second = app.explorer.table.current
        assert second is not None and app.explorer.table.cursor_row == 1
        await wait_until(pilot, lambda: app.clipboard == second.id)
        # No clipboard here can confirm a copy: the text is offered to copy by hand.
        await wait_until(pilot, lambda: isinstance(app.screen, ManualCopyScreen))
        await pilot.press("escape")
        assert app.focused is app.explorer.table
        await pilot.press("slash", *" -mini", "enter")  # no arrow: Enter is the first row
        assert app.explorer.table.cursor_row == 0 and app.focused is app.explorer.table


def dearer(model: DemoModel) -> DemoModel:
    from dataclasses import replace

    return replace(model, input_1m=(model.input_1m or 1) * 2,
                   context=(model.context or 1000) + 1000)


async def test_price_and_context_changes_between_fetches_are_marked():
    first = CURATED[0]
    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(120, 30)) as pilot:
            await loaded(app, pilot)
        gw.set_models((dearer(first), *CURATED[1:]))
        app = make_app(gw, query="is:changed")
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            await loaded(app, pilot)
            table = app.explorer.table
            changed = [table.models[i] for i in table.rows]
            assert {m.id for m in changed} == {first.id}
            assert {c.field for c in changed[0].changes} == {"input_per_1m",
                                                                "context_window"}
            assert "CHG" in table_lines(app)[1]
            await wait_until(pilot, lambda: "1 changed since the last fetch" in drawn(app))


def test_list_reports_changes_between_fetches(capsys, monkeypatch):
    from .helpers import run_cli

    first = CURATED[0]
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway() as gw:
        gateway = ["--base-url", gw.url, "--preset", "memorylake"]
        assert run_cli(capsys, "list", *gateway, "--format", "ids")[0] == 0
        gw.set_models((dearer(first), *CURATED[1:]))
        code, out, _ = run_cli(capsys, "list", *gateway, "is:changed", "--format", "json")
    records = json.loads(out)
    assert code == 0 and {r["id"] for r in records} == {first.id}
    assert all(sorted(r["changed"]) == ["context_window", "input_per_1m"] for r in records)


async def test_the_list_is_shown_before_its_cache_is_written_and_a_failed_write_is_said():
    cache = locations.cache_dir() / "lists"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the lists' directory should be")
    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            await loaded(app, pilot)
            assert len(app.explorer.table.rows) == len(distinct_ids(gw))
            await wait_until(pilot, lambda: "could not write the cache" in drawn(app),
                             what="the notice that the cache was not written")


async def test_i_gives_the_inspector_the_screen_to_scroll_from_the_keyboard(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        inspector = app.explorer.inspector
        await pilot.press("slash", *"claude-sonnet-4-5", "enter")
        small = inspector.size.height
        await pilot.press("i")
        await wait_until(pilot, lambda: app.focused is inspector)
        assert not app.explorer.table.display or app.explorer.table.size.height == 0
        assert inspector.size.height > small
        assert "claude-sonnet-4-5" in plain(inspector.shown)
        await pilot.press("pagedown", "end")
        assert inspector.scroll_y > 0  # the raw JSON at the bottom is reachable
        await pilot.press("escape")
        assert app.focused is app.explorer.table and inspector.size.height == small
        await pilot.press("i", "i")
        assert app.focused is app.explorer.table
        await pilot.press("p")  # a model two protocols serve: which one is chosen now, said
        assert app.explorer.state.target(app.explorer.table.current).protocol == "claude"


async def test_at_80_columns_prices_keep_their_place_once_a_probe_exists(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt-4o-mini", "enter", "t")
        await wait_until(pilot, lambda: app.explorer.state.listing.probed)
        await pilot.press("escape", "escape")
        header = table_lines(app)[0]
        assert "In $/1M" in header and "Out $/1M" in header
        columns = [c.key for c in app.explorer.table.columns]
        assert app.explorer.state.probes_in_view()
        assert "probe" not in columns  # no room at 80 columns: the prices win
        seen = set()
        for _ in range(len(columns) + 1):  # `s` cycles through labelled columns only
            await pilot.press("s")
            seen.add(app.explorer.state.view.sort)
        assert "new" not in seen and "input_per_1m" in seen
    app = make_app(gateway)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        assert "probe" in [c.key for c in app.explorer.table.columns]  # room: shown
        await pilot.press("slash", *"deepseek")
        assert "probe" not in [c.key for c in app.explorer.table.columns]  # none in view


async def test_a_profile_name_that_looks_like_markup_is_shown_as_text(gateway, monkeypatch):
    monkeypatch.setenv("KEY_BASIC", "demo-key")
    write_profiles(gateway.url, f"""[profiles."zz[/]"]
base_url = "{gateway.url}"
api_key_env = "KEY_BASIC"
[profiles."[b]bold[/b]"]
base_url = "{gateway.url}"
api_key_env = "KEY_BASIC"
""")
    from tui_models.tui.app import ModelsApp

    app = ModelsApp(resolve(Overrides()))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p", *"profile zz[")  # the matched letters highlighted
        await wait_until(pilot, lambda: "Switch to profile zz[/]" in drawn(app)
                         and "Compare with profile zz[/]" in drawn(app))
        await pilot.press("escape", "ctrl+p", *"bold")
        await wait_until(pilot, lambda: "Switch to profile [b]bold[/b]" in drawn(app))
        await pilot.press("enter")  # its notices name it too
        await wait_until(pilot, lambda: app.profile.name == "[b]bold[/b]")
        await loaded(app, pilot)
        assert "profile [b]bold[/b]" in drawn(app).splitlines()[0]
