"""The reference catalogue: what the public knows about a model (models.dev), for the models
a key can call. Gateways mostly list bare ids; this fills in context, limits, capabilities,
modalities, dates and list prices — never overriding what the gateway said, never changing
the id. Never imports Textual.
"""

from __future__ import annotations

from tui_models.catalogue.match import Catalogue, Match, enrich, load_catalogue
from tui_models.catalogue.snapshot import Entry, Snapshot, load

__all__ = ["Catalogue", "Entry", "Match", "Snapshot", "enrich", "load", "load_catalogue"]
