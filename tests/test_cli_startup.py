"""``reviewer --help`` lists the feature commands from ``LAZY_HELP`` without importing their modules;
the listed lines are the commands' own help."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import import_module

import click
from click.testing import CliRunner

from reviewer.cli import LAZY_COMMANDS, LAZY_HELP, LazyGroup, main


def test_every_lazy_command_has_its_own_first_help_paragraph() -> None:
    assert set(LAZY_HELP) == set(LAZY_COMMANDS)
    for name, target in LAZY_COMMANDS.items():
        mod, attr = target.split(":")
        cmd = getattr(import_module(mod), attr)
        first = inspect.cleandoc(cmd.help or "").split("\n\n")[0].replace("\n", " ")
        assert LAZY_HELP[name] == first, name


def test_help_listing_equals_the_listing_from_the_imported_commands() -> None:
    imported = LazyGroup(name=main.name, help=main.help, lazy=LAZY_COMMANDS, commands=main.commands, params=main.params)
    runner = CliRunner()
    fast, slow = runner.invoke(main, ["--help"]), runner.invoke(imported, ["--help"])
    assert fast.exit_code == slow.exit_code == 0
    assert fast.output == slow.output
    assert "vague" in fast.output and "archive" in fast.output


def test_help_imports_no_feature_module() -> None:
    code = ("import sys\nfrom reviewer.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy', 'jieba') or m.startswith('reviewer.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    assert out == "['reviewer.cli']", out


@click.command()
def _hello() -> None:
    """The command's own help."""
    click.echo("hello from the module")


def test_a_listed_command_still_runs_from_its_module() -> None:
    @click.group(cls=LazyGroup, lazy={"hi": f"{__name__}:_hello"}, lazy_help={"hi": "listed line"})
    def grp() -> None:
        """A group."""

    assert "listed line" in CliRunner().invoke(grp, ["--help"]).output
    res = CliRunner().invoke(grp, ["hi"])
    assert res.exit_code == 0 and res.output == "hello from the module\n"
    assert "The command's own help." in CliRunner().invoke(grp, ["hi", "--help"]).output
