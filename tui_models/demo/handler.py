"""The demo gateway's HTTP side: a threading server that knows its gateway, and the handler
that turns each request into a `DemoGateway` answer (GET lists, POST calls), logged without
keys."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, urlsplit

from tui_models.demo import calls, official
from tui_models.demo import wire as wires
from tui_models.demo.replies import Reply, json_reply, one_hub_error
from tui_models.textsafe import visible

if TYPE_CHECKING:
    from tui_models.demo.server import DemoGateway

MAX_CALL_BODY = 1024 * 1024
AUTH_HEADERS = ("authorization", "x-api-key", "x-goog-api-key")


class Server(ThreadingHTTPServer):
    """The listening socket of one `DemoGateway`; each request is answered by a `Handler`."""

    daemon_threads = True
    timeout = 0.0
    """`handle_request()` never waits: the gateway's loop calls it once a client is there."""

    def __init__(self, address: tuple[str, int], gateway: DemoGateway) -> None:
        self.gateway = gateway
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is normal here (timeouts, size caps): quiet."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            super().handle_error(request, client_address)


def _query(raw: str) -> dict[str, str]:
    """A query string's parameters, the last value of each."""
    return {k: v[-1] for k, v in parse_qs(raw).items()}


def _ascii(text: str) -> str:
    """`text` as inert ASCII: controls and every non-ASCII character escaped (a log line is
    a terminal's)."""
    return visible(text).encode("ascii", "backslashreplace").decode()


def _body(raw: bytes) -> Any:
    """A call's JSON body, or None when it is not JSON."""
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return None


class Handler(BaseHTTPRequestHandler):
    """One connection to the demo gateway (`self.server.gateway`)."""

    protocol_version = "HTTP/1.1"
    server_version = "tui-models-demo"

    @property
    def gateway(self) -> DemoGateway:
        return cast(Server, self.server).gateway

    def _headers(self) -> dict[str, str]:
        """The request's headers, names in lower case; the request is recorded."""
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.gateway._lock:
            self.gateway.requests.append((urlsplit(self.path).path, headers))
        return headers

    _called: str | None = None
    """The model of the call being answered (None for a list), for the log."""

    def do_GET(self) -> None:
        self._called = None
        parts = urlsplit(self.path)
        query = _query(parts.query)
        headers = self._headers()
        self._answer(lambda: self.gateway.answer(parts.path, query, headers))

    def do_POST(self) -> None:
        self._called = None
        gateway = self.gateway
        parts = urlsplit(self.path)
        try:
            length = int(self.headers.get("content-length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_CALL_BODY:
            self.close_connection = True
            self._send(json_reply({"error": {"message": "request body too large"}}, 413))
            return
        body = _body(self.rfile.read(length))
        found = wires.call(parts.path, body)
        headers = self._headers()
        if found is None:
            self._send(official.not_found(gateway.flavor, "POST", parts.path)
                       if gateway.flavor in official.FLAVORS else
                       one_hub_error("Invalid URL (POST " + parts.path[:100] + ")", 404))
            return
        served, call = found
        self._called = call.model
        with gateway._lock:
            gateway.calls.append((served.name, call.model))
        key = gateway.key_for(served.name, headers, _query(parts.query),
                              relay_layout=call.layout != wires.NEW_API)
        self._answer(lambda: calls.answer(gateway, served, call, key, headers, body,
                                          parts.path))

    def _answer(self, answer: Callable[[], Reply]) -> None:
        """Send what `answer()` makes, after the gateway's latency, counted in flight;
        a bug in the demo is a 500, never a dropped connection."""
        gateway = self.gateway
        with gateway._lock:
            gateway.in_flight += 1
            gateway.max_in_flight = max(gateway.max_in_flight, gateway.in_flight)
        try:
            if gateway.latency:
                time.sleep(gateway.latency)
            reply = answer()
        except Exception as exc:  # the demo must answer, even when it has a bug
            reply = json_reply({"error": {"message": f"demo gateway bug: {exc}"}}, 500)
        finally:
            with gateway._lock:
                gateway.in_flight -= 1
        self._send(reply)

    def _log(self, reply: Reply) -> None:
        """One line: method, path (never the query: it may hold `key=`), status, for a call
        the model and, when refused, the error's code and param (so a probe's retry reads
        as one: `400 [gpt-5: unsupported_parameter max_tokens]` then `200 [gpt-5]`), and
        which auth headers came — their names, never their values."""
        log = self.gateway.log
        if log is None:
            return
        parts = urlsplit(self.path)
        names = [h for h in AUTH_HEADERS if self.headers.get(h)]
        if "key" in parse_qs(parts.query):
            names.append("?key=")
        path = _ascii(parts.path[:200])
        log.write(f"{time.strftime('%H:%M:%S')} {self.command} {path} {reply.status} "
                  f"{self._about(reply)}auth: {', '.join(names) or 'none'}\n")
        log.flush()

    def _about(self, reply: Reply) -> str:
        """`[model: code param] ` for a call (`[model] ` when answered), else nothing. A
        model id holding one of the demo's keys is masked: the log never shows a key."""
        model = self._called
        if model is None:
            return ""
        for key in self.gateway.keys:
            model = model.replace(key, "[key]")
        shown = _ascii(model[:80])
        if reply.status < 400 or not isinstance(reply.body, bytes):
            return f"[{shown}] "
        error = _body(reply.body)
        error = error.get("error") if isinstance(error, dict) else None
        why = []
        if isinstance(error, dict):
            if isinstance(error.get("code"), str | int):
                why.append(str(error["code"])[:60])
            if isinstance(error.get("param"), str):
                why.append(f"param {error['param'][:60]}")
        return f"[{shown}: {_ascii(', '.join(why)) or 'refused'}] "

    def _send(self, reply: Reply) -> None:
        self._log(reply)
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
        """Quiet: the demo runs under the explorer's screen."""
