"""The environment httpx and ssl read on their own, checked before any request.

httpx honours the proxy variables (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, in
either case) and the CA variables (`SSL_CERT_FILE`, `SSL_CERT_DIR`); a mistake in one of
them used to surface as "unexpected InvalidURL" or "unexpected SSLError" when the client
was built. Here each is one sentence naming the variable (never its value: a proxy URL may
hold a password), exit 2.

`SSLKEYLOGFILE` (a key log of every TLS session, which the ssl module would create with
mode 0644) is not checked here: `gateway.http.ssl_verify` ignores it unless
`TUI_MODELS_ALLOW_SSLKEYLOGFILE=1`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from tui_models.config.validators import pem_file
from tui_models.errors import ConfigError

PROXY_VARIABLES = ("ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY")
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
"""What httpx accepts for a proxy."""
_PROXY_EXAMPLE = "an http(s) or socks5 URL such as http://proxy.example:3128"


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """ConfigError (one sentence naming the variable) when a proxy or CA variable in `env`
    (default: the process's) would make every request fail."""
    env = os.environ if env is None else env
    for upper in PROXY_VARIABLES:
        for name in (upper, upper.lower()):
            if env.get(name):
                check_proxy(name, env[name])
    for name in ("NO_PROXY", "no_proxy"):
        if env.get(name):
            _check_no_proxy(name, env[name])
    if env.get("SSL_CERT_FILE"):
        pem_file(env["SSL_CERT_FILE"], "SSL_CERT_FILE")
    elif env.get("SSL_CERT_DIR") and not Path(env["SSL_CERT_DIR"]).is_dir():
        raise ConfigError("SSL_CERT_DIR is not a directory (of CA certificates)")


def check_proxy(name: str, value: str) -> None:
    """The proxy URL in variable `name` as httpx will read it (`host:port` means http), or
    ConfigError; a SOCKS proxy needs httpx's SOCKS support installed."""
    import importlib.util

    url = value if "://" in value else f"http://{value}"
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigError(f"{name} holds spaces, line breaks or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError:
        raise ConfigError(f"{name} is not a valid proxy URL; it must be {_PROXY_EXAMPLE}") \
            from None
    if parts.scheme.lower() not in PROXY_SCHEMES:
        raise ConfigError(f"{name} must be {_PROXY_EXAMPLE} ({parts.scheme}:// proxies are "
                          "not supported)")
    if not parts.hostname:
        raise ConfigError(f"{name} names no proxy host; it must be {_PROXY_EXAMPLE}")
    if parts.scheme.lower().startswith("socks") and importlib.util.find_spec("socksio") is None:
        raise ConfigError(f"{name.upper()} is a SOCKS proxy, which needs SOCKS support: "
                          "pip install 'httpx[socks]'")
    if not _valid_url(url):
        raise ConfigError(f"{name} is not a valid proxy URL; it must be {_PROXY_EXAMPLE}")


def _check_no_proxy(name: str, value: str) -> None:
    """Each host in `NO_PROXY` turned into a URL pattern as httpx does (curl's rules), and
    parsed: `[::1` or `::1/128` made httpx fail on every request."""
    import ipaddress

    for host in (part.strip() for part in value.split(",")):
        if host == "*":
            return  # httpx then uses no proxy at all
        if not host:
            continue
        address = host.split("/")[0]
        if "://" in host:
            pattern = host
        elif _parses_as(ipaddress.IPv4Address, address) or host.lower() == "localhost":
            pattern = f"all://{host}"
        elif _parses_as(ipaddress.IPv6Address, address):
            pattern = f"all://[{host}]"
        else:
            pattern = f"all://*{host}"
        if not _valid_url(pattern):
            raise ConfigError(f"{name} holds a host httpx cannot use (hosts are separated "
                              "by commas: example.com,.example.org,192.168.0.1,::1)")


def _parses_as(kind: type, text: str) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _valid_url(url: str) -> bool:
    """Whether httpx can parse `url` (its IDNA and port rules)."""
    import httpx

    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return True
