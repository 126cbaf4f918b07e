"""The README's examples are true: every `tui-models …` line in its shell blocks parses with
the real parser, and every one that runs on the demo gateway (`--demo`) runs, in process,
with the exit code its command documents and output of the format it asks for."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from tui_models.cli import build_parser

from .helpers import run_cli

README = Path(__file__).resolve().parent.parent / "README.md"
SEPARATORS = {"|", "||", "&&", ";", ">", ">>", "<", "2>", "&"}
NOT_RUN = {None, "pick", "serve-demo", "watch"}
"""The explorer and `pick` need a terminal, `serve-demo` serves until stopped, `watch` loops
(tests/test_terminal_e2e.py and the commands' own tests drive those)."""
EXIT_CODES = {"probe": {0, 4}, "why": {0, 4}, "diff": {0, 4}, "changes": {0, 4},
              "check": {0, 4}}


def _shell_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def _commands(line: str) -> list[list[str]]:
    """Each `tui-models` invocation in a shell line: its arguments, without the program."""
    line = re.sub(r"\$\((tui-models [^)]*)\)", r"; \1 ;", line)  # MODEL=$(tui-models …)
    found, current = [], None
    for token in shlex.split(line, comments=True):
        if token in SEPARATORS:
            current = None
        elif current is None and token.endswith("tui-models"):
            current = []
            found.append(current)
        elif current is not None:
            current.append(token)
    return found


EXAMPLES = [args for line in _shell_lines() for args in _commands(line)]


def _command(args: list[str]) -> str | None:
    """The command an example runs (None: the explorer)."""
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            return build_parser().parse_args(args).command
        except SystemExit:  # test_each_example_parses says which; here, the first bare word
            return next((a for a in args if not a.startswith("-")), None)


def test_the_readme_has_examples_to_check():
    assert len(EXAMPLES) >= 15
    assert sum("--demo" in args for args in EXAMPLES) >= 8


@pytest.mark.parametrize("args", EXAMPLES, ids=[" ".join(a)[:60] for a in EXAMPLES])
def test_each_example_parses(args):
    build_parser().parse_args(args)  # a renamed or removed option exits 2 here


RUNNABLE = [a for a in EXAMPLES if "--demo" in a and _command(a) not in NOT_RUN]


@pytest.mark.parametrize("args", RUNNABLE, ids=[" ".join(a)[:60] for a in RUNNABLE])
def test_each_demo_example_runs(args, capsys):
    code, out, err = run_cli(capsys, *args)
    assert code in EXIT_CODES.get(_command(args), {0}), err
    if "is:new" not in args:  # the first fetch of a gateway marks nothing new
        assert out.strip(), "an example prints something"
    if "--json" in args or ("--format" in args and args[args.index("--format") + 1] == "json"):
        json.loads(out)  # the byte-exact channel parses strictly
