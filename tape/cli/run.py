"""``tape run AGENT``: start a run of an agent, as ``agent.delay(...)`` would, from a shell.

::

    tape run AGENT [--input JSON | --arg KEY=VALUE ...] [--scope S ...] [--invocation-id ID]
                   [--wait]

The configuration is ``tape dev``'s (:func:`tape.cli.devproject.resolve`: flags, then
``TAPE_DATABASE_URL`` / ``TAPE_BROKER_URL``, then ``tape.yaml``, then the embedded defaults),
so under a running ``tape dev`` the run lands in its journal and on its broker. ``AGENT`` is an
agent's name in the project's app module (``tape.yaml``'s ``project.module``, or ``--app``), or
``module:attribute``. An ``--arg`` value is read as JSON when it parses (``amount=100`` is a
number) and as a string otherwise; ``--arg`` keys override ``--input`` keys. ``--scope S``
(repeatable) grants the run an authorization scope, on top of the agent's
``@tape.agent(scopes=[...])``: a run that lacks a scope its agent's tools require is refused
before anything is journaled (:mod:`tape.agents.scopes`).

Prints ``run <run_id> started``; with ``--wait`` then the run's end and its result (or error)
as JSON. Exit codes: ``0`` started (with ``--wait``: TERMINAL), ``1`` the run ended otherwise or
did not settle in ``--timeout``, ``2`` bad usage (unknown agent, bad input, bad arguments, a
required scope not granted).
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from tape import errors, migrations, redaction
from tape.cli import EXIT_FAILURE, EXIT_USAGE, devproject, errors_to_exit
from tape.enums import RunStatus


def _usage(message: str) -> None:
    click.echo(f"tape: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_USAGE)


def parse_inputs(input_json: str, pairs: tuple[str, ...]) -> dict[str, Any]:
    """The run's inputs from ``--input`` and ``--arg`` (which wins on the same key).

    Raises:
        InvalidArgument: ``--input`` is not a JSON object, or an ``--arg`` has no ``=``.
    """
    inputs: dict[str, Any] = {}
    if input_json:
        try:
            parsed = json.loads(input_json)
        except ValueError as exc:
            raise errors.InvalidArgument(f"--input is not JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise errors.InvalidArgument("--input must be a JSON object of the agent's arguments")
        inputs.update(parsed)
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise errors.InvalidArgument(f"--arg must look like KEY=VALUE, not {pair!r}")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        inputs[key.strip()] = value
    return inputs


def _configure(project: devproject.DevProject) -> None:
    """Point this process's Python API (runtime settings, the Celery app) at the project.

    Through the runtime's settings, never by writing ``os.environ``: the Celery app and
    ``.delay()`` read :func:`tape.runtime.settings`.
    """
    from tape import config, runtime

    env = {
        **os.environ,
        "TAPE_DATABASE_URL": project.database_url,
        "TAPE_BROKER_URL": project.broker_url,
        "TAPE_IMPORTS": os.environ.get("TAPE_IMPORTS") or project.app_module,
    }
    runtime.configure(config.Settings.from_env(env))
    if str(project.workdir) not in sys.path:
        sys.path.insert(0, str(project.workdir))


def find_agent(spec: str, app_module: str) -> Any:
    """The agent named ``spec`` (declared by ``app_module``), or ``module:attribute``.

    Raises:
        ConfigurationError: the module cannot be imported, or declares no such agent.
    """
    from tape.agents import runner

    if ":" in spec:
        found = devproject.load_entrypoint(spec)
    else:
        devproject.load_entrypoint(app_module)
        found = runner.registered().get(spec)
        if found is None:
            known = ", ".join(sorted(runner.registered())) or "none"
            raise errors.ConfigurationError(
                f"no agent named {spec!r} in {app_module} (agents: {known})"
            )
    if not isinstance(found, runner.Agent):
        raise errors.ConfigurationError(f"{spec!r} is not a @tape.agent")
    return found


@click.command("run")
@click.argument("agent_name", metavar="AGENT")
@click.option("--input", "input_json", default="", metavar="JSON", help="Inputs as an object.")
@click.option("--arg", "pairs", multiple=True, metavar="KEY=VALUE", help="One input (repeat).")
@click.option("--scope", "scopes", multiple=True, metavar="S", help="Grant a scope (repeat).")
@click.option("--invocation-id", default="", metavar="ID", help="The same ID: the same run.")
@click.option("--wait", is_flag=True, help="Wait for the run to end; print its result.")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option("--database-url", default="", metavar="URL", help="Journal (default: tape dev's).")
@click.option("--broker-url", default="", metavar="URL", help="Broker (default: tape dev's).")
@click.option("--app", default="", metavar="MODULE", help="App module declaring the agent.")
def run_command(
    agent_name: str,
    input_json: str,
    pairs: tuple[str, ...],
    scopes: tuple[str, ...],
    invocation_id: str,
    wait: bool,
    timeout: float,
    database_url: str,
    broker_url: str,
    app: str,
) -> None:
    """Start a run of AGENT (what `tape dev` runs), print its id; --wait for its result."""
    try:
        inputs = parse_inputs(input_json, pairs)
    except errors.InvalidArgument as exc:
        _usage(str(exc))
    with errors_to_exit(database_url):
        project = devproject.resolve(
            Path.cwd().resolve(), database_url=database_url, broker_url=broker_url, app=app
        )
    _configure(project)
    with errors_to_exit(project.database_url):
        try:
            migrations.check_schema(project.database_url)
        except errors.SchemaNotReady as exc:
            raise errors.SchemaNotReady(f"{exc} (or start `tape dev` here, which does)") from None
        try:
            agent = find_agent(agent_name, project.app_module)
        except errors.ConfigurationError as exc:
            _usage(str(exc))
        handle = _start(agent, inputs, invocation_id, scopes)
        if handle.resumed:  # the same --invocation-id: the same run, not a second one
            click.echo(
                f"already started: {handle.run_id} (agent {agent.name}, the same "
                "--invocation-id names the same run)"
            )
        else:
            click.echo(f"run {handle.run_id} started (agent {agent.name})")
        if wait:
            _wait(handle, timeout)


def _start(agent: Any, inputs: dict[str, Any], invocation_id: str, scopes: tuple[str, ...]) -> Any:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", errors.DispatchDeferred)
        try:
            handle = agent.delay(invocation_id=invocation_id or None, scopes=scopes, **inputs)
        except errors.InvalidArgument as exc:  # bad arguments, a bad or missing scope
            _usage(str(exc))
    for warning in caught:
        if issubclass(warning.category, errors.DispatchDeferred):
            click.echo(f"tape: warning: {warning.message}", err=True)
    return handle


def _wait(handle: Any, timeout: float) -> None:
    try:
        run = handle.wait(timeout=timeout)
    except TimeoutError:
        status = handle.state().status.name
        click.echo(
            f"run {handle.run_id} is still {status} after {timeout:g}s (is `tape dev` or a "
            f"worker running?); follow it with: tape inspect {handle.run_id}",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_FAILURE) from None
    click.echo(f"run {run.run_id} {run.status.name}")
    detail = run.detail or {}
    shown = detail.get("result") if run.status == RunStatus.TERMINAL else detail
    click.echo(json.dumps(redaction.redact(shown), indent=2, sort_keys=True, default=str))
    if run.status != RunStatus.TERMINAL:
        if run.status == RunStatus.STUCK:
            click.echo(f"see what holds it: tape status  /  tape inspect {run.run_id}", err=True)
        raise click.exceptions.Exit(EXIT_FAILURE)
