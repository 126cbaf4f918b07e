"""What a page may cost once decoded: values read from bounded windows, a model cap inside
the page, one budget for the bodies of all protocols (issue 26, Medium 5)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_models import protocols
from tui_models.gateway import bodies, errors, jsonscan
from tui_models.gateway.pages import PageReader

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=5),
    max_leaves=25)


@pytest.fixture
def tiny_windows(monkeypatch):
    """Windows of 8 characters: every value of a few dozen is cut at an edge, more than once."""
    monkeypatch.setattr(jsonscan, "_WINDOW", 8)


def scan_all(text: str, field: str | None = "data") -> tuple[object, list]:
    items: list = []
    top, _ = jsonscan.scan(text, field,
                           lambda value, page, start, end: items.append((value, page[start:end])))
    return top, items


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the same for all
@given(items=st.lists(json_values, max_size=6), side=json_values,
       spaces=st.sampled_from(["", " ", "\n  "]))
def test_windowed_decoding_reads_what_json_loads_reads(tiny_windows, items, side, spaces):
    text = json.dumps({"side": side, "data": items, "after": side},
                      indent=len(spaces) or None)
    top, seen = scan_all(text)
    assert top == {"side": side, "data": None, "after": side}
    assert [value for value, _ in seen] == items
    assert [json.loads(raw) for _, raw in seen] == items  # each item's text, exactly


@pytest.mark.parametrize("number", ["12345678901", "-0.000123e+45", "123456789012345678",
                                    "1000000.0", "1234567e5", "-123456.75"])
def test_a_number_cut_at_a_window_edge_is_read_whole(tiny_windows, number):
    # "1234567" fits the window and looks complete; it is not the number. Nor is the
    # "1000000" that "1000000." decodes as when the window ends after the point.
    top, seen = scan_all(f'{{"data": [{number}, {number}], "n": {number}}}')
    assert [value for value, _ in seen] == [json.loads(number)] * 2
    assert top["n"] == json.loads(number)
    top, _ = scan_all(number, None)
    assert top == json.loads(number)


@pytest.mark.parametrize("text", ['{"data": [{"id": "a",, "x": 1}]}', '{"data": [tru]}',
                                  '{"data": ["unterminated]}', '{"data": [{"a" 1}]}',
                                  '{"data": [1] "x"}'])
def test_broken_json_is_still_not_json_through_the_windows(tiny_windows, text):
    with pytest.raises(ValueError):
        scan_all(text)


def test_an_item_longer_than_its_bound_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(jsonscan, "MAX_ITEM", 64 * 1024)
    decoded: list = []
    huge = {"id": "huge", "tags": ["ab"] * 20_000}  # 120 KB
    text = json.dumps({"data": [{"id": "first"}, huge, {"id": "never"}]})
    with pytest.raises(jsonscan.Oversized, match="a list item over"):
        jsonscan.scan(text, "data", lambda value, *_: decoded.append(value["id"]))
    assert decoded == ["first"]


def test_what_lies_beside_the_list_is_bounded_in_all(monkeypatch):
    monkeypatch.setattr(jsonscan, "MAX_SIDE", 10_000)
    fine = json.dumps({"a": [1] * 1500, "data": [], "b": [2] * 1500})
    assert scan_all(fine)[0]["b"] == [2] * 1500
    # Each field is small; together they are over the bound.
    with pytest.raises(jsonscan.Oversized, match="the fields beside the list"):
        scan_all(json.dumps({"a": [1] * 3000, "data": [], "b": [2] * 3000}))
    with pytest.raises(jsonscan.Oversized, match="the fields beside the list"):
        scan_all(json.dumps({f"k{i}": i for i in range(2000)} | {"data": []}))
    with pytest.raises(jsonscan.Oversized, match="decoded whole"):
        scan_all(json.dumps(["ab"] * 5000), None)


def test_one_long_string_beside_the_list_is_one_object_and_is_read(monkeypatch):
    # A 20 MB page cursor: the page reader refuses it as a cursor and keeps the page.
    monkeypatch.setattr(jsonscan, "MAX_SIDE", 10_000)
    top, seen = scan_all(json.dumps({"data": [{"id": "a"}], "next": "c" * 50_000}))
    assert top["next"] == "c" * 50_000 and [v for v, _ in seen] == [{"id": "a"}]


def test_an_oversized_page_is_one_line_saying_which_bound(monkeypatch):
    monkeypatch.setattr(jsonscan, "MAX_ITEM", 4096)
    body = bytearray(json.dumps({"data": [{"id": "x", "t": "q" * 10_000}]}).encode())
    with pytest.raises(errors.TooLarge, match=r"a list item over .* in a page"):
        PageReader(protocols.get("openai")).read(200, {}, body)
    # An error answer too long to decode still reports its status.
    error = bytearray(b'{"error": {"message": "' + b"e" * 8000 + b'"}}')
    with pytest.raises(errors.ServerError):
        PageReader(protocols.get("openai")).read(503, {}, error)


def test_a_page_keeps_at_most_its_limit_of_models_and_counts_the_rest():
    reader = PageReader(protocols.get("openai"), limit=1000)
    body = bytearray(json.dumps({"data": [{"id": f"m{i}"} for i in range(5000)]}).encode())
    page = reader.read(200, {}, body)
    assert [m.id for m in page.models] == [f"m{i}" for i in range(1000)]
    assert page.beyond == 4000


def test_the_budget_is_shared_and_given_back():
    budget = bodies.Budget(1000)
    with budget.hold() as first:
        first.grow(600, "openai")
        with budget.hold() as second:
            second.grow(300, "claude")
            second.grow(400, "claude")  # grows to 400: 1,000 held, the limit
            with pytest.raises(errors.TooLarge, match="with the other protocols' pages"):
                second.grow(401, "claude")
        assert budget.held == 600  # the failed body gave its share back
    assert budget.held == 0
