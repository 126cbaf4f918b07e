"""The search language against a naive matcher written from its documentation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_models.listing import SearchIndex, View, parse
from tui_models.model import Model

MODELS = [
    Model("gpt-4o", "openai", "GPT-4o", "openai", context_window=128_000, max_output=16_384,
          input_per_1m=2.5, output_per_1m=10.0),
    Model("GPT-4o", "openai", None, "azure", context_window=128_000, input_per_1m=2.5,
          output_per_1m=10.0),
    Model("gpt-4o-mini", "openai", "GPT-4o mini", "openai", context_window=128_000,
          input_per_1m=0.15, output_per_1m=0.6),
    Model("claude-sonnet-4-5", "claude", "Claude Sonnet 4.5", None, context_window=200_000,
          max_output=64_000),
    Model("claude-sonnet-4-5", "openai", None, "anthropic", input_per_1m=3.0,
          output_per_1m=15.0),
    Model("gemini-2.5-flash", "gemini", "Gemini 2.5 Flash", None, context_window=1_048_576,
          max_output=65_536),
    Model("text-embedding-3-small", "openai", None, "openai", input_per_1m=0.02,
          kind="embedding"),
    Model("gemini-embedding-001", "gemini", None, None, context_window=2_048,
          kind="embedding"),
    Model("bge-reranker-v2-m3", "openai", None, "baai", kind="rerank", is_new=True),
    Model("dall-e-3", "openai", None, "openai", per_request=0.04, kind="image"),
    Model("old-model-preview", "openai", None, "legacy", is_gone=True),
]

NUMBERS = {"ctx": "context_window", "context": "context_window", "in": "input_per_1m",
           "input": "input_per_1m", "out": "output_per_1m", "output": "output_per_1m",
           "max": "max_output"}


def naive(query: str, models: list[Model]) -> list[Model]:
    """Every model matching every term, as the query module's docstring describes."""
    def number(text: str) -> float:
        scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
        return float(text[:-1] if scale != 1 else text) * scale

    def matches(model: Model, word: str) -> bool:
        haystack = f"{model.id}\n{model.display_name or ''}\n{model.owned_by or ''}".lower()
        for op in ("<=", ">=", "<", ">", "="):
            name, sep, value = word.partition(op)
            if sep and name in NUMBERS:
                actual = getattr(model, NUMBERS[name])
                if actual is None:
                    return False
                target = number(value)
                return {"<=": actual <= target, ">=": actual >= target, "<": actual < target,
                        ">": actual > target, "=": actual == target}[op]
        name, sep, value = word.partition(":")
        if sep and name == "owner":
            return value in (model.owned_by or "").lower()
        if sep and name == "id":
            return value in model.id.lower()
        if sep and name == "name":
            return value in (model.display_name or "").lower()
        if sep and name in ("proto", "protocol"):
            return model.protocol.startswith(value)
        if sep and name == "kind":
            return model.kind.startswith(value)
        if sep and name == "is":
            return model.is_new if value == "new" else model.is_gone
        if word.startswith("-"):
            return word[1:] not in haystack
        return word in haystack

    words = query.lower().split()
    return [m for m in models if all(matches(m, w) for w in words)]


QUERIES = [
    "", "gpt", "GPT", "gpt 4o", "4o mini", "-mini", "gpt -mini", "owner:azure", "owner:open",
    "id:sonnet", "name:flash", "proto:claude", "proto:o", "protocol:gemini", "kind:embed",
    "kind:e", "kind:rerank", "ctx>128k", "ctx>=128k", "ctx<200000", "ctx=128000",
    "context>1m", "in<1", "in<=2.5", "out>10", "output>=15", "max>=16k", "max<64001",
    "is:new", "gpt in<1 ctx>=128k", "claude proto:openai", "-gemini -gpt", "embed in<0.1",
]


@pytest.mark.parametrize("query", QUERIES)
def test_filter_agrees_with_the_naive_matcher(query):
    index = SearchIndex([m for m in MODELS if not m.is_gone])
    found = [index.models[i] for i in index.filter(query, index.order())]
    expected = naive(query, list(index.models))
    assert found == expected


@pytest.mark.parametrize(("longer", "shorter", "narrows"), [
    ("gpt", "gp", True), ("gpt-4o", "gpt", True), ("gpt mini", "gpt", True),
    ("gp", "gpt", False), ("owner:azu", "owner:az", True), ("proto:cl", "proto:c", True),
    ("proto:c", "proto:cl", False), ("-previews", "-preview", False),
    ("-preview", "-previews", True), ("ctx>128k", "ctx>100k", False), ("gpt", "", True),
])
def test_a_query_that_only_grew_narrows_the_previous_one(longer, shorter, narrows):
    assert parse(longer).narrows(parse(shorter)) is narrows


@pytest.mark.parametrize("word", ["ctx>", "ctx>abc", "in<x", "owner:", "is:foo", "-"])
def test_unfinished_terms_are_ignored_not_fatal(word):
    query = parse(word)
    assert query.terms == () and query.ignored == (word,)


def test_typed_id_comes_first_exact_case_before_other_cases():
    index = SearchIndex([m for m in MODELS if not m.is_gone])
    view = View(index, sort="input_per_1m", query="gpt-4o")
    first = [index.models[i] for i in view.rows[:2]]
    assert [(m.id, m.owned_by) for m in first] == [("gpt-4o", "openai"), ("GPT-4o", "azure")]


@pytest.mark.parametrize(("sort", "reverse"), [("id", False), ("id", True),
                                               ("input_per_1m", False),
                                               ("context_window", True),
                                               ("owned_by", False), ("kind", True)])
def test_sorting_keeps_missing_values_last(sort, reverse):
    index = SearchIndex([m for m in MODELS if not m.is_gone])
    view = View(index, sort=sort, reverse=reverse)
    from tui_models import fields

    key = fields.get(sort).sort
    values = [key(index.models[i]) for i in view.rows]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))
    assert present == sorted(present, reverse=reverse)


def test_gone_models_are_a_scope_of_their_own():
    index = SearchIndex(MODELS)
    assert "old-model-preview" not in [index.models[i].id for i in View(index).rows]
    gone = View(index, query="is:gone")
    assert [index.models[i].id for i in gone.rows] == ["old-model-preview"]


def test_protocol_scope_and_counts():
    index = SearchIndex([m for m in MODELS if not m.is_gone])
    view = View(index, protocol="gemini")
    assert {index.models[i].protocol for i in view.rows} == {"gemini"}
    assert view.total == 2
    view.set_query("embed")
    assert [index.models[i].id for i in view.rows] == ["gemini-embedding-001"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["gpt", "-mini", "owner:open", "proto:o", "kind:c", "ctx>100k",
                                 "in<3", "4o", "claude", "max>=16k", "-embed", "name:g"]),
                max_size=4))
def test_any_combination_agrees_and_narrowing_is_safe(words):
    index = SearchIndex([m for m in MODELS if not m.is_gone])
    view = View(index)
    typed = ""
    for word in words:  # typed one term at a time: each step may reuse the previous rows
        typed = f"{typed} {word}".strip()
        view.set_query(typed)
        assert sorted(index.models[i].id + index.models[i].protocol for i in view.rows) == \
            sorted(m.id + m.protocol for m in naive(typed, list(index.models)))


@pytest.mark.parametrize(("context", "over_128k", "at_least_246k", "shown"), [
    (128_000, False, False, "128K"), (131_072, True, False, "~131K"),
    (128_001, False, False, "~128K"), (127_999, False, False, "~128K"),
    (245_760, True, True, "~246K"), (245_499, True, False, "~245K"),
])
def test_token_terms_and_what_is_shown_agree_at_the_boundary(context, over_128k,
                                                             at_least_246k, shown):
    """Counts are rounded as shown, and a term compares what is shown: `ctx>128k` never
    matches a model that looks like 128K, `ctx>=246k` matches one that looks like 246K."""
    from tui_models import fmt

    index = SearchIndex([Model("m", "openai", context_window=context)])
    assert bool(index.filter("ctx>128k", index.order())) is over_128k
    assert bool(index.filter("ctx>=246k", index.order())) is at_least_246k
    assert fmt.tokens(context) == shown


@pytest.mark.parametrize(("query", "says"), [
    ("ctx>128kk", "wants a number, such as ctx>128k"), ("ctx>abc", "wants a number"),
    ("in<x", "wants a number, such as in<2.5"), ("ctx>", "wants a number"),
    ("is:foo", "wants is:changed or is:fav or is:gone or is:locked or is:new"),
    ("owner:", "wants some text"),
    ("kind:foo", "matches nothing; kind: is one of chat, embedding"),
    ("proto:xyz", "matches nothing; proto: is one of openai, claude, gemini"),
])
def test_a_wrong_term_says_why_and_what_would_be_right(query, says):
    problems = parse(f"gpt {query}").problems
    assert len(problems) == 1 and problems[0].startswith(f"“{query}” ") and says in problems[0]


@pytest.mark.parametrize("query", ["in<$1", "gpt kind:emb", "proto:c", "ctx>=128k", ""])
def test_right_terms_have_no_problems(query):
    assert parse(query).problems == ()
