"""What a protocol is: one object that knows everything about one family of endpoints.

A protocol (OpenAI-compatible, Claude, Gemini, …) is an instance of a `Protocol` subclass,
registered in `tui_models.protocols`. It is the client: it answers every question the rest of
the program asks about it — listing (list path, auth, paging, parsing), calling (its
endpoints — `chat`, `responses`, `messages`… named in `endpoints` —, the call URL and smallest
request at each, reading the reply's usage and model, which refusals another request answers:
`refusals`), the snippets (curl headers, SDK code), the catalogue (its provider) and the
explorer (label, number key) — so adding a protocol is
one module and one `register()` call (plus, for the demo gateway to serve it, one wire module
in `tui_models.demo.wire`). Never imports Textual, nor the demo.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from tui_models.model import Model

if TYPE_CHECKING:  # read with a probe's answer only: not on a listing's or the screen's path
    from tui_models.protocols.refusals import Refusal

Payload = Mapping[str, Any]

KIND_ENDPOINTS: Mapping[str, str] = {"embedding": "embeddings", "image": "images",
                                     "rerank": "rerank", "moderation": "moderations"}
"""The endpoint an OpenAI-style API takes each kind of model at (every other kind: `chat`)."""
ENDPOINT_PATHS: Mapping[str, str] = {
    "chat": "/chat/completions", "responses": "/responses", "embeddings": "/embeddings",
    "images": "/images/generations", "rerank": "/rerank", "moderations": "/moderations"}
"""Where each OpenAI-style endpoint is, under the protocol's root."""
MIN_OUTPUT: Mapping[str, int] = {"responses": 16}
"""The smallest output bound an endpoint accepts: `/responses` refuses `max_output_tokens`
below 16 (`integer_below_min_value`)."""
UNSAFE_PATH_ID = ("this id would change the call's URL path (it holds / \\ ? # % : ; a space "
                  "or a control character, or is . or ..)")
"""Why a call of an id `path_segment` refuses is never sent (probes, snippets)."""
_PATH_BREAKERS = re.compile(r"[/\\?#%:;]")


def path_segment(model_id: str) -> str | None:
    """`model_id` percent-encoded as one URL path segment, or None when no encoding keeps it
    one. The one way an id is put in a path (calls, the inspector's call URL, snippets).

    Refused, because a server or proxy that decodes before routing would still see another
    path, query, fragment or method: `/`, `\\`, `?`, `#`, `%`, `:`, `;`, `.` and `..`, an
    empty id, and any control, format or space character. The rest (letters of any script,
    `-`, `_`, `.`, `~`, digits) is kept or percent-encoded."""
    if model_id in ("", ".", "..") or _PATH_BREAKERS.search(model_id):
        return None
    if any(unicodedata.category(c)[0] in "CZ" for c in model_id):
        return None
    return quote(model_id, safe="-._~")



def plain_snippet(url: str, key_headers: Mapping[str, str], body: Any) -> str:
    """Python code sending `body` to `url` with the standard library alone, each header of
    `key_headers` read from the environment variable it names: for a call no SDK makes."""
    headers = ", ".join(f"{json.dumps(name)}: os.environ[{json.dumps(env)}]"
                        for name, env in key_headers.items())
    return ("import json\nimport os\nimport urllib.request\n\n"
            f"request = urllib.request.Request(\n    {json.dumps(url)},\n"
            f"    data={json.dumps(json.dumps(body))}.encode(),\n"
            f'    headers={{{headers}, "Content-Type": "application/json"}},\n)\n'
            "with urllib.request.urlopen(request) as reply:\n"
            "    print(json.dumps(json.load(reply))[:200])\n")


class Protocol:
    """A protocol's behaviour. Subclasses set the class attributes and override methods."""

    name: ClassVar[str]
    """The name used everywhere: `--protocol`, JSON `protocol`, cache files (`openai`)."""
    label: ClassVar[str]
    """What people read: `OpenAI`."""
    key: ClassVar[str]
    """The explorer's number key that shows only this protocol (`1` is All)."""
    list_field: ClassVar[str] = "data"
    """Where a list page holds its items: `data` or `models`."""
    list_paths: ClassVar[Mapping[str, str]] = {}
    """The list path on each preset that offers this protocol (preset name → path)."""
    fallback_paths: ClassVar[Mapping[str, str]] = {}
    """Where to list instead when the key may not read the preset's own list path (HTTP 401,
    403 or 404 there): OpenRouter's public catalogue behind its per-key list. Used only while
    the profile keeps the preset's path; the list then carries a warning saying so."""
    first_params: ClassVar[Mapping[str, str]] = {}
    """Query parameters of the first page (the largest page size)."""
    id_field: ClassVar[str] = "id"
    """The item field holding the id as listed (see `raw_name`)."""
    provider: ClassVar[str | None] = None
    """The company whose models this protocol's lists carry, as models.dev names it
    (`anthropic`), when it is one company's: the catalogue looks there first."""

    # -- listing ------------------------------------------------------------------------------

    def headers(self, key: str, relay: bool) -> dict[str, str]:
        """Auth headers for a key; `relay`: a one-hub/new-api gateway that also takes Bearer."""
        return {"Authorization": f"Bearer {key}"}

    def next_params(self, payload: Payload) -> dict[str, str] | None:
        """Query parameters of the page after `payload`, or None when it was the last."""
        return None

    def more_without_cursor(self, payload: Payload) -> bool:
        """The page says more pages follow but `next_params` found no cursor to ask with."""
        return False

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        """One list item to a Model, or None when it has no usable id. Never raises."""
        raise NotImplementedError

    def raw_name(self, model: Model) -> str:
        """The name exactly as the server listed it."""
        name = model.raw.get(self.id_field)
        return name if isinstance(name, str) else model.id

    # -- calling ------------------------------------------------------------------------------

    chat_endpoints: ClassVar[tuple[str, ...]] = ("chat", "responses")
    """Every client-facing API a chat model may be called through here, the usual first
    (`probe --endpoints all` tries each)."""

    def endpoint(self, model: Model) -> str:
        """The endpoint `model` is called at unless told otherwise (by its kind)."""
        return KIND_ENDPOINTS.get(model.kind, "chat")

    def endpoints(self, model: Model) -> tuple[str, ...]:
        """Every endpoint `model` can be called at here: each chat API for a chat model,
        its kind's one otherwise."""
        return self.chat_endpoints if model.kind == "chat" else (self.endpoint(model),)

    def token_param(self, endpoint: str) -> str | None:
        """The name of a request's output bound at `endpoint` (None: it has none)."""
        return {"chat": "max_tokens", "responses": "max_output_tokens"}.get(endpoint)

    def call_url(self, root: str, model: Model, endpoint: str | None = None) -> str | None:
        """Where `model` is called at `endpoint` (its usual one by default), given the list
        URL without its `/models` (`root`); None when the id cannot be put in that URL
        safely (see `path_segment`)."""
        return root + ENDPOINT_PATHS.get(endpoint or self.endpoint(model), "/chat/completions")

    def call_body(self, model: Model, *, max_tokens: int | None = None,
                  endpoint: str | None = None, token_param: str | None = None
                  ) -> dict[str, Any]:
        """A valid request for `model` at `endpoint` (its usual one by default); `max_tokens`
        bounds the answer (1 for a probe: raised to the endpoint's minimum, 16 on
        Responses), sent as `token_param` (the endpoint's usual name by default)."""
        endpoint = endpoint or self.endpoint(model)
        if endpoint in ("embeddings", "moderations"):
            return {"model": model.id, "input": "Hello"}
        if endpoint == "images":
            return {"model": model.id, "prompt": "A lighthouse at dusk"}
        if endpoint == "rerank":
            return {"model": model.id, "query": "Hello", "documents": ["Hello", "World"]}
        if endpoint == "responses":
            body: dict[str, Any] = {"model": model.id, "input": "Hello"}
        else:
            body = {"model": model.id, "messages": [{"role": "user", "content": "Hello"}]}
        name = token_param or self.token_param(endpoint)
        if max_tokens is not None and name is not None:
            body[name] = max(max_tokens, MIN_OUTPUT.get(endpoint, 1))
        return body

    def refusal(self, endpoint: str, token_param: str | None, status: int,
                payload: Any) -> Refusal | None:
        """Whether an answer refusing a request to `endpoint` (sent with `token_param`) is
        one another request answers (`protocols.refusals`), and which; None: the answer
        stands. Here none is: protocols whose gateways refuse in known ways say so."""
        return None

    def curl_headers(self, env: str) -> list[str]:
        """The auth headers of a curl snippet, reading the key from `$env`."""
        return [f"Authorization: Bearer {env}"]

    def sdk_snippet(self, root: str, env: str, model: Model, endpoint: str | None = None
                    ) -> str:
        """Python code calling `model` at `endpoint` (its usual one by default) with the
        official SDK, the key read from `env`."""
        base, key, ident = json.dumps(root), json.dumps(env), json.dumps(model.id)
        head = (f"import os\nfrom openai import OpenAI\n\n"
                f"client = OpenAI(base_url={base}, api_key=os.environ[{key}])\n")
        endpoint = endpoint or self.endpoint(model)
        if endpoint == "embeddings":
            return head + (f"result = client.embeddings.create(model={ident}, input=\"Hello\")\n"
                           "print(len(result.data[0].embedding))\n")
        if endpoint == "images":
            return head + (f"image = client.images.generate(model={ident}, "
                           "prompt=\"A lighthouse at dusk\")\nprint(image.data[0].url)\n")
        if endpoint == "moderations":
            return head + (f"result = client.moderations.create(model={ident}, "
                           "input=\"Hello\")\nprint(result.results[0].flagged)\n")
        if endpoint == "rerank":  # no SDK method: the relay's /rerank through the client
            body = json.dumps({"model": model.id, "query": "Hello",
                               "documents": ["Hello", "World"]})
            return head + (f"result = client.post(\"/rerank\", body={body}, cast_to=object)\n"
                           "print(result[\"results\"][0])\n")
        if endpoint == "responses":
            return head + (f"reply = client.responses.create(model={ident}, input=\"Hello\")\n"
                           "print(reply.output_text)\n")
        return head + (f"reply = client.chat.completions.create(\n    model={ident},\n"
                       f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                       "print(reply.choices[0].message.content)\n")

    # -- reading a call's reply ---------------------------------------------------------------

    def reply_usage(self, payload: Payload) -> tuple[int | None, int | None]:
        """The input and output tokens a call's reply reports (None where it does not say):
        OpenAI's `usage.prompt_tokens`/`completion_tokens`, or the `input_tokens`/
        `output_tokens` some relays write there instead."""
        return counts(payload.get("usage"), ("prompt_tokens", "input_tokens"),
                       ("completion_tokens", "output_tokens"))

    def answered_as(self, payload: Payload) -> str | None:
        """The model a call's reply says answered (`model`), as written, or None."""
        return _text(payload.get("model"))

    def __repr__(self) -> str:
        return f"<protocol {self.name}>"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _count(value: Any) -> int | None:
    """`value` when it is a plausible token count (a whole number below a billion)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    return None


def counts(usage: Any, given: tuple[str, ...], got: tuple[str, ...]
           ) -> tuple[int | None, int | None]:
    """The input and output token counts of a reply's usage object (None unless a mapping),
    each under the first of its names (`given`, `got`) present; implausible counts are
    None."""
    if not isinstance(usage, Mapping):
        return None, None

    def first(names: tuple[str, ...]) -> int | None:
        return next((_count(usage[n]) for n in names if n in usage), None)

    return first(given), first(got)
