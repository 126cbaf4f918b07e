"""The command line: every command's options, help text and examples, and the checks on
numbers that argparse cannot express."""

from __future__ import annotations

import argparse

from tui_models import __version__, export, protocols
from tui_models.config import PRESETS, Overrides
from tui_models.errors import UsageError

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

LIST_EPILOG = """\
query terms (AND-ed, case-insensitive): words match id, name or owner; -word excludes;
owner:X id:X proto:claude kind:embed ctx>128k in<1 out<=5 max>=8k is:new is:gone is:fav
probe:ok probe:fail probe:none

examples:
  tui-models list                                 a table of every model, all protocols
  tui-models list --protocol gemini --format ids  Gemini ids, one per line
  tui-models list 'kind:embed in<0.1' --format csv > cheap-embeddings.csv
  tui-models list --format json | jq -r '.[] | select(.context_window > 200000) | .id'

JSON is an array of records (id, protocol, protocols, display_name, owned_by,
input_per_1m, output_per_1m, per_request, context_window, max_output, kind, raw, …); ids are
exact. One record per protocol listing an id; --merge gives one per id.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes. SUPPRESS keeps a subcommand from resetting them."""
    group = parser.add_argument_group("gateway")
    S = argparse.SUPPRESS
    group.add_argument("--profile", default=S, metavar="NAME",
                       help="profile from the config file (default: default_profile or "
                            "'default')")
    group.add_argument("--base-url", default=S, metavar="URL", help="gateway base URL")
    group.add_argument("--preset", default=S, choices=sorted(PRESETS),
                       help="gateway kind: paths and key variable (default: memorylake)")
    group.add_argument("--config", default=S, metavar="PATH",
                       help="config file (default: $XDG_CONFIG_HOME/tui-models/config.toml)")
    group.add_argument("--timeout", default=S, type=float, metavar="S",
                       help="give up on a protocol after S seconds in total (default: 30)")
    group.add_argument("--demo", default=S, action="store_true",
                       help="use the embedded demo gateway (no key, no network)")
    group.add_argument("--demo-models", default=S, type=int, metavar="N",
                       help="with --demo: also serve N synthetic models")
    group.add_argument("--no-catalog", default=S, action="store_true",
                       help="do not fill in context, capabilities and list prices from the "
                            "bundled models.dev catalogue")


def _protocol_option(parser: argparse.ArgumentParser,
                     help: str = "one protocol's list only (default: all)") -> None:
    parser.add_argument("--protocol", choices=("all", *protocols.names()), default="all",
                        help=help)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-models",
        description="See which LLM models an API key can use on a gateway, and copy the "
                    "exact model id. Without a COMMAND, opens the explorer (the TUI).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-models {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=False)

    listing = sub.add_parser(
        "list", help="print the models a key can see", epilog=LIST_EPILOG,
        description="Print every model the key can see, from every protocol, then exit.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("query", nargs="*", help="search terms (see below)")
    _protocol_option(listing)
    listing.add_argument("--format", choices=export.FORMATS, default="table",
                         help="table for people; json, csv or ids for scripts")
    listing.add_argument("--merge", action="store_true",
                         help="one record per id, merged from every protocol serving it "
                              "(default: one per protocol; each record's `protocols` lists "
                              "them all)")
    listing.add_argument("--include-gone", action="store_true",
                         help="also list models that were listed before but not any more")
    listing.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the cached lists")
    _common(listing)

    pick = sub.add_parser(
        "pick", help="choose a model in the TUI; its id goes to stdout",
        description="Open the explorer with the search box focused. Enter prints the "
                    "highlighted model's exact id to stdout and exits 0; esc exits 1 and "
                    "prints nothing. The screen is drawn on the terminal, not on stdout.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  llm -m \"$(tui-models pick claude)\" 'Hello'\n"
               "  MODEL=$(tui-models pick --protocol gemini flash) || exit 1\n\n"
               "stdout gets the id with no newline when it is not a terminal.")
    pick.add_argument("query", nargs="*", help="start with this search")
    _protocol_option(pick)
    _common(pick)

    diff = sub.add_parser(
        "diff", help="compare the models two profiles' keys can use",
        description="Fetch the lists of two profiles from the config file and show the models "
                    "only one of them sees, and those both see at different prices.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models diff work personal\n"
               "  tui-models diff default vip --format json | jq '.only_b[].id'\n"
               "  tui-models diff --demo demo demo-vip     the demo's two keys\n\n"
               "exit codes: 0 the lists are the same, 4 they differ, 1 nothing could be "
               "loaded, 2 bad input, 3 some protocols failed.")
    diff.add_argument("profile_a", metavar="PROFILE_A")
    diff.add_argument("profile_b", metavar="PROFILE_B")
    _protocol_option(diff)
    diff.add_argument("--format", choices=("table", "json"), default="table")
    diff.add_argument("--no-cache", action="store_true",
                      help="neither read nor write the cached lists")
    _common(diff)

    probe = sub.add_parser(
        "probe", help="call each matching model once: does it answer?",
        description="Send each matching model the smallest real request through its "
                    "protocol (one output token: a billed call) and print what the gateway "
                    "said: answered or not, HTTP status, latency, the id it answered as, its "
                    "message. Image, audio and rerank models are skipped unless "
                    "--all-kinds. Results are kept for the explorer's Probe column.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models probe gpt-4o --protocol openai\n"
               "  tui-models probe owner:deepseek --format json | jq '.[] | select(.ok|not)'\n"
               "  tui-models probe --yes --concurrency 8        every model (billed!)\n\n"
               "exit codes: 0 every probed model answered, 4 some did not, 1 none could be "
               "probed, 2 bad input (or more than 20 calls without --yes).")
    probe.add_argument("query", nargs="*", help="search terms, as for list")
    _protocol_option(probe, "probe through one protocol only (default: each protocol that "
                            "lists a model)")
    probe.add_argument("--concurrency", type=int, default=0, metavar="N",
                       help="calls in flight at once (default: the profile's "
                            "probe_concurrency, 4)")
    probe.add_argument("--all-kinds", action="store_true",
                       help="also probe image, audio and rerank models (costly per call)")
    probe.add_argument("--format", choices=("table", "json"), default="table")
    probe.add_argument("--yes", action="store_true",
                       help="send more than 20 requests without stopping to ask")
    _common(probe)

    whoami = sub.add_parser(
        "whoami", help="the key's group, quota and expiry on a relay",
        description="Ask the relay (one-hub, MemoryLake, new-api, LiteLLM) what it says about "
                    "the key: its group (from the profile's `group`, else inferred from the "
                    "lists), "
                    "quota left, expiry and model limits.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models whoami\n  tui-models whoami --preset new-api "
               "--base-url https://gw.example.com --format json")
    whoami.add_argument("--format", choices=("table", "json"), default="table")
    _common(whoami)

    catalog = sub.add_parser(
        "catalog", help="the reference catalogue in use; update downloads a newer one",
        description="Show which models.dev catalogue snapshot fills in context, capabilities "
                    "and list prices (bundled, or downloaded by `catalog update`: the newer is "
                    "used). `catalog update` downloads the current one (bounded in size and "
                    "time, validated, written atomically to the cache); never automatic.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models catalog\n  tui-models catalog update\n"
               "  tui-models catalog update --url https://mirror.example/api.json")
    catalog.add_argument("action", nargs="?", choices=("show", "update"), default="show")
    catalog.add_argument("--url", metavar="URL",
                         help="download from here (default: the profile's catalog_url, "
                              "https://models.dev/api.json)")
    _common(catalog)

    serve = sub.add_parser(
        "serve-demo", help="run the embedded demo gateway alone",
        description="Serve the demo gateway until interrupted; point curl or another client "
                    "at it. Keys: demo-key (group default), demo-vip-key (group vip).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  tui-models serve-demo --port 8080 &\n"
               "  curl -H 'Authorization: Bearer demo-key' localhost:8080/v1/models")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--models", type=int, default=0, metavar="N",
                       help="also serve N synthetic models")
    serve.add_argument("--latency", type=float, default=0.0, metavar="MS",
                       help="wait MS milliseconds before each answer, like a remote gateway")
    from tui_models.demo.faults import FAULTS
    from tui_models.demo.flavors import FLAVORS

    serve.add_argument("--flavor", default=FLAVORS[0], choices=FLAVORS,
                       help=f"wire format (default: {FLAVORS[0]})")
    serve.add_argument("--log", action="store_true",
                       help="print a line per request: method, path, status and which auth "
                            "header came (never its value), to debug your own SDK against it")
    serve.add_argument("--fault", action="append", default=[], metavar="PROTOCOL=FAULT",
                       help="make a protocol misbehave, e.g. claude=key-rejected; faults: "
                            + ", ".join(FAULTS))
    return parser


def overrides_from(args: argparse.Namespace) -> Overrides:
    return Overrides(
        profile=getattr(args, "profile", None),
        base_url=getattr(args, "base_url", None),
        preset=getattr(args, "preset", None),
        config=getattr(args, "config", None),
        timeout=getattr(args, "timeout", None),
        catalog=False if getattr(args, "no_catalog", False) else None,
    )


_BOUNDS = (("timeout", "--timeout", 0.0, 3600.0, False), ("demo_models", "--demo-models", 0,
           1_000_000, True), ("models", "--models", 0, 1_000_000, True),
           ("latency", "--latency", 0.0, 600_000.0, True), ("port", "--port", 0, 65535, True),
           ("concurrency", "--concurrency", 0, 32, True))
"""(option, flag, low, high, low allowed): the numbers a command line may hold."""


def check_numbers(args: argparse.Namespace) -> None:
    for name, flag, low, high, low_ok in _BOUNDS:
        value = getattr(args, name, None)
        if value is not None and not (low <= value <= high and (low_ok or value > low)):
            raise UsageError(f"{flag} must be {'at least' if low_ok else 'over'} {low:g} and "
                             f"at most {high:g}")
