"""Big values are encoded, decoded and sorted in pieces (so no single C call holds the
interpreter lock for long), with exactly the result of doing it at once."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_models.listing import index
from tui_models.store.jsonparts import DEPTH, SLICE, from_lines, lines, pieces

BIG = {"ids": [f"m{i}" for i in range(SLICE * 2 + 7)],
       "first_seen": {f"m{i}": i / 3 for i in range(SLICE + 1)},
       "small": {"a": [1, 2]}, "empty": [], "none": {}, "text": "ü\u202e\"", "n": None}


def _most_members(texts: list[str]) -> int:
    return max(text.count(",") for text in texts)


def test_json_in_pieces_is_the_json_of_the_whole():
    parts = list(pieces(BIG))
    assert "".join(parts) == json.dumps(BIG, separators=(",", ":"))
    assert _most_members(parts) <= SLICE  # never more in one call
    assert "".join(parts).isascii()
    assert json.loads("".join(pieces(list(range(SLICE * 3))))) == list(range(SLICE * 3))


def test_long_lists_deep_in_dicts_are_encoded_in_pieces_too():
    """The history's snapshot holds its 100,000 ids three levels down: encoded in one call,
    that held the screen for half a second of a refresh."""
    value = {"version": 1, "protocols": {"openai": {"ids": BIG["ids"], "values": [[1.5]] *
                                                    (SLICE * 3)}},
             "relay": {"group": "vip", "prices": BIG["first_seen"]}}
    parts = list(pieces(value))
    assert json.loads("".join(parts)) == value
    assert _most_members(parts) <= SLICE + 1  # a part of values: SLICE lists of one member


def test_a_record_in_lines_reads_back_equal_a_short_line_at_a_time():
    value = {"version": 1, "protocols": {"openai": {"ids": BIG["ids"], "values": [[1, None]] *
                                                    (SLICE + 3)}, "claude": {}},
             "relay": {"group": "vip", "prices": BIG["first_seen"]}, **BIG}
    text = "".join(lines(value))
    assert text.isascii() and text.endswith("\n")
    assert from_lines(text) == value and from_lines(text.encode()) == value
    assert _most_members(text.splitlines()) <= 2 * SLICE + 3  # a part of SLICE pairs
    assert json.loads("".join(lines({"a": {"b": []}})).splitlines()[-1]) == [["a", "b"], []]


def test_a_server_nested_deep_is_written_whole_never_walked():
    deep: dict = {}
    node = deep
    for _ in range(DEPTH * 50):
        node["x"] = node = {}
    assert from_lines("".join(lines({"deep": deep}))) == {"deep": deep}
    assert json.loads("".join(pieces(deep))) == deep


@pytest.mark.parametrize("text", [
    "{}", "[]", '[["a"]]', '[[], 1]', '[[1], 1]', '[["a", "b"], 1]',  # no parent "a"
    '[["a"], 1]\n[["a", "b"], 1]',  # a parent that is not an object
    '[["a"], [1]]\n[["a"], {"b": 1}]',  # a part that neither extends nor updates
    '[["a"], 1]\n[["a"], 2]', "not json",
])
def test_lines_that_do_not_fit_a_record_are_refused(text):
    with pytest.raises(ValueError):
        from_lines(text)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers()), max_size=300),
       st.integers(1, 40))
def test_sorting_in_pieces_is_sorting_stably(items, piece):
    original = index.PIECE
    index.PIECE = piece
    try:
        assert index.sorted_in_pieces(items, lambda item: item[0]) == \
            sorted(items, key=lambda item: item[0])
    finally:
        index.PIECE = original
