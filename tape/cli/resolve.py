"""``tape resolve``: an operator's way out of STUCK, journaled with who and why.

::

    tape resolve EFFECT_KEY --confirm | --compensate | --absent | --fail [--note TEXT]
                 [--run RUN_ID] [--response JSON] [--external-ref REF]
    tape resolve --obligation RUN_ID:SEQ --compensated | --stuck [--note TEXT]

``--confirm`` / ``--compensate`` set what the agent gets as the tool's result: ``--response``
(what the operator read in the upstream's books), else the operator's receipt
``{"status": "confirmed_by_operator", "operator": ..., "note": ..., "external_ref": ...}``;
never the body a stuck look left (that stays in the journal). ``--external-ref`` records the
upstream's id for the call.

The run of a default key (``<run_id>/decision-<i>/...``) is its prefix; a custom key needs
``--run``. The operator is ``$TAPE_OPERATOR``, else the OS user. Exit codes: ``0`` done, ``1``
refused (no such effect, or it is not UNKNOWN), ``2`` bad usage.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from typing import Any

import click

from tape import connection, errors, redaction
from tape.cli import EXIT_USAGE, database_url_option, errors_to_exit, render
from tape.enums import ObligationStatus

_EFFECT_ACTIONS = ("confirm", "compensate", "absent", "fail")
_OBLIGATION_ACTIONS = {"compensated": ObligationStatus.COMPENSATED, "stuck": ObligationStatus.STUCK}


def operator_name() -> str:
    """``$TAPE_OPERATOR``, else the OS user, else ``"unknown-operator"``."""
    name = os.environ.get("TAPE_OPERATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "unknown-operator"


def run_of(key: str) -> str:
    """The run id a default idempotency key starts with, or "" for a custom key."""
    run_id, sep, rest = key.partition("/")
    if sep and run_id and rest.startswith(("decision-", "no-decision/")):
        return run_id
    return ""


def _usage(message: str) -> None:
    click.echo(f"tape: error: {render.text(message)}", err=True)
    raise click.exceptions.Exit(EXIT_USAGE)


def _one(chosen: list[str], allowed: str) -> str:
    if len(chosen) != 1:
        given = ", ".join(f"--{c}" for c in chosen) or "none"
        _usage(f"give exactly one of {allowed} (given: {given})")
    return chosen[0]


@click.command("resolve")
@click.argument("effect_key", required=False, default="")
@click.option("--confirm", is_flag=True, help="The call landed: CONFIRMED.")
@click.option(
    "--compensate", is_flag=True, help="It landed and must be undone: CONFIRMED + an obligation."
)
@click.option("--absent", is_flag=True, help="It never landed: PENDING, dispatched again.")
@click.option("--fail", "fail_", is_flag=True, help="Give it up: FAILED.")
@click.option(
    "--obligation", default="", metavar="RUN_ID:SEQ", help="Resolve an obligation instead."
)
@click.option("--compensated", is_flag=True, help="(--obligation) The inverse was done by hand.")
@click.option("--stuck", is_flag=True, help="(--obligation) Park it STUCK.")
@click.option("--run", "run_id", default="", metavar="RUN_ID", help="The run of a custom key.")
@click.option("--note", default="", help="Why (journaled with the operator).")
@click.option(
    "--response",
    "response_text",
    default="",
    metavar="JSON",
    help="(--confirm/--compensate) The call's result, as the upstream's books show it.",
)
@click.option(
    "--external-ref",
    default="",
    metavar="REF",
    help="(--confirm/--compensate) The upstream's id for the call.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@database_url_option
def resolve_command(
    effect_key: str,
    confirm: bool,
    compensate: bool,
    absent: bool,
    fail_: bool,
    obligation: str,
    compensated: bool,
    stuck: bool,
    run_id: str,
    note: str,
    response_text: str,
    external_ref: str,
    as_json: bool,
    database_url: str,
) -> None:
    """Settle an UNKNOWN (stuck) effect, or an obligation, by hand."""
    effect_flags = dict(zip(_EFFECT_ACTIONS, (confirm, compensate, absent, fail_), strict=True))
    obligation_flags = {"compensated": compensated, "stuck": stuck}
    chosen_effect = [name for name, on in effect_flags.items() if on]
    chosen_obligation = [name for name, on in obligation_flags.items() if on]
    operator = operator_name()
    if obligation:
        if response_text or external_ref:
            _usage("--response and --external-ref go with --confirm or --compensate")
        if effect_key or chosen_effect:
            _usage("--obligation takes no EFFECT_KEY and none of --confirm/--compensate/...")
        action = _one(chosen_obligation, "--compensated, --stuck")
        run, _, seq_text = obligation.rpartition(":")
        # ASCII digits (isdigit() takes "²", which int() refuses); the journal checks the range.
        if not run or not re.fullmatch(r"[0-9]{1,20}", seq_text):
            _usage(f"--obligation must look like RUN_ID:SEQ, not {obligation!r}")
        with errors_to_exit(database_url):
            journal = connection.connect(database_url)
            run = journal.resolve_run_id(run)  # a unique prefix will do
            moved = journal.resolve_obligation(
                run_id=run,
                obligation_seq=int(seq_text),
                status=_OBLIGATION_ACTIONS[action],
                operator=operator,
                note=note,
            )
            # Resolving a run's last STUCK obligation releases the run: say where it is now.
            run_status = journal.get_run(run_id=run).status.name
            _report(
                as_json,
                f"obligation {run}:{moved.seq} ({moved.kind}) is {moved.status.name} "
                f"(by {operator}); run {run} is {run_status}",
                {
                    "obligation": f"{run}:{moved.seq}",
                    "kind": moved.kind,
                    "status": moved.status.name.lower(),
                    "run_status": run_status.lower(),
                    "operator": operator,
                    "note": note,
                },
            )
        return
    if chosen_obligation:
        _usage("--compensated and --stuck go with --obligation RUN_ID:SEQ")
    if not effect_key:
        _usage("give an EFFECT_KEY (or --obligation RUN_ID:SEQ)")
    action = _one(chosen_effect, "--confirm, --compensate, --absent, --fail")
    response = _response(action, response_text, external_ref)
    given_run = run_id
    run_id = run_id or run_of(effect_key)
    if not run_id:
        _usage(f"cannot tell the run of custom key {effect_key!r}: pass --run RUN_ID")
    with errors_to_exit(database_url):
        journal = connection.connect(database_url)
        if given_run:  # a unique prefix will do; a key names its run in full
            run_id = journal.resolve_run_id(run_id)
        if journal.get_effect(run_id=run_id, idempotency_key=effect_key) is None:
            raise errors.EffectNotFound(f"no such effect: {effect_key!r} (run {run_id})")
        effect = journal.resolve_effect(
            run_id=run_id,
            idempotency_key=effect_key,
            action=action,
            operator=operator,
            note=note,
            response_json=response,
            external_ref=external_ref,
        )
        run_status = journal.get_run(run_id=run_id).status.name
        result = ""
        if action in ("confirm", "compensate"):
            given = "the given response" if response is not None else "an operator receipt"
            result = f"; the agent gets {given}"
        _report(
            as_json,
            f"effect {effect_key} is {effect.status.name} ({action}, by {operator}){result}; "
            f"run {run_id} is {run_status}",
            {
                "effect": effect_key,
                "run_id": run_id,
                "action": action,
                "status": effect.status.name.lower(),
                "run_status": run_status.lower(),
                "operator": operator,
                "note": note,
                "response": effect.response,
                "external_ref": effect.external_ref,
            },
        )


def _response(action: str, text: str, external_ref: str) -> Any:
    """The parsed ``--response`` (None when not given); usage errors exit 2."""
    if (text or external_ref) and action not in ("confirm", "compensate"):
        _usage("--response and --external-ref go with --confirm or --compensate")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        _usage(f"--response is not JSON: {exc}")
    return None


def _report(as_json: bool, line: str, data: dict[str, Any]) -> None:
    if as_json:
        click.echo(json.dumps(redaction.redact(data), sort_keys=True))
    else:
        click.echo(render.text(redaction.redact_text(line, limit=None)))
