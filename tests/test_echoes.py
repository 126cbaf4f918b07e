"""What a gateway echoes outside an error (issue 26, Medium 1 and 2): the key in any string of
a list item, and numbers no strict JSON holds. Neither reaches a screen, export, cache or
store; the list still loads."""

from __future__ import annotations

import json
import math

import pytest

from tui_models.demo import DemoGateway
from tui_models.gateway import clean
from tui_models.gateway.jsonscan import scan
from tui_models.listing.locked import not_usable
from tui_models.secret import Secret
from tui_models.store.paths import cache_dir, state_dir

from .helpers import fetch, run_cli

KEY = "sk-echo-test-key-4c1f9a7e2b5d3086"


def strict(text: str):
    """`json.loads` as Node's JSON.parse reads: NaN and Infinity are errors."""
    def refuse(token: str):
        raise ValueError(f"not strict JSON: {token}")
    return json.loads(text, parse_constant=refuse)


def test_a_page_is_tested_cheaply_then_each_string_redacted():
    cleaner = clean.Cleaner(Secret(KEY))
    assert not cleaner.page_echoes(b'{"data": [{"id": "gpt-4o", "owned_by": "openai"}]}')
    for form in (KEY, KEY.upper(), KEY[5:18], KEY.replace("-", "\\u002d")):
        assert cleaner.page_echoes(f'{{"owned_by": "{form}"}}'.encode()), form
    fixed, nulled = clean.rewrite({"owned_by": f"token {KEY}", "n": [math.nan, 1.5, math.inf],
                                   KEY: "a key as a key"}, cleaner.redact)
    text = clean.text_of(fixed)
    assert KEY not in text and KEY[5:18] not in text and nulled == 2
    assert fixed["n"] == [None, 1.5, None] and "a key as a key" in fixed.values()
    assert clean.Cleaner(None).redact(KEY) == KEY  # no key: numbers only


def test_an_integer_too_long_for_python_is_out_of_range_not_a_broken_page():
    seen: list[str] = []
    huge: list[bool] = []
    text = f'{{"data": [{{"id": "a", "n": 1{"0" * 5_000}}}, {{"id": "b", "n": 2}}]}}'
    _, streamed = scan(text, "data", lambda item, *_: seen.append(item["id"]),
                       on_huge=lambda: huge.append(True))
    assert streamed and seen == ["a", "b"] and huge == [True]


@pytest.mark.e2e
def test_a_key_echoed_in_a_list_is_redacted_everywhere_and_its_id_never_copied(
        capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    with DemoGateway(keys={KEY: "default"}, faults={"openai": "echo-key-list"}) as gw:
        for fmt in ("table", "json", "csv", "ids"):
            code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                     "openai", "--format", fmt)
            assert code == 0 and "sane-model" in out, fmt
            assert "OpenAI: 2 items held your API key" in err, fmt
            for form in (KEY, KEY.upper(), KEY[3:20]):
                assert form not in out and form not in err, (fmt, form)
        records = {r["id"]: r for r in json.loads(run_cli(
            capsys, "list", "--base-url", gw.url, "--protocol", "openai", "--format",
            "json")[1])}
        assert "token" in records["gpt-4o"]["owned_by"]  # the rest of the string stands
        assert KEY not in json.dumps(records["gpt-4o"]["raw"])
        stored = [p for root in (cache_dir(), state_dir()) if root.exists()
                  for p in root.rglob("*") if p.is_file()]
        assert stored and not any(KEY.encode() in p.read_bytes() for p in stored)
        from tui_models.store.lists import ListCache

        cached = ListCache(gw.url, Secret(KEY)).load("openai")
        assert cached is not None and cached.models is not None
        assert [m.id for m in cached.models if m.key_in_id] == [
            i for i in records if i.startswith("model-of-")]  # still refused from the cache

        from tui_models.cli.demo import demo_profile

        models = fetch(demo_profile(gw, key=KEY), ["openai"])["openai"].models
        echoed = next(m for m in models if m.id.startswith("model-of-"))
        assert KEY not in echoed.id and echoed.key_in_id
        assert "holds your API key" in not_usable(echoed)
        assert not_usable(next(m for m in models if m.id == "gpt-4o")) == ""


@pytest.mark.e2e
def test_non_finite_numbers_in_raw_become_null_and_the_output_is_strict_json(
        capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    with DemoGateway(keys={KEY: "default"}, faults={"openai": "non-finite"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                 "openai", "--format", "json")
    assert "OpenAI: 4 numbers no strict JSON holds" in err  # NaN, ±Infinity, 5,000 digits
    records = {r["id"]: r for r in strict(out)}
    assert code == 0 and set(records) == {"nan-model", "long-int-model", "sane-model"}
    nan = records["nan-model"]
    assert nan["context_window"] is None and nan["raw"]["context_length"] is None
    assert nan["raw"]["extra"] == {"score": None, "list": [None, 1]}
    assert records["long-int-model"]["context_window"] is None
    assert records["sane-model"]["raw"]["note"] == "NaN in a string"


@pytest.mark.e2e
def test_a_relay_naming_the_token_by_the_key_shows_and_keeps_it_redacted(capsys, monkeypatch):
    monkeypatch.setenv("NEW_API_KEY", KEY)
    with DemoGateway(keys={KEY: "default"}, faults={"relay": "echo-key"}) as gw:
        for fmt in ("table", "json"):
            code, out, err = run_cli(capsys, "whoami", "--base-url", gw.url, "--preset",
                                     "new-api", "--format", fmt)
            assert code == 0 and "token" in out, fmt
            assert KEY not in out + err and KEY[3:20] not in out + err, fmt
    stored = [p for p in cache_dir().rglob("*") if p.is_file()]
    assert any("relay" in p.parts for p in stored)
    assert not any(KEY.encode() in p.read_bytes() for p in stored)
