"""`?`: every key and the search language on one page."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# tui-models

See which models your key can use, and copy the exact id.

## Keys

| Key | Does |
|---|---|
| `/` | Search (type to filter as you go) |
| `enter` | In the search box: go to the first match |
| `esc` | Clear the search, or go back |
| `↑` `↓` `j` `k` `PgUp` `PgDn` `g` `G` | Move |
| `c` | Copy the exact id |
| `C` | Copy as: id, raw name, curl, Python SDK, JSON |
| `r` | Refresh every protocol |
| `1` `2` `3` `4` | All / OpenAI / Claude / Gemini |
| `s` / `S` | Sort by the next column / reverse the order |
| `ctrl+b` | Show or hide the sidebar |
| `e` | Export the current view to JSON or CSV |
| `ctrl+p` | Command palette (theme, profiles, …) |
| `?` | This help |
| `q` | Quit |

## Search

Words are AND-ed and match the id, name or owner, ignoring case. `-word` excludes.

| Term | Matches |
|---|---|
| `owner:azure` | owner contains *azure* |
| `id:mini` | id contains *mini* |
| `proto:claude` | protocol (openai, claude, gemini) |
| `kind:embed` | chat, embedding, image, audio, rerank, moderation, other |
| `ctx>128k` | context window over 128,000 tokens |
| `in<1` `out<=5` | price per 1M input / output tokens |
| `max>=8k` | maximum output tokens |
| `is:new` `is:gone` | new since the last fetch / no longer listed |

Copying goes to the terminal (OSC 52, works over SSH), to tmux's buffer when inside tmux,
and to the local clipboard when there is one.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and search syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 86; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(HELP)
