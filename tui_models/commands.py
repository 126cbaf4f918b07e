"""The explorer's entries in the command palette (`ctrl+p`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_models.catalog import SORT_COLUMNS
from tui_models.model import PROTOCOL_LABELS
from tui_models.widgets.sidebar import CHOICES

if TYPE_CHECKING:
    from tui_models.app import ModelsApp


class ExplorerCommands(Provider):
    """Refresh, copy, export, protocols, sort orders, and the other profiles of the config
    file (switch to one, or compare with it)."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app: ModelsApp = self.app  # type: ignore[assignment]
        yield "Refresh", "Fetch every protocol again", app.action_refresh
        yield "Copy id", "Copy the highlighted model's exact id", app.action_copy_id
        yield "Copy as…", "Copy raw name, curl, SDK snippet or JSON", app.action_copy_as
        yield "Export view", "Write the models in view to JSON or CSV", app.action_export
        for position, choice in enumerate(CHOICES):
            label = "All protocols" if choice is None else PROTOCOL_LABELS[choice]
            yield f"Show {label}", f"Filter the table to {label}", \
                partial(app.action_protocol, position)
        for column in SORT_COLUMNS:
            yield f"Sort by {column}", f"Sort the table by {column}", \
                partial(app.sort_by, column)
        for name in app.session.profiles:
            if name != app.profile.name:
                yield f"Switch to profile {name}", "Show this profile's models", \
                    partial(app.run_worker, partial(app.switch_to, name))
                yield f"Compare with profile {name}", \
                    "Models only one of the two keys sees, and price differences", \
                    partial(app.compare_with, name)
        yield "Toggle sidebar", "Show or hide the protocol sidebar", app.action_toggle_sidebar
        yield "Help", "Keys and search syntax", app.action_help

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
