"""``tape init NAME [--framework F]``: scaffold a project from a folder of ``tape/templates``.

Every ``*.tmpl`` file is copied without its suffix, ``$name`` replaced by the project name and
``$package`` by its Python package (the name lower-cased, ``-`` and ``.`` made ``_``: project
``Acme-Pay`` gets package ``acme_pay/``, from the template folder ``package/``). An existing
non-empty directory is refused (exit 2) unless ``--force``.
"""

from __future__ import annotations

import keyword
import re
import string
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

EXIT_USAGE = 2
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
#: Longest project name (it is a folder, a package and a distribution name).
MAX_NAME_CHARS = 64
#: The template folder that becomes the project's package.
PACKAGE_TEMPLATE = "package/"
#: Top-level packages a project's package must not shadow: what tape, its workers and the
#: scaffolds import (the standard library is checked too, with sys.stdlib_module_names).
_RESERVED = frozenset(
    {
        "tape",
        "worker",
        "celery",
        "kombu",
        "redis",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "psycopg2",
        "click",
        "rich",
        "yaml",
        "requests",
        "flower",
        "grpc",
        "google",
        "starlette",
        "jinja2",
        "uvicorn",
        "pydantic",
        "pydantic_ai",
        "langgraph",
        "langchain",
        "langchain_core",
        "openai",
        "agents",
        "opentelemetry",
        "prometheus_client",
        "pythonjsonlogger",
        "test",
        "tests",
    }
)


def package_name(project: str) -> str:
    """The Python package of project ``project``: lower-case, ``-`` and ``.`` as ``_``."""
    return re.sub(r"[-.]", "_", project).lower()


#: ``--framework`` choices: the agent framework a project is written against -> the folder of
#: ``tape/templates`` its scaffold comes from. One line per framework adapter.
FRAMEWORKS: dict[str, str] = {
    "tape": "project",  # tape's own @tape.agent
    "adk": "adk",  # Google ADK (pip install -e '.[adk]')
    "langgraph": "langgraph",  # LangGraph / LangChain (pip install -e '.[langgraph]')
    "pydantic-ai": "pydantic_ai",  # Pydantic AI (pip install -e '.[pydantic-ai]')
    "openai-agents": "openai_agents",  # OpenAI Agents SDK (pip install -e '.[openai-agents]')
}


def name_problem(project: str) -> str:
    """Why ``project`` cannot be a project name ("" when it can)."""
    shown = repr(project[:40] + "..." if len(project) > 40 else project)
    if not project:
        return "give a project name (letters, digits, _ . -; starting with a letter)"
    if len(project) > MAX_NAME_CHARS:
        return f"{shown} is longer than {MAX_NAME_CHARS} characters; choose a shorter name"
    if not _NAME.fullmatch(project):
        if not project[0].isascii() or not project[0].isalpha():
            return f"{shown} does not start with a letter; project names do"
        return f"{shown} is not a usable project name (letters, digits, _ . -)"
    package = package_name(project)
    if keyword.iskeyword(package):
        return (
            f"project {shown} would get the package {package!r}, a Python keyword "
            "(it cannot be imported); choose another name"
        )
    if package in _RESERVED or package in sys.stdlib_module_names:
        return (
            f"project {shown} would get the package {package!r}, which shadows a module it "
            "imports; choose another name"
        )
    return ""


def _name_problem(name: str) -> str:
    # NAME is a folder; the project is its last part ("." is the folder we are in).
    if not name.strip():
        return name_problem("")
    if len(name) > 4 * MAX_NAME_CHARS:  # a path that long is no project folder
        return name_problem(name)
    return name_problem(Path(name).resolve().name)


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
    problem = _name_problem(name)
    if problem:
        click.echo(f"tape: error: {problem}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    target = Path(name)
    project = target.resolve().name
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
