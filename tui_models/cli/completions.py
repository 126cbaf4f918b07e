"""`tui-models completions bash|zsh|fish`: a completion script, generated from the parser.

Commands, their options and the choices of each (presets, protocols, formats, flavours) come
from the same argparse tree `--help` reads, so a new option completes the day it is added.
Profile names are looked up when completing (`tui-models completions --profiles` prints
the config file's), so a profile added later completes too.

```sh
eval "$(tui-models completions bash)"                 # ~/.bashrc
tui-models completions zsh > "${fpath[1]}/_tui-models"   # zsh
tui-models completions fish > ~/.config/fish/completions/tui-models.fish
```
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import NamedTuple

from tui_models.cli.common import output
from tui_models.errors import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
EMPTY = '""'
"""bash's `case` pattern for no command yet (the top level's options)."""


class Option(NamedTuple):
    flags: tuple[str, ...]
    help: str
    choices: tuple[str, ...]
    takes_value: bool


class Command(NamedTuple):
    name: str
    help: str
    options: tuple[Option, ...]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "completions", help="print a shell completion script (bash, zsh, fish)",
        description="Print a completion script for your shell: commands, options, presets, "
                    "protocols, formats and the profiles of your config file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="install:\n  bash  eval \"$(tui-models completions bash)\"   (in ~/.bashrc)\n"
               "  zsh   tui-models completions zsh > \"${fpath[1]}/_tui-models\"\n"
               "  fish  tui-models completions fish > "
               "~/.config/fish/completions/tui-models.fish")
    parser.add_argument("shell", nargs="?", choices=SHELLS)
    parser.add_argument("--profiles", action="store_true",
                        help="print the config file's profile names, one per line (what the "
                             "scripts call to complete --profile)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.cli.parser import build_parser

    if args.profiles:
        output(lambda: sys.stdout.write("".join(f"{name}\n" for name in _profiles())))
        return EXIT_OK
    if args.shell is None:
        from tui_models.errors import UsageError

        raise UsageError(f"completions needs a shell: {', '.join(SHELLS)}")
    commands = describe(build_parser())
    script = {"bash": bash, "zsh": zsh, "fish": fish}[args.shell](commands)
    output(lambda: sys.stdout.write(script))
    return EXIT_OK


def _profiles() -> list[str]:
    """The config file's profile names (none when it cannot be read: never an error here)."""
    from tui_models.config import load
    from tui_models.errors import TuiModelsError

    try:
        return list(load().profiles)
    except TuiModelsError:
        return []


def _options(parser: argparse.ArgumentParser) -> tuple[Option, ...]:
    found = []
    for action in parser._actions:  # argparse has no public walk of its actions
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        found.append(Option(tuple(action.option_strings), (action.help or "").split("(")[0]
                            .strip(), tuple(str(c) for c in action.choices or ()),
                            action.nargs != 0))
    return tuple(found)


def describe(parser: argparse.ArgumentParser) -> list[Command]:
    """The top level (name "") and every command, with their options."""
    commands = [Command("", parser.description or "", _options(parser))]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                commands.append(Command(name, helps.get(name, ""), _options(sub)))
    return commands


def _words(options: tuple[Option, ...]) -> str:
    return " ".join(flag for option in options for flag in option.flags)


def _values(commands: list[Command]) -> dict[str, tuple[str, ...]]:
    """`command:flag` for each option that takes one of a fixed set of values, with them."""
    return {f"{command.name}:{flag}": option.choices for command in commands
            for option in command.options if option.choices for flag in option.flags}


def bash(commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands if c.name)
    cases = "\n".join(f"        {c.name or EMPTY}) opts={shlex.quote(_words(c.options))} ;;"
                      for c in commands)
    values = "\n".join(f"        {flag}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(v))} "
                       f"-- \"$cur\")); return ;;" for flag, v in _values(commands).items())
    return f"""# bash completion for tui-models (generated by `tui-models completions bash`)
_tui_models() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} cmd="" word
    for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        case "$word" in {names.replace(' ', '|')}) cmd=$word; break ;; esac
    done
    case "$cmd:$prev" in
{values}
        *:--profile) COMPREPLY=($(compgen -W "$(tui-models completions --profiles 2>/dev/null)" \\
                       -- "$cur")); return ;;
        *:--config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    local opts
    case "$cmd" in
{cases}
    esac
    if [[ -z "$cmd" && "$cur" != -* ]]; then
        COMPREPLY=($(compgen -W "{names}" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    fi
}}
complete -F _tui_models tui-models
"""


def _zsh_quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "'\\''").replace("[", "\\[") \
        .replace("]", "\\]").replace(":", "\\:")


def _zsh_specs(options: tuple[Option, ...]) -> str:
    specs = []
    for option in options:
        help_text = _zsh_quote(option.help)
        if option.flags[-1] == "--profile":
            value = ":profile:_tui_models_profiles"
        elif option.choices:
            value = f":value:({' '.join(option.choices)})"
        elif option.takes_value:
            value = ":value:_files" if option.flags[-1] == "--config" else ":value:"
        else:
            value = ""
        for flag in option.flags:
            specs.append(f"'{flag}[{help_text}]{value}'")
    return " \\\n        ".join(specs)


def zsh(commands: list[Command]) -> str:
    top, *subs = commands
    listed = "\n        ".join(f"'{c.name}:{_zsh_quote(c.help)}'" for c in subs)
    cases = "\n".join(f"        {c.name}) _arguments \\\n        {_zsh_specs(c.options)} "
                      "'*:query:' ;;" for c in subs)
    return f"""#compdef tui-models
# zsh completion for tui-models (generated by `tui-models completions zsh`)
_tui_models_profiles() {{
    local -a profiles
    profiles=(${{(f)"$(tui-models completions --profiles 2>/dev/null)"}})
    _describe 'profile' profiles
}}
_tui_models() {{
    local -a commands
    commands=(
        {listed}
    )
    if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then
        _describe 'command' commands
        return
    fi
    case $words[2] in
{cases}
        *) _arguments \\
        {_zsh_specs(top.options)} ;;
    esac
}}
compdef _tui_models tui-models
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands if c.name)
    lines = ["# fish completion for tui-models (generated by `tui-models completions fish`)",
             "complete -c tui-models -f"]
    for command in commands:
        if command.name:
            lines.append(f"complete -c tui-models -n 'not __fish_seen_subcommand_from {names}'"
                         f" -a {command.name} -d {_fish_quote(command.help)}")
        condition = (f"__fish_seen_subcommand_from {command.name}" if command.name
                     else f"not __fish_seen_subcommand_from {names}")
        for option in command.options:
            long = [f.removeprefix("--") for f in option.flags if f.startswith("--")]
            if not long:
                continue
            line = f"complete -c tui-models -n '{condition}' -l {long[0]}"
            if option.flags[-1] == "--profile":
                line += " -x -a '(tui-models completions --profiles 2>/dev/null)'"
            elif option.choices:
                line += f" -x -a {_fish_quote(' '.join(option.choices))}"
            elif option.takes_value:
                line += " -r"
            lines.append(f"{line} -d {_fish_quote(option.help)}")
    return "\n".join(lines) + "\n"
