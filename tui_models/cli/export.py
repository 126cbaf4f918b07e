"""`tui-models export --for CLIENT`: write a client's own config for the models a key can use.

The models come from the one pipeline (`listing.gather`, then `Listing.select` with the query,
as `list` does), so a query means the same models here as everywhere. The document goes to
stdout, or with `--output` to a file written atomically that never replaces a file tui-models
did not write itself (`--force` replaces any). What was left out, and how to use the file, is
said on stderr. The key is never written: each format names the profile's key variable in
the client's own reference syntax.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_models.cli.common import (
    chosen_protocols,
    gather,
    output,
    query_of,
    report,
    say,
    session_for,
)
from tui_models.cli.options import add_common, add_protocol
from tui_models.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, UsageError


def _clients_help() -> str:
    from tui_models import clients

    rows = [f"  {c.name:<12} {c.filename:<27} {c.summary}\n{'':<15}written for "
            f"{c.written_for}" for c in clients.CLIENTS.values()]
    return "clients:\n" + "\n".join(rows)


EPILOG = """\
examples:
  tui-models export --for opencode > opencode.json
  OPENCODE_CONFIG=opencode.json opencode models
  tui-models export --for llm gpt --output ~/.config/io.datasette.llm/extra-openai-models.yaml
  tui-models export --for claude-code --protocol claude > claude.env && . ./claude.env
  tui-models export --for codex --verified 'owner:openai'     only models a probe answered

The key is never written: opencode gets {env:VAR}, Crush "$VAR", Codex env_key = "VAR",
Claude Code and .env a $VAR reference, llm api_key_name (llm keys set VAR), Continue
${{ secrets.VAR }} — VAR being the profile's key variable. Chat models only unless
--all-kinds (where the format can hold other kinds). --verified keeps models whose last
probe (tui-models probe) answered through the endpoint that client calls.

"""


def register(sub: argparse._SubParsersAction) -> None:
    from tui_models import clients

    parser = sub.add_parser(
        "export", help="write a client's config (opencode, codex, llm, …) for these models",
        description="Write a client's own config file for the models this key can use: ids "
                    "exact, limits and prices from the list, the relay or the catalogue, the "
                    "key as a reference to its variable.",
        epilog=EPILOG + _clients_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", nargs="*", help="search terms, as for list")
    parser.add_argument("--for", dest="client", required=True, choices=clients.names(),
                        metavar="CLIENT", help="the client: " + ", ".join(clients.names()))
    add_protocol(parser, "one protocol's list only (default: every list the client uses)")
    parser.add_argument("--verified", action="store_true",
                        help="only models whose last probe answered through the endpoint the "
                             "client calls")
    parser.add_argument("--all-kinds", action="store_true",
                        help="also embedding, image, audio… models where the format holds them")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write FILE atomically (default: stdout); never replaces a file "
                             "tui-models did not write")
    parser.add_argument("--force", action="store_true",
                        help="with --output: replace FILE whoever wrote it")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cached lists")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models import clients
    from tui_models.listing import EACH

    if args.force and not args.output:
        raise UsageError("--force needs --output")
    text, _ = query_of(args)
    with session_for(args) as session:
        client = clients.get(args.client)
        chosen = chosen_protocols(session.profile, args.protocol)
        usable = tuple(p for p in chosen if p in client.protocols)
        if not usable:
            raise UsageError(f"{client.label} uses the {', '.join(client.protocols)} "
                             f"list(s); this profile offers {', '.join(chosen)}")
        found = gather(session, usable, use_cache=not args.no_cache)
        problems = report(found.loads)
        if problems and not found.loaded:
            return EXIT_FAILED
        models = found.listing.select(text, EACH)
        document, picked = clients.export(args.client, session.profile, models,
                                          all_kinds=args.all_kinds, verified=args.verified)
    for note in picked.notes():
        say(note)
    if args.output:
        written = _write(Path(args.output).expanduser(), document.text, args.force)
        say(f"wrote {document.count:,} models for {client.label} to {written}")
    else:
        output(lambda: sys.stdout.write(document.text))
    for note in document.notes:
        say(note)
    return EXIT_PARTIAL if problems else EXIT_OK


def _write(path: Path, text: str, force: bool) -> Path:
    from tui_models.store.files import write_atomic

    try:
        return write_atomic(path, text, clobber=force)
    except FileExistsError:
        raise UsageError(f"{path} exists and tui-models did not write it (or it changed "
                         "since): not replaced; --force replaces it") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
