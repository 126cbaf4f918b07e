"""A cached list is read back from the rows its parser made, never parsed again, and the
records are the ones parsing would have made; rows that cannot be trusted are parsed again."""

from __future__ import annotations

import asyncio
import json

import pytest

from tui_models import model
from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.flavors import FLAVORS, preset_of
from tui_models.gateway import GatewayClient
from tui_models.model import Model
from tui_models.protocols import names
from tui_models.secret import Secret
from tui_models.store import lists, rows
from tui_models.store.lists import ListCache, ListSnapshot

# A record's text is compared as text: where it is kept (memory or the file) may differ.
FIELDS = [name for name in model.FIELDS if name != "raw_item"] + ["raw_text"]


def fetched(flavor: str, root) -> tuple[ListCache, dict[str, list[Model]]]:
    """Every list a demo gateway of `flavor` serves (with synthetic models), saved to a
    cache under `root`."""
    with DemoGateway(flavor=flavor, extra_models=300) as gw:
        profile = demo_profile(gw, preset=preset_of(flavor))
        cache = ListCache(gw.url, profile.api_key, root=root)

        async def run() -> dict[str, list[Model]]:
            async with GatewayClient(profile, profile.api_key) as client:
                results = await asyncio.gather(*(client.fetch(p) for p in names()))
            return {r.protocol: r.models for r in results if r.models}

        listed = asyncio.run(run())
    for protocol, models in listed.items():
        cache.save(ListSnapshot.of(protocol, models, 1000.0, price_unit=profile.price_unit))
    return cache, listed


def parsed_again(cache: ListCache, protocol: str, monkeypatch) -> list[Model]:
    with monkeypatch.context() as patch:
        patch.setattr(rows, "CODE", "other code")
        return cache.load(protocol).models


@pytest.fixture
def no_parsing(monkeypatch):
    """Reading a cache parses no item: the scanner is not called."""
    def refuse(*args, **kwargs):
        raise AssertionError("the items were parsed again")

    monkeypatch.setattr(lists.jsonscan, "scan", refuse)


def same(a: Model, b: Model) -> None:
    for name in FIELDS:
        left, right = getattr(a, name), getattr(b, name)
        assert left == right and type(left) is type(right), (a.id, name, left, right)


@pytest.mark.e2e  # a demo gateway per flavor
@pytest.mark.parametrize("flavor", FLAVORS)
def test_rows_make_the_records_parsing_makes(flavor, tmp_path, monkeypatch):
    cache, listed = fetched(flavor, tmp_path)
    for protocol, models in listed.items():
        again = parsed_again(cache, protocol, monkeypatch)
        with monkeypatch.context() as patch:
            patch.setattr(lists.jsonscan, "scan", None)  # not called: rows only
            from_rows = cache.load(protocol).models
        assert len(from_rows) == len(again) == len(models)
        for fresh, row, parsed in zip(models, from_rows, again, strict=True):
            assert row.raw_text == fresh.raw_text
            same(row, parsed)


def item(ident: str, **extra) -> str:
    return json.dumps({"id": ident, "owned_by": "acme", **extra}, indent=2,
                      ensure_ascii=False)


def snapshot_of(texts: list[str]) -> ListSnapshot:
    from tui_models.gateway.pages import PageReader
    from tui_models.protocols import get

    reader = PageReader(get("openai"))
    for text in texts:
        reader.item(json.loads(text), text)
    return ListSnapshot.of("openai", reader.page.models, 1000.0)


def test_items_spanning_lines_keep_their_exact_text(tmp_path, no_parsing):
    texts = [item("a\nb", description="line one\nline two"), item("ünï-cødé", context_length=8),
             '{"id":"c","pricing":{"input":0.5}}', item("d]},{", name='"]}\n{"items":[')]
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(snapshot_of(texts))
    loaded = cache.load("openai").models
    assert [m.raw_text for m in loaded] == texts
    assert [m.id for m in loaded] == ["a\nb", "ünï-cødé", "c", "d]},{"]
    assert loaded[1].context_window == 8 and loaded[2].input_per_1m is not None


def test_equal_values_are_one_object_as_parsing_makes_them(tmp_path, no_parsing):
    texts = [item(f"m{i}", supported_endpoint_types=["openai", "anthropic"], context_length=8192)
             for i in range(3)]
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(snapshot_of(texts))
    loaded = cache.load("openai").models
    assert len({id(m.owned_by) for m in loaded}) == 1
    assert len({id(m.endpoint_types) for m in loaded}) == 1
    assert loaded[0].endpoint_types == ("openai", "anthropic")


def damage(name: str, value):
    def change(line: dict) -> None:
        line[name] = value
    return change


DAMAGES = {
    "another code": damage("code", "0" * 16),
    "another count": damage("count", 2),
    "another crc": damage("crc", 1),
    "a length off by one": lambda line: line["lengths"].__setitem__(0, line["lengths"][0] + 1),
    "a length that is not a number": lambda line: line["lengths"].__setitem__(0, "9"),
    "lengths missing": lambda line: line.pop("lengths"),
    "a value of the wrong type": lambda line: line["context_window"].__setitem__(0, "8192"),
    "a kind not known": lambda line: line["kind"].__setitem__(0, "weapon"),
    "a tuple of numbers": lambda line: line["endpoint_types"].__setitem__(0, [1]),
    "an index out of range": damage("owned_by@", [0, 0, 7]),
    "a negative index": damage("owned_by@", [0, 0, -1]),
    "an index that is a fraction": damage("owned_by@", [0, 0, 0.5]),
    "a column missing": lambda line: line.pop("kind"),
    "a column too short": damage("description@", None),
}


@pytest.mark.parametrize("change", DAMAGES.values(), ids=list(DAMAGES))
def test_rows_that_cannot_be_trusted_are_parsed_again(change, tmp_path, monkeypatch):
    texts = [item("a", context_length=8192, description="x"), item("b", description="x"),
             item("c", owned_by="zeta", description="y")]
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(snapshot_of(texts))
    expected = parsed_again(cache, "openai", monkeypatch)
    path = cache.path("openai")
    head, body = path.read_bytes().split(b"\n", 1)
    items, _, last = body.rstrip(b"\n").rpartition(b"\n")
    line = json.loads(last)
    change(line)
    path.write_bytes(b"\n".join((head, items, json.dumps(line).encode(), b"")))
    calls = []
    scan = lists.jsonscan.scan
    monkeypatch.setattr(lists.jsonscan, "scan", lambda *a: calls.append(1) or scan(*a))
    loaded = cache.load("openai").models
    assert calls, "the damaged rows were used"
    for a, b in zip(loaded, expected, strict=True):
        same(a, b)


def test_a_rows_line_that_is_not_json_is_parsed_again(tmp_path):
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(snapshot_of([item("a"), item("b")]))
    path = cache.path("openai")
    path.write_bytes(path.read_bytes()[:-20] + b"\n")
    assert [m.id for m in cache.load("openai").models] == ["a", "b"]


def test_a_version_2_file_without_rows_is_still_read(tmp_path, monkeypatch):
    texts = [item("a", context_length=8192), item("b")]
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(snapshot_of(texts))
    path = cache.path("openai")
    head, body = path.read_bytes().split(b"\n", 1)
    items = body.rstrip(b"\n").rpartition(b"\n")[0]
    header = json.loads(head)
    header["version"] = 2
    path.write_bytes(json.dumps(header).encode() + b"\n" + items + b"\n")
    loaded = cache.load("openai").models
    assert [m.raw_text for m in loaded] == texts and loaded[0].context_window == 8192


def test_an_empty_list_round_trips(tmp_path, no_parsing):
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    cache.save(ListSnapshot.of("claude", [], 1000.0))
    assert cache.load("claude").models == []


def test_ids_that_held_the_key_stay_marked(tmp_path, no_parsing):
    cache = ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)
    snapshot = snapshot_of([item("a"), item("[redacted]-b")])
    snapshot.models[1].key_in_id = True
    cache.save(snapshot)
    assert [m.key_in_id for m in cache.load("openai").models] == [False, True]
