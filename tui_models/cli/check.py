"""`tui-models check [FILE…]`: are the model ids in your client configs listed for this key?"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tui_models.cli.common import gather, output, report, say, session_for
from tui_models.cli.options import add_common, add_format
from tui_models.errors import EXIT_DIFFERENT, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from tui_models.textsafe import visible

EPILOG = """\
with no FILE, the usual places (those that exist):
  opencode  $XDG_CONFIG_HOME/opencode/opencode.json, ./opencode.json
  crush     $XDG_CONFIG_HOME/crush/crush.json, ./crush.json, ./.crush.json
  codex     $CODEX_HOME/config.toml (~/.codex)
  claude    ~/.claude/settings.json, ./.claude/settings.json (env ANTHROPIC_*_MODEL, model)
  aider     ~/.aider.conf.yml, ./.aider.conf.yml (model, weak-model, editor-model)
  llm       extra-openai-models.yaml in llm's directory (model_name)
Only the settings pointed at this gateway (their base URL's host is the profile's) are
checked; another service's ids are not this key's to judge. A FILE of another name is read
as .env lines: every *_MODEL= value is checked.

examples:
  tui-models check
  tui-models check ~/.codex/config.toml .env
  tui-models check --json | jq -r '.[] | select(.listed | not) | .id'

exit codes: 0 every id is listed, 4 some are not, 2 a file cannot be read (named), 1 no
list could be loaded.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check", help="check the model ids in your client configs against the key's list",
        description="Find the model ids your client configs (opencode, crush, Codex, Claude "
                    "Code, aider, llm, .env files) name for this gateway and say for each "
                    "whether the key lists it, and if not why not (as `tui-models why`).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", metavar="FILE", type=Path,
                        help="config files to check (default: the usual places)")
    add_format(parser)
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cached lists")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.clients import scan

    with session_for(args) as session:
        profile = session.profile
        places = [(path, scan.source_for(path)) for path in args.files] if args.files \
            else scan.usual_places()
        found, unreadable = [], []
        for path, source in places:
            try:
                found += scan.mentions(path, source, profile.host)
            except scan.Unreadable as exc:
                unreadable.append(str(exc))
        for problem in unreadable:
            say(session.key.redact(problem))
        if not found:
            if not places:
                say("no client config found in the usual places (see --help); name files "
                    "to check")
            elif not unreadable:
                say(f"no model id pointed at {visible(profile.host)} in "
                    f"{len(places)} file{'s' if len(places) != 1 else ''}")
            return EXIT_USAGE if unreadable else EXIT_OK
        lists = gather(session, profile.offered, use_cache=not args.no_cache, gone=True)
    report(lists.loads)
    if not lists.loaded:
        return EXIT_FAILED
    rows = _verdicts(found, lists, session)
    output(lambda: _write(args.format, rows))
    if unreadable:
        return EXIT_USAGE
    return EXIT_OK if all(r["listed"] for r in rows) else EXIT_DIFFERENT


def _verdicts(found: list, lists, session) -> list[dict]:
    from tui_models import snippets
    from tui_models.listing.why import explain

    seen = {p: load.gone_seen for p, load in lists.loads.items() if load.gone_seen}
    rows = []
    for mention in found:
        if session.key and session.key.redact(mention.id) != mention.id:
            rows.append({"file": str(mention.path), "line": mention.line, "id": "[redacted]",
                         "client": mention.client, "protocol": mention.protocol,
                         "listed": False, "verdict": "key",
                         "message": "this value holds the API key, not a model id"})
            continue
        verdict = explain(lists.listing, mention.id, (mention.protocol,), gone_seen=seen,
                          call_url=lambda m: snippets.call_url(session.profile, m))
        rows.append({"file": str(mention.path), "line": mention.line, "client": mention.client,
                     "protocol": mention.protocol, **verdict.record()})
    return rows


def _write(format_: str, rows: list[dict]) -> None:
    if format_ == "json":
        sys.stdout.write(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
        return
    for row in rows:
        mark = "✓" if row["listed"] else "✗"
        sys.stdout.write(f"{visible(row['file'])}:{row['line']}: {mark} "
                         f"{visible(row['message'])}\n")
