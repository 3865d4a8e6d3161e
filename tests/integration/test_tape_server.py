"""``tape server``: auth, TLS, status codes, health, reflection, streams and graceful shutdown.

The journal contract itself runs through tape:// in the ``test_journal_*`` files (backend
``tape``); this file checks what only the network adds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tape import EffectStatus, Journal, RunStatus, errors
from tape.rpc.v1 import tape_pb2
from tests.support import certs, runs, tape_server
from tests.support.outbox_effects import outbox_effect


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tape_server.InProcessServer]:
    """One in-process server (no token, no TLS) over a migrated SQLite file, for this module."""
    from tape import migrations

    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'tape.db'}"
    migrations.upgrade(url)
    server = tape_server.start_in_process(url)
    yield server
    server.stop()


def _unary(channel: grpc.Channel, rpc: str, request: object, response: type) -> object:
    call = channel.unary_unary(
        f"/tape.v1.Tape/{rpc}",
        request_serializer=type(request).SerializeToString,  # type: ignore[attr-defined]
        response_deserializer=response.FromString,  # type: ignore[attr-defined]
    )
    return call(request, timeout=10)


# ── status codes a user can act on ──────────────────────────────────────────────────────────


def test_bad_input_gets_the_right_status_code_and_message(
    served: tape_server.InProcessServer,
) -> None:
    channel = grpc.insecure_channel(served.url.removeprefix("tape://"))
    with pytest.raises(grpc.RpcError) as missing:
        _unary(channel, "GetRun", tape_pb2.GetRunRequest(run_id="no-such-run"), tape_pb2.RunState)
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    assert "no-such-run" in missing.value.details()
    assert dict(missing.value.trailing_metadata())["tape-error"] == "RunNotFound"

    with pytest.raises(grpc.RpcError) as invalid:
        _unary(
            channel,
            "WriteValue",
            tape_pb2.WriteValueRequest(namespace="ns", key="k", value_json="{not json"),
            tape_pb2.ValueRecord,
        )
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "value_json is not valid JSON" in invalid.value.details()

    with pytest.raises(grpc.RpcError) as needs:
        _unary(channel, "BeginRun", tape_pb2.BeginRunRequest(), tape_pb2.BeginRunResponse)
    assert needs.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "app_name" in needs.value.details()

    channel.close()


def test_remote_journal_raises_the_same_errors_with_their_attributes(
    served: tape_server.InProcessServer,
) -> None:
    journal = Journal(served.url)
    run_id = runs.new_run(journal)
    effect = outbox_effect(journal, run_id, 0)
    done = journal.complete_effect(
        run_id=run_id, idempotency_key=effect.idempotency_key, status=EffectStatus.CONFIRMED
    )
    with pytest.raises(errors.LeaseHeld) as held:
        journal.begin_run(
            app_name="app",
            user_id="u",
            session_id="s",
            invocation_id=journal.get_run(run_id=run_id).invocation_id,
            lease_owner="someone-else",
        )
    assert held.value.owner == "w1" and held.value.expires_at_ms > 0
    with pytest.raises(errors.IllegalTransition) as refused:
        journal.record_external_observation(
            run_id=run_id, idempotency_key=effect.idempotency_key, resolution="ABSENT"
        )
    assert refused.value.current == done
    with pytest.raises(errors.InvalidArgument):
        journal.set_timer(run_id=run_id, fire_at_ms="soon", kind="k")  # type: ignore[arg-type]
    journal.close()


@dataclass(frozen=True)
class _Task:
    task_id: str
    reaction_id: str
    status: int
    attempts: int


class _JournalWithTasks(Journal):
    """A journal that has a method the base one may lack (as the event bus adds them)."""

    def claim_tasks(self, *, reaction_id: str, owner: str, max: int = 16) -> list[_Task]:
        return [_Task(f"t{i}", reaction_id, 2, 1) for i in range(max)]


class _JournalWithout:
    """A journal without claim_tasks (what an older server has)."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    def __getattr__(self, name: str) -> object:
        if name == "claim_tasks":
            raise AttributeError(name)
        return getattr(self._journal, name)


def test_rpcs_are_delegated_by_name_or_answer_unimplemented(tmp_path: Path) -> None:
    from tape import migrations
    from tape.rpc.server import serve

    url = f"sqlite:///{tmp_path / 'tape.db'}"
    migrations.upgrade(url)
    request = tape_pb2.ClaimTasksRequest(reaction_id="r1", owner="me", max=2)
    for journal, expect in (
        (_JournalWithTasks(url), ["t0", "t1"]),
        (_JournalWithout(Journal(url)), None),
    ):
        running = serve(journal, "127.0.0.1:0")  # type: ignore[arg-type]
        channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
        try:
            if expect is None:
                with pytest.raises(grpc.RpcError) as absent:
                    _unary(channel, "ClaimTasks", request, tape_pb2.ClaimTasksResponse)
                assert absent.value.code() == grpc.StatusCode.UNIMPLEMENTED
                assert "claim_tasks" in absent.value.details()
            else:
                answer = _unary(channel, "ClaimTasks", request, tape_pb2.ClaimTasksResponse)
                tasks = answer.tasks  # type: ignore[attr-defined]
                assert [t.task_id for t in tasks] == expect
                assert {(t.reaction_id, t.status, t.attempts) for t in tasks} == {("r1", 2, 1)}
        finally:
            channel.close()
            running.stop(grace_s=0)


# ── auth ────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tape_server.InProcessServer]:
    from tape import migrations

    url = f"sqlite:///{tmp_path_factory.mktemp('guarded') / 'tape.db'}"
    migrations.upgrade(url)
    server = tape_server.start_in_process(url, token="s3cret-token")
    yield server
    server.stop()


def test_token_no_token_and_a_wrong_one_are_refused_and_write_nothing(
    guarded: tape_server.InProcessServer,
) -> None:
    for token, says in (("", "needs a bearer token"), ("wrong", "was refused")):
        journal = Journal(guarded.url, token=token)  # type: ignore[call-arg]
        with pytest.raises(errors.Unauthenticated) as refused:
            runs.new_run(journal)
        assert says in str(refused.value)
        assert "s3cret" not in str(refused.value)
        journal.close()
    assert guarded.journal.list_runs() == []

    right = Journal(guarded.url, token="s3cret-token")  # type: ignore[call-arg]
    run_id = runs.new_run(right)
    assert right.get_run(run_id=run_id).status == RunStatus.RUNNING
    right.close()


def test_token_from_the_environment(
    guarded: tape_server.InProcessServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAPE_TOKEN", "s3cret-token")
    journal = Journal(guarded.url)
    assert journal.get_value(namespace="ns", key="absent") is None
    journal.close()


def test_health_needs_no_token(guarded: tape_server.InProcessServer) -> None:
    channel = grpc.insecure_channel(guarded.url.removeprefix("tape://"))
    stub = health_pb2_grpc.HealthStub(channel)
    answer = stub.Check(health_pb2.HealthCheckRequest(service="tape.v1.Tape"), timeout=10)
    assert answer.status == health_pb2.HealthCheckResponse.SERVING
    channel.close()


# ── TLS ─────────────────────────────────────────────────────────────────────────────────────


def test_tls_with_a_self_signed_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tape import migrations

    url = f"sqlite:///{tmp_path / 'tape.db'}"
    migrations.upgrade(url)
    cert, key = certs.self_signed()
    server = tape_server.start_in_process(url, tls=(cert, key))
    try:
        assert server.url.startswith("tapes://")
        untrusted = Journal(server.url)
        with pytest.raises(errors.ServerUnavailable):
            untrusted.get_value(namespace="ns", key="k")
        untrusted.close()

        (tmp_path / "ca.pem").write_bytes(cert)
        monkeypatch.setenv("TAPE_TLS_CA", str(tmp_path / "ca.pem"))
        trusted = Journal(server.url)
        written = trusted.write_value(namespace="ns", key="k", value_json={"v": 1})
        assert trusted.get_value(namespace="ns", key="k") == written
        trusted.close()
    finally:
        server.stop()


# ── streams ─────────────────────────────────────────────────────────────────────────────────


def test_subscribe_events_streams_journal_rows_in_order(
    served: tape_server.InProcessServer,
) -> None:
    journal = served.journal
    head = max((e.global_seq for e in journal.read_journal(limit=10_000)), default=0)
    run_id = runs.new_run(journal)
    channel = grpc.insecure_channel(served.url.removeprefix("tape://"))
    stream = channel.unary_stream(
        "/tape.v1.Tape/SubscribeEvents",
        request_serializer=tape_pb2.SubscribeEventsRequest.SerializeToString,
        response_deserializer=tape_pb2.EventEntry.FromString,
    )(tape_pb2.SubscribeEventsRequest(from_global_seq=head, run_id=run_id), timeout=20)
    first = next(stream)
    assert (first.run_id, first.kind) == (run_id, "run")
    journal.record_decision(run_id=run_id, decision_index=0, model="m")
    second = next(stream)
    assert second.kind == "decision" and second.global_seq > first.global_seq
    stream.cancel()
    channel.close()


# ── the outbox pass through tape:// ───────────────────────────────────────────────────────


def test_outbox_pass_through_a_server(served: tape_server.InProcessServer, tmp_path: Path) -> None:
    """The Python dispatcher works against a server (make sdk-parity runs it as a process)."""
    from tape import connectors
    from tape.connectors.log import LogConnector
    from tape.reactors import outbox

    journal = Journal(served.url)
    run_id = runs.new_run(journal)
    name = f"log-{uuid.uuid4().hex[:8]}"
    effect = outbox_effect(journal, run_id, 0, connector=name)
    saved = connectors.snapshot()
    try:
        connectors.register(LogConnector(path=str(tmp_path / "out.jsonl"), name=name))
        options = outbox.OutboxOptions(claimer="remote", connector=name)
        [result] = outbox.run_once(journal, options)
        assert result["result"] == "confirmed", result
        assert outbox.run_once(journal, options) == []
    finally:
        connectors.restore(saved)
    after = journal.get_effect(run_id=run_id, idempotency_key=effect.idempotency_key)
    assert after is not None and after.status == EffectStatus.CONFIRMED
    assert after.dispatch_claimed_by == "" and after.dispatch_attempts == 1
    journal.close()


# ── the process: reflection and graceful shutdown ───────────────────────────────────────────


def test_server_process_reflection_and_graceful_shutdown(sqlite_url: str, tmp_path: Path) -> None:
    server = tape_server.start_process(sqlite_url, tmp_path / "server.log")
    try:
        channel = grpc.insecure_channel(server.url.removeprefix("tape://"))
        reflect = reflection_pb2_grpc.ServerReflectionStub(channel)
        answers = reflect.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10
        )
        names = {s.name for s in next(answers).list_services_response.service}
        assert {"tape.v1.Tape", "grpc.health.v1.Health"} <= names
        channel.close()
        journal = Journal(server.url)
        run_id = runs.new_run(journal)
        assert journal.get_run(run_id=run_id).status == RunStatus.RUNNING
        journal.close()
    finally:
        code = server.stop()
    assert code == 0, server.log.read_text()
    assert "stopped" in server.log.read_text()


def test_every_journal_method_is_a_remote_call() -> None:
    """No public journal method falls through to the local implementation over tape://."""
    import inspect

    from tape.rpc.remote import RemoteJournal

    public = {n for n, _ in inspect.getmembers(Journal, inspect.isfunction) if n[0] != "_"}
    assert public - set(RemoteJournal.__dict__) == set()
    journal = Journal("tape://127.0.0.1:1")
    assert isinstance(journal, RemoteJournal)
    assert repr(journal) == "Journal('tape://127.0.0.1:1')"


def test_cli_journal_commands_work_against_a_server(served: tape_server.InProcessServer) -> None:
    from click.testing import CliRunner

    from tape.cli import tape as cli

    journal = Journal(served.url)
    run_id = runs.new_run(journal)
    runner = CliRunner()
    shown = runner.invoke(cli, ["inspect", run_id, "--database-url", served.url])
    assert shown.exit_code == 0, shown.output
    assert run_id[:8] in shown.output
    status = runner.invoke(cli, ["status", "--database-url", served.url])
    assert status.exit_code == 0, status.output
    refused = runner.invoke(cli, ["migrate", "--database-url", served.url])
    assert refused.exit_code == 2
    assert "names a tape server, not a database" in refused.output
    journal.close()


def test_server_refuses_to_start_on_a_database_without_the_tape_schema(tmp_path: Path) -> None:
    # Every call would fail the same way; the operator hears it once, before anything listens.
    from click.testing import CliRunner

    from tape.cli import tape as cli

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    refused = CliRunner().invoke(cli, ["server", "--listen", "127.0.0.1:0", "--database-url", url])
    assert refused.exit_code == 1, refused.output
    assert "has no tape schema" in refused.output
    assert f"tape migrate --database-url {url}" in refused.output
    assert "listening" not in refused.output
