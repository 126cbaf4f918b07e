"""What "copy as" offers: the id, the raw name, a curl call, an SDK call, the JSON record.

Snippets call the model at the URL its protocol uses on this gateway and read the key from the
profile's environment variable: the key itself is never written into a snippet. Everything
protocol-specific comes from the protocol object (`tui_models.protocols`). An id that cannot
be put in its call URL safely (a Gemini name holding `../`, `?`, `#`…, see
`protocols.base.path_segment`) gets no call snippet: a comment saying why instead.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from tui_models import export, protocols
from tui_models.config import Profile
from tui_models.model import Model
from tui_models.probe import plan
from tui_models.protocols.base import UNSAFE_PATH_ID


def api_root(profile: Profile, protocol: str) -> str | None:
    """The list URL without its trailing `/models` (OpenRouter's `/models/user`): where the
    protocol's calls live."""
    url = profile.url_for(protocol)
    if url is None:
        return None
    return url.rstrip("/").removesuffix("/models/user").removesuffix("/models")


def endpoint_of(model: Model) -> str:
    """The endpoint `model` is called at: where its last probe answered, else where the
    gateway says it answers (new-api's `supported_endpoint_types`, LiteLLM's `mode`), else
    its kind's usual one (`probe.plan.start`). A Responses-only model gets `/responses`."""
    learned = {(model.protocol, model.id): model.probe} if model.probe is not None else None
    return plan.start(model, learned).endpoint


def call_url(profile: Profile, model: Model, endpoint: str | None = None) -> str | None:
    """The URL to call `model` at (`endpoint_of`, or `endpoint`); None when the preset has
    no such calls or the id cannot be put in the URL safely."""
    root = api_root(profile, model.protocol)
    return None if root is None else \
        protocols.get(model.protocol).call_url(root, model, endpoint or endpoint_of(model))


def no_call(profile: Profile, model: Model) -> str | None:
    """Why `model` cannot be called here (one comment line), or None when it can."""
    if api_root(profile, model.protocol) is None:
        return (f"# the {profile.preset} preset has no "
                f"{protocols.label(model.protocol)} calls")
    if call_url(profile, model) is None:
        return f"# no call: {UNSAFE_PATH_ID}"
    return None


def raw_name(model: Model) -> str:
    """The name as the server listed it (`models/…` for Gemini)."""
    return protocols.get(model.protocol).raw_name(model)


def curl(profile: Profile, model: Model) -> str:
    if (reason := no_call(profile, model)) is not None:
        return reason
    protocol, endpoint = protocols.get(model.protocol), endpoint_of(model)
    lines = [f"curl {shlex.quote(call_url(profile, model, endpoint) or '')}"]
    lines += [f'  -H "{header}"' for header in protocol.curl_headers("$" + profile.api_key_env)]
    lines.append('  -H "Content-Type: application/json"')
    body = protocol.call_body(model, endpoint=endpoint)
    lines.append(f"  -d {shlex.quote(json.dumps(body))}")
    return " \\\n".join(lines)


def python_sdk(profile: Profile, model: Model) -> str:
    if (reason := no_call(profile, model)) is not None:
        return reason
    root = api_root(profile, model.protocol) or ""
    return protocols.get(model.protocol).sdk_snippet(root, profile.api_key_env, model,
                                                     endpoint_of(model))


def record_json(profile: Profile, model: Model) -> str:
    return json.dumps(export.record(model), indent=2, ensure_ascii=True)


@dataclass(frozen=True, slots=True)
class CopyFormat:
    key: str
    label: str
    render: Callable[[Profile, Model], str]


COPY_FORMATS: tuple[CopyFormat, ...] = (
    CopyFormat("id", "Model id", lambda profile, model: model.id),
    CopyFormat("raw", "Raw name as listed", lambda profile, model: raw_name(model)),
    CopyFormat("curl", "curl command", curl),
    CopyFormat("python", "Python SDK snippet", python_sdk),
    CopyFormat("json", "JSON record", record_json),
)
