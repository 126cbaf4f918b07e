"""`tui-models why ID`, `is:locked` and the explorer's verdict under an empty search: each
verdict from the same listing the other commands read."""

from __future__ import annotations

import json

import pytest

from tui_models import relay
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED
from tui_models.demo.relay import available_model, user_group_map
from tui_models.listing import Listing
from tui_models.listing.locked import not_usable
from tui_models.listing.why import (
    CASE_TWIN,
    LISTED,
    MODEL_LIMITS,
    NOT_LISTED,
    OTHER_GROUP,
    OTHER_PROTOCOL,
    explain,
    suggest,
)
from tui_models.model import Model, Probe
from tui_models.relay import RelayInfo

from .helpers import run_cli
from .test_explorer_state import state_with

DEFAULT_IDS = [m.id for m in CURATED if not m.vip]
VIP_ONLY = [m.id for m in CURATED if m.vip]


def demo_listing(group_key: str = "default") -> Listing:
    """The demo's OpenAI list for a key of `group_key`, priced by its one-hub relay data
    (the parser of the real relay, over the demo's own answers)."""
    ids = DEFAULT_IDS if group_key == "default" else [m.id for m in CURATED]
    info = relay.one_hub(available_model(CURATED), user_group_map(), set(ids), None)
    listing = Listing(relay=info)
    listing.load({"openai": [Model(i, "openai") for i in ids],
                  "claude": [Model("claude-only-id", "claude")]})
    return listing


# -- the verdicts, on the listing -------------------------------------------------------------

def test_an_exact_id_is_listed_with_its_last_probe():
    listing = demo_listing()
    listing.probes = {("openai", "gpt-4o"): Probe(True, 200, 412.0, 100.0, "gpt-4o", None,
                                                  1.7e9)}
    verdict = explain(listing, "gpt-4o")
    assert verdict.verdict == LISTED and verdict.listed and verdict.protocols == ("openai",)
    assert verdict.probe is not None and "✓ answered in 412 ms" in verdict.details[0]


def test_a_case_twin_is_named_and_not_listed():
    verdict = explain(demo_listing(), "GPT-4O")
    assert verdict.verdict == CASE_TWIN and not verdict.listed
    assert set(verdict.twins) == {"GPT-4o", "gpt-4o"}
    assert "case-sensitive" in verdict.message


def test_an_id_of_another_protocol_only_gives_that_protocols_call_url():
    verdict = explain(demo_listing(), "claude-only-id", ("openai",),
                      call_url=lambda m: f"https://gw/{m.protocol}/{m.id}")
    assert verdict.verdict == OTHER_PROTOCOL and verdict.protocols == ("claude",)
    assert verdict.call_urls == {"claude": "https://gw/claude/claude-only-id"}
    assert "not in the OpenAI list, but the Claude list has it" in verdict.message


def test_a_model_of_another_group_names_the_group_its_ratio_and_the_keys_group():
    vip_id = VIP_ONLY[0]
    verdict = explain(demo_listing(), vip_id)
    assert verdict.verdict == OTHER_GROUP
    assert verdict.groups == (("vip", 0.5),) and verdict.key_group == "default"
    assert "group vip (×0.5); your key is in group default" in verdict.message
    # The same id for the vip key is listed.
    assert explain(demo_listing("vip"), vip_id).verdict == LISTED


def test_a_tokens_model_limits_are_the_reason_when_the_group_has_the_model():
    info = RelayInfo("new-api", prices={"o3-pro": relay.RelayPrice(groups=("default",))},
                     group="default", allowed=("gpt-4o",))
    listing = Listing(relay=info)
    listing.load({"openai": [Model("gpt-4o", "openai")]})
    verdict = explain(listing, "o3-pro")
    assert verdict.verdict == MODEL_LIMITS and "model limits allow 1 models" in verdict.message


def test_suggestions_put_the_family_first_and_never_the_typed_id():
    listing = demo_listing()
    found = suggest(listing, "gpt-4o-mni")
    assert found[0] == "gpt-4o-mini" and "gpt-4o-mni" not in found
    assert all(s.lower().startswith("gpt") for s in found[:3])
    assert "llama-3.3-70b-instruct" in suggest(listing, "llama3")
    verdict = explain(listing, "gpt-4o-mni")
    assert verdict.verdict == NOT_LISTED and "did you mean `gpt-4o-mini`" in verdict.message
    # An id nothing resembles has no suggestions, and says only that.
    assert explain(listing, "zzzzzzzz").message == "`zzzzzzzz` is not listed."


def test_a_hostile_id_is_inert_in_the_verdict():
    verdict = explain(demo_listing(), "gpt\x1b]52;c;bad\x07-4o\n")
    assert "\x1b" not in verdict.message and "\n" not in verdict.message


# -- is:locked --------------------------------------------------------------------------------

def test_locked_rows_are_hidden_unless_asked_for_and_priced_for_their_group():
    listing = demo_listing()
    assert not {m.id for m in listing.select("")} & set(VIP_ONLY)
    locked = listing.select("is:locked")
    assert sorted(m.id for m in locked) == sorted(VIP_ONLY)
    assert all(m.is_locked and m.relay.group == "vip" and m.relay.group_ratio == 0.5
               for m in locked)
    gpt5 = next(m for m in locked if m.id == "gpt-5")
    assert gpt5.relay.input_per_1m == pytest.approx(1.25 * 0.5)  # the vip group's price
    assert "not available to this key" in not_usable(gpt5) and "group vip" in not_usable(gpt5)
    assert not_usable(listing.select("gpt-4o")[0]) == ""
    assert listing.count() == len(DEFAULT_IDS) + 1  # All counts the key's models only


def test_the_vip_key_has_nothing_locked():
    assert demo_listing("vip").select("is:locked") == []


# -- the explorer's empty search --------------------------------------------------------------

def test_an_empty_search_of_one_id_shows_the_verdict_under_the_box():
    state = state_with({"openai": [Model("gpt-4o", "openai"), Model("gpt-4o-mini", "openai")]})
    state.view.set_query("gpt-4o-mni")
    assert state.empty_text() == "`gpt-4o-mni` is not listed; did you mean `gpt-4o-mini`, " \
                                 "`gpt-4o`?"
    state.view.set_query("ctx>1m gpt")  # not one id: the plain sentence
    assert state.empty_text().startswith("No model matches")


# -- the command, over real HTTP --------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.parametrize(("argv", "code", "verdict"), [
    (("gpt-4o",), 0, "listed"),
    (("GPT-4O",), 4, "case_twin"),
    (("gpt-5",), 4, "other_group"),
    (("gpt-5", "--profile", "demo-vip"), 0, "listed"),
    (("gpt-4o", "--protocol", "claude"), 4, "other_protocol"),
    (("gpt-4o-mni",), 4, "not_listed"),
])
def test_why_on_the_demo(capsys, argv, code, verdict):
    got, out, err = run_cli(capsys, "why", "--demo", "--json", *argv)
    record = json.loads(out)
    assert (got, record["verdict"], err) == (code, verdict, "")
    assert record["id"] == argv[0] and record["listed"] is (code == 0)
    if verdict == "other_protocol":
        assert list(record["call_urls"]) == ["openai"]
        assert record["call_urls"]["openai"].endswith("/v1/chat/completions")
    if verdict == "other_group":
        assert record["offered_to_groups"] == [{"group": "vip", "ratio": 0.5}]


@pytest.mark.e2e
def test_why_says_when_a_gone_model_was_last_listed(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway() as gw:
        assert run_cli(capsys, "list", "--base-url", gw.url, "--format", "ids")[0] == 0
        gw.set_models([m for m in CURATED if m.id != "deepseek-r1"])
        code, out, _ = run_cli(capsys, "why", "deepseek-r1", "--base-url", gw.url)
    assert code == 4
    assert out.startswith("`deepseek-r1` was listed before and is gone since the last fetch "
                          "(last listed ")


@pytest.mark.e2e
def test_list_is_locked_on_the_demo(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", "is:locked", "--format", "json")
    records = json.loads(out)
    assert code == 0 and sorted(r["id"] for r in records) == sorted(VIP_ONLY)
    assert all(r["is_locked"] and r["groups"] == ["vip"] for r in records)
    code, out, _ = run_cli(capsys, "list", "--demo", "--format", "ids")
    assert not set(out.split()) & set(VIP_ONLY)


def test_a_large_listing_says_not_listed_without_searching_every_id(monkeypatch):
    """The closest ids are a close-spelling search of every id: seconds per key at 100,000
    models, on the event loop. Above `CLOSEST_UP_TO` the box says "not listed" alone."""
    from tui_models.listing import why
    from tui_models.tui import state as state_module

    state = state_with({"openai": [Model("gpt-4o", "openai"), Model("gpt-4o-mini", "openai")]})
    monkeypatch.setattr(state_module, "CLOSEST_UP_TO", 1)

    def refuse(*args, **kwargs):
        raise AssertionError("searched every id")

    monkeypatch.setattr(why, "suggest", refuse)
    state.view.set_query("gpt-4o-mni")
    assert state.empty_text() == "`gpt-4o-mni` is not listed."
