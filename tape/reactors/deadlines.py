"""Run deadlines: a durable timer that undoes a run still going when it fires.

``@tape.agent(deadline=...)`` or ``Agent.delay(deadline=...)`` arms one timer per run, kind
``deadline``, id ``deadline``, in the journal (``tape_timers``): durable time lives in the
database, never in a broker's countdown. The timer pass fires it at least once; its action
(:func:`fire`) undoes the run if it is still going (RUNNABLE, RUNNING, WAITING or STUCK):
cancelled, its held compensations due, ended CANCELLED with ``reason: "deadline"`` once the
compensation pass has run them (:meth:`tape.Journal.undo_run`). On a finished run it does
nothing, so a deadline that outlives its run is harmless and a second firing is a no-op.
"""

from __future__ import annotations

import datetime as dt

from tape import durations, errors
from tape.journal import Journal
from tape.records import TimerRecord

KIND = "deadline"
TIMER_ID = "deadline"
REASON = "deadline"

Deadline = float | int | str | dt.timedelta


def to_ms(deadline: Deadline | None, what: str = "deadline=") -> int:
    """``deadline`` (seconds, ``"90s"``/``"15m"``/``"2h"``, or a timedelta) in milliseconds;
    0 for None (no deadline).

    Raises:
        InvalidArgument: not a positive duration.
    """
    if deadline is None:
        return 0
    if isinstance(deadline, dt.timedelta):
        seconds = deadline.total_seconds()
    elif isinstance(deadline, bool):
        raise errors.InvalidArgument(f"{what} must be a duration, not a bool")
    elif isinstance(deadline, int | float):
        seconds = float(deadline)
    elif isinstance(deadline, str):
        try:
            seconds = durations.parse_seconds(deadline)
        except ValueError as exc:
            raise errors.InvalidArgument(f"{what} {exc}") from None
    else:
        raise errors.InvalidArgument(
            f"{what} must be seconds, a duration like '15m', or a timedelta, "
            f"not {type(deadline).__name__}"
        )
    if not seconds > 0 or seconds > 366 * 86400:
        raise errors.InvalidArgument(f"{what} must be more than 0 s and at most a year")
    return max(1, int(seconds * 1000))


def arm(journal: Journal, run_id: str, deadline_ms: int, *, now_ms: int | None = None) -> None:
    """Arm the run's deadline ``deadline_ms`` from now (from ``now_ms``). A run has one: an
    existing deadline is kept as it is (a re-sent ``.delay`` does not move it)."""
    start = now_ms if now_ms is not None else journal.database.now_ms()
    journal.set_timer(
        run_id=run_id,
        timer_id=TIMER_ID,
        kind=KIND,
        fire_at_ms=start + deadline_ms,
        payload_json={"reason": REASON, "deadline_ms": deadline_ms},
    )


def fire(journal: Journal, timer: TimerRecord) -> str:
    """The timer action: undo the run if it is still going, else nothing."""
    try:
        undone = journal.undo_run(run_id=timer.run_id, reason=REASON, undone_by="deadline")
    except errors.RunNotFound:
        return "ignored: no such run"
    if undone is None:
        status = journal.get_run(run_id=timer.run_id).status
        return f"ignored: run is {status.name}"
    return f"deadline: run {undone.status.name}"
