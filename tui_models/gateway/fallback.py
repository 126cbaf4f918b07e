"""Listing from elsewhere when the key may not read its own list: OpenRouter's per-key list
(`/models/user`) refused with 401, 403 or 404 falls back to the public catalogue
(`Protocol.fallback_paths`), with a warning that says so — those are every model, not only
the key's (and a rejected key is named: the catalogue answers anyone)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from tui_models.config import Profile
from tui_models.gateway.errors import GatewayError
from tui_models.protocols import Protocol

REFUSALS = (401, 403, 404)


def path_for(profile: Profile, spec: Protocol, refused: GatewayError) -> str | None:
    """The path (with its query) to list from instead, or None: only for a preset that has
    one, a refusal, and the preset's own list path (a path the user set is theirs)."""
    preset = profile.preset
    fallback = spec.fallback_paths.get(preset)
    if fallback is None or refused.status not in REFUSALS or \
            profile.paths.get(spec.name) != spec.list_paths.get(preset):
        return None
    return fallback


def split(profile: Profile, fallback: str) -> tuple[str, dict[str, str]]:
    """The fallback's URL and its query parameters (httpx would drop a query in the URL)."""
    path, _, query = fallback.partition("?")
    return profile.base_url.rstrip("/") + path, dict(parse_qsl(query))


def warning(own_url: str | None, refused: GatewayError) -> str:
    reason = refused.label + (f": {refused.detail}" if refused.detail else "")
    return (f"the key's own list ({urlsplit(own_url or '').path}) was refused ({reason}); "
            "showing the public catalogue instead: every model, not only those the key "
            "may use")
