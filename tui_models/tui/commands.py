"""The explorer's entries in the command palette (`ctrl+p`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui_models import fields, protocols
from tui_models.tui.messages import ProfileRequested
from tui_models.tui.screens.explorer import ExplorerScreen


class ExplorerCommands(Provider):
    """Refresh, copy, export, protocols, sort orders, and the other profiles of the config
    file (switch to one, or compare with it)."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, ExplorerScreen):
            return
        yield "Refresh", "Fetch every protocol again", screen.action_refresh
        yield "Copy id", "Copy the highlighted model's exact id", screen.action_copy_id
        yield "Copy as…", "Copy raw name, curl, SDK snippet or JSON", screen.action_copy_as
        yield "Export view", "Write the models in view to JSON or CSV", screen.action_export
        yield "Show All protocols", "Show every protocol", partial(screen.action_protocol, "")
        for protocol in protocols.all_protocols():
            yield f"Show {protocol.label}", f"Filter the table to {protocol.label}", \
                partial(screen.action_protocol, protocol.name)
        for key in fields.sortable():
            title = fields.get(key).title or key
            yield f"Sort by {title}", f"Sort the table by {title}", partial(screen.sort_by, key)
        session = screen.session
        for name in session.profiles:
            if name != session.profile.name:
                yield f"Switch to profile {name}", "Show this profile's models", \
                    partial(screen.post_message, ProfileRequested(name))
                yield f"Compare with profile {name}", \
                    "Models only one of the two keys sees, and price differences", \
                    partial(screen.post_message, ProfileRequested(name, True))
        yield "Toggle sidebar", "Show or hide the protocol sidebar", \
            screen.action_toggle_sidebar
        yield "Help", "Keys and search syntax", screen.action_help

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name,
                          help=help_text)


def highlight(matcher: Matcher, name: str) -> Content:
    """`name` with the matched letters styled, as `Matcher.highlight` does, but as text: a
    profile named `zz[/]` is not markup (Textual's would parse it, and fail)."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
