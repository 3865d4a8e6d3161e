"""``import tape`` and ``tape --help`` load no journal, SQLAlchemy or Celery (issue 28,
item 10): public names are imported on first use, and ``--help`` lists the commands from
:data:`tape.cli.SUMMARIES` instead of importing each. No timing is asserted; what is imported
is."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys

import click
from click.testing import CliRunner

from tape import cli

HEAVY = ("sqlalchemy", "celery", "alembic", "rich", "tape.journal", "tape.store", "tape.agents")

PROBE = """
import json, sys
from tape.cli import tape
try:
    tape(["--help"], prog_name="tape")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_by(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_tape_help_imports_no_journal_sqlalchemy_or_celery() -> None:
    loaded = _loaded_by(PROBE)

    assert [m for m in loaded if m.startswith(HEAVY)] == []
    assert "tape.cli.run" not in loaded and "tape.cli.dev" not in loaded


def test_import_tape_is_lazy_and_its_names_are_the_modules_objects() -> None:
    loaded = _loaded_by("import json, sys, tape; print(json.dumps(sorted(sys.modules)))")
    assert [m for m in loaded if m.startswith(HEAVY)] == []

    import tape
    import tape.agents.tools  # imports the submodule tape.enqueue
    from tape import enqueue as enqueue_module_function
    from tape.journal import Journal

    assert tape.Journal is Journal
    assert callable(tape.enqueue) and enqueue_module_function is tape.enqueue
    assert tape.enqueue is importlib.import_module("tape.enqueue").enqueue
    for name in tape.__all__:
        assert getattr(tape, name) is not None, name
    assert set(tape.__all__) <= set(dir(tape))


def _first_paragraph(command: click.Command) -> str:
    text = inspect.cleandoc(command.short_help) if command.short_help else (command.help or "")
    return " ".join(text.split("\n\n")[0].split())


def test_every_command_has_a_summary_equal_to_its_own_help() -> None:
    commands = {name: cli.tape.get_command(click.Context(cli.tape), name) for name in cli.COMMANDS}

    assert set(cli.SUMMARIES) == set(cli.COMMANDS)
    for name, command in commands.items():
        assert command is not None
        assert cli.SUMMARIES[name] == _first_paragraph(command), name


def test_help_lists_the_commands_as_click_would_after_importing_them() -> None:
    eager = click.Group(
        "tape",
        commands={
            name: cli.tape.get_command(click.Context(cli.tape), name) for name in cli.COMMANDS
        },
        help=cli.tape.help,
    )

    lazy_help = CliRunner().invoke(cli.tape, ["--help"]).output
    eager_help = CliRunner().invoke(eager, ["--help"]).output

    assert lazy_help.split("Commands:")[1] == eager_help.split("Commands:")[1]
