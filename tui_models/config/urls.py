"""URL checks for the config: one sentence for what is wrong, never echoing the URL (it may
hold a password), and which host a key belongs to."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from tui_models.errors import ConfigError

EXAMPLE = "an http(s) URL such as https://gateway.example.com"


def url_parts(url: str, where: str) -> SplitResult:
    """`url` split, or ConfigError saying what is wrong with it (never echoing it: it may
    hold a password). The host must be one httpx can send to: a non-ASCII host that is no
    valid international domain name is refused here, not as "unexpected InvalidURL" later."""
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigError(f"{where} holds spaces, line breaks or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError as exc:
        raise ConfigError(f"{where} is not a valid URL ({exc}); it must be {EXAMPLE}") \
            from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where} must be {EXAMPLE}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"{where} holds a user name or password: keys and credentials go "
                          "in api_key_env or api_key_cmd, never in a URL")
    if not parts.hostname.isascii():
        _check_idna(url, where)
    return parts


def _check_idna(url: str, where: str) -> None:
    import httpx  # only for a non-ASCII host: the same IDNA rules the requests will meet

    try:
        httpx.URL(url)
    except httpx.InvalidURL:
        raise ConfigError(f"{where} has a host name that is not a valid international domain "
                          f"name; it must be {EXAMPLE}") from None


def validate_base_url(url: str, where: str) -> str:
    """`url` without its trailing slashes; ConfigError when it is no base URL."""
    parts = url_parts(url, where)
    if parts.query or parts.fragment:
        raise ConfigError(f"{where} must not hold a query string or fragment (?… or #…)")
    return url.rstrip("/")


def validate_path(value: str, base_url: str, where: str) -> str:
    """A list path (`/anthropic/v1/models`) or a full URL on the base URL's own origin."""
    if "://" not in value:
        if not value.startswith("/") or any(c.isspace() or not c.isprintable()
                                            for c in value):
            raise ConfigError(f"{where} must be a path starting with / (or a full URL)")
        return value
    parts, base = url_parts(value, where), urlsplit(base_url)
    if (parts.scheme, parts.hostname, parts.port) != (base.scheme, base.hostname, base.port):
        raise ConfigError(f"{where} is on another host than the base URL: the key is only "
                          "sent to the base URL's host")
    return value


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_host(configured: str, used: str) -> bool:
    """Whether a key configured for the URL `configured` may be sent to the URL `used`: the
    same host name and port (an explicit default port counts as none), or the same host
    reached over https instead of http. Unparsable URLs are never the same host."""
    try:
        a, b = urlsplit(configured), urlsplit(used)
        a_port = a.port or _DEFAULT_PORTS.get(a.scheme)
        b_port = b.port or _DEFAULT_PORTS.get(b.scheme)
    except ValueError:
        return False
    if not a.hostname or a.hostname != b.hostname:
        return False
    if (a.scheme, a_port) == (b.scheme, b_port):
        return True
    return (a.scheme, b.scheme) == ("http", "https") and (a_port, b_port) == (80, 443)


def host_of(url: str) -> str:
    """The host (and port) of `url`, for messages: never its path, user or password."""
    try:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "?"
    host = parts.hostname or "?"
    return f"[{host}]{port}" if ":" in host else host + port
