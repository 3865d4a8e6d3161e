"""Terminal output is data (issue 21, test 5): Rich markup and escape sequences journaled in app
names, tool names, prompts and payloads reach every CLI view as text, never as instructions.

Each hostile string is journaled (real Postgres) in the places a model or a careless caller
fills: the app name, the lease owner, the tool name, an effect key, a prompt, a response, a
payload, an obligation's error, an operator's name, a reaction's id. Every command that shows
them exits as it would for plain text, prints the markup as typed (``[/INST]`` stays
``[/INST]``, ``[bold red]x[/]`` is not turned into a red ``x``, ``:thumbs_up:`` into an emoji)
and prints no raw control character: ESC (so no ANSI colour and no OSC-8 link), BEL and the
one-byte C1 CSI appear as visible escapes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tape import EffectStatus, Journal, RunStatus
from tape.cli import tape as tape_cli
from tape.reactors import reconcile
from tests.support.runs import lost_ack_effect

pytestmark = pytest.mark.postgres_only

MARKUP = {"inst": "[/INST]", "close": "[/]", "style": "[bold red]x[/]", "emoji": ":thumbs_up:"}
ESCAPES = {
    "ansi": "\x1b[31m",
    "osc8": "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "bell": "\x07",
    "c1-csi": "\x9b",
}
HOSTILE = {**MARKUP, **ESCAPES}


@pytest.fixture
def pg(pg_url: str) -> Iterator[Journal]:
    journal = Journal(pg_url)
    yield journal
    journal.close()


@dataclass
class Runs:
    live: str  # RUNNING: a decision, a CONFIRMED effect with a due obligation, a PENDING effect
    done: str  # TERMINAL, with a result


def _journal(j: Journal, bad: str) -> Runs:
    started = j.begin_run(
        app_name=f"app{bad}",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner=f"w{bad}",
        input_json={"prompt": f"say {bad}"},
    )
    run_id, epoch = started.run_id, started.lease_epoch
    j.record_decision(
        run_id=run_id,
        decision_index=0,
        model=f"m{bad}",
        request_json={"prompt": f"<s>[INST] hi {bad}"},
        response_json={"text": f"ok {bad}"},
        lease_epoch=epoch,
    )
    confirmed = j.begin_effect(
        run_id=run_id, decision_index=0, tool_name=f"t{bad}", request_json={"note": bad}
    )
    j.complete_effect(
        run_id=run_id,
        idempotency_key=confirmed.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"said": bad},
    )
    owed = j.register_compensation(
        run_id=run_id,
        effect_key=confirmed.idempotency_key,
        kind="reverse",
        payload_json={"why": bad},
        due=True,
    )
    j.claim_obligation_now(run_id=run_id, obligation_seq=owed.seq, claimer="c")
    j.record_obligation_attempt(
        run_id=run_id,
        obligation_seq=owed.seq,
        error=f"upstream said {bad}",
        next_attempt_at_ms=j.database.now_ms(),
        claimer="c",
    )
    j.begin_effect(
        run_id=run_id,
        decision_index=0,
        call_index=1,
        tool_name=f"p{bad}",
        request_json={"to": bad},
        dispatch_mode="OUTBOX",
        connector=f"c{bad}",
    )
    done = j.begin_run(
        app_name=f"app{bad}",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
    )
    j.end_run(run_id=done.run_id, status=RunStatus.TERMINAL, detail_json={"result": f"r {bad}"})
    j.register_reaction(
        subject_pattern="/tape/run/**", reaction_id=f"r{bad}", publish_target="redis-stream:s"
    )
    return Runs(live=run_id, done=done.run_id)


def _cli(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        tape_cli, [*args, "--database-url", url], env=env, catch_exceptions=False
    )


def _control(char: str) -> bool:
    return char < " " or "\x7f" <= char <= "\x9f"


def _raw_controls(text: str) -> list[str]:
    """Characters a terminal acts on (C0 but newline, DEL, C1) found in printed output."""
    return sorted({c for c in text if _control(c) and c != "\n"})


#: Views that exit 1 here because no worker answers a ping (tape doctor, tape/cli/doctor.py).
_NO_WORKER = {"doctor --live": 1}


def _views(runs: Runs) -> dict[str, list[str]]:
    return {
        "status": ["status"],
        "inspect": ["inspect", runs.live],
        "inspect --summary": ["inspect", runs.live, "--summary"],
        "inspect --follow": ["inspect", runs.done, "--follow", "--interval", "0.05"],
        "doctor --dump-run": ["doctor", "--dump-run", runs.live],
        "doctor --live": ["doctor", "--live", "--pending-threshold-ms", "0"],
        "tail": ["tail", "--from-seq", "0", "--idle-exit", "0.3"],
        "reactions": ["reactions"],
    }


def _printed(result: Result, code: int = 0) -> str:
    """Everything the command printed, after checking it ended as it should, with no
    traceback and no raw control character."""
    output = result.stdout + result.stderr
    assert result.exit_code == code, output
    assert "Traceback" not in output and "MarkupError" not in output, output
    assert _raw_controls(output) == [], output
    return output


@pytest.mark.parametrize("bad", list(MARKUP.values()), ids=list(MARKUP))
def test_every_view_prints_journaled_markup_as_typed(pg: Journal, pg_url: str, bad: str) -> None:
    runs = _journal(pg, bad)
    run_fields = [f"app={'app' + bad}", f"owner=w{bad}", f"hi {bad}", f"t{bad}", f"ok {bad}"]
    expected = {
        "status": [f"app{bad}", f"w{bad}", f"p{bad}", f"c{bad}"],
        "inspect": [*run_fields, f"upstream said {bad}", f'"said": "{bad}"'],
        "inspect --summary": [f"(app{bad})"],
        "inspect --follow": [f'"result": "r {bad}"'],
        "doctor --dump-run": [*run_fields, f"upstream said {bad}"],
        "doctor --live": [f"p{bad}", f"upstream said {bad}"],
        "tail": [f'"model": "m{bad}"'],
        "reactions": [f"r{bad}"],
    }
    for name, args in _views(runs).items():
        printed = _printed(_cli(pg_url, *args), code=_NO_WORKER.get(name, 0))
        missing = [field for field in expected[name] if field not in printed]
        assert missing == [], f"{name}: {missing} not shown as typed in:\n{printed}"


@pytest.mark.parametrize("bad", list(ESCAPES.values()), ids=list(ESCAPES))
def test_every_view_shows_escape_sequences_as_text(pg: Journal, pg_url: str, bad: str) -> None:
    runs = _journal(pg, bad)
    # Each control character of ``bad`` is shown as an escape: \x1b in text, \u001b in JSON.
    shown = {f"\\x{ord(c):02x}" for c in bad if _control(c)}
    in_json = {f"\\u{ord(c):04x}" for c in bad if _control(c)}
    for name, args in _views(runs).items():
        printed = _printed(_cli(pg_url, *args), code=_NO_WORKER.get(name, 0))
        assert all(e in printed for e in shown) or all(e in printed for e in in_json), (
            f"{name}: {bad!r} not shown as escapes in:\n{printed}"
        )


@pytest.mark.parametrize("bad", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_stuck_effect_with_a_hostile_key_is_listed_and_resolved_literally(
    pg: Journal, pg_url: str, bad: str
) -> None:
    started = pg.begin_run(
        app_name=f"app{bad}",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
    )
    key = f"wire {bad}"
    lost_ack_effect(
        pg, started.run_id, tool=f"t{bad}", connector="bank.unobservable", custom_key=key
    )
    reconcile.run_once(pg)
    stuck = pg.get_effect(run_id=started.run_id, idempotency_key=key)
    assert stuck is not None and stuck.stuck

    status = _printed(_cli(pg_url, "status"))
    triage = _printed(_cli(pg_url, "doctor", "--live"), code=1)  # 1: an effect is UNKNOWN
    resolved = _printed(
        _cli(
            pg_url,
            "resolve",
            key,
            "--run",
            started.run_id,
            "--confirm",
            env={"TAPE_OPERATOR": f"op{bad}"},
        )
    )
    if bad in MARKUP.values():
        # The suggested command quotes the key for the shell, and shows it as typed.
        assert f"tape resolve 'wire {bad}' --run {started.run_id}" in status + triage
        assert f"effect wire {bad} is CONFIRMED (confirm, by op{bad})" in resolved
    settled = pg.get_effect(run_id=started.run_id, idempotency_key=key)
    assert settled is not None and settled.status == EffectStatus.CONFIRMED


@pytest.mark.parametrize("bad", list(HOSTILE.values()), ids=list(HOSTILE))
def test_error_lines_quoting_hostile_text_print_it_literally(
    pg: Journal, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.chdir(tmp_path)
    held = pg.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner=f"w{bad}",
    )
    refused = _printed(_cli(pg_url, "redrive", held.run_id), code=1)  # its lease is live
    assert "tape: error:" in refused
    missing = _printed(_cli(pg_url, "inspect", f"run-{bad}"), code=1)
    assert "tape: error:" in missing
    checks = _printed(
        CliRunner().invoke(
            tape_cli,
            ["doctor", "--database-url", f"sqlite:///{tmp_path}/x{bad}/j.db"],
            env={"TAPE_BROKER_URL": "filesystem://"},
            catch_exceptions=False,
        ),
        code=1,  # the database check fails: no such folder
    )
    assert "✗ database:" in checks  # the URL's own text (percent-encoded by SQLAlchemy)
    if bad in MARKUP.values():
        assert f"held by w{bad}" in refused and f"no such run: 'run-{bad}'" in missing
