"""Hostile and broken gateways: one clear line each, nothing leaks, nothing hangs or crashes."""

from __future__ import annotations

import json
import re
import time
import tracemalloc

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.faults import HOSTILE_IDS
from tui_models.gateway import errors

from .helpers import fetch, fetch_demo, run_cli

pytestmark = pytest.mark.e2e  # real servers, terminals or processes

KEY = "sk-hostile-test-key-7f3a9c2e5b1d8046"


def only(fault: str, protocol: str = "claude", **options):
    """Fetch `protocol` from a gateway whose `protocol` route has `fault`."""
    with DemoGateway(faults={protocol: fault}) as gw:
        return fetch_demo(gw, protocols=[protocol], **options)[protocol]


@pytest.mark.parametrize(("fault", "kind", "text"), [
    ("key-rejected", errors.KeyRejected, "Claude: key rejected (HTTP 401): invalid token"),
    ("group-forbidden", errors.KeyRejected, "no access to group vip"),
    ("quota", errors.KeyRejected, "quota used up"),
    ("anthropic-bad-key", errors.KeyRejected, "invalid x-api-key"),
    ("gemini-bad-key", errors.KeyRejected, "API key not valid"),
    ("success-false", errors.KeyRejected, "invalid token"),
    ("error-200", errors.BadResponse, "no available channel for model x in group default"),
    ("not-found", errors.NotOffered, "404"),
    ("html-502", errors.ServerError, "502 Bad Gateway"),
    ("empty-503", errors.ServerError, "empty body"),
    ("html-200", errors.BadResponse, "Sign in to Wi-Fi"),
    ("not-json", errors.BadResponse, "not JSON: OK"),
    ("not-an-object", errors.BadResponse, "not an object"),
    ("list-not-list", errors.BadResponse, "`data` is not a list"),
    ("rate-limited-long", errors.RateLimited, "retry after 3600 s"),
    ("deep-json", errors.BadResponse, "nested too deeply"),
    ("bad-gzip", errors.BadResponse, "corrupt or truncated gzip body"),
    ("reset", errors.NetworkError, "disconnected"),
    ("redirect-loop", errors.BadResponse, "more than 5 redirects"),
    ("redirect-javascript", errors.BadResponse, "bad response"),
    ("redirect-bad-port", errors.BadResponse, "the key is not sent to another origin"),
    ("many-scalars", errors.TooLarge, "the fields beside the list over 4 MB in a page"),
    ("huge-item", errors.TooLarge, "a list item over 1 MB in a page"),
])
def test_each_failure_is_one_clear_line(fault, kind, text):
    result = only(fault)
    assert isinstance(result.error, kind), result.error
    message = str(result.error)
    assert text in message
    assert "\n" not in message and len(message) < 260
    assert message.startswith("Claude: ")


def test_a_cursor_no_url_can_hold_ends_the_pages_but_keeps_what_came():
    result = only("huge-cursor", "claude")
    assert result.ok and [m.id for m in result.models] == ["page-big"]
    assert any("page 1 gives a page cursor of 20,000,000 characters" in w
               for w in result.warnings), result.warnings
    assert result.pages == 1 and not result.complete


def test_gemini_bad_key_and_html_on_gemini_route():
    assert isinstance(only("gemini-bad-key", "gemini").error, errors.KeyRejected)
    assert isinstance(only("html-502", "gemini").error, errors.ServerError)


def test_retries_recover_from_one_429_one_503_and_one_reset():
    for fault in ("rate-limited-once", "server-error-once", "reset-once"):
        result = only(fault, "openai")
        assert result.ok and result.models, (fault, result.error)


def test_retry_after_is_honoured_then_gives_up():
    started = time.monotonic()
    result = only("rate-limited", "openai")
    elapsed = time.monotonic() - started
    assert isinstance(result.error, errors.RateLimited)
    assert elapsed >= 2  # two retries, one second each, as the server asked


@pytest.mark.parametrize("fault", ["slow", "drip"])
def test_total_deadline_bounds_slow_servers(fault):
    started = time.monotonic()
    result = only(fault, "openai", timeout=1.5)
    assert isinstance(result.error, errors.Timeout)
    assert time.monotonic() - started < 5


def test_endless_cursor_stops_at_the_page_cap_and_keeps_what_loaded():
    with DemoGateway(faults={"gemini": "endless-cursor"}) as gw:
        result = fetch_demo(gw, protocols=["gemini"], max_pages=40)["gemini"]
    assert result.ok and not result.complete
    assert len(result.models) == 40
    assert "page cap" in result.warnings[0]


def test_repeated_cursor_is_detected():
    for protocol in ("claude", "gemini"):
        result = only("repeat-cursor", protocol)
        assert result.ok and len(result.models) == 1
        assert "repeated a page cursor" in result.warnings[0]


def test_deadline_during_pagination_keeps_what_loaded():
    with DemoGateway(faults={"claude": "endless-cursor"}) as gw:
        result = fetch_demo(gw, protocols=["claude"], timeout=1)["claude"]
    assert result.ok and result.models and "deadline" in result.warnings[0]


@pytest.mark.parametrize("fault", ["huge", "gzip-bomb"])
def test_body_cap_bounds_memory(fault):
    cap = 8 * 1024 * 1024
    tracemalloc.start()
    try:
        result = only(fault, "openai", max_body=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result.error, errors.TooLarge)
    assert "more than 8 MB" in str(result.error)
    assert peak < 3 * cap


def test_page_of_millions_of_tiny_objects_is_refused():
    # 2.5 million objects: more than 8 a model for a profile reading 250,000 models at most
    # (the cap grows with max_models, never below 2 million).
    result = only("many-objects", "openai", max_models=250_000)
    assert isinstance(result.error, errors.TooLarge)
    assert "more than 2,000,000 JSON objects" in str(result.error)


def test_millions_of_short_strings_beside_the_list_cost_a_bounded_decode():
    # 24 MB of `"ab",` is 5 million strings, 340 MB once decoded (3 GB at 200 MB): only what
    # the bound beside the list allows is ever decoded.
    tracemalloc.start()
    try:
        result = only("many-scalars", "openai")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result.error, errors.TooLarge)
    assert peak < 160 * 1024 * 1024, f"{peak / 2**20:.0f} MB"


def test_a_page_of_more_models_than_max_models_keeps_max_models():
    result = only("tiny-models", "openai", max_models=1000)
    assert [m.id for m in result.models] == [f"tiny-{i}" for i in range(1000)]
    assert result.warnings == ["stopped at 1,000 models (max_models in the profile); the list "
                               "is incomplete"]


def test_gzip_bodies_are_decoded():
    result = only("gzip-ok", "openai")
    assert [m.id for m in result.models] == ["gzipped-model"]


def test_same_origin_redirect_is_followed():
    result = only("redirect-same-origin", "openai")
    assert result.ok and result.models


def test_key_never_follows_a_redirect_to_another_origin():
    with DemoGateway(faults={"openai": "redirect-other-origin"}) as gw:
        profile = demo_profile(gw, key=KEY)
        result = fetch(profile, ["openai"])["openai"]
        caught = [(path, h) for path, h in gw.requests if path.startswith("/catch")]
    assert isinstance(result.error, errors.BadResponse)
    assert "redirected to http://localhost" in str(result.error)
    assert all(KEY not in json.dumps(h) for _, h in caught)


def test_a_redirect_message_shows_the_origin_only_inert_and_without_the_key():
    with DemoGateway(faults={"openai": "redirect-with-key"}, keys={KEY: "default"}) as gw:
        result = fetch(demo_profile(gw, key=KEY), ["openai"])["openai"]
    message = str(result.error)
    assert re.search(r"redirected to http://127\.0\.0\.2:\d+; the key", message), message
    assert KEY not in message and KEY[3:11] not in message and "@" not in message
    assert "\x9b" not in message and "\x85" not in message and "/v1/models" not in message


def test_a_gateway_echoing_the_key_cannot_make_us_print_it(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)
    with DemoGateway(faults={p: "echo-key" for p in ("openai", "claude", "gemini")},
                     keys={KEY: "default"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--format", "json")
    assert code == 1
    assert "Incorrect API key provided" in err
    for part in (KEY, KEY[2:], KEY[5:25]):
        assert part not in out + err


def test_hostile_ids_stay_exact_in_json_and_inert_in_table(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"openai": "hostile-ids"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                 "openai", "--format", "json")
        # Seven items had no usable id: the list is incomplete (exit 3), and says so.
        assert code == 3, err
        assert "OpenAI: 7 items had no usable id and were skipped" in err
        assert "OpenAI: 3 numbers out of range were ignored" in err
        assert out.isascii()
        json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
        ids = [r["id"] for r in json.loads(out)]
        assert set(HOSTILE_IDS) <= set(ids)
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                 "openai")
    assert code == 3
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\\x1b]52;c;aGFja2VkIQ==\\x07osc52-hijack" in out
    assert "[bold red]markup[/bold red]" in out
    assert "x" * 5000 in out  # piped, the table keeps every id whole


def test_connection_refused_is_one_line_and_exit_1(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway() as gw:
        url = gw.url
    code, out, err = run_cli(capsys, "list", "--base-url", url, "--timeout", "3")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all("network error" in line for line in lines)


def test_timeout_flag_bounds_the_whole_command(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"claude": "slow"}) as gw:
        started = time.monotonic()
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--timeout", "1",
                                 "--format", "ids")
        elapsed = time.monotonic() - started
    assert code == 3 and "Claude: timed out" in err and "gpt-4o" in out.split()
    assert elapsed < 4


def test_hostile_ids_as_ids_and_csv_never_crash(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"openai": "hostile-ids"}) as gw:
        for format_ in ("ids", "csv"):
            code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                     "openai", "--format", format_)
            assert code == 3, err
            first_fields = [line.split(",")[0] for line in out.splitlines()]
            assert "   " in first_fields  # a blank id is kept, as sent
            assert "\\ud800lone-surrogate" in out  # shown as an escape, never raw
            # Escapes are shown, never sent to the terminal, to a pipe as to a tty.
            assert "\x1b" not in out and "\\x1b]52;c;aGFja2VkIQ==\\x07osc52-hijack" in out


def test_an_abandoned_page_stops_parsing_at_the_next_item():
    from tui_models import protocols
    from tui_models.gateway import jsonscan
    from tui_models.gateway.pages import Abandoned, PageReader

    reader = PageReader(protocols.get("openai"))
    seen = []

    def item(value, text, start, end):
        seen.append(value["id"])
        reader.item(value, text, start, end)
        if len(seen) == 3:  # cancelled while the third item was being read
            reader.abandoned = True

    body = json.dumps({"data": [{"id": f"m{i}"} for i in range(100)]})
    with pytest.raises(Abandoned):
        jsonscan.scan(body, "data", item)
    assert len(seen) == 4 and len(reader.page.models) == 3


def test_numbers_no_float_can_hold_become_unknown_and_json_stays_strict(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"openai": "huge-numbers"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                 "openai", "--format", "json")
    assert code == 0, err
    records = {r["id"]: r for r in json.loads(
        out, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))}
    assert set(records) == {"big-int-price", "huge-string-price", "sane-model"}
    assert records["big-int-price"]["input_per_1m"] is None
    assert records["big-int-price"]["output_per_1m"] == 1000.0
    assert records["huge-string-price"]["input_per_1m"] is None
    assert records["sane-model"]["context_window"] == 8192
    assert "OpenAI: 3 numbers out of range were ignored" in err


def test_more_pages_without_a_cursor_is_incomplete_not_silent(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"claude": "cursor-lost"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--protocol",
                                 "claude", "--format", "ids")
    assert code == 3
    assert out.split() == ["first-page-only"]
    assert "Claude: page 1 says more models follow but gives no cursor" in err


def test_the_model_cap_bounds_a_protocol_across_pages():
    with DemoGateway(faults={"claude": "endless-cursor"}) as gw:
        result = fetch_demo(gw, protocols=["claude"], max_models=25)["claude"]
    assert len(result.models) == 25 and result.pages == 25
    assert any("stopped at 25 models (max_models in the profile)" in w for w in result.warnings)


def test_an_untrusted_certificate_says_how_to_fix_it_and_a_ca_bundle_fixes_it(tmp_path):
    import dataclasses
    import ssl

    import trustme

    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    with DemoGateway(tls=tls) as gw:
        profile = demo_profile(gw, timeout=5)
        result = fetch(profile, ["openai"], retries=0)["openai"]
        assert isinstance(result.error, errors.CertificateRejected)
        assert not result.error.transient  # never hidden behind a cached list
        assert "set ca_bundle" in str(result.error)
        bundle = tmp_path / "ca.pem"
        authority.cert_pem.write_to_path(str(bundle))
        trusted = dataclasses.replace(profile, verify=str(bundle))
        assert fetch(trusted, ["openai"])["openai"].error is None


def test_endless_pages_of_new_models_stop_at_the_cap_not_at_memory():
    with DemoGateway(faults={"claude": "endless-big-pages"}) as gw:
        result = fetch_demo(gw, protocols=["claude"], max_models=50_000)["claude"]
    assert len(result.models) == 50_000 and result.pages == 3
    assert any("stopped at 50,000 models (max_models in the profile)" in w for w in result.warnings)


def test_a_proxy_that_cannot_be_reached_is_named_not_the_gateway(monkeypatch):
    from tui_models.gateway.http import route

    monkeypatch.setenv("HTTP_PROXY", "http://user:secret@127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY")  # the tests' own default: loopback never proxied
    with DemoGateway() as gw:
        result = fetch_demo(gw, protocols=["openai"])["openai"]
        assert isinstance(result.error, errors.NetworkError)
        assert "cannot connect to the proxy http://127.0.0.1:9 (HTTP_PROXY) on the way to " \
               "127.0.0.1" in str(result.error) and "secret" not in str(result.error)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert fetch_demo(gw, protocols=["openai"])["openai"].ok
    assert route("https://gw.example/v1", {"HTTP_PROXY": "http://p:1"}) == "gw.example"
    assert route("https://gw.example/v1", {"https_proxy": "http://p:1"}) == \
        "the proxy http://p:1 (https_proxy) on the way to gw.example"
