"""HTTP details the client needs: TLS settings, origins, Retry-After, backoff."""

from __future__ import annotations

import math
import os
import random
import ssl
import sys
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from tui_models.config.validators import no_certificate
from tui_models.errors import ConfigError


class ConnectionBroke(Exception):
    """The connection broke mid-exchange (a reset, a closed socket): worth another try."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


KEYLOG_OPT_IN = "TUI_MODELS_ALLOW_SSLKEYLOGFILE"
"""Set to 1 to let `SSLKEYLOGFILE` log the TLS session keys (for debugging with Wireshark)."""


def ssl_verify(setting: bool | str,
               env: Mapping[str, str] | None = None) -> bool | ssl.SSLContext:
    """httpx's `verify` for a profile's setting: False, or an SSL context verifying against
    the CA bundle path given, else `SSL_CERT_FILE`, else `SSL_CERT_DIR`, else certifi's —
    the CAs httpx itself would use.

    The context is built here rather than by `ssl.create_default_context`, which honours
    `SSLKEYLOGFILE`: a log of every session's keys (anyone who can read it, and it is
    created 0644, can decrypt the traffic, keys included). It is written only when `env`
    (default: the process's) also holds `TUI_MODELS_ALLOW_SSLKEYLOGFILE=1`."""
    if setting is False:
        return False  # httpx's unverified context, which never logs keys
    env = os.environ if env is None else env
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies the chain and the host name
    if sys.version_info >= (3, 13):  # create_default_context's stricter chain checks
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT
    if isinstance(setting, str) or env.get("SSL_CERT_FILE"):
        # The config read only the file's head (`validators.pem_file`): a broken certificate
        # further in is said here, in the same words.
        where, cafile = ("ca_bundle", setting) if isinstance(setting, str) else \
            ("SSL_CERT_FILE", env["SSL_CERT_FILE"])
        try:
            context.load_verify_locations(cafile=cafile)
        except (ssl.SSLError, OSError, ValueError):
            raise ConfigError(no_certificate(where, cafile)) from None
    elif env.get("SSL_CERT_DIR"):
        context.load_verify_locations(capath=env["SSL_CERT_DIR"])
    else:
        import certifi

        context.load_verify_locations(cafile=certifi.where())
    if env.get(KEYLOG_OPT_IN) == "1" and env.get("SSLKEYLOGFILE"):
        context.keylog_filename = env["SSLKEYLOGFILE"]
    return context


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
    try:
        a.port, b.port  # noqa: B018 (a port over 65535 or not a number: no origin at all)
    except ValueError:
        return False
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
    import email.utils  # an HTTP date is rare: its parser is not imported until one comes

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def backoff(attempt: int) -> float:
    return min(0.25 * 2**attempt, 4.0) * (0.75 + random.random() / 2)


def route(url: str, env: Mapping[str, str] | None = None) -> str:
    """Who a failure to reach `url` is about: its host, or the proxy the environment sends it
    through (`HTTPS_PROXY`, `ALL_PROXY`… unless `NO_PROXY` exempts the host), as httpx does
    with `trust_env`: "the proxy http://proxy:3128 (HTTPS_PROXY) on the way to gw.example"."""
    from urllib.request import proxy_bypass_environment

    env = os.environ if env is None else env
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2] or "?"  # with its port, never a user name
    lowered = {k.lower(): (k, v) for k, v in env.items() if k.lower().endswith("_proxy")}
    for name in (f"{parts.scheme}_proxy", "all_proxy"):
        variable, proxy = lowered.get(name, ("", ""))
        if proxy:
            bypass = {"no": lowered.get("no_proxy", ("", ""))[1]}
            if bypass["no"] and proxy_bypass_environment(parts.hostname or host, bypass):
                return host
            return f"the proxy {origin(proxy)} ({variable}) on the way to {host}"
    return host

