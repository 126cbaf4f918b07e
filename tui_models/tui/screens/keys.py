"""The explorer's keys: one declaration each, with an id (for keymaps) and a tooltip (for
the help screen, which is built from the live bindings)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui_models import protocols


def _binding(key: str, action: str, description: str, tooltip: str, *, show: bool = False,
             id: str | None = None) -> Binding:
    return Binding(key, action, description, show=show, id=id or action.replace("_", "-"),
                   tooltip=tooltip)


EXPLORER_KEYS: list[BindingType] = [
    # A priority binding runs as the key arrives, before the keys after it are routed:
    # text typed in the same burst as `/` (a paste, a fast typist, a slow SSH link) then
    # goes to the search box, as it would typed slowly.
    Binding("slash", "search", "Search", id="search", tooltip="Search models as you type",
            priority=True),
    _binding("c", "copy_id", "Copy id", "Copy the exact model id", show=True, id="copy"),
    _binding("C", "copy_as", "Copy as",
             "Copy the raw name, a curl or SDK snippet, or the JSON record", show=True),
    _binding("f", "star", "Star", "Star the model, or unstar it (search is:fav)"),
    _binding("p", "next_protocol", "Protocol",
             "For a model several protocols serve: inspect and copy as the next one"),
    _binding("t", "probe", "Probe",
             "Call the model once (one billed output token): does it answer?"),
    _binding("T", "probe_view", "Probe view",
             "Probe every model in view, after saying how many calls it sends"),
    _binding("r", "refresh", "Refresh", "Fetch every protocol again", show=True),
    _binding("s", "sort", "Sort", "Sort by the next column", show=True),
    _binding("S", "reverse_sort", "Reverse", "Reverse the sort order"),
    _binding("e", "export", "Export", "Write the current view to a JSON or CSV file"),
    _binding("1", "protocol('')", "All", "Show every protocol", id="protocol-all"),
    _binding("ctrl+b", "toggle_sidebar", "Sidebar", "Show or hide the protocol sidebar",
             id="sidebar"),
    _binding("escape", "back", "Back", "Clear the search or go back"),
    Binding("question_mark,f1", "help", "Help", id="help", tooltip="Keys and search syntax"),
]


def protocol_keys() -> list[Binding]:
    """A number key per registered protocol, after `1` for All."""
    return [Binding(p.key, f"protocol('{p.name}')", p.label, show=False,
                    id=f"protocol-{p.name}", tooltip=f"Show {p.label} models")
            for p in protocols.all_protocols()]
