"""Property tests: any JSON in, models or a GatewayError out; never another exception."""

from __future__ import annotations

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui_models import export, protocols
from tui_models.gateway import errors, explain
from tui_models.gateway.pages import read_page
from tui_models.listing import SearchIndex, parse
from tui_models.model import Model
from tui_models.textsafe import visible

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=6),
    max_leaves=30,
)
field_names = st.sampled_from(
    ["id", "name", "owned_by", "pricing", "context_length", "inputTokenLimit", "created",
     "created_at", "max_tokens", "supported_endpoint_types", "supportedGenerationMethods",
     "capabilities", "architecture", "top_provider", "description", "display_name",
     "displayName", "prompt", "completion", "input", "output", "lifecycle"])
items = st.dictionaries(field_names, json_values, max_size=8) | json_values
pages = st.fixed_dictionaries(
    {"data": st.lists(items, max_size=6) | json_values,
     "models": st.lists(items, max_size=6) | json_values},
    optional={"has_more": json_values, "last_id": json_values, "nextPageToken": json_values},
)


@settings(max_examples=300, deadline=None)
@given(payload=pages | json_values, unit=st.sampled_from(["auto", "1k", "1m", "token"]))
def test_read_page_is_total(payload, unit):
    for spec in protocols.all_protocols():
        try:
            page = read_page(spec, payload, unit)
        except errors.BadResponse:
            continue
        for model in page.models:
            assert isinstance(model, Model) and isinstance(model.id, str) and model.id
            json.dumps(export.record(model))
            for price in (model.input_per_1m, model.output_per_1m, model.per_request):
                assert price is None or price >= 0
        assert page.next_params is None or all(isinstance(v, str)
                                               for v in page.next_params.values())


@settings(max_examples=300, deadline=None)
@given(status=st.integers(100, 599), body=st.binary(max_size=300), payload=json_values)
def test_error_for_is_one_line(status, body, payload):
    error = explain.error_for("gemini", status, body, payload)
    assert isinstance(error, errors.GatewayError)
    assert "\n" not in error.message and len(error.message) < 300


@given(text=st.text())
def test_visible_leaves_no_control_characters(text):
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", visible(text))


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=40))
def test_any_query_filters_without_error(query):
    models = [Model(id="gpt-4o", protocol="openai", owned_by="openai", context_window=128_000,
                    input_per_1m=2.5),
              Model(id="x", protocol="gemini")]
    index = SearchIndex(models)
    rows = index.filter(parse(query), list(range(len(models))))
    assert set(rows) <= {0, 1}


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=8),
       names=st.lists(st.text(max_size=6), min_size=8, max_size=8),
       query=st.text(min_size=1, max_size=4))
@example(ids=["0", "0\t"], names=[""] * 8, query="0")  # a tab sorts before the keys' "\n"
def test_a_text_search_finds_what_a_substring_test_of_the_text_finds(ids, names, query):
    # Keys are UTF-8 bytes: any text (accents, CJK, emoji, sigma) matches as the text does.
    from hypothesis import assume

    terms = parse(query).terms
    assume(terms and all(t.kind in ("text", "exclude") for t in terms))
    models = [Model(id=i, protocol="openai", display_name=n or None, owned_by="Ωmega")
              for i, n in zip(ids, names, strict=False)]
    index = SearchIndex(models)
    texts = [f"{m.id}\n{m.display_name or ''}\n{m.owned_by}".lower() for m in index.models]
    expected = [row for row, text in enumerate(texts)
                if all((t.value in text) == (t.kind == "text") for t in terms)]
    assert list(index.filter(parse(query), range(len(models)))) == expected
    for row, model in enumerate(index.models):
        assert row in index.exact(model.id)
