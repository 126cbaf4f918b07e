"""Fast tests of the pure core: formatting, secrets, inert text, parsing, snippets, fields,
comparison and clipboard refusals. No server, no terminal."""

from __future__ import annotations

import json
import re
import sys

import pytest

from tui_models import clipboard, export, fields, fmt, protocols, snippets
from tui_models import model as model_module
from tui_models.config import PRESETS, Profile
from tui_models.listing.compare import compare
from tui_models.model import Model
from tui_models.protocols.normalize import created, integer, kind, number, scaled
from tui_models.secret import Secret
from tui_models.textsafe import id_warnings, one_line, shorten, visible


@pytest.mark.parametrize(("value", "shown"), [
    (None, "–"), (0, "0"), (150, "150"), (2.5, "2.50"), (0.075, "0.075"), (0.15, "0.15"),
    (0.00001, "1.0e-05"), (10, "10.00"),
])
def test_price(value, shown):
    assert fmt.price(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (None, "–"), (999, "999"), (8_000, "8K"), (8_192, "~8.19K"), (128_000, "128K"),
    (131_072, "~131K"), (128_001, "~128K"), (127_999, "~128K"), (200_000, "200K"),
    (1_000_000, "1M"), (1_048_576, "~1.05M"), (2_000_000, "2M"), (2_500_000, "2.5M"),
    (1_500, "1.5K"), (245_760, "~246K"), (999_999, "~1.00M"), (999_440, "~999K"),
])
def test_tokens(value, shown):
    assert fmt.tokens(value) == shown


@pytest.mark.parametrize(("seconds", "shown"), [
    (5, "just now"), (61, "1 min ago"), (7200, "2 h ago"), (3 * 86400, "3 d ago"),
])
def test_age(seconds, shown):
    assert fmt.age(seconds) == shown


@pytest.mark.parametrize("key", [
    "sk-0123456789abcdefghijklmnop", "short-key-1", "x" * 40, "sk-proj-AbCdEfGhIjKlMnOpQrSt",
])
def test_a_key_is_never_printable_from_a_secret(key):
    secret = Secret(key)
    assert key not in repr(secret) and key not in str(secret)
    assert key not in secret.masked
    assert key not in secret.redact(f"error: {key} rejected")
    assert secret.fingerprint != key and len(secret.fingerprint) == 16


def test_masks_tell_keys_apart_by_prefix_and_tail():
    assert Secret("sk-0123456789abcdef1356").masked == "sk-…1356"


@pytest.mark.parametrize(("text", "shown"), [
    ("plain-id", "plain-id"), ("\x1b[31mred", "\\x1b[31mred"), ("a\nb", "a\\nb"),
    ("gpt\u200b-4o", "gpt\\u200b-4o"), ("\u202eevil", "\\u202eevil"), ("模型", "模型"),
    ("\x9b31m", "\\x9b31m"),
])
def test_visible_escapes_what_a_terminal_would_obey(text, shown):
    assert visible(text) == shown


@pytest.mark.parametrize(("ident", "warning"), [
    (" lead", "whitespace"), ("gpt\u200b-4o", "invisible"), ("a\x07", "control"),
    ("模型", "non-ASCII"),
])
def test_id_warnings(ident, warning):
    assert any(warning in w for w in id_warnings(ident))


def test_clean_ids_have_no_warnings_and_text_helpers_bound_length():
    assert id_warnings("claude-sonnet-4-5") == []
    assert shorten("abcdef", 4) == "abc…" and shorten("abc", 4) == "abc"
    assert one_line("a\n\n  b\tc") == "a b c"


@pytest.mark.parametrize(("value", "read"), [
    (5, 5), ("7", 7), (7.0, 7), (True, None), (-1, None), ("x", None), (10**16, None),
    (float("inf"), None),
])
def test_integer_reader_is_lenient_and_total(value, read):
    assert integer(value) == read


@pytest.mark.parametrize(("value", "read"), [
    (1.5, 1.5), ("2", 2.0), (-1, None), ("NaN", None), (float("inf"), None), (None, None),
])
def test_number_reader(value, read):
    assert number(value) == read


@pytest.mark.parametrize(("value", "unit", "per_1m"), [
    (0.00015, "1k", 0.15), ("0.000003", "token", 3.0), (2.5, "1m", 2.5),
])
def test_prices_become_usd_per_1m(value, unit, per_1m):
    assert scaled(value, unit) == pytest.approx(per_1m)


@pytest.mark.parametrize(("value", "seconds"), [
    (1677649963, None), (1626777600, None), ("2025-09-29T00:00:00Z", 1759104000),
    (1731000000, 1731000000), ("yesterday", None),
])
def test_created_drops_placeholders(value, seconds):
    assert created(value) == seconds


@pytest.mark.parametrize(("ident", "endpoints", "methods", "found"), [
    ("text-embedding-3-small", (), (), "embedding"), ("x", ("embeddings",), (), "embedding"),
    ("x", (), ("embedContent",), "embedding"), ("x", (), ("generateContent",), "chat"),
    ("dall-e-3", (), (), "image"), ("whisper-1", (), (), "audio"),
    ("bge-reranker-v2-m3", (), (), "rerank"), ("gpt-4o", (), (), "chat"),
    ("x", ("jina-rerank",), (), "rerank"), ("omni-moderation-latest", (), (), "moderation"),
])
def test_kind(ident, endpoints, methods, found):
    assert kind(ident, endpoints, methods) == found


@pytest.mark.parametrize(("protocol", "item", "ident"), [
    ("openai", {"id": "gpt-4o", "owned_by": "openai"}, "gpt-4o"),
    ("openai", {"id": " spaced "}, " spaced "),
    ("claude", {"type": "model", "id": "claude-sonnet-4-5"}, "claude-sonnet-4-5"),
    ("gemini", {"name": "models/gemini-2.5-flash"}, "gemini-2.5-flash"),
    ("gemini", {"name": "gemini-2.5-flash"}, "gemini-2.5-flash"),
    ("openai", {"id": ""}, None), ("openai", {"id": 5}, None), ("gemini", {"name": "models/"},
                                                                  None),
])
def test_each_protocol_parses_its_items_exactly(protocol, item, ident):
    model = protocols.get(protocol).parse(item, "auto")
    assert (model.id if model else None) == ident


def _profile(preset: str = "memorylake") -> Profile:
    chosen = PRESETS[preset]
    return Profile("t", chosen.name, "https://gw.example", "GW_KEY", chosen.paths,
                   relay=chosen.relay)


@pytest.mark.parametrize(("preset", "model", "url"), [
    ("memorylake", Model("gpt-4o", "openai"), "https://gw.example/v1/chat/completions"),
    ("memorylake", Model("bge-m3", "openai", kind="embedding"),
     "https://gw.example/v1/embeddings"),
    ("memorylake", Model("claude-sonnet-4-5", "claude"),
     "https://gw.example/claude/v1/messages"),
    ("memorylake", Model("gemini-2.5-flash", "gemini"),
     "https://gw.example/gemini/v1beta/models/gemini-2.5-flash:generateContent"),
    ("new-api", Model("claude-sonnet-4-5", "claude"), "https://gw.example/v1/messages"),
    ("new-api", Model("text-embedding-004", "gemini", kind="embedding"),
     "https://gw.example/v1beta/models/text-embedding-004:embedContent"),
])
def test_call_urls_follow_the_preset(preset, model, url):
    assert snippets.call_url(_profile(preset), model) == url


@pytest.mark.parametrize("protocol", ["openai", "claude", "gemini"])
def test_snippets_read_the_key_from_the_environment(protocol):
    model = Model(f"{protocol}-model", protocol)
    curl = snippets.curl(_profile(), model)
    assert "$GW_KEY" in curl and f"{protocol}-model" in curl
    sdk = snippets.python_sdk(_profile(), model)
    assert 'os.environ["GW_KEY"]' in sdk and f'"{protocol}-model"' in sdk
    compile(sdk, "snippet", "exec")


@pytest.mark.parametrize("protocol", ["openai", "claude", "gemini"])
def test_the_smallest_request_asks_for_one_token(protocol):
    body = protocols.get(protocol).call_body(Model("m", protocol), max_tokens=1)
    assert json.dumps(body).count(": 1") >= 1
    assert 1 in (body.get("max_tokens"), body.get("generationConfig", {}).get("maxOutputTokens"))


def test_every_protocol_declares_a_distinct_number_key_and_label():
    keys = [p.key for p in protocols.all_protocols()]
    assert len(set(keys)) == len(keys) and "1" not in keys
    assert all(p.label for p in protocols.all_protocols())


def test_presets_offer_the_documented_lists():
    assert PRESETS["memorylake"].paths == {"openai": "/v1/models",
                                           "claude": "/claude/v1/models",
                                           "gemini": "/gemini/v1beta/models"}
    assert PRESETS["anthropic"].paths == {"openai": None, "claude": "/v1/models",
                                          "gemini": None}


def test_json_record_holds_every_json_field_and_raw():
    model = Model("m", "openai", raw_item='{"id": "m", "x": 1}', capabilities=("tools",))
    record = export.record(model)
    assert list(record)[:-1] == [f.key for f in fields.all_fields() if f.json]
    assert record["raw"] == {"id": "m", "x": 1} and record["capabilities"] == ["tools"]


def test_field_display_and_csv_values():
    model = Model("m", "claude", context_window=200_000, endpoint_types=("a", "b"))
    assert fields.get("context_window").display(model) == "200K"
    assert fields.get("protocol").display(model) == "Claude"
    assert fields.get("endpoint_types").csv_value(model) == "a;b"
    assert fields.get("input_per_1m").csv_value(model) == ""


def test_compare_matches_by_protocol_and_exact_id():
    a = [Model("x", "openai", input_per_1m=1.0), Model("y", "openai"), Model("X", "openai")]
    b = [Model("x", "openai", input_per_1m=2.0), Model("y", "claude")]
    result = compare(a, b)
    assert [m.key for m in result.only_a] == [("openai", "X"), ("openai", "y")]
    assert [m.key for m in result.only_b] == [("claude", "y")]
    assert [left.id for left, _ in result.price_changes] == ["x"] and not result.same


@pytest.mark.parametrize(("text", "multiline", "refused"), [
    ("gpt-4o", False, False), ("", False, True), ("a\x1b]52;c;x\x07", False, True),
    ("line\nline", True, False), ("line\nline", False, True), ("\ud800x", False, True),
])
def test_clipboard_refuses_what_would_not_paste_back(text, multiline, refused):
    assert bool(clipboard.refusal(text, multiline)) is refused


@pytest.mark.parametrize("length", range(8, 41))
def test_redaction_leaves_no_run_of_the_key_whatever_its_length(length):
    key = "sk-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"[: length - 3]
    secret = Secret(key)
    for text in (f"Bearer {key}", f"key={key[5:]}!", f"{key[:-2]} cut", f"'{key.upper()}'",
                 f"tail …{key[-9:]}", f"{key}{key}"):
        shown = secret.redact(text)
        assert not any(key.lower()[i:i + 8] in shown.lower() for i in range(len(key) - 7)), \
            (text, shown)


@pytest.mark.parametrize("form", [
    lambda k: k.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
    lambda k: k.replace("+", "%2b").replace("/", "%2f"),
    lambda k: repr(k + "\\")[1:-1],
])
def test_redaction_catches_encoded_forms(form):
    key = "sk-ab+cd/ef=gh+ij/kl"
    assert "ef" not in Secret(key).redact(f"echo {form(key)} done").replace("echo", "")


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+cmd|' /C calc'!A0",
                                                               "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\\tx"), ("\rx", "'\\rx"),
    ("gpt-4o", "gpt-4o"), (1.5, 1.5), ("a\x1bb", "a\\x1bb"),
])
def test_csv_cells_never_run_as_formulas_and_show_escapes(cell, written):
    assert export.csv_cell(cell) == written


@pytest.mark.parametrize("argv", [
    ["serve-demo", "--port", "99999"], ["serve-demo", "--latency", "-5"],
    ["list", "--timeout", "-1"], ["list", "--timeout", "0"], ["--demo-models", "-5"],
    ["serve-demo", "--models", "-1"],
])
def test_numbers_out_of_bounds_are_one_line_and_exit_2(capsys, argv):
    from tui_models.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tui-models: --") and "unexpected" not in err


def test_csv_writes_booleans_as_json_does_and_first_seen_in_iso_8601_utc():
    import csv
    import io

    model = Model("m", "openai", first_seen=1795744317.9, is_new=True)
    out = io.StringIO()
    export.write_csv([model], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["is_new"], row["is_gone"]) == ("true", "false")
    assert row["first_seen"] == "2026-11-27T01:51:57Z"
    assert export.record(model)["first_seen"] == "2026-11-27T01:51:57Z"
    assert export.record(Model("n", "openai"))["first_seen"] is None


def test_csv_writes_the_catalogue_match_as_json_text():
    import csv
    import io

    from tui_models.catalogue import Catalogue, Snapshot, enrich

    from .test_catalogue import entry

    model = Model("gpt-4o", "openai")
    enrich([model], Catalogue(Snapshot({"openai": [entry("openai", "gpt-4o")]}, "2026-07-02",
                                       "test", "bundled")))
    out = io.StringIO()
    export.write_csv([model], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert json.loads(row["catalog_match"]) == {"provider": "openai", "id": "gpt-4o",
                                                "how": "exact"}


def test_short_keys_get_masks_that_tell_them_apart_without_showing_them():
    demo, vip = Secret("demo-key"), Secret("demo-vip-key")
    assert demo.masked != vip.masked
    assert "key" not in demo.masked + vip.masked and demo.masked.startswith("…#")


def test_list_refuses_a_wrong_term_before_any_request(capsys):
    from tui_models.cli import main

    assert main(["list", "--base-url", "http://127.0.0.1:9", "ctx>128kk"]) == 2
    err = capsys.readouterr().err
    assert err == "tui-models: search: “ctx>128kk” wants a number, such as ctx>128k\n"


@pytest.mark.parametrize(("width", "longest"), [(57, 34), (80, 30), (120, 48), (60, 200)])
def test_the_id_column_comes_first(width, longest):
    from tui_models.tui.widgets.columns import MIN_ID_WIDTH, WANTED_ID_WIDTH, layout

    columns = layout(width, protocol_column=True, flag_column=True, longest_id=longest)
    id_width = next(c.width for c in columns if c.key == "id")
    assert sum(c.width + 1 for c in columns) <= width
    wanted = max(MIN_ID_WIDTH, min(longest, WANTED_ID_WIDTH))
    assert id_width >= min(wanted, width - 1 - sum(
        c.width + 1 for c in columns if c.field.priority == 0 and c.key != "id"))


@pytest.mark.parametrize(("text", "width", "shown"), [
    ("claude-3-5-sonnet-20241022", 21, "claude-3-5…t-20241022"),
    ("claude-3-5-sonnet-20241022", 26, "claude-3-5-sonnet-20241022"),
    ("abc", 1, "…"), ("模型-中文模型-中文", 7, "模…文"),
])
def test_elision_keeps_both_ends(text, width, shown):
    from rich.cells import cell_len

    from tui_models.textsafe import elide

    assert elide(text, width) == shown and cell_len(shown) <= width


def test_a_table_for_a_terminal_fits_its_width_and_never_cuts_an_id():
    import io

    models = [Model("claude-3-5-sonnet-20241022", "claude", owned_by="anthropic-" * 5,
                    context_window=200_000, input_per_1m=3.0, kind="embedding"),
              Model("gpt-4o", "openai", owned_by="openai")]
    for width in (50, 60, 100):
        out = io.StringIO()
        export.write_table(models, out, width=width)
        lines = out.getvalue().splitlines()
        assert all(len(line) <= width for line in lines), lines
        assert lines[1].startswith("claude-3-5-sonnet-20241022 ")  # the id is never cut
    assert "anthropic-ant…c-anthropic-" in lines[1]  # at 100, the owner is elided mid-way
    piped = io.StringIO()
    export.write_table(models, piped)
    assert "anthropic-" * 5 in piped.getvalue()  # a pipe gets every value whole


@pytest.mark.parametrize("split", [
    lambda k: f"{k[:6]} {k[6:12]}\n{k[12:18]}\u200b{k[18:]}",  # space, line break, zero-width
    lambda k: " ".join(k[i:i + 4] for i in range(0, len(k), 4)),  # every 4 characters
    lambda k: f"{k[:7]}\\n{k[7:15]}\\u200b{k[15:]}",  # escapes, as a JSON error writes them
    lambda k: "\u00ad".join(k),  # a soft hyphen between every two characters
])
def test_a_key_split_into_short_pieces_is_still_redacted(split):
    key = Secret("sk-split-test-key-9a8b7c6d5e4f")
    shown = key.redact(f"invalid key: {split(key.reveal())} (check it)")
    assert shown.startswith("invalid key: ") and shown.endswith(" (check it)")
    squeezed = re.sub(r"\s|\\n|\\u200b|[\u00ad\u200b]", "", shown)
    for start in range(len(key.reveal()) - 4):
        assert key.reveal()[start:start + 5] not in squeezed
    assert key.redact("a sentence of words, spaces and\nlines") == \
        "a sentence of words, spaces and\nlines"


def test_a_record_is_compact_and_its_rare_fields_and_flags_read_and_set_as_fields():
    plain = Model("m", "openai")
    assert sys.getsizeof(plain) <= 200  # 19 slots; 29 before
    assert plain._rare is None and plain._flags == 0
    for name in ("per_request", "methods", "description", "variants", "changes", "new_at",
                 "probe"):
        default = getattr(plain, name)
        setattr(plain, name, default)  # a default set costs nothing
        assert plain._rare is None
    plain.description = "d"
    plain.is_gone = plain.is_fav = True
    assert (plain.description, plain.per_request, plain.is_gone, plain.is_fav,
            plain.is_new, plain.key_in_id) == ("d", None, True, True, False, False)
    plain.is_gone = False
    assert not plain.is_gone and plain.is_fav
    flags = ("is_new", "is_gone", "is_locked", "key_in_id", "is_fav")
    values = {name: True if name in flags else f"v-{name}" for name in model_module.FIELDS}
    made = Model(*values.values())  # positionally, in FIELDS' order (as the cache rows do)
    assert {name: getattr(made, name) for name in model_module.FIELDS} == values
    assert "description='v-description'" in repr(made) and repr(Model("x", "y")) == \
        "Model(id='x', protocol='y')"


def test_two_threads_setting_two_flags_of_the_same_records_lose_neither():
    # The index build (a thread) sets `is_new` while the screen stars (`is_fav`): one int
    # holds both, and neither write may undo the other.
    import threading

    models = [Model(f"m{i}", "openai") for i in range(20_000)]
    start = threading.Barrier(2)

    def mark(name):  # each thread its own flag and its own rare field
        start.wait()
        for model in models:
            setattr(model, name, True)
            if name == "is_new":
                model.description = name
            else:
                model.new_at = 1.0

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=mark, args=(n,)) for n in ("is_new", "is_fav")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert all(m.is_new and m.is_fav for m in models)
    assert all(m.description == "is_new" and m.new_at == 1.0 for m in models)
