"""Textual's footer, composed again only when the keys it shows change.

Textual's `Footer` composes its keys anew each time the screen's bindings are updated: every
focus change, and five times in a row as the explorer starts (16-35 ms each on a 2-core
machine, while the first keys are typed). This one takes a burst of updates as one and
keeps its keys when the shown bindings are the ones it already shows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar, composed once per change of what it shows."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            # After the refresh, as Textual's does (the first frame is not kept waiting for
            # the keys). A burst queues several: the first composes, the rest find the keys
            # shown. One dropped (a dialog dismissed before it idled) holds nothing up.
            self.call_after_refresh(self._compose_again)

    def shown(self) -> tuple:
        """What the footer shows for the screen's bindings now: each key, its label, whether
        it is enabled, its tooltip, and the command palette's key."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, binding.key_display, binding.description, binding.action,
                      binding.group, binding.tooltip, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip)
                     in self.screen.active_bindings.items() if binding.show or key == palette)

    async def _compose_again(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
