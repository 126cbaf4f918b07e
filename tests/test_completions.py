"""Shell completions, generated from the parser: every command and option, their choices,
and the config file's profiles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui_models.cli.completions import describe
from tui_models.cli.parser import build_parser
from tui_models.store import paths

from .helpers import run_cli

SCRIPT = """
source "$1"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _tui_models;
                   echo "${COMPREPLY[*]}"; }
"""


def test_the_description_is_the_parser(capsys):
    commands = {c.name: c for c in describe(build_parser())}
    assert {"list", "pick", "diff", "probe", "whoami", "catalog", "serve-demo",
            "completions"} <= set(commands)
    flags = {f for o in commands["list"].options for f in o.flags}
    assert {"--format", "--json", "--protocol", "--profile", "--demo", "--merge"} <= flags
    formats = next(o for o in commands["list"].options if "--format" in o.flags)
    assert formats.choices == ("table", "json", "csv", "ids")
    code, _, err = run_cli(capsys, "completions")
    assert code == 2 and "needs a shell" in err


def write_profiles() -> None:
    path = paths.default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[profiles.work]\nbase_url = "https://a.example"\n'
                    '[profiles.home]\nbase_url = "https://b.example"\n')
    path.chmod(0o600)


def test_profiles_come_from_the_config_file(capsys):
    code, out, _ = run_cli(capsys, "completions", "--profiles")
    assert code == 0 and out == ""
    write_profiles()
    code, out, _ = run_cli(capsys, "completions", "--profiles")
    assert out.split() == ["work", "home"]


def _shell(capsys, shell: str, tmp_path) -> str:
    code, out, _ = run_cli(capsys, "completions", shell)
    assert code == 0
    script = tmp_path / f"completion.{shell}"
    script.write_text(out)
    return str(script)


def _env(tmp_path) -> dict[str, str]:
    """`tui-models` on PATH (the script calls it for profile names)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "tui-models"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} -m tui_models \"$@\"\n")
    launcher.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_choices_and_profiles(capsys, tmp_path):
    script = _shell(capsys, "bash", tmp_path)
    write_profiles()

    def complete(*words: str) -> list[str]:
        done = subprocess.run(["bash", "-c", SCRIPT + 'complete_words "${@:2}"', "_", script,
                               "tui-models", *words], capture_output=True, text=True,
                              env=_env(tmp_path), timeout=30, check=True)
        return done.stdout.split()

    assert complete("who") == ["whoami"]
    assert complete("list", "--format", "") == ["table", "json", "csv", "ids"]
    assert complete("diff", "--format", "") == ["table", "json"]
    assert "openrouter" in complete("--preset", "o")
    assert complete("probe", "--protocol", "g") == ["gemini"]
    assert complete("list", "--profile", "") == ["work", "home"]
    assert "--merge" in complete("list", "--m")


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_and_choices(capsys, tmp_path):
    script = _shell(capsys, "fish", tmp_path)
    write_profiles()

    def complete(line: str) -> list[str]:
        done = subprocess.run(["fish", "-c", f"source {script}; complete -C '{line}'"],
                              capture_output=True, text=True, env=_env(tmp_path), timeout=30,
                              check=True)
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("tui-models who") == ["whoami"]
    assert complete("tui-models list --format ") == ["csv", "ids", "json", "table"]
    assert complete("tui-models list --profile ") == ["home", "work"]


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_parses_and_names_every_command(capsys, tmp_path):
    script = _shell(capsys, "zsh", tmp_path)
    subprocess.run(["zsh", "-n", script], check=True, timeout=30)
    text = Path(script).read_text()
    assert text.startswith("#compdef tui-models")
    for command in ("list", "pick", "diff", "probe", "whoami", "completions"):
        assert f"'{command}:" in text
