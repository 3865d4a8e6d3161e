"""The event bus in the shell: ``tape tail``, ``tape reactions``, ``tape tasks``.

- ``tape tail`` streams journal rows as they commit (all runs), from now on unless
  ``--from-seq N`` (``0``: the whole journal first), filtered by subject pattern, kind, run and
  CEL predicate; ``--raw`` prints one JSON object per row.
- ``tape reactions`` lists reactions with their state (active, or paused with the reason),
  cursor and lag (rows left to match) and task counts; ``tape reactions resume ID`` lifts a
  pause; ``tape tasks list|retry|dlq`` inspects tasks and sends DLQ tasks back.
Every listing takes ``--json``.
"""

from __future__ import annotations

import json
from typing import Any

import click

from tape import redaction
from tape.cli import database_url_option, errors_to_exit, render
from tape.cli.redrive import operator_name
from tape.enums import TaskStatus
from tape.events.records import TaskRecord
from tape.journal import Journal


@click.command("tail")
@database_url_option
@click.option("--subject", "-s", default="", metavar="PATTERN", help="Subject pattern.")
@click.option("--kind", "-k", default="", help="Only rows of this kind (effect, run, ...).")
@click.option("--run", "-r", "run_id", default="", help="Only rows of this run.")
@click.option("--predicate", "-p", default="", metavar="CEL", help="CEL over the envelope.")
@click.option(
    "--from-seq",
    "--from-global-seq",
    "-g",
    "from_seq",
    default=None,
    type=click.IntRange(min=0),
    metavar="SEQ",
    help="Rows after the row with this global seq, in the journal's order (0: replay the "
    "whole journal); default: from now on.",
)
@click.option("--limit", "-n", default=0, type=click.IntRange(min=0), help="Stop after N rows.")
@click.option("--idle-exit", default=0.0, type=float, help="Stop after S seconds without rows.")
@click.option("--raw", is_flag=True, help="One JSON object per row (JSONL).")
def tail(
    database_url: str,
    subject: str,
    kind: str,
    run_id: str,
    predicate: str,
    from_seq: int | None,
    limit: int,
    idle_exit: float,
    raw: bool,
) -> None:
    """Stream journal rows of every run as they commit, from now on (Ctrl-C stops);
    --from-seq 0 replays the journal first."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        if run_id:
            run_id = journal.resolve_run_id(run_id)  # a unique prefix will do
        if from_seq is None:  # the tail, as `tail -f` shows it: what commits from now on
            _, from_seq = journal.reaction_lag()
        rows = journal.subscribe(
            subject_pattern=subject,
            predicate=predicate,
            from_global_seq=from_seq,
            kind=kind,
            run_id=run_id,
            idle_timeout_s=idle_exit or None,
        )
        shown = 0
        try:
            for entry in rows:
                if raw:
                    click.echo(json.dumps(render.record_dict(entry), default=str), nl=True)
                else:
                    payload = render.compact(render.record_dict(entry)["payload"], 80)
                    click.echo(
                        f"{entry.global_seq:>8} {render.fmt_ms(entry.ts_ms)} "
                        f"{render.text(entry.subject)} {render.text(payload)}"
                    )
                shown += 1
                if limit and shown >= limit:
                    break
        except KeyboardInterrupt:
            pass


def reactions_snapshot(journal: Journal) -> list[dict[str, Any]]:
    found, head = journal.reaction_lag()
    out = []
    for reaction in found:
        counts = journal.count_tasks(reaction_id=reaction.reaction_id)
        out.append(
            {
                "reaction_id": reaction.reaction_id,
                "name": reaction.name,
                "subject_pattern": reaction.subject_pattern,
                "predicate": reaction.predicate_cel,
                "handler_kind": reaction.handler_kind.name,
                "target": reaction.agent_app or reaction.publish_target,
                "max_concurrency": reaction.max_concurrency,
                "rate_limit_per_s": reaction.rate_limit_per_s,
                "debounce_ms": reaction.debounce_ms,
                "dlq_after_n": reaction.dlq_after_n,
                "cursor": reaction.cursor,
                "lag": max(0, head - reaction.cursor),
                "tasks": {s.name: n for s, n in sorted(counts.items())},
                "paused": reaction.paused,
                "paused_at_ms": reaction.paused_at_ms,
                "paused_reason": reaction.paused_reason,
            }
        )
    return out


@click.group("reactions", invoke_without_command=True)
@database_url_option
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def reactions(ctx: click.Context, database_url: str, as_json: bool) -> None:
    """Registered reactions, their state (paused: the matcher skips it), cursor lag and task
    counts; "tape reactions resume ID" lifts a pause."""
    if ctx.invoked_subcommand is not None:
        return
    with errors_to_exit(database_url):
        rows = reactions_snapshot(render.open_journal(database_url))
        if as_json:
            render.echo_json(rows)
            return
        columns = ["reaction", "pattern", "kind", "state", "cursor", "lag", "tasks"]
        render.console().print(
            render.table(
                "Reactions",
                columns,
                (
                    [
                        r["reaction_id"],
                        r["subject_pattern"] or "(all)",
                        r["handler_kind"],
                        f"PAUSED: {r['paused_reason']}" if r["paused"] else "active",
                        r["cursor"],
                        r["lag"],
                        " ".join(f"{k}={v}" for k, v in r["tasks"].items()) or "-",
                    ]
                    for r in rows
                ),
            )
        )


@reactions.command("resume")
@click.argument("reaction_id")
@database_url_option
@click.option("--note", default="", help="Why (journaled).")
def resume(reaction_id: str, database_url: str, note: str) -> None:
    """Lift the pause the matcher put on REACTION_ID (its predicate overran its budget); it
    matches again from its cursor. Fix or re-register the predicate first, or it may be paused
    again."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        journal.resume_reaction(reaction_id=reaction_id, operator=operator_name(), note=note)
        click.echo(f"reaction {render.text(reaction_id)} resumed")


def _task_row(task: TaskRecord) -> dict[str, Any]:
    out = render.record_dict(task)
    out.pop("payload", None)
    out["payload_json"] = redaction.redact(task.payload_json)
    return out


def _print_tasks(title: str, found: list[TaskRecord], as_json: bool) -> None:
    if as_json:
        render.echo_json([_task_row(t) for t in found])
        return
    render.console().print(
        render.table(
            title,
            ["task", "reaction", "status", "attempts", "row", "subject", "error"],
            (
                [
                    t.task_id,
                    t.reaction_id,
                    t.status.name,
                    t.attempts,
                    t.source_global_seq,
                    t.subject,
                    render.compact(redaction.redact_text(t.last_error), 50) if t.last_error else "",
                ]
                for t in found
            ),
        )
    )


@click.group("tasks")
def tasks() -> None:
    """Reaction tasks: list them, look at the DLQ, send DLQ tasks back."""


@tasks.command("list")
@database_url_option
@click.option("--reaction", "reaction_id", default="", help="Only this reaction's tasks.")
@click.option(
    "--status",
    type=click.Choice([s.name.lower() for s in TaskStatus if s], case_sensitive=False),
    default=None,
)
@click.option("--limit", "-n", default=200, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True)
def list_command(
    database_url: str, reaction_id: str, status: str | None, limit: int, as_json: bool
) -> None:
    """Tasks, newest first."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        found = journal.list_tasks(reaction_id=reaction_id, status=status, limit=limit)
        _print_tasks("Tasks", found, as_json)


@tasks.command("dlq")
@database_url_option
@click.option("--reaction", "reaction_id", default="", help="Only this reaction's tasks.")
@click.option("--limit", "-n", default=200, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True)
def dlq(database_url: str, reaction_id: str, limit: int, as_json: bool) -> None:
    """Tasks in the dead-letter queue, with their last error."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        found = journal.list_tasks(reaction_id=reaction_id, status=TaskStatus.DLQ, limit=limit)
        _print_tasks("Dead-letter queue", found, as_json)


@tasks.command("retry")
@click.argument("task_ids", nargs=-1)
@database_url_option
@click.option("--all", "all_dlq", is_flag=True, help="Every DLQ task (of --reaction).")
@click.option("--reaction", "reaction_id", default="", help="With --all: this reaction's.")
@click.option("--note", default="", help="Why (journaled).")
@click.option("--json", "as_json", is_flag=True)
def retry(
    task_ids: tuple[str, ...],
    database_url: str,
    all_dlq: bool,
    reaction_id: str,
    note: str,
    as_json: bool,
) -> None:
    """Send DLQ tasks back: PENDING, due now, attempts from zero."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        ids = list(task_ids)
        if all_dlq:
            ids += [
                t.task_id
                for t in journal.list_tasks(
                    reaction_id=reaction_id, status=TaskStatus.DLQ, limit=10_000
                )
            ]
        if not ids and all_dlq:  # nothing to send back is not a mistake
            if as_json:
                render.echo_json([])
            else:
                click.echo(
                    "no task in the DLQ"
                    + (f" of {render.text(reaction_id)}" if reaction_id else "")
                )
            return
        if not ids:
            raise click.UsageError("give task ids, or --all")
        # Check every id first, so a typo changes nothing.
        for task_id in ids:
            journal.get_task(task_id=task_id)
        done = [journal.retry_task(task_id=t, operator=operator_name(), note=note) for t in ids]
        if as_json:
            render.echo_json([_task_row(t) for t in done])
        else:
            for task in done:
                click.echo(f"task {render.text(task.task_id)} sent back (PENDING)")
