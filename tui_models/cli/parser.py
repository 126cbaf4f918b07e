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



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-models",
        description="See which LLM models an API key can use on a gateway, and copy the "
                    "exact model id. Without a COMMAND, opens the explorer (the TUI).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-models {__version__}")
    add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=False)
    from tui_models.cli import (
        catalog,
        changes,
        check,
        completions,
        diff,
        export,
        list_models,
        pick,
        probe,
        serve_demo,
        watch,
        whoami,
        why,
    )

    for command in (list_models, pick, why, check, changes, watch, diff, probe, export, whoami,
                    catalog, serve_demo, completions):
        command.register(sub)
    return parser
