"""The last relay answer per gateway and key, on disk."""

from __future__ import annotations

import contextlib
from dataclasses import fields
from pathlib import Path

from tui_models.relay.info import RelayInfo, RelayPrice, sharing
from tui_models.runtime import collector_paused
from tui_models.store import paths
from tui_models.store.files import read_json, write_json


class RelayCache:
    """The last relay answer per gateway and key, so a warm start shows the prices at once
    and an offline run keeps them: `$XDG_CACHE_HOME/tui-models/relay/<digest>.json` (the
    digest hashes the gateway and the key's fingerprint; the key is never written)."""

    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self, gateway: str, fingerprint: str, root: Path | None = None) -> None:
        self.path = (root or paths.relay_dir()) / f"{paths.digest(gateway, fingerprint)}.json"

    @property
    def absent_path(self) -> Path:
        """Marks that the relay answered 404 (it publishes nothing) and that it was said."""
        return self.path.with_suffix(".absent")

    def note_absent(self) -> bool:
        """Mark the relay as publishing nothing; True the first time (to say it), False when
        it was said before. A marker that cannot be written says it again, nothing worse."""
        if self.absent_path.exists():
            return False
        with contextlib.suppress(OSError):
            write_json(self.absent_path, {"absent": True})
        return True

    def save(self, info: RelayInfo) -> None:
        """Write `info` atomically; OSError when the cache cannot be written. Prices are rows
        (`[id, field…]`): 100,000 of them as dicts would cost hundreds of MB to write. A
        relay that answers again is no longer marked as publishing nothing."""
        self.absent_path.unlink(missing_ok=True)
        names = [f.name for f in fields(RelayPrice)]
        record = {f.name: getattr(info, f.name) for f in fields(RelayInfo) if f.name != "prices"}
        record["price_fields"] = names
        with collector_paused():  # 100,000 rows and no cycles: none walked while built
            record["prices"] = [[model_id, *(getattr(price, name) for name in names)]
                                for model_id, price in info.prices.items()]
            write_json(self.path, record)

    def load(self) -> RelayInfo | None:
        """The cached answer, or None (none, or not usable: a cache never breaks a run)."""
        with collector_paused():  # 100,000 prices and no cycles: none walked while built
            try:
                data = read_json(self.path, self.MAX_BYTES)
                names = data.pop("price_fields")
                if names != [f.name for f in fields(RelayPrice)]:
                    return None  # written by another version
                prices, share = {}, sharing()
                for model_id, *values in data.pop("prices"):
                    price = dict(zip(names, values, strict=True))
                    for name in ("tags", "groups"):
                        price[name] = tuple(price[name])
                    prices[str(model_id)] = share(RelayPrice(**price))
                return RelayInfo(**data, prices=prices)
            except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
                return None
