"""The gateway families the demo imitates."""

from __future__ import annotations

FLAVORS = ("memorylake", "one-hub", "new-api", "openrouter", "one-api", "null-lists")
"""Gateway families the demo can imitate: `memorylake` (one-hub with pricing, the default),
`one-hub` (minimal Claude/Gemini items, no paging fields), `new-api` (`success: true`, bare
Gemini names with null fields), `openrouter` (string prices per token), `one-api` (legacy
fields) and `null-lists` (every list is `null`). Each protocol writes its items per flavor."""
