"""Changes over time (issue 23, items 4–5): what each fetch changed is kept, `changes` reads
it back, `watch` fetches and reports, new stays new for a day, `new:7d` reaches further —
over loopback HTTP to a demo gateway whose models an "admin" changes between fetches."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import replace

import pytest

from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED
from tui_models.secret import Secret
from tui_models.store import paths
from tui_models.store.history import History

from .helpers import run_cli

KEY = "demo-key"
DEARER, DROPPED = CURATED[0], CURATED[1]
ADDED = replace(CURATED[2], id="brand-new-model-2026", name="Brand new")


@pytest.fixture
def gw(monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    with DemoGateway() as gateway:
        yield gateway


def at(gateway: DemoGateway) -> list[str]:
    return ["--base-url", gateway.url, "--preset", "memorylake"]


def admin_changes(gateway: DemoGateway) -> None:
    """One price up, one model dropped, one added."""
    dearer = replace(DEARER, input_1m=(DEARER.input_1m or 1) * 2)
    gateway.set_models((dearer, *(m for m in CURATED[1:] if m is not DROPPED), ADDED))


def history(gateway: DemoGateway) -> History:
    return History(gateway.url, Secret(KEY))


def test_the_first_fetch_reports_nothing(gw, capsys):
    code, out, _ = run_cli(capsys, "changes", *at(gw))
    assert (code, out) == (0, "No change in the last 7d.\n")
    assert history(gw).read() == []


def test_changes_lists_new_gone_and_price_changes_kept_between_fetches(gw, capsys):
    assert run_cli(capsys, "list", *at(gw), "--format", "ids")[0] == 0
    admin_changes(gw)
    code, out, _ = run_cli(capsys, "changes", *at(gw), "--json")
    assert code == 4
    records = json.loads(out)
    openai = {(r["kind"], r["id"]) for r in records if r["protocol"] == "openai"}
    assert ("new", ADDED.id) in openai and ("gone", DROPPED.id) in openai
    price = [r for r in records if r["kind"] == "price" and r["id"] == DEARER.id
             and r["protocol"] == "openai"]
    assert [(p["field"], p["old"] * 2 == p["new"]) for p in price] == [("input_per_1m", True)]
    assert all(r["when"].endswith("Z") for r in records)
    # Kept: read back without asking the gateway, and a fetch with nothing new adds nothing.
    requests = len(gw.requests)
    code, again, _ = run_cli(capsys, "changes", *at(gw), "--json", "--no-fetch")
    assert (code, json.loads(again)) == (4, records) and len(gw.requests) == requests
    assert run_cli(capsys, "watch", *at(gw), "--once") == (0, "", "")
    # The table: one line per change, signs for new and gone, the price's old and new.
    code, table, _ = run_cli(capsys, "changes", *at(gw), "--no-fetch", "--protocol", "openai")
    assert code == 4
    assert any(f"+ {ADDED.id}" in line and line.endswith("new") for line in table.splitlines())
    assert any(f"- {DROPPED.id}" in line for line in table.splitlines())
    old = DEARER.input_1m
    assert any(DEARER.id in line and f"input {old:.2f} → {old * 2:.2f} $/1M" in line
               for line in table.splitlines()), table


def test_a_window_that_ends_before_the_change_holds_none(gw, capsys):
    run_cli(capsys, "list", *at(gw))
    admin_changes(gw)
    run_cli(capsys, "list", *at(gw))
    kept = history(gw).read()
    assert kept
    events = [e._replace(at=time.time() - 3 * 86400) for e in kept]
    history(gw).path.write_text("".join(json.dumps(e.record()) + "\n" for e in events))
    assert run_cli(capsys, "changes", *at(gw), "--no-fetch", "--since", "2d")[:2] == \
        (0, "No change in the last 2d.\n")
    code, out, _ = run_cli(capsys, "changes", *at(gw), "--no-fetch", "--since", "1w", "--json")
    assert code == 4 and len(json.loads(out)) == len(kept)
    assert run_cli(capsys, "changes", *at(gw), "--since", "soon")[0] == 2


def test_new_stays_new_after_more_fetches_and_new_7d_reaches_back(gw, capsys):
    run_cli(capsys, "list", *at(gw))
    admin_changes(gw)
    for _ in range(3):  # a cron `list`, a second launch, an `r`: none ends NEW
        assert run_cli(capsys, "list", *at(gw), "--format", "ids")[0] == 0
    assert run_cli(capsys, "list", *at(gw), "is:new", "--format", "ids")[1] == ADDED.id + "\n"
    assert run_cli(capsys, "list", *at(gw), "new:7d", "--format", "ids")[1] == \
        ADDED.id + "\n"
    out = run_cli(capsys, "list", *at(gw), ADDED.id, "--format", "json")[1]
    record, = json.loads(out)
    assert record["is_new"] is True and record["new_at"].endswith("Z")
    # A day later (the profile's new_for), is:new is empty; new:7d still finds it.
    config = paths.default_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[profiles.default]\npreset = 'memorylake'\nnew_for = 0.001\n")
    assert run_cli(capsys, "list", *at(gw), "is:new", "--format", "ids")[1] == ""
    assert run_cli(capsys, "list", *at(gw), "new:7d", "--format", "ids")[1] == \
        ADDED.id + "\n"


def test_a_list_that_fails_reports_nothing_gone(gw, capsys):
    run_cli(capsys, "list", *at(gw))
    gw.faults["claude"] = "empty-503"
    code, _, err = run_cli(capsys, "changes", *at(gw), "--json")
    assert code == 3 and "Claude" in err
    gw.faults.clear()
    code, out, _ = run_cli(capsys, "changes", *at(gw), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_the_key_group_change_is_kept(monkeypatch, capsys):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    with DemoGateway(flavor="one-hub") as gw:
        gateway = ["--base-url", gw.url, "--preset", "memorylake"]
        run_cli(capsys, "list", *gateway)
        gw.keys[KEY] = "vip"
        code, out, _ = run_cli(capsys, "changes", *gateway, "--json")
    records = json.loads(out)
    assert code == 4
    assert [(r["old"], r["new"]) for r in records if r["kind"] == "group"] == \
        [("default", "vip")]
    assert {r["id"] for r in records if r["kind"] == "new"} == \
        {m.id for m in gw.models_for("vip") if m.vip}


def test_watch_once_hands_the_changes_to_exec_without_the_key(gw, capsys, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("SOMETHING_ELSE", f"prefix {KEY} suffix")
    run_cli(capsys, "watch", *at(gw), "--once")
    admin_changes(gw)
    got = tmp_path / "got.json"
    script = ("import json, os, sys; json.dump({'stdin': json.load(sys.stdin), "
              "'env': dict(os.environ), 'argv': sys.argv}, open(sys.argv[1], 'w'))")
    command = f"{sys.executable} -c \"{script}\" {got}"
    code, out, _ = run_cli(capsys, "watch", *at(gw), "--once", "--exec", command)
    assert code == 4 and ADDED.id in out
    seen = json.loads(got.read_text())
    assert {(r["kind"], r["id"]) for r in seen["stdin"]} >= {("new", ADDED.id),
                                                               ("gone", DROPPED.id)}
    assert KEY not in json.dumps(seen["env"]) and KEY not in json.dumps(seen["argv"])
    assert "MEMORYLAKE_API_KEY" not in seen["env"] and seen["env"]["HOME"] == os.environ["HOME"]
    # Nothing changed: CMD is not run; a failing CMD is exit 1, said in one line.
    got.unlink()
    assert run_cli(capsys, "watch", *at(gw), "--once", "--exec", command)[0] == 0
    assert not got.exists()
    gw.set_models(CURATED)
    code, _, err = run_cli(capsys, "watch", *at(gw), "--once", "--exec", "no-such-command-x")
    assert code == 1 and "no-such-command-x: command not found" in err


def test_watch_never_overlaps_itself(gw, capsys):
    with history(gw).watching():
        code, out, err = run_cli(capsys, "watch", *at(gw), "--once")
    assert (code, out) == (1, "") and "another `tui-models watch`" in err
    assert run_cli(capsys, "watch", *at(gw), "--once")[0] == 0
    assert run_cli(capsys, "watch", *at(gw), "--every", "1s")[0] == 2  # too often


def test_a_hostile_history_file_is_read_for_what_it_holds(gw, capsys):
    run_cli(capsys, "list", *at(gw))
    admin_changes(gw)
    run_cli(capsys, "list", *at(gw))
    kept = history(gw)
    good = kept.read()
    with kept.path.open("a") as handle:
        handle.write('not json\n{"at": "yesterday", "kind": "new"}\n[1, 2]\n'
                     '{"at": 1e999, "kind": "new", "protocol": "openai", "id": "x"}\n'
                     '{"at": 1.0, "kind": "rm -rf", "protocol": "openai", "id": "x"}\n')
    assert kept.read() == good and kept.skipped == 5
    code, _, err = run_cli(capsys, "list", *at(gw), "--format", "ids")
    assert code == 0 and "5 unreadable lines" in err


async def test_the_explorer_keeps_what_changed_and_new_stays_new_across_launches(gw):
    from .tui_helpers import drawn, loaded, make_app, wait_until

    app = make_app(gw)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
    admin_changes(gw)
    app = make_app(gw)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)  # this fetch saw the change: kept in the history
    app = make_app(gw, query="is:new")  # a third launch, nothing changed since
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        table = app.explorer.table
        assert [table.models[i].id for i in table.rows] == [ADDED.id]
        search = app.explorer.search
        search.value = DEARER.id
        old = DEARER.input_1m
        day = time.strftime("%Y-%m-%d", time.gmtime())
        line = re.compile(rf"Changed +input {old:.2f} → {old * 2:.2f} \$/1M on")
        await wait_until(pilot, lambda: line.search(drawn(app)), what="the inspector's change")
        after = drawn(app)[line.search(drawn(app)).end():]
        assert day in after.splitlines()[1]  # wrapped, the next line


def test_a_fetch_of_an_unchanged_gateway_writes_nothing(gw, capsys):
    # The previous fetch's values are compared as written: equal, nothing is decoded,
    # compared or rewritten (at 100,000 models that was a second of every `list`).
    assert run_cli(capsys, "list", *at(gw), "--format", "json")[0] == 0
    last = history(gw).last_path
    written = last.stat()
    assert run_cli(capsys, "list", *at(gw), "--format", "json")[0] == 0
    again = last.stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert history(gw).read() == []
    admin_changes(gw)  # and a change is still found, and kept
    assert run_cli(capsys, "list", *at(gw), "--format", "json")[0] == 0
    assert last.stat().st_ino != written.st_ino
    assert {(e.kind, e.id) for e in history(gw).read()} >= {("new", ADDED.id),
                                                            ("gone", DROPPED.id)}


def test_the_previous_values_are_lines_and_one_document_from_before_still_reads(gw, capsys):
    """The previous fetch's values are written as short lines (read back a line at a time,
    never one call that holds the screen at 100,000 models); a file of one JSON document,
    as earlier versions wrote it, still tells what changed."""
    assert run_cli(capsys, "list", *at(gw), "--format", "ids")[0] == 0
    last = history(gw).last_path
    text = last.read_text()
    assert len(text.splitlines()) > 3 and all(line.startswith("[[") for line in
                                               text.splitlines())
    values = history(gw).last()
    assert values is not None and DEARER.id in values["protocols"]["openai"]["ids"]
    last.write_text(json.dumps(values) + "\n")  # as an earlier version wrote it
    admin_changes(gw)
    assert run_cli(capsys, "list", *at(gw), "--format", "ids")[0] == 0
    assert {(e.kind, e.id) for e in history(gw).read()} >= {
        ("new", ADDED.id), ("gone", DROPPED.id), ("price", DEARER.id)}
    assert last.read_text().startswith("[[")  # and written as lines again


def test_relay_price_context_and_group_changes_are_kept(monkeypatch, capsys):
    # one-hub lists bare ids: prices, limits and groups come from its relay endpoints only.
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    mini, twin = CURATED[2], CURATED[3]
    with DemoGateway(flavor="one-hub") as gw:
        gateway = ["--base-url", gw.url, "--preset", "memorylake"]
        assert run_cli(capsys, "list", *gateway, "--format", "json")[0] == 0
        dearer = replace(mini, input_1m=mini.input_1m * 2, context=(mini.context or 0) * 2)
        gw.set_models(tuple(dearer if m is mini else replace(m, vip=True) if m is twin else m
                            for m in CURATED))
        code, out, _ = run_cli(capsys, "changes", *gateway, "--json")
    assert code == 4
    relay = {(r["kind"], r["id"], r["field"]): (r["old"], r["new"]) for r in json.loads(out)
             if r.get("source") == "relay"}
    old, new = relay[("price", mini.id, "input_per_1m")]
    assert new == pytest.approx(old * 2)
    assert relay[("context", mini.id, "context_window")] == (mini.context, mini.context * 2)
    was, now = relay[("groups", twin.id, "groups")]
    assert "default" in was and now == ["vip"]


def test_a_probe_that_stops_answering_is_a_change(gw, capsys):
    model = CURATED[2].id
    assert run_cli(capsys, "probe", model, *at(gw), "--yes")[0] == 0
    assert run_cli(capsys, "list", *at(gw), "--format", "ids")[0] == 0  # kept: it answered
    gw.faults["calls"] = "lying-400"
    assert run_cli(capsys, "probe", model, *at(gw), "--yes")[0] != 0
    code, out, _ = run_cli(capsys, "changes", *at(gw), "--json")
    assert code == 4
    probe = [r for r in json.loads(out) if r["kind"] == "probe"]
    assert [(r["id"], r["old"]) for r in probe] == [(model, "ok")] and probe[0]["new"]


def test_a_starred_id_the_catalogue_calls_deprecated_is_a_change(gw, capsys):
    from tui_models.store.marks import Marks

    deprecated = "claude-3-5-sonnet-20241022"  # status deprecated in the bundled catalogue
    assert run_cli(capsys, "list", *at(gw), "--format", "json")[0] == 0
    marks = Marks(gw.url).load()
    assert marks.star(deprecated)
    marks.save()
    code, out, _ = run_cli(capsys, "changes", *at(gw), "--json")
    assert code == 4
    assert [(r["id"], r["old"], r["new"]) for r in json.loads(out)
            if r["kind"] == "deprecated"] == [(deprecated, "active", "deprecated")]


def test_the_kept_values_share_equal_lists_and_read_as_before():
    """A snapshot of 100,000 models held 500,000 lists; equal values are one list now, of
    the same types (1 and 1.0 stay apart: they are not the same JSON)."""
    from tui_models.listing.changes import snapshot
    from tui_models.model import Model
    from tui_models.relay.info import RelayInfo, RelayPrice
    from tui_models.store import jsonparts

    models = [Model("a", "openai", input_per_1m=1.0), Model("b", "openai", input_per_1m=1.0),
              Model("c", "openai", input_per_1m=1), Model("d", "openai", context_window=8)]
    price = RelayPrice(input_per_1m=2.0, groups=("default",))
    relay = RelayInfo("one-hub", prices={"a": price, "b": price, "c": RelayPrice(groups=())})
    state = snapshot({"openai": models}, relay, {}, (), catalogue=False)
    values, prices = state["protocols"]["openai"]["values"], state["relay"]["prices"]
    assert values[0] is values[1] and values[2] is not values[0] and values[3] is not values[0]
    assert prices["a"] is prices["b"] and prices["c"] is not prices["a"]
    text = "".join(jsonparts.pieces(state))
    assert json.loads(text)["protocols"]["openai"]["values"] == [
        [1.0, None, None, None, None], [1.0, None, None, None, None],
        [1, None, None, None, None], [None, None, None, 8, None]]
    assert '[1,null' in text and '[1.0,null' in text
    assert json.loads(text)["relay"]["prices"]["a"] == [2.0, None, None, None, None,
                                                        ["default"]]
