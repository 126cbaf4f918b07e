"""Lenient field readers shared by the protocol parsers.

Every reader takes untrusted JSON values and returns a clean value or None; none raises.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from tui_models.model import Model

MAX_TEXT = 4096
"""Longest display string kept from a server (ids are never cut; see MAX_ID)."""

MAX_ID = 65_536
"""Longest id accepted (an id is never cut: longer items are skipped as malformed)."""

MAX_LIST = 64

FAKE_CREATED = {1677649963, 1626777600, 1677610602, 1686935002, 0}
"""Constants gateways put in `created` for every model: not release dates."""

PER_UNIT = {"1k": 1_000.0, "1m": 1.0, "token": 1_000_000.0}
"""Multiplier from a quoted price unit to USD per 1M tokens."""


_SHARED_LIMIT = 1 << 16
_SHARED_INTS: dict[int, int] = {}
_SHARED_FLOATS: dict[float, float] = {}
_SHARED_TEXTS: dict[str, str] = {}
_SHARED_TUPLES: dict[tuple, tuple] = {}
_SHARED_BY_TYPE: dict[type, dict] = {int: _SHARED_INTS, float: _SHARED_FLOATS,
                                     str: _SHARED_TEXTS, tuple: _SHARED_TUPLES}


def _shared(value: Any, table: dict) -> Any:
    """One object for equal values that repeat across a catalog (owners, limits, prices):
    100,000 models hold a few thousand distinct ones."""
    found = table.get(value)
    if found is not None:
        return found
    if len(table) < _SHARED_LIMIT:
        table[value] = value
    return value


def share(value: Any) -> Any:
    """`value`, or the equal one already held (ints, floats, strings, tuples of them), from
    the table of its own type: 1 and 1.0 stay apart."""
    table = _SHARED_BY_TYPE.get(type(value))
    return value if table is None else _shared(value, table)


def text(value: Any, limit: int = MAX_TEXT) -> str | None:
    """A non-empty display string, or None."""
    if isinstance(value, str):
        value = value.strip()
        return value[:limit] if value else None
    return None


def integer(value: Any) -> int | None:
    """A positive whole number from an int, float or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int):
        if 0 < value < 10**15:
            return _shared(value, _SHARED_INTS)
    elif isinstance(value, float):
        if math.isfinite(value) and 0 < value < 1e15:
            return _shared(int(value), _SHARED_INTS)
    else:
        return None
    if value != 0:
        _out_of_range()
    return None


MAX_NUMBER = 1e12
"""Largest number kept (a price or a count); beyond it, or negative, it is nonsense."""

_odd = threading.local()


def _out_of_range() -> None:
    _odd.count = getattr(_odd, "count", 0) + 1


def take_out_of_range() -> int:
    """How many numbers this thread dropped as out of range since the last call."""
    count = getattr(_odd, "count", 0)
    _odd.count = 0
    return count


def number(value: Any) -> float | None:
    """A number from 0 to MAX_NUMBER from a number or numeric string, else None (counted
    when it was a number out of range: infinite, NaN, negative or huge)."""
    kind_ = type(value)
    if kind_ is str:
        try:
            value = float(value.strip())
        except ValueError:
            return None
    elif kind_ is not float and kind_ is not int:
        return None
    if 0 <= value <= MAX_NUMBER:
        return float(value)
    _out_of_range()
    return None


def product(value: float) -> float | None:
    """A price worked out from several numbers (ratios × a unit × a group's ratio), each
    within `MAX_NUMBER` while their product need not be: kept only within it too, like a
    number read (counted when it is not)."""
    if math.isfinite(value) and 0 <= value <= MAX_NUMBER:
        return share(value)
    _out_of_range()
    return None


_STRINGS: dict[tuple[Any, ...], tuple[str, ...]] = {}


def strings(value: Any) -> tuple[str, ...]:
    """A tuple of the non-empty strings in a list (null and non-lists are empty).

    Lists repeat across a catalog (every chat model lists the same endpoint types), so
    results are remembered and shared: one tuple for thousands of models.
    """
    if not isinstance(value, list) or not value:
        return ()
    key = tuple(value[:MAX_LIST])
    try:
        return _STRINGS[key]
    except KeyError:
        pass
    except TypeError:  # unhashable items (objects, lists): not cacheable, and not strings
        return tuple(s for item in key if (s := text(item, 128)))
    found = tuple(s for item in key if (s := text(item, 128)))
    if len(_STRINGS) < 4096:
        _STRINGS[key] = found
    return found


def first(item: Mapping[str, Any], keys: Iterable[str], read=text) -> Any:
    """The first of `keys` in `item` that `read` accepts."""
    for key in keys:
        if key in item:
            value = read(item[key])
            if value is not None:
                return value
    return None


def obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def created(value: Any) -> int | None:
    """Unix seconds from an int or ISO-8601 string, dropping gateways' constant placeholders."""
    if isinstance(value, str):
        try:
            return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
        except (ValueError, OverflowError, OSError):
            return None
    seconds = integer(value)
    if seconds is None or seconds in FAKE_CREATED:
        return None
    return seconds


def scaled(value: Any, unit: str) -> float | None:
    """A price in `unit` as USD per 1M tokens (rounded to 10 places against float noise)."""
    price = value if type(value) is float and 0 <= value <= MAX_NUMBER else number(value)
    if price is None:
        return None
    per_1m = price * PER_UNIT[unit]
    if per_1m > MAX_NUMBER:
        _out_of_range()
        return None
    return _shared(round(per_1m, 10), _SHARED_FLOATS)


def prices(item: Mapping[str, Any], price_unit: str) -> tuple[float | None, float | None,
                                                           float | None]:
    """(input, output, per request) in USD per 1M tokens / per request.

    `pricing.input/output` (MemoryLake, one-hub) are per 1K tokens; `pricing.prompt/completion`
    (OpenRouter) and `input_cost_per_token` (LiteLLM) are per token. A profile's `price_unit`
    overrides the unit of the `pricing` object.
    """
    pricing = obj(item.get("pricing"))
    per_request = None
    if "request" in pricing or "per_request" in pricing:
        per_request = number(pricing.get("request")) or number(pricing.get("per_request"))
    if "prompt" in pricing or "completion" in pricing:
        unit = "token" if price_unit == "auto" else price_unit
        return scaled(pricing.get("prompt"), unit), scaled(pricing.get("completion"), unit), \
            per_request
    if "input" in pricing or "output" in pricing:
        unit = "1k" if price_unit == "auto" else price_unit
        return scaled(pricing.get("input"), unit), scaled(pricing.get("output"), unit), \
            per_request
    if "input_cost_per_token" in item or "output_cost_per_token" in item:
        return (scaled(item.get("input_cost_per_token"), "token"),
                scaled(item.get("output_cost_per_token"), "token"), per_request)
    return None, None, per_request


_KIND_BY_ENDPOINT = {
    "embeddings": "embedding", "embedding": "embedding", "image-generation": "image",
    "jina-rerank": "rerank", "rerank": "rerank", "moderation": "moderation",
    "openai-video": "other", "audio": "audio", "tts": "audio", "speech": "audio",
    "transcription": "audio",
}
_KIND_BY_METHOD = {
    "embedcontent": "embedding", "batchembedcontents": "embedding", "embedtext": "embedding",
    "predict": "image", "predictlongrunning": "other", "generatecontent": "chat",
    "generatemessage": "chat", "generatetext": "chat", "bidigeneratecontent": "chat",
}
_KIND_BY_ID = (
    (re.compile(r"rerank"), "rerank"),
    (re.compile(r"embed"), "embedding"),
    (re.compile(r"moderation|guard"), "moderation"),
    (re.compile(r"whisper|tts|transcri|speech|audio|voice"), "audio"),
    (re.compile(r"dall-e|imagen|image|flux|stable-diffusion|sdxl|midjourney|kolors"), "image"),
    (re.compile(r"sora|veo|video|kling|wan-?2"), "other"),
)
_ANY_KIND_HINT = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _KIND_BY_ID))
_DECIDED: dict[tuple[tuple[str, ...], ...], str | None] = {}


def _kind_from_lists(endpoint_types: tuple[str, ...], methods: tuple[str, ...],
                     output_modalities: tuple[str, ...]) -> str | None:
    for endpoint in endpoint_types:
        found = _KIND_BY_ENDPOINT.get(endpoint.lower())
        if found:
            return found
    found_methods = [_KIND_BY_METHOD.get(m.lower()) for m in methods]
    if "chat" in found_methods:
        return "chat"
    for found in found_methods:
        if found:
            return found
    if output_modalities and "text" not in output_modalities:
        if "image" in output_modalities:
            return "image"
        if "audio" in output_modalities:
            return "audio"
    return None


def kind(model_id: str, endpoint_types: tuple[str, ...], methods: tuple[str, ...],
         output_modalities: tuple[str, ...] = ()) -> str:
    """chat, embedding, image, audio, rerank, moderation or other.

    Endpoint types decide first, then Gemini methods, then output modalities, then the id.
    """
    lists = (endpoint_types, methods, output_modalities)
    try:
        decided = _DECIDED[lists]
    except KeyError:
        decided = _kind_from_lists(*lists)
        if len(_DECIDED) < 4096:
            _DECIDED[lists] = decided
    if decided is not None:
        return decided
    lowered = model_id.lower()
    if _ANY_KIND_HINT.search(lowered) is None:  # most ids: one search and done
        return "chat"
    for pattern, found in _KIND_BY_ID:
        if pattern.search(lowered):
            return found
    return "chat"


_CONTEXT_KEYS = ("context_window", "context_length", "max_input_tokens", "inputTokenLimit",
                 "max_context_length", "max_model_len")
_OUTPUT_KEYS = ("max_output_tokens", "outputTokenLimit", "max_completion_tokens", "max_tokens")


def model_id(value: Any) -> str | None:
    """The id exactly as sent, or None when it is not a non-empty string. Never stripped:
    an id with odd whitespace is still the id to call (the inspector warns about it)."""
    if isinstance(value, str) and value and len(value) <= MAX_ID:
        return value
    return None


_OWNER_KEYS = ("owned_by", "owner", "provider")
_PRICE_KEYS = frozenset(("pricing", "input_cost_per_token", "output_cost_per_token"))


def record(
    item: dict[str, Any],
    protocol: str,
    ident: str,
    price_unit: str,
    *,
    name_keys: tuple[str, ...] = ("display_name", "displayName", "name"),
    methods: tuple[str, ...] = (),
    capabilities: tuple[str, ...] = (),
) -> Model:
    """A Model from any protocol's item: the fields every protocol may carry, read leniently.

    This runs once per model (100,000 times for a large gateway), so each group of keys is
    read only when the item has one of them.
    """
    keys = item.keys()
    get = item.get
    endpoint_types = strings(get("supported_endpoint_types")) or strings(get("endpoint_types"))
    context = first(item, _CONTEXT_KEYS, integer) if not keys.isdisjoint(_CONTEXT_KEYS) \
        else None
    max_output = first(item, _OUTPUT_KEYS, integer) if not keys.isdisjoint(_OUTPUT_KEYS) \
        else None
    outputs: tuple[str, ...] = ()
    caps = capabilities
    if "top_provider" in keys or "architecture" in keys:
        top = obj(get("top_provider"))
        context = context or integer(top.get("context_length"))
        max_output = max_output or integer(top.get("max_completion_tokens"))
        architecture = obj(get("architecture"))
        inputs = strings(architecture.get("input_modalities"))
        outputs = strings(architecture.get("output_modalities"))
        extra = [f"{m} input" for m in inputs if m != "text"]
        extra += [f"{m} output" for m in outputs if m != "text"]
        caps = tuple(dict.fromkeys((*capabilities, *extra)))
    input_price = output_price = per_request = None
    if not keys.isdisjoint(_PRICE_KEYS):
        input_price, output_price, per_request = prices(item, price_unit)
    stamp = get("created", get("created_at"))
    return Model(
        id=ident,
        protocol=protocol,
        display_name=first(item, name_keys) if not keys.isdisjoint(name_keys) else None,
        owned_by=_shared(first(item, _OWNER_KEYS), _SHARED_TEXTS)
        if not keys.isdisjoint(_OWNER_KEYS) else None,
        created=None if stamp is None else created(stamp),
        context_window=context,
        max_output=max_output,
        input_per_1m=input_price,
        output_per_1m=output_price,
        per_request=per_request,
        endpoint_types=endpoint_types,
        methods=methods,
        capabilities=caps,
        kind=kind(ident, endpoint_types, methods, outputs),
        description=text(get("description")) if "description" in keys else None,
    )
