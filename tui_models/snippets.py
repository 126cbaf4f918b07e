"""What "copy as" offers: the id, the raw name, a curl call, an SDK call, the JSON record.

Snippets call the model at the URL its protocol uses on this gateway and read the key from the
profile's environment variable: the key itself is never written into a snippet.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from tui_models.config import Profile
from tui_models.model import Model


def api_root(profile: Profile, protocol: str) -> str | None:
    """The list URL without its trailing `/models`: where the protocol's calls live."""
    url = profile.url_for(protocol)
    if url is None:
        return None
    return url.rstrip("/").removesuffix("/models")


def call_url(profile: Profile, model: Model) -> str | None:
    """The URL to call `model` at, for its protocol and kind."""
    root = api_root(profile, model.protocol)
    if root is None:
        return None
    if model.protocol == "claude":
        return f"{root}/messages"
    if model.protocol == "gemini":
        method = "embedContent" if model.kind == "embedding" else "generateContent"
        if model.kind == "image" and "predict" in model.methods:
            method = "predict"
        return f"{root}/models/{model.id}:{method}"
    return root + {"embedding": "/embeddings", "image": "/images/generations",
                   "rerank": "/rerank", "moderation": "/moderations"}.get(model.kind,
                                                                         "/chat/completions")


def raw_name(model: Model) -> str:
    """The name as the server listed it (`models/…` for Gemini)."""
    name = model.raw.get("name") if model.protocol == "gemini" else model.raw.get("id")
    return name if isinstance(name, str) else model.id


def _body(model: Model) -> dict:
    if model.protocol == "gemini":
        if model.kind == "embedding":
            return {"content": {"parts": [{"text": "Hello"}]}}
        return {"contents": [{"parts": [{"text": "Hello"}]}]}
    if model.protocol == "claude":
        return {"model": model.id, "max_tokens": 256,
                "messages": [{"role": "user", "content": "Hello"}]}
    if model.kind == "embedding":
        return {"model": model.id, "input": "Hello"}
    if model.kind == "image":
        return {"model": model.id, "prompt": "A lighthouse at dusk"}
    if model.kind == "rerank":
        return {"model": model.id, "query": "Hello", "documents": ["Hello", "World"]}
    if model.kind == "moderation":
        return {"model": model.id, "input": "Hello"}
    return {"model": model.id, "messages": [{"role": "user", "content": "Hello"}]}


def curl(profile: Profile, model: Model) -> str:
    env = "$" + profile.api_key_env
    url = call_url(profile, model) or ""
    if model.protocol == "claude":
        auth = [f"x-api-key: {env}", "anthropic-version: 2023-06-01"]
    elif model.protocol == "gemini":
        auth = [f"x-goog-api-key: {env}"]
    else:
        auth = [f"Authorization: Bearer {env}"]
    lines = [f"curl {shlex.quote(url)}"]
    lines += [f'  -H "{header}"' for header in auth]
    lines.append('  -H "Content-Type: application/json"')
    lines.append(f"  -d {shlex.quote(json.dumps(_body(model)))}")
    return " \\\n".join(lines)


def python_sdk(profile: Profile, model: Model) -> str:
    root = api_root(profile, model.protocol) or ""
    env = json.dumps(profile.api_key_env)
    ident = json.dumps(model.id)
    if model.protocol == "claude":
        base = json.dumps(root.removesuffix("/v1"))
        return (f"import os\nfrom anthropic import Anthropic\n\n"
                f"client = Anthropic(base_url={base}, api_key=os.environ[{env}])\n"
                f"message = client.messages.create(\n    model={ident},\n    max_tokens=256,\n"
                f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                f"print(message.content[0].text)\n")
    if model.protocol == "gemini":
        base = json.dumps(root.removesuffix("/v1beta"))
        return (f"import os\nfrom google import genai\n\n"
                f"client = genai.Client(api_key=os.environ[{env}],\n"
                f'                      http_options={{"base_url": {base}}})\n'
                f"response = client.models.generate_content(model={ident}, contents=\"Hello\")\n"
                f"print(response.text)\n")
    base = json.dumps(root)
    head = (f"import os\nfrom openai import OpenAI\n\n"
            f"client = OpenAI(base_url={base}, api_key=os.environ[{env}])\n")
    if model.kind == "embedding":
        return head + (f"result = client.embeddings.create(model={ident}, input=\"Hello\")\n"
                       "print(len(result.data[0].embedding))\n")
    if model.kind == "image":
        return head + (f"image = client.images.generate(model={ident}, "
                       "prompt=\"A lighthouse at dusk\")\nprint(image.data[0].url)\n")
    return head + (f"reply = client.chat.completions.create(\n    model={ident},\n"
                   f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                   "print(reply.choices[0].message.content)\n")


def record_json(profile: Profile, model: Model) -> str:
    return json.dumps(model.to_json(), indent=2, ensure_ascii=True)


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
