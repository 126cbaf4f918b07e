"""Everything that can go wrong while listing models: the `GatewayError` branch of the
user-facing error tree (`tui_models.errors`).

```
GatewayError                 any failure to list one protocol; `str()` is the user's sentence
├── KeyRejected              401/403, Gemini's 400 "API key not valid", one-hub's 无效的令牌 …
├── NotOffered               404/405/501, or the preset has no list for this protocol
├── RateLimited              429 after the retries ran out
├── ServerError              5xx after the retries ran out (HTML 502 pages included)
├── NetworkError             DNS, refused connection, TLS, reset
│   ├── Timeout              no answer within the timeout or the protocol's total deadline
│   └── CertificateRejected  TLS verification failed: a setting to fix, not an outage
└── BadResponse              not JSON, wrong shape, too deep, cross-origin redirect, HTTP 200 error
    └── TooLarge             the body passed the size cap (compressed or decoded)
```

Each error carries the protocol, the HTTP status when there was one, a short `label` for the
sidebar (`401 key rejected`) and a one-line `message` for people. The gateway's own text is
sanitised, shortened and, for common Chinese gateway messages, translated before it gets here.
No error ever holds the API key: the client redacts it before building the message.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_models import protocols
from tui_models.errors import TuiModelsError


class GatewayError(TuiModelsError):
    """A protocol's model list could not be loaded."""

    summary = "failed"
    """What happened, in two or three words (`key rejected`)."""
    transient = False
    """The gateway may answer later: a cached list can stand in meanwhile. A rejected key or
    a bad answer is not transient: an old list would hide the problem."""

    def __init__(self, protocol: str, detail: str = "", *, status: int | None = None) -> None:
        self.protocol = protocol
        self.detail = detail
        self.status = status
        super().__init__(self.message)

    @property
    def label(self) -> str:
        """A short state for the sidebar: `401 key rejected`."""
        return f"{self.status} {self.summary}" if self.status else self.summary

    @property
    def message(self) -> str:
        """One sentence for people: `Claude: key rejected (HTTP 401): invalid token`."""
        head = f"{protocols.label(self.protocol)}: {self.summary}"
        if self.status:
            head += f" (HTTP {self.status})"
        return f"{head}: {self.detail}" if self.detail else head

    def __str__(self) -> str:
        return self.message

    @property
    def reason(self) -> str:
        """The message without its protocol: `key rejected (HTTP 401): invalid token`."""
        return self.message.partition(": ")[2]


def grouped(errors: Iterable[GatewayError]) -> list[str]:
    """One line per distinct failure, naming every protocol it struck, in order: a rejected
    key is `OpenAI, Claude, Gemini: key rejected (HTTP 401): invalid token`, not three."""
    protocols_of: dict[str, list[str]] = {}
    for error in errors:
        protocols_of.setdefault(error.reason, []).append(protocols.label(error.protocol))
    return [f"{', '.join(names)}: {reason}" for reason, names in protocols_of.items()]


class KeyRejected(GatewayError):
    summary = "key rejected"


class NotOffered(GatewayError):
    summary = "not offered"


class RateLimited(GatewayError):
    summary = "rate limited"
    transient = True


class ServerError(GatewayError):
    summary = "server error"
    transient = True


class NetworkError(GatewayError):
    summary = "network error"
    transient = True


class Timeout(NetworkError):
    summary = "timed out"


class CertificateRejected(NetworkError):
    summary = "certificate not trusted"
    transient = False


class BadResponse(GatewayError):
    summary = "bad response"


class TooLarge(BadResponse):
    summary = "response too large"
