"""One async HTTP client per profile: bounded requests, pagination, and error mapping.

Every request is bounded: a timeout per operation and a total deadline per protocol, retries
with backoff for 429/5xx/resets (honouring `Retry-After` up to a cap), a page cap with
repeated-cursor detection, a body cap applied while streaming to both the compressed and the
decoded bytes, and JSON nesting errors caught. Redirects are followed by hand so that key
headers never reach another origin. Nothing here raises past `fetch()`: every outcome is a
`FetchResult`, failures carry a `GatewayError` whose text never holds the key.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

import httpx

from tui_models import __version__, protocols
from tui_models.compat import timeout
from tui_models.config import Profile
from tui_models.gateway import bodies, clean, errors, explain, fallback, jsonscan
from tui_models.gateway.http import (
    ConnectionBroke,
    backoff,
    origin,
    retry_after,
    route,
    same_origin,
    ssl_verify,
)
from tui_models.gateway.pages import Page, PageReader
from tui_models.gateway.result import FetchResult
from tui_models.model import Model
from tui_models.protocols import Protocol
from tui_models.runtime import collector_paused
from tui_models.secret import Secret
from tui_models.textsafe import one_line

log = logging.getLogger("tui_models.gateway")

MAX_BODY = 64 * 1024 * 1024
"""Smallest cap on a body, compressed or decoded (100,000 models with metadata take ~25 MB)."""
BYTES_PER_MODEL = 512
"""The body cap grows with the profile's `max_models` by this much a model: a 300,000-model
list fits, and a bomb still stops at a size the user chose."""
CONTAINERS_PER_MODEL = 8
"""Likewise the cap on JSON objects and arrays in a page (never below 2 million)."""
MAX_PAGES = 1000
MAX_REDIRECTS = 5
RETRIES = 2
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 10.0
THREAD_BODY = 2 * 1024 * 1024
"""Pages larger than this are parsed in a worker thread."""


def body_cap(max_models: int) -> int:
    """The largest body read for lists of up to `max_models` models."""
    return max(MAX_BODY, max_models * BYTES_PER_MODEL)


class GatewayClient:
    """Lists models from one profile's gateway. Use as an async context manager.

    `transport` lets tests and benchmarks inject an httpx transport; everything else comes
    from the profile.
    """

    def __init__(
        self,
        profile: Profile,
        key: Secret,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_body: int | None = None,
        max_pages: int = MAX_PAGES,
        max_models: int | None = None,
        retries: int = RETRIES,
    ) -> None:
        self.profile = profile
        self._key = key
        self._cleaner = clean.Cleaner(key)
        """Keeps the key out of what the gateway lists (`gateway.clean`)."""
        self.max_models = max_models or profile.max_models
        """Most models kept per protocol, across all its pages: memory stays bounded."""
        self.max_body = max_body or body_cap(self.max_models)
        self.max_containers = max(bodies.MAX_CONTAINERS, self.max_models * CONTAINERS_PER_MODEL)
        """Most JSON objects and arrays in one page: a few per model, whatever the body."""
        self._budget = bodies.Budget(self.max_body)
        """The body cap also bounds what the protocols read together hold at once."""
        self.max_pages = max_pages
        self.retries = retries
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(profile.timeout, connect=min(profile.timeout, 10.0)),
            verify=ssl_verify(profile.verify),
            follow_redirects=False,
            transport=transport,
            trust_env=True,
            headers={
                "User-Agent": f"tui-models/{__version__}",
                "Accept": "application/json",
                "Accept-Encoding": "gzip, deflate",
                **profile.headers,
            },
        )

    async def __aenter__(self) -> GatewayClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def fetch_all(self, names: Iterable[str] | None = None) -> dict[str, FetchResult]:
        """Every protocol at once (all registered unless `names`); one failing never stops
        the others."""
        chosen = list(protocols.names() if names is None else names)
        results = await asyncio.gather(*(self.fetch(p) for p in chosen))
        return dict(zip(chosen, results, strict=True))

    async def fetch(self, protocol: str,
                    known: Mapping[str, Model] | None = None) -> FetchResult:
        """All pages of one protocol's list. Never raises (but for cancellation).

        `known` maps an item's JSON text to the model parsed from it before: unchanged items
        are not parsed again.
        """
        started = time.perf_counter()
        result = FetchResult(protocol, url=self.profile.url_for(protocol))
        try:
            if result.url is None:
                raise errors.NotOffered(
                    protocol, f"preset {self.profile.preset} has no {protocol} list"
                )
            spec = protocols.get(protocol)
            try:
                await self._fetch_pages(spec, result.url, result, known)
            except errors.GatewayError as exc:
                instead = fallback.path_for(self.profile, spec, exc)
                if instead is None:
                    raise
                # The key may not read its own list: the public one, said so (`fallback`).
                own, (url, query) = result.url, fallback.split(self.profile, instead)
                result.restart(self.profile.base_url.rstrip("/") + instead)
                await self._fetch_pages(spec, url, result, known, first=query)
                result.warnings.append(fallback.warning(own, exc))
        except errors.GatewayError as exc:
            result.error = exc
        except Exception as exc:  # a bug must not take down the other protocols or the app
            log.exception("unexpected error listing %s", protocol)
            result.error = errors.BadResponse(
                protocol, f"unexpected {type(exc).__name__} (details in the log file)"
            )
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    async def _fetch_pages(self, spec: Protocol, url: str, result: FetchResult,
                           known: Mapping[str, Model] | None,
                           first: Mapping[str, str] | None = None) -> None:
        seen_ids: set[str] = set()
        seen_cursors: set[tuple[tuple[str, str], ...]] = set()
        params: dict[str, str] | None = {**(first or {}), **spec.first_params}
        headers = spec.headers(self._key.reveal(), self.profile.relay)
        try:
            async with timeout(self.profile.timeout):
                while params is not None:
                    if result.pages >= self.max_pages:
                        result.warnings.append(
                            f"stopped after {result.pages} pages (the page cap); "
                            "the list may be incomplete")
                        break
                    reader = PageReader(spec, self.profile.price_unit, known, self._cleaner,
                                        limit=self.max_models - len(result.models))
                    page = await self._get_page(reader, url, params, headers)
                    result.pages += 1
                    result.skipped += page.skipped
                    result.out_of_range += page.out_of_range
                    result.nulled += page.nulled
                    result.echoed += page.echoed
                    for model in page.models:
                        if model.id not in seen_ids:
                            seen_ids.add(model.id)
                            result.models.append(model)
                    if page.cursor_problem:
                        result.warnings.append(f"page {result.pages} {page.cursor_problem}")
                    if len(result.models) >= self.max_models:
                        if len(result.models) > self.max_models or page.next_params or \
                                page.beyond:
                            result.warnings.append(
                                f"stopped at {self.max_models:,} models (max_models in the "
                                "profile); the list is incomplete")
                        del result.models[self.max_models:]
                        break
                    params = page.next_params
                    if params is not None:
                        cursor = tuple(sorted(params.items()))
                        if cursor in seen_cursors:
                            result.warnings.append(
                                f"the gateway repeated a page cursor after {result.pages} "
                                "pages; stopped there")
                            break
                        seen_cursors.add(cursor)
            if result.skipped:
                result.warnings.append(f"{result.skipped:,} items had no usable id and were "
                                       "skipped")
        except (TimeoutError, asyncio.TimeoutError):
            if not result.pages:
                raise errors.Timeout(
                    spec.name, f"no complete answer within {self.profile.timeout:g} s"
                ) from None
            result.warnings.append(
                f"stopped after {result.pages} pages: the {self.profile.timeout:g} s deadline "
                "passed; the list is incomplete")

    async def _get_page(self, reader: PageReader, url: str, params: Mapping[str, str],
                        headers: Mapping[str, str]) -> Page:
        """One page, retrying what is worth retrying."""
        spec = reader.spec
        attempt = 0
        while True:
            with self._budget.hold() as held:  # until the page is read
                try:
                    status, response_headers, body, _ = await self._exchange(
                        spec, url, params, headers, held=held)
                except ConnectionBroke as exc:
                    if attempt < self.retries:  # a reset connection is worth another try
                        attempt += 1
                        await asyncio.sleep(backoff(attempt))
                        continue
                    raise errors.NetworkError(spec.name, exc.detail) from None
                if status in RETRY_STATUSES and attempt < self.retries:
                    delay = retry_after(response_headers.get("retry-after"))
                    delay = backoff(attempt + 1) if delay is None else delay
                    if delay <= MAX_RETRY_AFTER:
                        attempt += 1
                        await asyncio.sleep(delay)
                        continue
                read = functools.partial(reader.read, status, response_headers, body,
                                         containers=self.max_containers,
                                         redact=self._key.redact)
                if len(body) < THREAD_BODY:
                    return read()
                # A big page is CPU work (~0.5 s for 100,000 models): in a thread, the event loop
                # keeps serving the other protocols' I/O and the screen in the meantime. If the
                # fetch is cancelled meanwhile, the thread stops at the next item.
                try:
                    return await asyncio.to_thread(read)
                except asyncio.CancelledError:
                    reader.abandoned = True
                    raise

    async def get_json(self, path: str, keep: Callable[[Any], Any] | None = None) -> object:
        """GET `path` on the gateway (Bearer key) and return its JSON, under the rules of the
        lists: timeout, body cap, same-origin redirects, no key in any error. For what relays
        publish beside their lists (`/api/pricing`…). Raises GatewayError."""
        spec = protocols.get("openai")
        url = self.profile.base_url.rstrip("/") + path
        headers = spec.headers(self._key.reveal(), self.profile.relay)
        def scan() -> object:
            # A token name, group or tag echoing the key: every string redacted first.
            tidy = self._cleaner.untainted if self._cleaner.page_echoes(body) else None
            return bodies.scan_entries(body, keep, tidy, self.max_containers)

        with self._budget.hold() as held:
            try:
                async with timeout(self.profile.timeout):
                    status, _, body, _ = await self._exchange(spec, url, None, headers, held=held)
            except ConnectionBroke as exc:
                raise errors.NetworkError("openai", exc.detail) from None
            except (TimeoutError, asyncio.TimeoutError):
                raise errors.Timeout("openai", f"no answer within {self.profile.timeout:g} s") \
                    from None
            # A price list for 100,000 models is tens of MB: parsed off the event loop.
            with collector_paused():
                payload = await asyncio.to_thread(scan) if len(body) > THREAD_BODY else scan()
        if not 200 <= status < 300 or explain.payload_message(payload) is not None:
            raise explain.error_for("openai", status, bytes(body),
                                     payload if isinstance(payload, dict) else None,
                                     redact=self._key.redact)
        if isinstance(payload, jsonscan.Oversized):
            raise errors.TooLarge("openai", f"{path}: {payload}")
        if payload in (bodies.NOT_JSON, bodies.TOO_DEEP, bodies.TOO_MANY):
            raise errors.BadResponse("openai", f"{path} did not answer JSON")
        return payload

    def redact(self, text: str) -> str:
        """`text` with every form of the key masked."""
        return self._key.redact(text)

    async def call(self, protocol: str, url: str,
                   payload: Mapping[str, object]) -> tuple[int, httpx.Headers, bytearray, float]:
        """POST `payload` to `url` as `protocol` authenticates, under the rules of the lists
        (timeout, body cap, no key in any error), once: a probe must not be sent twice, so
        no redirect is followed, not even a same-origin 307/308 (a BadResponse carrying its
        status). Returns the status, headers, body and time to the first byte in ms.
        Raises GatewayError."""
        spec = protocols.get(protocol)
        headers = spec.headers(self._key.reveal(), self.profile.relay)
        try:
            async with timeout(self.profile.timeout):
                with self._budget.hold() as held:
                    return await self._exchange(spec, url, None, headers, payload, held)
        except ConnectionBroke as exc:
            raise errors.NetworkError(protocol, exc.detail) from None
        except (TimeoutError, asyncio.TimeoutError):
            raise errors.Timeout(protocol, f"no answer within {self.profile.timeout:g} s") \
                from None

    async def _exchange(self, spec: Protocol, url: str, params: Mapping[str, str] | None,
                        headers: Mapping[str, str], payload: Mapping[str, object] | None = None,
                        held: bodies.Held | None = None,
                        ) -> tuple[int, httpx.Headers, bytearray, float]:
        """`_request`, its transport failures turned into GatewayErrors (`ConnectionBroke` for those
        worth another try)."""
        try:
            return await self._request(spec, url, params, headers, payload, held)
        except httpx.TimeoutException:
            raise errors.Timeout(
                spec.name, f"no answer within {self.profile.timeout:g} s") from None
        except httpx.ConnectError as exc:
            detail = self._describe(exc, "cannot connect to ")
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                raise errors.CertificateRejected(spec.name, (
                    f"{self.profile.host}'s certificate is not trusted; if the gateway "
                    "uses a private CA, set ca_bundle = \"/path/to/ca.pem\" in the "
                    "profile (or verify = false)")) from None
            raise errors.NetworkError(spec.name, detail) from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            raise ConnectionBroke(self._describe(exc)) from None
        except httpx.HTTPError as exc:
            raise errors.NetworkError(spec.name, self._describe(exc)) from None
        except httpx.InvalidURL as exc:  # a redirect or cursor no request can be made of
            raise errors.BadResponse(spec.name, self._describe(exc)) from None

    async def _request(self, spec: Protocol, url: str, params: Mapping[str, str] | None,
                       headers: Mapping[str, str], payload: Mapping[str, object] | None = None,
                       held: bodies.Held | None = None,
                       ) -> tuple[int, httpx.Headers, bytearray, float]:
        """GET `url` (POST `payload` when given), following same-origin redirects only,
        reading a bounded body. Returns the status, headers, body and ms to the first byte."""
        request_params: Mapping[str, str] | None = params
        method = "GET" if payload is None else "POST"
        for _ in range(MAX_REDIRECTS + 1):
            started = time.perf_counter()
            async with self._http.stream(method, url, params=request_params, headers=headers,
                                         json=payload) as response:
                ttfb = (time.perf_counter() - started) * 1000
                if not response.has_redirect_location:
                    body = await bodies.read_bounded(response, self.max_body, spec.name, held)
                    return response.status_code, response.headers, body, ttfb
                if payload is not None:  # a call (`call()`) is sent once, never re-sent
                    raise errors.BadResponse(
                        spec.name, f"answered the call with a redirect (HTTP "
                                   f"{response.status_code}); a call is never sent twice, "
                                   "so it was not followed", status=response.status_code)
                target = urljoin(str(response.url), response.headers["location"])
            if not same_origin(url, target):
                raise errors.BadResponse(
                    spec.name,
                    f"redirected to {one_line(self._key.redact(origin(target)), 120)}; the key "
                    "is not sent to another origin (use that address as the base URL if you "
                    "trust it)",
                    status=response.status_code)
            url, request_params = target, None
        raise errors.BadResponse(spec.name, f"more than {MAX_REDIRECTS} redirects")

    def _describe(self, exc: BaseException, prefix: str = "") -> str:
        text = str(exc) or type(exc).__name__
        where = route(self.profile.base_url)  # the proxy, when one is on the way
        return explain.clean(self._key.redact(f"{prefix}{where}: {text}"))
