"""The command line: the top-level help and options, and the commands — each module in
`tui_models.cli` registers its own, with its help text, examples and `run`."""

from __future__ import annotations

import argparse

from tui_models import __version__
from tui_models.cli.options import add_common

EPILOG = """\
examples:
  tui-models --demo                      explore the embedded demo gateway (no key needed)
  MEMORYLAKE_API_KEY=sk-… tui-models     explore your own models on MemoryLake
  tui-models list gpt --format ids       every id containing "gpt", one per line
  tui-models list 'owner:azure GPT-4o' --format json
  tui-models list --preset new-api --base-url https://gw.example.com --protocol claude
  tui-models probe deepseek --protocol openai   call each match once: does it answer?
  tui-models serve-demo --port 8080      run the demo gateway alone, for curl

keys come from the profile's environment variable (MEMORYLAKE_API_KEY for the default preset),
or from api_key_cmd in the config file; never from a flag.
exit codes: 0 ok, 1 nothing loaded, 2 bad input or config, 3 some protocols failed.
"""



COMMANDS = {"list": "list_models", "pick": "pick", "why": "why", "check": "check",
            "changes": "changes", "watch": "watch", "diff": "diff", "probe": "probe",
            "export": "export", "whoami": "whoami", "catalog": "catalog",
            "serve-demo": "serve_demo", "completions": "completions"}
"""Each command's name and the module in `tui_models.cli` that registers it, in help order."""


class Refused(Exception):
    """What a `StrictParser` would have printed as a usage error."""


class StrictParser(argparse.ArgumentParser):
    """A parser that raises `Refused` instead of printing a usage error and exiting, and
    takes no abbreviated option (`--he`, `--prot`: the whole parser expands them)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **{**kwargs, "allow_abbrev": False})

    def error(self, message: str):
        raise Refused(message)


def build_parser(names=None, parser_class=argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with every command, or only the commands in `names`: each command's module
    (and what it imports) is loaded only when registered, so `tui-models` and `list` never
    import the demo, the clients or the relays just to say they exist."""
    from importlib import import_module

    parser = parser_class(
        prog="tui-models",
        description="See which LLM models an API key can use on a gateway, and copy the "
                    "exact model id. Without a COMMAND, opens the explorer (the TUI).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-models {__version__}")
    add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=False)
    for name, module in COMMANDS.items():
        if names is None or name in names:
            import_module(f"tui_models.cli.{module}").register(sub)
    return parser
