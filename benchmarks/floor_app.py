"""The floor for `benchmarks.terminal`: a bare Textual `Input` whose value a `Static` echoes
from the value watcher, in the same frame. Nothing any app built on Textual can beat."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield Static("echo:", id="echo")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update("echo:" + event.value)


if __name__ == "__main__":
    Floor().run()
