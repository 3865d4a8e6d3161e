"""``tape init NAME``: scaffold a project from ``tape/templates/project``.

Every ``*.tmpl`` file is copied without its suffix, ``$name`` replaced by the project name.
``--framework`` picks the agent's framework (:data:`FRAMEWORKS`): its folder under
``tape/templates/frameworks/`` is laid over the project's files (same paths win), and the
project depends on tape with that framework's extra (``$tape_requirement``).
An existing non-empty directory is refused (exit 2) unless ``--force``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

EXIT_USAGE = 2
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Framework:
    """A ``--framework`` choice: the template folder laid over the project, tape's extra."""

    overlay: str = ""
    extra: str = ""

    @property
    def requirement(self) -> str:
        return f"tape[{self.extra}]" if self.extra else "tape"


#: ``tape init --framework`` choices; "tape" is tape's own ``@tape.agent`` loop.
FRAMEWORKS: dict[str, Framework] = {
    "tape": Framework(),
    "openai-agents": Framework("openai_agents", "openai-agents"),
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
    """Write the project files under ``target``; returns the paths written."""
    chosen = FRAMEWORKS[framework]
    templates = resources.files("tape.templates")
    files = dict(_templates(templates.joinpath("project")))
    if chosen.overlay:
        files.update(_templates(templates.joinpath("frameworks").joinpath(chosen.overlay)))
    written = []
    for relative, template in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template(template.read_text(encoding="utf-8")).safe_substitute(
            name=name, tape_requirement=chosen.requirement
        )
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
    help="The agent's framework (its adapter comes with tape's extra of the same name).",
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
