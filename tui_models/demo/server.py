"""The embedded demo gateway: a real HTTP server on loopback, in a background thread.

It serves the MemoryLake/one-hub layout and the new-api layout at once:

| route | answers |
|---|---|
| `GET /v1/models` | OpenAI list; Claude list with `x-api-key` + `anthropic-version` (new-api) |
| `GET /claude/v1/models` | Claude list, `limit`/`after_id` paging |
| `GET /gemini/v1beta/models` | Gemini list, `models/` names, `pageSize`/`pageToken` paging |
| `GET /v1beta/models` | Gemini list as new-api writes it: bare names, null fields |

It checks the key (Bearer, `x-api-key` or `x-goog-api-key`), maps it to a group that decides
which models are listed, and caps Claude and Gemini pages well below what clients ask for, so
clients must follow cursors. `faults` makes a protocol's route misbehave (see `faults.py`).
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tui_models.demo import faults as fault_table
from tui_models.demo.data import CURATED, DemoModel, synthetic
from tui_models.demo.formats import FLAVORS, claude_item, gemini_item, openai_item
from tui_models.demo.replies import Reply, json_reply, one_hub_error

DEMO_KEY = "demo-key"
DEMO_KEYS: dict[str, str] = {DEMO_KEY: "default", "demo-vip-key": "vip"}
"""Keys the demo accepts and the group each belongs to."""

SMALL_PAGES = {"claude": 5, "gemini": 5}
"""Largest page the demo serves for its curated set, whatever the client asks, so clients must
follow cursors. With synthetic models it serves up to 1,000 per page, the official maximum."""
LARGE_PAGES = {"claude": 1000, "gemini": 1000}


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
    ) -> None:
        if flavor not in FLAVORS:
            raise ValueError(f"unknown flavor {flavor!r}")
        self.flavor = flavor
        self.latency = latency
        """Seconds each answer waits before it starts, to behave like a remote gateway."""
        self.faults = dict(faults or {})
        self.keys = dict(keys)
        self.page_caps = dict(page_caps or (LARGE_PAGES if extra_models else SMALL_PAGES))
        self.requests: list[tuple[str, dict[str, str]]] = []
        """(path, headers) of every request, for tests that check what was sent."""
        self.hits: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests being answered at once: proof that clients ask concurrently."""
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.set_models(tuple(models if models is not None else CURATED) +
                        synthetic(extra_models))
        self._server = _Server((host, port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_models(self, models: Sequence[DemoModel]) -> None:
        """Replace the model set (an admin changing what the gateway offers)."""
        with self._lock:
            self._models = tuple(models)
            self._cache.clear()

    def start(self) -> DemoGateway:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="demo-gateway", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> DemoGateway:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- answering ---------------------------------------------------------------------------

    def answer(self, path: str, query: Mapping[str, str], headers: Mapping[str, str]) -> Reply:
        """The reply to `GET path?query` with `headers` (lower-case names)."""
        route = _route(path, headers)
        if route is None:
            if path == "/":
                return json_reply({"demo": "tui-models demo gateway",
                                   "routes": ["/v1/models", "/claude/v1/models",
                                              "/gemini/v1beta/models", "/v1beta/models"],
                                   "keys": sorted(self.keys)})
            if path.startswith("/catch"):
                return json_reply({"data": []})
            return one_hub_error("Invalid URL (GET " + path[:100] + ")", 404)
        protocol, layout = route
        with self._lock:
            self.hits[protocol] = self.hits.get(protocol, 0) + 1
            count = self.hits[protocol]
        fault = self.faults.get(protocol)
        if fault:
            reply = fault_table.reply(fault, self, protocol, query, count)
            if reply is not None:
                return reply
        key = _key_from(headers)
        if not key:
            return one_hub_error("未提供令牌")
        group = self.keys.get(key)
        if group is None:
            return one_hub_error("无效的令牌")
        items = self.items(protocol, layout, group)
        if items is None:
            return json_reply({"data": None} if protocol != "gemini" else {"models": None})
        if protocol == "openai":
            return self._openai_page(group, items, headers)
        if protocol == "claude":
            return self._claude_page(items, query, paged=self.flavor != "one-hub")
        return self._gemini_page(items, query, paged=self.flavor != "one-hub")

    def models_for(self, group: str) -> tuple[DemoModel, ...]:
        return tuple(m for m in self._models if group == "vip" or not m.vip)

    def items(self, protocol: str, layout: str, group: str) -> list[dict[str, Any]] | None:
        """The wire items of one list, built once per model set."""
        if self.flavor == "null-lists":
            return None
        cache_key = ("items", protocol, layout, group)
        with self._lock:
            if cache_key in self._cache:
                return self._cache[cache_key]
        flavor = "new-api" if layout == "new-api" else self.flavor
        models = self.models_for(group)
        render = {"openai": openai_item, "claude": claude_item, "gemini": gemini_item}[protocol]
        built = [render(m, flavor) for m in models if protocol in m.protocols]
        with self._lock:
            self._cache[cache_key] = built
        return built

    def _openai_page(self, group: str, items: list[dict[str, Any]],
                     headers: Mapping[str, str]) -> Reply:
        gz = "gzip" in headers.get("accept-encoding", "")
        cache_key = ("openai-body", group, gz)
        with self._lock:
            body = self._cache.get(cache_key)
        if body is None:
            payload: dict[str, Any] = {"object": "list", "data": items}
            if self.flavor == "new-api":
                payload = {"success": True, **payload}
            body = json.dumps(payload, ensure_ascii=False).encode()
            if gz:
                body = gzip.compress(body, compresslevel=1)
            with self._lock:
                self._cache[cache_key] = body
        return Reply(200, body, {"Content-Encoding": "gzip"} if gz else {})

    def _claude_page(self, items: list[dict[str, Any]], query: Mapping[str, str],
                     paged: bool) -> Reply:
        if not paged:
            return json_reply({"data": items})
        limit = _bounded(query.get("limit"), default=20, cap=self.page_caps["claude"])
        start = 0
        after = query.get("after_id")
        if after is not None:
            positions = self._positions("claude", items)
            if after not in positions:
                return json_reply({"type": "error", "error": {
                    "type": "invalid_request_error", "message": "after_id: unknown model id"}},
                    400)
            start = positions[after] + 1
        page = items[start:start + limit]
        return json_reply({
            "data": page,
            "has_more": start + limit < len(items),
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
        })

    def _gemini_page(self, items: list[dict[str, Any]], query: Mapping[str, str],
                     paged: bool) -> Reply:
        if not paged:
            return json_reply({"models": items})
        size = _bounded(query.get("pageSize"), default=50, cap=self.page_caps["gemini"])
        start = 0
        if query.get("pageToken"):
            try:
                start = int(base64.urlsafe_b64decode(query["pageToken"].encode()).decode())
            except (ValueError, UnicodeDecodeError):
                return json_reply({"error": {"code": 400, "message": "Invalid page token.",
                                             "status": "INVALID_ARGUMENT"}}, 400)
        payload: dict[str, Any] = {"models": items[start:start + size]}
        if start + size < len(items):
            payload["nextPageToken"] = base64.urlsafe_b64encode(
                str(start + size).encode()).decode()
        return json_reply(payload)

    def _positions(self, protocol: str, items: list[dict[str, Any]]) -> dict[str, int]:
        cache_key = ("positions", protocol, id(items))
        with self._lock:
            found = self._cache.get(cache_key)
            if found is None:
                found = {item["id"]: i for i, item in enumerate(items)}
                self._cache[cache_key] = found
        return found


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is normal here (timeouts, size caps): quiet."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            super().handle_error(request, client_address)


def _bounded(value: str | None, *, default: int, cap: int) -> int:
    try:
        asked = int(value) if value is not None else default
    except ValueError:
        asked = default
    return max(1, min(asked, cap))


def _route(path: str, headers: Mapping[str, str]) -> tuple[str, str] | None:
    """(protocol, layout) for a list path, or None."""
    path = path.rstrip("/")
    if path == "/v1/models":
        if "x-api-key" in headers and "anthropic-version" in headers:
            return ("claude", "new-api")
        return ("openai", "memorylake")
    if path == "/claude/v1/models":
        return ("claude", "memorylake")
    if path == "/gemini/v1beta/models":
        return ("gemini", "memorylake")
    if path == "/v1beta/models":
        return ("gemini", "new-api")
    return None


def _key_from(headers: Mapping[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-api-key") or headers.get("x-goog-api-key")


def _handler_for(gateway: DemoGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "tui-models-demo"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            with gateway._lock:
                gateway.requests.append((parts.path, headers))
                gateway.in_flight += 1
                gateway.max_in_flight = max(gateway.max_in_flight, gateway.in_flight)
            if gateway.latency:
                time.sleep(gateway.latency)
            try:
                reply = gateway.answer(parts.path, query, headers)
            except Exception as exc:  # the demo must answer, even when it has a bug
                reply = json_reply({"error": {"message": f"demo gateway bug: {exc}"}}, 500)
            finally:
                with gateway._lock:
                    gateway.in_flight -= 1
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            if reply.status == 0:  # hang up without answering: a connection reset
                self.close_connection = True
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if isinstance(reply.body, bytes):
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                return
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for chunk in reply.body:
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            if getattr(gateway, "verbose", False):
                super().log_message(format, *args)

    return Handler
