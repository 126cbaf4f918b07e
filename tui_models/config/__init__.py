"""Profiles: which gateway to ask, with which key, and how.

A profile is built in layers, each overriding the one before:
built-in preset defaults < config file (`[profiles.NAME]`) < environment < command-line flags
(one row per setting in `settings.SETTINGS`). The API key comes from the profile's
environment variable, then `api_key` in the file, then `api_key_cmd`; never from a flag;
and only ever goes to the host it was configured for (`keys`). With no profile at all, the
SDKs' own variables (`OPENAI_BASE_URL`…) make one (`sdk`).

```toml
# $XDG_CONFIG_HOME/tui-models/config.toml
default_profile = "work"

[profiles.work]
preset = "memorylake"                # memorylake, new-api, openai, anthropic, gemini, openrouter,
                                     # litellm, openai-compatible
base_url = "https://app.memorylake.ai"
api_key_env = "WORK_MEMORYLAKE_KEY"  # or api_key_cmd = "pass show memorylake"
timeout = 20                         # seconds, total per protocol
verify = true                        # or ca_bundle = "/etc/ssl/corp.pem"
price_unit = "1k"                    # how `pricing.input/output` is quoted: 1k, 1m or token
headers = { "X-Team" = "ml" }
probe_concurrency = 4                # probes in flight at once (T, tui-models probe)
max_models = 500000                  # most models read per list; body cap 512 bytes each
catalog = true                       # fill what lists leave out from models.dev (bundled)
group = "vip"                        # the key's group on a relay (default: inferred)
catalog_url = "https://models.dev/api.json"   # where `tui-models catalog update` downloads
[profiles.work.paths]
claude = "/anthropic/v1/models"      # override a list path; false = not offered
```

The package: `profile` (the Profile, Overrides, Loaded), `presets`, `settings` (the table),
`validators`, `urls`, `loader` (`load`), `keys` (`resolve_key`), `trust` (may this file run
a command?), `sdk` (zero-config), `environment` (proxy and CA variables). Never imports
Textual.
"""

from __future__ import annotations

from tui_models.config.loader import load
from tui_models.config.presets import DEFAULT_PRESET, PRESETS, Preset
from tui_models.config.profile import (
           DEFAULT_CATALOG_URL,
           DEFAULT_TIMEOUT,
           PRICE_UNITS,
           Loaded,
           Overrides,
           Profile,
)
from tui_models.errors import ConfigError

__all__ = ["DEFAULT_CATALOG_URL", "DEFAULT_PRESET", "DEFAULT_TIMEOUT", "PRESETS",
           "PRICE_UNITS", "ConfigError", "Loaded", "Overrides", "Preset", "Profile", "load"]
