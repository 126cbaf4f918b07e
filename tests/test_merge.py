"""One record per model id (merging), stars and recent ids, and URLs that wrap at slashes."""

from __future__ import annotations

import json
import os

import pytest

from tui_models.listing import Listing, SearchIndex, View, merge, one_per_id
from tui_models.model import Model
from tui_models.store.marks import Marks
from tui_models.textsafe import wrap_url


def listed() -> list[Model]:
    return [
        Model("gpt-4o", "openai", owned_by="openai", input_per_1m=2.5, raw_item='{"o": 1}'),
        Model("claude-x", "openai", input_per_1m=3.0, owned_by="anthropic",
              endpoint_types=("openai",), first_seen=200.0, is_new=True),
        Model("claude-x", "claude", display_name="Claude X", context_window=200_000,
              capabilities=("batch",), first_seen=100.0, raw_item='{"c": 1}'),
        Model("gem", "gemini", kind="embedding"),
        Model("gem", "openai"),
        Model("Claude-X", "claude"),  # a case twin is another model, never merged
    ]


def test_merge_makes_one_record_per_exact_id_with_fields_from_every_list():
    models = listed()
    merged = {m.id: m for m in merge(models)}
    assert set(merged) == {"claude-x", "gem"}
    claude = merged["claude-x"]
    assert claude.protocols == ("openai", "claude")  # display order, not arrival order
    assert [v.protocol for v in claude.variants] == ["openai", "claude"]
    # The price from one list, the name and context from the other.
    assert (claude.input_per_1m, claude.display_name, claude.context_window) == \
        (3.0, "Claude X", 200_000)
    assert claude.capabilities == ("batch",) and claude.endpoint_types == ("openai",)
    assert claude.first_seen == 100.0 and claude.is_new is False  # not new to the key
    assert merged["gem"].protocols == ("openai", "gemini")
    assert merged["gem"].kind == "embedding"  # what a list says beats the default
    assert models[5].protocols == ("claude",) and not models[5].merged_away
    assert models[1].protocols == ("openai", "claude") and models[1].merged_away
    assert claude.variant("claude") is models[2] and claude.variant("nope") is claude


def test_gone_models_are_not_merged_with_listed_ones():
    gone = Model("gpt-4o", "claude", is_gone=True)
    models = [*listed(), gone]
    merged = merge(models)
    assert "gpt-4o" not in {m.id for m in merged}
    assert gone.protocols == ("claude",) and models[0].protocols == ("openai",)
    assert len(one_per_id(models, merged)) == len(models) - 4 + 2


def test_all_shows_each_id_once_and_each_protocol_its_own_records():
    listing = Listing()
    for protocol in ("openai", "claude", "gemini"):
        listing.replace(protocol, [m for m in listed() if m.protocol == protocol])
    index = listing.index
    every = View(index)
    ids = [index.models[i].id for i in every.rows]
    assert sorted(ids, key=str.lower) == ids and len(ids) == len(set(ids)) == 4
    assert listing.count() == 4 and listing.count("openai") == 3
    claude = View(index, protocol="claude")
    shown = [index.models[i] for i in claude.rows]
    assert {(m.id, m.protocol) for m in shown} == {("claude-x", "claude"), ("Claude-X", "claude")}
    assert not any(m.variants for m in shown)
    # `proto:` matches any protocol serving a merged row; in a protocol's view, that protocol.
    every.set_query("proto:gem")
    assert [index.models[i].id for i in every.rows] == ["gem"]
    every.set_query("proto:claude")
    assert {index.models[i].id for i in every.rows} == {"claude-x", "Claude-X"}
    every.set_query("claude-x")  # the exact id first, once, then its case twin
    assert [index.models[i].id for i in every.rows] == ["claude-x", "Claude-X"]


def test_case_twins_are_named_across_a_merged_rows_protocols():
    listing = Listing()
    for protocol in ("openai", "claude"):
        listing.replace(protocol, [m for m in listed() if m.protocol == protocol])
    merged = next(m for m in listing.index.models if m.variants and m.id == "claude-x")
    assert listing.case_twins(merged) == ["Claude-X"]


def test_stars_are_searchable_and_follow_the_id_into_every_record():
    listing = Listing(favourites={"gem"})
    listing.replace("openai", [m for m in listed() if m.protocol == "openai"])
    listing.replace("gemini", [m for m in listed() if m.protocol == "gemini"])
    view = View(listing.index, query="is:fav")
    assert [listing.index.models[i].id for i in view.rows] == ["gem"]
    assert listing.marked  # the flag column shows the star
    listing.star("gpt-4o", True)
    view.refilter()
    assert [listing.index.models[i].id for i in view.rows] == ["gem", "gpt-4o"]
    listing.star("gem", False)
    assert all(not m.is_fav for m in listing.index.models if m.id == "gem")
    assert [listing.index.models[i].id for i in view.refilter()] == ["gpt-4o"]


def test_recent_ids_come_first_after_an_exact_match():
    index = SearchIndex(merge_listed())
    view = View(index)
    view.set_pinned(["gem", "gpt-4o", "not-listed"])
    assert [index.models[i].id for i in view.rows][:2] == ["gem", "gpt-4o"]
    view.set_query("g")  # recent ids the query matches, in order of use
    assert [index.models[i].id for i in view.rows][:2] == ["gem", "gpt-4o"]
    view.set_query("gpt-4o")
    assert [index.models[i].id for i in view.rows] == ["gpt-4o"]
    view.set_query("claude-x gem")  # matches nothing pinned... and nothing at all
    assert list(view.rows) == []


def merge_listed() -> list[Model]:
    models = listed()
    return one_per_id(models, merge(models))


def test_marks_round_trip_per_gateway_and_never_hold_the_key(tmp_path):
    marks = Marks("https://gw.example", root=tmp_path / "marks").load()
    assert marks.star("gpt-4o") is True and marks.star("GPT-4o") is True
    assert marks.star("gpt-4o") is False
    for model_id in ("a", "b", "a", "c\u202e"):
        marks.used(model_id)
    marks.save()
    again = Marks("https://gw.example", root=tmp_path / "marks").load()
    assert again.favourites == ["GPT-4o"] and again.recent == ["c\u202e", "a", "b"]
    assert Marks("https://other.example", root=tmp_path / "marks").load().favourites == []
    text = marks.path.read_text()
    assert text.isascii() and "gw.example" in text  # readable: ids and the gateway only
    assert oct(os.stat(marks.path.parent).st_mode & 0o777) == "0o700"


@pytest.mark.parametrize("content", [b"[1, 2]", b'{"favourites": [1]}', b"\xff", b"{" * 100_000])
def test_a_bad_marks_file_is_ignored_and_said(tmp_path, content):
    marks = Marks("https://gw.example", root=tmp_path)
    marks.path.parent.mkdir(parents=True, exist_ok=True)
    marks.path.write_bytes(content)
    marks.load()
    assert marks.favourites == [] and marks.problem and "ignored" in marks.problem
    marks.star("x")
    marks.save()  # and is replaced by a good one
    assert json.loads(marks.path.read_text())["favourites"] == ["x"]


def test_a_marks_path_that_is_a_fifo_does_not_hang(tmp_path):
    marks = Marks("https://gw.example", root=tmp_path)
    marks.path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(marks.path)
    assert "not a regular file" in (marks.load().problem or "")


@pytest.mark.parametrize(("width", "lines"), [
    (80, ["https://gw.example.com/v1/chat/completions"]),
    (30, ["https://gw.example.com/v1/chat", "/completions"]),
    (29, ["https://gw.example.com/v1", "/chat/completions"]),
    (20, ["https://gw.example.c", "om/v1/chat", "/completions"]),
    (8, ["https://", "gw.examp", "le.com", "/v1/chat", "/complet", "ions"]),
])
def test_urls_wrap_before_a_slash_not_mid_word(width, lines):
    url = "https://gw.example.com/v1/chat/completions"
    assert wrap_url(url, width) == lines
    assert "".join(lines) == url


def test_query_strings_wrap_at_their_separators():
    assert wrap_url("http://h/m:gen?key=1&alt=sse", 16) == ["http://h/m:gen", "?key=1&alt=sse"]
