"""The client formats' building blocks: quoting that each real parser reads back byte-exact and
that no substitution pass can expand, and the choice of models (kinds, lists, --verified)."""

from __future__ import annotations

import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tui_models import clients
from tui_models.clients.choose import choose, endpoint_of
from tui_models.clients.text import dotenv_value, json_text, shell_word, toml_str, yaml_str
from tui_models.compat import tomllib
from tui_models.model import Model, Probe

# Everything a gateway can put in an id, lone surrogates aside (no format can carry them).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_yaml_scalars_round_trip_through_pyyaml_and_are_inert(text):
    written = yaml_str(text)
    assert written.isascii() and written.isprintable()
    assert "$" not in written  # Continue's ${{ … }} pass over the raw file finds nothing
    assert yaml.safe_load(f"value: {written}\n") == {"value": text}


@given(TEXT)
def test_toml_strings_round_trip_through_tomllib(text):
    written = toml_str(text)
    assert written is not None and written.isascii() and written.isprintable()
    assert tomllib.loads(f"value = {written}\n") == {"value": text}


def test_toml_refuses_lone_surrogates():
    assert toml_str("a\ud800b") is None


@given(TEXT)
def test_json_braces_are_inert_to_opencode_substitution_but_keep_their_value(text):
    written = json_text({"id": text, "key": "{env:K}"}, inert_braces=True, raw=("{env:K}",))
    assert written.count("{env:") == 1 and "{file:" not in written  # only our reference
    assert json.loads(written) == {"id": text, "key": "{env:K}"}


def test_shell_and_dotenv_values_only_when_printable():
    assert shell_word("gpt-4o") == "gpt-4o"
    assert shell_word("it's") == "'it'\"'\"'s'"
    assert shell_word("a\x1b[31m") is None and shell_word("é") is None
    assert dotenv_value("gpt-4o") == "'gpt-4o'"
    assert dotenv_value("it's") is None and dotenv_value("a\\b") is None


def _model(ident: str, protocol: str = "openai", kind: str = "chat", probe=None,
           gone: bool = False) -> Model:
    return Model(id=ident, protocol=protocol, kind=kind, probe=probe, is_gone=gone)


def _probe(ok: bool, endpoint: str | None = None,
           marks: tuple[tuple[str, bool], ...] = ()) -> Probe:
    return Probe(ok=ok, status=200 if ok else 503, latency_ms=5.0, ttfb_ms=4.0,
                 answered_as=None, error=None, probed_at=0.0, endpoint=endpoint, marks=marks)


def test_choose_keeps_chat_models_of_the_lists_a_client_uses():
    models = [_model("gpt-4o"), _model("GPT-4o"), _model("text-embedding-3-small",
                                                          kind="embedding"),
              _model("claude-sonnet-4-5", "claude"), _model("old", gone=True),
              Model(id="gpt-4.5", protocol="openai", is_locked=True)]  # `is:locked` asks it
    chosen = choose(clients.get("llm"), models)
    assert [m.id for m in chosen.models] == ["gpt-4o", "GPT-4o"]  # case twins stay two
    assert chosen.dropped == {"embedding models (llm takes chat only)": 1,
                              "from the Claude list (llm does not use it)": 1,
                              "no longer listed": 1,
                              "locked for this key's group": 1}
    widened = choose(clients.get("aider"), models, all_kinds=True)
    assert [m.id for m in widened.models] == ["gpt-4o", "GPT-4o", "text-embedding-3-small"]


def test_a_merged_row_stands_for_its_variants():
    openai, claude = _model("claude-haiku-4-5"), _model("claude-haiku-4-5", "claude")
    merged = Model(id="claude-haiku-4-5", protocol="openai", variants=(openai, claude),
                   protocols=("openai", "claude"))
    chosen = choose(clients.get("opencode"), [merged, openai])
    assert [(m.protocol, m.id) for m in chosen.models] == [("openai", "claude-haiku-4-5"),
                                                           ("claude", "claude-haiku-4-5")]


def test_verified_keeps_what_answered_through_the_clients_endpoint():
    models = [_model("answered", probe=_probe(True)), _model("failed", probe=_probe(False)),
              _model("never"), _model("responses", probe=_probe(True, "responses"))]
    assert endpoint_of(models[0]) == "chat"  # no endpoint named: the protocol's default
    llm = choose(clients.get("llm"), models, verified=True)
    assert [m.id for m in llm.models] == ["answered"]
    assert llm.dropped == {"whose last probe failed (--verified)": 1,
                           "never probed (--verified)": 1,
                           "that answered through responses, not chat (--verified)": 1}
    codex = choose(clients.get("codex"), models, verified=True)
    assert [m.id for m in codex.models] == ["responses"]
    # Probed on every endpoint: each client keeps it when its own endpoint answered.
    both = [_model("both", probe=_probe(False, "chat", (("chat", False), ("responses", True))))]
    assert [m.id for m in choose(clients.get("codex"), both, verified=True).models] == ["both"]
    assert choose(clients.get("llm"), both, verified=True).dropped == {
        "that answered through responses, not chat (--verified)": 1}
