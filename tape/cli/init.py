"""``tape init NAME [--framework F]``: scaffold a project from a folder of ``tape/templates``.

Every ``*.tmpl`` file is copied without its suffix, ``$name`` replaced by the project name and
``$package`` by its Python package (the name lower-cased, ``-`` and ``.`` made ``_``: project
``Acme-Pay`` gets package ``acme_pay/``, from the template folder ``package/``). An existing
non-empty directory is refused (exit 2) unless ``--force``.
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
#: The template folder that becomes the project's package.
PACKAGE_TEMPLATE = "package/"
#: Package names that would shadow what the project imports.
_RESERVED = frozenset({"tape", "celery", "kombu", "redis", "test", "tests"})


def package_name(project: str) -> str:
    """The Python package of project ``project``: lower-case, ``-`` and ``.`` as ``_``."""
    return re.sub(r"[-.]", "_", project).lower()


#: ``--framework`` choices: the agent framework a project is written against -> the folder of
#: ``tape/templates`` its scaffold comes from. One line per framework adapter.
FRAMEWORKS: dict[str, str] = {
    "tape": "project",  # tape's own @tape.agent
    "adk": "adk",  # Google ADK (pip install 'tape[adk]')
    "langgraph": "langgraph",  # LangGraph / LangChain (pip install 'tape[langgraph]')
    "pydantic-ai": "pydantic_ai",  # Pydantic AI (pip install 'tape[pydantic-ai]')
    "openai-agents": "openai_agents",  # OpenAI Agents SDK (pip install 'tape[openai-agents]')
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
    package = package_name(name)
    written = []
    for relative, template in _templates(root):
        if relative.startswith(PACKAGE_TEMPLATE):
            relative = package + "/" + relative[len(PACKAGE_TEMPLATE) :]
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template(template.read_text(encoding="utf-8")).safe_substitute(
            name=name, package=package
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
    help="The agent framework the scaffolded agent is written against.",
)
def init(name: str, force: bool, framework: str) -> None:
    """Create a project NAME/: <package>/agent.py, tape.yaml, pyproject.toml, README.md."""
    target = Path(name)
    project = target.resolve().name
    if not _NAME.match(project):
        click.echo(
            f"tape: error: {project!r} is not a usable project name (letters, digits, _ . -)",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_USAGE)
    if package_name(project) in _RESERVED:
        click.echo(
            f"tape: error: project {project!r} would get the package {package_name(project)!r}, "
            "which shadows a module it imports; choose another name",
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
    click.echo(
        f"\nNext:\n  cd {name}\n  pip install -e .\n  tape dev --kill-resume-demo\n"
        f"  tape dev          # then, in another shell: tape run pay_invoice --arg invoice=INV-1 "
        "--arg account=ACME-001 --arg amount=100 --arg date=2025-01-31 --wait"
    )
