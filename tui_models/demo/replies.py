"""HTTP answers the demo gateway gives, as plain values."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Reply:
    """An HTTP answer. A body that is an iterable is streamed, then the connection closes."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def json_reply(payload: Any, status: int = 200, **headers: str) -> Reply:
    # ASCII with \u escapes: valid whatever the payload holds, lone surrogates included.
    return Reply(status, json.dumps(payload).encode(), dict(headers))


def one_hub_error(message: str, status: int = 401, kind: str = "one_hub_error") -> Reply:
    import uuid  # only for error replies: keeps `--help` of every command light

    request_id = uuid.uuid4().hex[:20]
    return json_reply({"error": {"message": f"{message} (request id: {request_id})",
                                 "type": kind}}, status)


def sleep_chunks(delay: float, chunks: Iterable[bytes]) -> Iterable[bytes]:
    """`chunks`, each after `delay` seconds: a server that drips its answer."""
    for chunk in chunks:
        time.sleep(delay)
        yield chunk
