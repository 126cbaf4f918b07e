"""HTTP details the client needs: TLS settings, origins, Retry-After, backoff."""

from __future__ import annotations

import email.utils
import math
import random
import ssl
import time
from urllib.parse import urlsplit


class ConnectionBroke(Exception):
    """The connection broke mid-exchange (a reset, a closed socket): worth another try."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def ssl_verify(setting: bool | str) -> bool | ssl.SSLContext:
    """httpx's `verify` for a profile's setting: a CA bundle path becomes an SSL context."""
    return ssl.create_default_context(cafile=setting) if isinstance(setting, str) else setting


def origin(url: str) -> str:
    """Scheme, host and port of `url`: never its user name, password, path or query."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    host = parts.hostname or "?"
    return f"{parts.scheme}://{'[' + host + ']' if ':' in host else host}{port}"


def same_origin(current: str, target: str) -> bool:
    """Same scheme, host and port; an http → https upgrade on the same host also counts."""
    a, b = urlsplit(current), urlsplit(target)
    if (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port):
        return True
    return (a.scheme, b.scheme) == ("http", "https") and a.hostname == b.hostname and \
        a.port in (None, 80) and b.port in (None, 443)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def backoff(attempt: int) -> float:
    return min(0.25 * 2**attempt, 4.0) * (0.75 + random.random() / 2)
