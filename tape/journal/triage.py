"""The triage read model: what needs a human, read once and shown the same everywhere.

``tape status``, ``tape doctor --live``, the dashboard's triage page and header, and the
journal gauges of ``/metrics`` all read what needs attention here, so they cannot disagree
on what is STUCK, UNKNOWN or waiting. Everything is read through the :class:`~tape.Journal`
(no SQL here), and returned as plain JSON-ready dicts with every journaled value redacted
(:mod:`tape.redaction`): what a screen shows from here holds no secret.

Each effect row (:func:`effect_rows`) is its record (:func:`record_dict`) plus what an operator
decides with: ``amount`` (the request's ``amount`` / ``amount_*`` field, with its ``currency``)
or else ``request_summary`` (the request on one short line), its ``business_key``,
``last_error`` (the last dispatch's error, one line), ``last_observation`` (what the
reconciler's last look at the upstream found, who looked, when, and why it could not tell)
and ``waiting_on_connector`` (an outbox effect whose connector no worker registers:
:mod:`tape.unregistered`). A run row (:func:`run_row`) has no end time unless the run is over:
a STUCK run waits for a human, it has not ended. Times are ISO-8601 in UTC with a ``Z``
(:func:`iso_ms`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from tape import errors, redaction, unregistered
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.journal import divergence
from tape.records import EffectRecord, JournalEntry, RunState
from tape.state import RUN_FINAL

#: Rows read per category.
LIMIT = 10_000
#: Categories of :func:`read`, in the order screens list them.
CATEGORIES = (
    "runs_needing_recovery",
    "runs_stuck",
    "runs_diverged",
    "effects_unknown",
    "effects_pending_old",
    "effects_waiting_on_connector",
    "obligations_stuck",
    "obligations_pending_or_expired",
    "outbox_dispatch_ready",
    "timers_overdue",
)
#: The request fields taken as its amount (the first found, top level or one level down).
AMOUNT_FIELDS = ("amount", "amount_cents", "amount_minor", "total", "value")
#: Longest ``request_summary`` / ``input_summary`` / ``detail`` shown.
SUMMARY_CHARS = 80
#: Longest ``last_error`` shown.
ERROR_CHARS = 240
#: Most journal rows read per run to find its effects' last observations.
_OBSERVATION_PAGE = 10_000


def iso_ms(ms: int, *, millis: bool = False) -> str:
    """Epoch milliseconds as ISO-8601 in UTC with its zone (``2026-01-31T09:15:02Z``; with
    ``millis`` ``...02.345Z``), ``-`` for 0 (never happened)."""
    if not ms:
        return "-"
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(value: Any) -> Any:
    return value.name if isinstance(value, Enum) else value


def record_dict(record: Any) -> dict[str, Any]:
    """A journal record (frozen dataclass) as a JSON-ready dict: enums by name, ``*_json``
    fields parsed into a key without the suffix, secrets in every value redacted
    (:func:`tape.redaction.redact`)."""
    out: dict[str, Any] = {}
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        if item.name.endswith("_json"):
            key = item.name[: -len("_json")]
            try:
                out[key] = redaction.redact(json.loads(value) if value else None)
            except ValueError:
                out[key] = redaction.redact(value)
            continue
        if isinstance(value, tuple):
            value = [record_dict(v) if dataclasses.is_dataclass(v) else v for v in value]
        # The record's own field names are tape's (``key`` of a value is no credential): only
        # what the field holds is judged.
        out[item.name] = redaction.redact(_plain(value))
    return out


def compact(value: Any, limit: int = SUMMARY_CHARS) -> str:
    """A JSON value (already redacted) on one line, cut to ``limit`` characters ("" for none)."""
    if value is None or value == "":
        return ""
    shown = value if isinstance(value, str) else json.dumps(value, default=str)
    shown = " ".join(shown.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def amount(request: Any) -> str:
    """The amount a (redacted) request carries: its ``amount`` (or ``amount_cents``, ...)
    field, at the top level or one level down, with a ``currency`` beside it; "" if none."""
    if not isinstance(request, dict):
        return ""
    for holder in (request, *(v for v in request.values() if isinstance(v, dict))):
        for name in AMOUNT_FIELDS:
            value = holder.get(name)
            if isinstance(value, bool) or value is None or isinstance(value, dict | list):
                continue
            currency = holder.get("currency")
            unit = f" {currency}" if isinstance(currency, str) and currency else ""
            suffix = "" if name in ("amount", "total", "value") else f" ({name})"
            return compact(f"{value}{unit}{suffix}", 40)
    return ""


def _one_line(text: str, limit: int = ERROR_CHARS) -> str:
    shown = " ".join(redaction.redact_text(text, limit=None).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _why(value: Any) -> str:
    """Why a look could not tell, from what it left (``reason``, HTTP status, message)."""
    if isinstance(value, dict):
        reason = value.get("reason")
        nested = next((v for v in value.values() if isinstance(v, dict) and "reason" in v), None)
        if not isinstance(reason, str) and nested is not None:
            return _why(nested)
        if isinstance(reason, str) and reason:
            rest = {k: v for k, v in value.items() if k != "reason"}
            code = rest.pop("status_code", None)
            head = f"{reason} (HTTP {code})" if code else reason
            return compact(f"{head}: {compact(rest, 400)}" if rest else head, SUMMARY_CHARS * 2)
    return compact(value, SUMMARY_CHARS * 2)


def observation(entry: JournalEntry, effect: dict[str, Any]) -> dict[str, Any]:
    """What one observation row of the journal says: ``found`` (``stuck``, ``absent``,
    ``confirmed``, ... or ``unobservable``), ``observed_by``, ``at_ms`` / ``at`` and
    ``detail`` (why a stuck look could not tell: its answer, redacted)."""
    payload = entry.payload
    transition = str(payload.get("transition", ""))
    found = transition.removeprefix("observed-")
    if transition == "redispatch-unobserved":
        found = "unobservable (sent again with its key)"
    detail = ""
    if found == "stuck" and effect.get("stuck"):
        # A stuck look leaves its answer on the effect (until an operator resolves it).
        detail = _why(effect.get("response"))
    observed_by = str(payload.get("observed_by", "") or "nobody")
    return {
        "found": found,
        "observed_by": observed_by,
        "at_ms": entry.ts_ms,
        "at": iso_ms(entry.ts_ms),
        "detail": _one_line(detail, SUMMARY_CHARS * 2) if detail else "",
    }


def _is_observation(entry: JournalEntry) -> bool:
    transition = str(entry.payload.get("transition", ""))
    return transition.startswith("observed-") or transition == "redispatch-unobserved"


def last_observations(
    journal: Any, effects: Sequence[EffectRecord]
) -> dict[tuple[str, str], JournalEntry]:
    """The last observation row of each effect that was looked at, by ``(run_id, key)``:
    each run's effect rows read once from the first such effect on (``read_journal``)."""
    wanted: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    for effect in effects:
        wanted.setdefault(effect.run_id, set()).add(effect.idempotency_key)
        first[effect.run_id] = min(first.get(effect.run_id, effect.seq), effect.seq)
    found: dict[tuple[str, str], JournalEntry] = {}
    for run_id, keys in wanted.items():
        from_seq = first[run_id]
        while True:
            rows = journal.read_journal(
                run_id=run_id, from_seq=from_seq, kind="effect", limit=_OBSERVATION_PAGE
            )
            for row in rows:
                key = str(row.payload.get("idempotency_key", ""))
                if key in keys and _is_observation(row):
                    found[(run_id, key)] = row  # rows come oldest first: the last one stays
            if len(rows) < _OBSERVATION_PAGE:
                break
            from_seq = max(r.seq for r in rows) + 1
    return found


def _last_error(effect: EffectRecord) -> str:
    """The last dispatch's error on one line: a connector's structured error as
    ``reason (type): message``, an unregistered connector's mark as its message."""
    text = effect.last_dispatch_error
    mark = unregistered.parse(text)
    if mark is not None:
        return _one_line(str(mark.get("message", "")))
    try:
        error = json.loads(text) if text.startswith("{") else None
    except ValueError:
        error = None
    if isinstance(error, dict) and (error.get("reason") or error.get("message")):
        kind = f" ({error['type']})" if error.get("type") else ""
        head = str(error.get("reason") or "error") + kind
        return _one_line(f"{head}: {error['message']}" if error.get("message") else head)
    return _one_line(text)


def observation_text(seen: dict[str, Any] | None) -> str:
    """The reconciler's last look on one line (``stuck at <time>: <why>``, ``... by connector``
    when someone is named), or "" when nobody looked yet."""
    if not seen:
        return ""
    by = f" by {seen['observed_by']}" if seen["observed_by"] != "nobody" else ""
    line = f"{seen['found']}{by} at {seen['at']}"
    return f"{line}: {seen['detail']}" if seen.get("detail") else line


def connector_wait(effect: EffectRecord) -> dict[str, Any] | None:
    """``{"connector", "since_ms", "worker"}`` of an effect waiting on a connector no worker
    registers (as the last pass that looked marked it), else None."""
    found = unregistered.waiting(effect)
    if found is None:
        return None
    return {
        "connector": str(found.get("connector", effect.connector)),
        "since_ms": int(found.get("since_ms") or 0),
        "worker": str(found.get("worker", "")),
    }


def effect_row(effect: EffectRecord, seen: JournalEntry | None = None) -> dict[str, Any]:
    """One effect as every triage screen shows it (see the module's docstring)."""
    row = record_dict(effect)
    row["stuck"] = effect.status == EffectStatus.UNKNOWN and effect.stuck
    row["amount"] = amount(row["request"])
    row["request_summary"] = compact(row["request"])
    row["last_error"] = _last_error(effect)
    row["last_observation"] = observation(seen, row) if seen is not None else None
    row["waiting_on_connector"] = connector_wait(effect)
    row["updated"] = iso_ms(effect.ts_ms)
    return row


def effect_rows(journal: Any, effects: Sequence[EffectRecord]) -> list[dict[str, Any]]:
    """:func:`effect_row` of each effect, with the last observation of those the reconciler
    looked at (UNKNOWN ones, and PENDING ones it sent back)."""
    looked = [e for e in effects if e.status in (EffectStatus.UNKNOWN, EffectStatus.PENDING)]
    seen = last_observations(journal, looked) if looked else {}
    return [effect_row(e, seen.get((e.run_id, e.idempotency_key))) for e in effects]


def run_row(run: RunState, business_keys: Sequence[str] = ()) -> dict[str, Any]:
    """One run: its record, ``ended_at_ms`` 0 unless it is over (a STUCK run has not ended),
    ``business_keys`` (of its effects, redacted) and ``input_summary`` (one short line)."""
    row = record_dict(run)
    ended = run.ended_at_ms if run.status in RUN_FINAL else 0
    row["ended_at_ms"] = ended
    row["started"] = iso_ms(run.started_at_ms)
    row["ended"] = iso_ms(ended)
    row["business_keys"] = [redaction.redact_text(k, limit=200) for k in business_keys]
    row["input_summary"] = compact(row["input"])
    return row


def run_rows(journal: Any, runs: Sequence[RunState]) -> list[dict[str, Any]]:
    """:func:`run_row` of each run, with its effects' business keys (read in one go; none
    from a tape server older than its ``ListBusinessKeys`` RPC)."""
    keys: dict[str, list[str]] = {}
    if runs:
        try:
            keys = journal.list_business_keys(run_ids=[r.run_id for r in runs])
        except errors.RemoteError:
            keys = {}
    return [run_row(r, keys.get(r.run_id, ())) for r in runs]


def obligation_row(obligation: Any) -> dict[str, Any]:
    """One obligation: its record, ``last_error`` on one line, ``held`` and ``updated``."""
    row = record_dict(obligation)
    row["last_error"] = _one_line(str(obligation.last_error or ""))
    row["updated"] = iso_ms(obligation.ts_ms)
    return row


def read(
    journal: Any,
    *,
    limit: int = LIMIT,
    pending_threshold_ms: int = 0,
    categories: Iterable[str] = CATEGORIES,
) -> dict[str, list[dict[str, Any]]]:
    """The rows of each wanted category of :data:`CATEGORIES` (a category not wanted is not
    read: the dashboard does not need the outbox backlog on every refresh).

    ``effects_pending_old`` are PENDING effects untouched for ``pending_threshold_ms``;
    ``effects_waiting_on_connector`` PENDING outbox effects marked by a worker that does not
    register their connector (:mod:`tape.unregistered`).
    """
    wanted = set(categories)
    unknown_names = set(CATEGORIES)
    if not wanted <= unknown_names:
        raise errors.InvalidArgument(f"unknown triage categories: {sorted(wanted - unknown_names)}")
    out: dict[str, list[dict[str, Any]]] = {}
    if "runs_needing_recovery" in wanted:
        out["runs_needing_recovery"] = run_rows(journal, journal.list_runs_to_recover(limit=limit))
    if "runs_stuck" in wanted:
        stuck = journal.list_runs(statuses=[RunStatus.STUCK], limit=limit)
        out["runs_stuck"] = run_rows(journal, stuck)
    if "runs_diverged" in wanted:
        out["runs_diverged"] = divergence.diverged(journal, limit)
    if "effects_unknown" in wanted:
        unknown = journal.list_pending_effects(include_unknown=True, limit=limit)
        out["effects_unknown"] = effect_rows(journal, unknown)
    if "effects_pending_old" in wanted:
        before = journal.database.now_ms() - pending_threshold_ms
        old = journal.list_pending_effects(include_pending=True, older_than_ms=before, limit=limit)
        out["effects_pending_old"] = effect_rows(journal, old)
    if "effects_waiting_on_connector" in wanted:
        pending = journal.list_pending_effects(include_pending=True, limit=limit)
        waiting = [e for e in pending if unregistered.waiting(e) is not None]
        out["effects_waiting_on_connector"] = effect_rows(journal, waiting)
    if "obligations_stuck" in wanted:
        stuck_obligations = journal.list_unresolved_obligations(include_stuck=True, limit=limit)
        out["obligations_stuck"] = [obligation_row(o) for o in stuck_obligations]
    if "obligations_pending_or_expired" in wanted:
        open_obligations = journal.list_unresolved_obligations(limit=limit)
        out["obligations_pending_or_expired"] = [obligation_row(o) for o in open_obligations]
    if "outbox_dispatch_ready" in wanted:
        ready = journal.list_effects_to_dispatch(limit=limit)
        out["outbox_dispatch_ready"] = [record_dict(e) for e in ready]
    if "timers_overdue" in wanted:
        out["timers_overdue"] = [record_dict(t) for t in journal.list_due_timers(limit=limit)]
    return out


def counts(journal: Any) -> dict[str, int]:
    """The aggregate counts every screen's summary shows (one ``GROUP BY`` each): ``runs``,
    ``runs_stuck``, ``effects_unknown``, ``effects_stuck``, ``obligations_stuck``,
    ``obligations_unresolved``, and ``needs_attention`` (effects UNKNOWN plus obligations
    STUCK: the dashboard's triage badge)."""
    runs = journal.count_runs_by_status()
    effects = journal.count_effects_by_status()
    obligations = journal.count_obligations_by_status()
    unresolved = (ObligationStatus.PENDING, ObligationStatus.COMMITTED, ObligationStatus.STUCK)
    found = {
        "runs": sum(runs.values()),
        "runs_stuck": runs.get(RunStatus.STUCK, 0),
        "effects_unknown": effects.get(EffectStatus.UNKNOWN, 0),
        "effects_stuck": journal.count_stuck_effects(),
        "obligations_stuck": obligations.get(ObligationStatus.STUCK, 0),
        "obligations_unresolved": sum(obligations.get(s, 0) for s in unresolved),
    }
    found["needs_attention"] = found["effects_unknown"] + found["obligations_stuck"]
    return found
