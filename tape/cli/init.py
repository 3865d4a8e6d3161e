"""``tape init NAME [--framework F]``: scaffold a project from a folder of ``tape/templates``.

Every ``*.tmpl`` file is copied without its suffix, ``$name`` replaced by the project name.
An existing non-empty directory is refused (exit 2) unless ``--force``.
"""

from __future__ import annotations

import re
import string
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

EXIT_USAGE = 2
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")

#: ``--framework`` choices: the agent framework a project is written against -> the folder of
#: ``tape/templates`` its scaffold comes from. One line per framework adapter.
FRAMEWORKS: dict[str, str] = {
    "tape": "project",  # tape's own @tape.agent
    "langgraph": "langgraph",  # LangGraph / LangChain (pip install 'tape[langgraph]')
    "pydantic-ai": "pydantic_ai",  # Pydantic AI (pip install 'tape[pydantic-ai]')
}


def _templates(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in root.iterdir():
        relative = f"{prefix}{item.name}"
        if item.is_dir():
            found.extend(_templates(item, relative + "/"))
        elif item.name.endswith(".tmpl"):
            found.append((relative[: -len(".tmpl")], item))
    return sorted(found, key=lambda pair: pair[0])


def scaffold(target: Path, name: str, framework: str = "tape") -> list[Path]:
    """Write the project files for ``framework`` under ``target``; returns the paths written."""
    root = resources.files("tape.templates").joinpath(FRAMEWORKS[framework])
    written = []
    for relative, template in _templates(root):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template(template.read_text(encoding="utf-8")).safe_substitute(name=name)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@click.command("init")
@click.argument("name")
@click.option("--force", is_flag=True, help="Write into an existing non-empty directory.")
@click.option(
    "--framework",
    type=click.Choice(sorted(FRAMEWORKS)),
    default="tape",
    show_default=True,
    help="The agent framework the scaffolded agent is written against.",
)
def init(name: str, force: bool, framework: str) -> None:
    """Create a project NAME/: app/agent.py, tape.yaml, pyproject.toml, README.md."""
    target = Path(name)
    project = target.resolve().name
    if not _NAME.match(project):
        click.echo(
            f"tape: error: {project!r} is not a usable project name (letters, digits, _ . -)",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_USAGE)
    if target.exists() and not target.is_dir():
        click.echo(f"tape: error: {name} exists and is not a directory", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    if target.is_dir() and any(target.iterdir()) and not force:
        click.echo(
            f"tape: error: {name}/ exists and is not empty; pass --force to write into it",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_USAGE)
    written = scaffold(target, project, framework)
    for path in written:
        click.echo(f"  created {path}")
    click.echo(f"\nNext:\n  cd {name}\n  pip install -e .\n  tape dev --kill-resume-demo")
