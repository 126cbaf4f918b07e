"""The embedded demo gateway: a real HTTP server on loopback, in a background thread.

It serves the MemoryLake/one-hub layout and the new-api layout at once:

| route | answers |
|---|---|
| `GET /v1/models` | OpenAI list; Claude list with `x-api-key` + `anthropic-version` (new-api) |
| `GET /claude/v1/models` | Claude list, `limit`/`after_id` paging |
| `GET /gemini/v1beta/models` | Gemini list, `models/` names, `pageSize`/`pageToken` paging |
| `GET /v1beta/models` | Gemini list as new-api writes it: bare names, null fields |
| `POST` the call paths | tiny canned answers and realistic failures (see `calls.py`) |
| `GET /api/available_model` … | prices, groups, quota, as relays publish them (`relay.py`) |
| `GET /catalog/api.json` | a models.dev-shaped catalogue (for `tui-models catalog update`) |
| OpenRouter's routes | `flavor="openrouter"`: catalogue, key's list, key, endpoints |

It checks the key (Bearer, `x-api-key` or `x-goog-api-key`), maps it to a group that decides
which models are listed, and caps Claude and Gemini pages well below what clients ask for, so
clients must follow cursors. How each protocol's lists and calls are written, per flavour, is
in `wire/`; `faults` makes a protocol's route misbehave (see `faults.py`).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import selectors
import socket
import ssl
import threading
from collections.abc import Mapping, Sequence
from typing import Any, TextIO
from urllib.parse import unquote

from tui_models.demo import DEMO_KEY, official
from tui_models.demo import faults as fault_table
from tui_models.demo import wire as wires
from tui_models.demo.data import CURATED, DemoModel, synthetic
from tui_models.demo.flavors import FLAVORS, OWN_HEADER_ONLY, error_type
from tui_models.demo.handler import Server
from tui_models.demo.replies import Reply, json_reply, one_hub_error
from tui_models.demo.wire import Wire

DEMO_KEYS: dict[str, str] = {DEMO_KEY: "default", "demo-vip-key": "vip"}
"""Keys the demo accepts and the group each belongs to."""


SMALL_PAGES = {"claude": 5, "gemini": 5}
"""Largest page the demo serves for its curated set, whatever the client asks, so clients must
follow cursors. With synthetic models it serves up to 1,000 per page, the official maximum."""
LARGE_PAGES = 1000
RELAY_PATHS = ("/api/available_model", "/api/user_group_map", "/api/pricing",
               "/api/usage/token", "/api/usage/token/")


class DemoGateway:
    """A demo gateway on `127.0.0.1`; `with DemoGateway() as gw:` serves at `gw.url`."""

    def __init__(
        self,
        *,
        extra_models: int = 0,
        models: Sequence[DemoModel] | None = None,
        flavor: str = "memorylake",
        faults: Mapping[str, str] | None = None,
        keys: Mapping[str, str] = DEMO_KEYS,
        page_caps: Mapping[str, int] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        if flavor not in FLAVORS:
            raise ValueError(f"unknown flavor {flavor!r}")
        self.flavor = flavor
        self.latency = latency
        """Seconds each answer waits before it starts, to behave like a remote gateway."""
        self.faults = dict(faults or {})
        self.keys = dict(keys)
        self.page_caps = dict(page_caps or ({} if extra_models else SMALL_PAGES))
        self.requests: list[tuple[str, dict[str, str]]] = []
        """(path, headers) of every request, for tests that check what was sent."""
        self.log: TextIO | None = None
        """Where `serve-demo --log` writes a line per request (never a key)."""
        self.calls: list[tuple[str, str]] = []
        """(protocol, model id) of every call (POST) answered, in order."""
        self.hits: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests being answered at once: proof that clients ask concurrently."""
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.set_models(tuple(models if models is not None else CURATED) +
                        synthetic(extra_models))
        self._server = Server((host, port), self)
        self.scheme = "http"
        if tls is not None:  # HTTPS, for the certificate checks (tests bring their own CA)
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._wake_read, self._wake_write = socket.socketpair()
        """`stop()` writes here to wake the serving loop at once."""

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def set_models(self, models: Sequence[DemoModel]) -> None:
        """Replace the model set (an admin changing what the gateway offers)."""
        with self._lock:
            self._models = tuple(models)
            self._cache.clear()

    def start(self) -> DemoGateway:
        """Serve in a background thread until `stop()`."""
        self._thread = threading.Thread(target=self.serve_forever, name="demo-gateway",
                                        daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Answer requests until `stop()` (each in its own thread). Not the standard
        library's loop: that one looks for a stop request only every half second, which every
        `--demo` command would wait for; `stop()` wakes this one at once."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for ready, _ in selector.select():
                    if ready.fileobj is self._server and not self._stopping.is_set():
                        self._server.handle_request()  # never waits: a client is there

    def stop(self) -> None:
        """Stop serving and close the socket; returns once the serving thread has ended
        (at once: it is woken, not polled). Answers in progress finish in their threads."""
        self._stopping.set()
        with contextlib.suppress(OSError):  # stopped already
            self._wake_write.send(b"x")
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._server.server_close()
        self._wake_read.close()
        self._wake_write.close()

    def __enter__(self) -> DemoGateway:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- answering ---------------------------------------------------------------------------

    def answer(self, path: str, query: Mapping[str, str], headers: Mapping[str, str]) -> Reply:
        """The reply to `GET path?query` with `headers` (lower-case names)."""
        if path == "/catalog/api.json":  # a models.dev-shaped catalogue, as a mirror serves it
            from tui_models.demo.data import models_dev_catalogue

            return json_reply(models_dev_catalogue())
        if self.flavor in official.FLAVORS:
            return self._official(path, query, headers)
        if self.flavor == "openrouter":
            from tui_models.demo import openrouter

            found = openrouter.answer(self, path, query, headers)
            if found is not None:
                return found
        route = wires.route(path, headers)
        if route is None:
            if path == "/":
                return json_reply({"demo": "tui-models demo gateway", "routes": wires.paths(),
                                   "keys": sorted(self.keys)})
            if path.startswith("/catch"):
                return json_reply({"data": []})
            if path in RELAY_PATHS:
                return self._relay(path, headers)
            if path.startswith("/v1/models/"):
                return self.model(unquote(path.removeprefix("/v1/models/")), headers)
            return one_hub_error("Invalid URL (GET " + path[:100] + ")", 404)
        served, layout = route
        fault = self._fault(served, query, headers)
        if fault is not None:
            return fault
        key = self.key_for(served.name, headers, query, relay_layout=layout != wires.NEW_API)
        if not key:
            return one_hub_error("未提供令牌")
        group = self.keys.get(key)
        if group is None:
            return one_hub_error("无效的令牌")
        # new-api's paths answer in new-api's way whatever the gateway imitates
        flavor = wires.NEW_API if layout == wires.NEW_API else self.flavor
        return self._list(served, flavor, group, query, headers)

    def _official(self, path: str, query: Mapping[str, str], headers: Mapping[str, str]
                  ) -> Reply:
        """What an official API (or LiteLLM) answers: its routes, its key, its errors."""
        name = official.route(self.flavor, path)
        litellm = self.flavor == "litellm" and path in official.LITELLM_INFO
        if name is None and not litellm:
            return official.not_found(self.flavor, "GET", path)
        served = wires.get(name) if name else None
        if served is not None:
            fault = self._fault(served, query, headers)
            if fault is not None:
                return fault
        given = official.key(self.flavor, headers, query)
        group = self.keys.get(given or "")
        refused = official.refusal(self.flavor, given, group is not None, headers)
        if refused is not None or group is None:
            return refused or official.not_found(self.flavor, "GET", path)
        if served is not None:
            return self._list(served, self.flavor, group, query, headers)
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        if self.faults.get("relay"):
            return json_reply({"error": {"message": "model info not found", "type": "None",
                                         "param": "None", "code": "500"}}, 500)
        if path == "/key/info":
            return json_reply(official.key_info(f"demo-{group}", group == "vip"))
        return json_reply(official.model_info([m for m in self.models_for(group)
                                               if self.serves("openai", m)]))

    def _fault(self, served: Wire, query: Mapping[str, str],
               headers: Mapping[str, str]) -> Reply | None:
        """The misbehaviour `faults` asks of this protocol's list route, counted, or None."""
        with self._lock:
            self.hits[served.name] = self.hits.get(served.name, 0) + 1
            count = self.hits[served.name]
        fault = self.faults.get(served.name)
        if not fault:
            return None
        asked = fault_table.Asked(served.name, query, count, headers, self.port)
        return fault_table.reply(fault, asked)

    def _list(self, served: Wire, flavor: str, group: str, query: Mapping[str, str],
              headers: Mapping[str, str]) -> Reply:
        """One page of `served`'s list as `flavor` writes it, for a key of `group`."""
        items = self.items(served, flavor, group)
        if items is None:
            return json_reply({served.list_field: None})
        cap = self.page_caps.get(served.name, LARGE_PAGES)
        gz = "gzip" in headers.get("accept-encoding", "")
        cache_key = ("body", served.name, flavor, group, tuple(sorted(query.items())), gz)
        with self._lock:
            found = self._cache.get(cache_key)
        if found is None:
            payload, status = served.page(items, query, cap, flavor)
            body = json.dumps(payload, ensure_ascii=False).encode()
            if gz:
                body = gzip.compress(body, compresslevel=1)
            found = (status, body)
            if len(body) > 64 * 1024:  # only big bodies are worth keeping (benchmarks)
                with self._lock:
                    self._cache[cache_key] = found
        status, body = found
        return Reply(status, body, {"Content-Encoding": "gzip"} if gz else {})

    def serves(self, protocol: str, model: DemoModel) -> bool:
        """Whether this gateway lists `model` under protocol `protocol` (an official API lists
        only its own company's models)."""
        return wires.get(protocol).serves(model) and official.serves(self.flavor, model)

    def key_for(self, protocol: str, headers: Mapping[str, str], query: Mapping[str, str],
                *, relay_layout: bool = True) -> str | None:
        """The key a request carries where this gateway looks for it. one-hub (and
        MemoryLake) read each protocol's own header only, as its `middleware/auth.go` does:
        `/v1/*` `Authorization: Bearer`, `/claude/*` `x-api-key`, `/gemini/*`
        `x-goog-api-key` or `?key=`. Official APIs read theirs (`official.key`); other
        flavors take any of them."""
        if self.flavor in official.FLAVORS:
            return official.key(self.flavor, headers, query)
        bearer = headers.get("authorization", "")
        bearer = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
        if relay_layout and self.flavor in OWN_HEADER_ONLY:
            return wires.get(protocol).relay_key(headers, query, bearer)
        return bearer or headers.get("x-api-key") or headers.get("x-goog-api-key") or \
            query.get("key")

    def model(self, model_id: str, headers: Mapping[str, str]) -> Reply:
        """`GET /v1/models/{id}`: the item, or (as one-hub does) HTTP 200 with an error."""
        key = self.key_for("openai", headers, {})
        group = self.keys.get(key or "")
        if group is None:
            return one_hub_error("未提供令牌" if not key else "无效的令牌")
        found = next((m for m in self.models_for(group) if m.id == model_id
                      and self.serves("openai", m)), None)
        if found is None:
            return json_reply({"error": {"message": f"The model '{model_id}' does not exist",
                                         "type": "invalid_request_error", "param": "model",
                                         "code": "model_not_found"}})
        return json_reply(wires.get("openai").item(found, self.flavor))

    def _relay(self, path: str, headers: Mapping[str, str]) -> Reply:
        """What the demo publishes beside its lists (prices, groups, the key's quota): the
        prices and groups to anyone, as the relays publish them; the quota to its key."""
        from tui_models.demo import relay

        kind = error_type(self.flavor)
        key = self.key_for("openai", headers, {})
        group = self.keys.get(key or "")
        if group is None and path.startswith("/api/usage"):
            return one_hub_error("未提供令牌" if not key else "无效的令牌", kind=kind)
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        echo = self.faults.get("relay") == "echo-key"  # a careless relay: its token's name
        if self.faults.get("relay") and not echo:
            return one_hub_error("pricing data not found", 500, kind)
        if path == "/api/available_model":
            return json_reply(relay.available_model(self._models))
        if path == "/api/user_group_map":
            return json_reply(relay.user_group_map())
        if path == "/api/pricing":
            return json_reply(relay.pricing(self._models))
        return json_reply(relay.usage(group or "default", f"token {key}" if echo else
                                      "demo" if group == "default" else group or "demo"))

    def models_for(self, group: str) -> tuple[DemoModel, ...]:
        return tuple(m for m in self._models if group == "vip" or not m.vip)

    def items(self, served: Wire, flavor: str, group: str) -> list[dict[str, Any]] | None:
        """The wire items of one list, built once per model set."""
        if self.flavor == "null-lists":
            return None
        cache_key = ("items", served.name, flavor, group)
        with self._lock:
            if cache_key in self._cache:
                return self._cache[cache_key]
        built = [served.item(m, flavor) for m in self.models_for(group)
                 if self.serves(served.name, m)]
        with self._lock:
            self._cache[cache_key] = built
        return built

