"""The network API is closed unless opened on purpose (issue 21: tests 2, 4 and part of 7).

Real ``tape server`` and ``tape ui`` processes (the dashboard's pages also in-process, over
real HTTP):

- ``tape server`` on a non-loopback address without ``TAPE_TOKEN`` exits 2 with one line; with
  a token but no TLS it warns and serves; ports out of range exit 2.
- 200 idle streams from one client: the streams beyond the per-client and total budgets are
  refused with RESOURCE_EXHAUSTED, streams of a missing run with NOT_FOUND, and unary calls
  and the health check still answer within a second each. Idle streams are closed.
- A forced database error while completing an effect whose payload holds a secret: the
  server's log (text and JSON) has the failure but not the secret.
- The dashboard: with a token, pages and ``/metrics`` need it (``--public-reads`` opens them);
  without one (loopback only) they are open.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import create_engine, text

from tape import EffectStatus, Journal, errors
from tape.rpc import streams
from tape.rpc.remote import RemoteJournal
from tape.rpc.v1 import tape_pb2
from tests.support import runs, tape_server, ui_server
from tests.support.waiting import wait_until

SECRET = "sk-live-SECRET123"


def _tape(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``tape ARGS`` as a process that must end by itself (it refuses to start)."""
    return subprocess.run(
        [sys.executable, "-m", "tape", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}, **extra}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ── who may listen where ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("host", ["0.0.0.0", "[::]"])
def test_server_on_a_network_address_without_a_token_exits_2_with_one_line(
    sqlite_url: str, host: str
) -> None:
    port = _free_port()
    done = _tape("server", "--listen", f"{host}:{port}", "--database-url", sqlite_url, env=_env())
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == "", done.stderr
    assert done.stderr.startswith(f"tape: error: refusing to listen on {host} without TAPE_TOKEN")


@pytest.mark.parametrize(
    ("listen", "says"),
    [
        ("127.0.0.1:99999", "port 99999 is out of range"),
        ("127.0.0.1:65536", "port 65536 is out of range"),
        (":99999", "port 99999 is out of range"),
        ("127.0.0.1:-1", "the port must be a number from 1 to 65535"),
        ("127.0.0.1:abc", "the port must be a number from 1 to 65535"),
        ("127.0.0.1", "--listen must be HOST:PORT"),
        ("::1:7878", "write an IPv6 address in brackets"),
    ],
)
def test_server_refuses_a_bad_listen_address_with_exit_2(
    sqlite_url: str, listen: str, says: str
) -> None:
    done = _tape("server", "--listen", listen, "--database-url", sqlite_url, env=_env())
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("tape: error: --listen") and says in done.stderr, done.stderr


def test_server_refuses_a_bad_stream_limit_with_exit_2(sqlite_url: str) -> None:
    env = _env(TAPE_SERVER_MAX_STREAMS_PER_PEER="-3")
    done = _tape("server", "--listen", "127.0.0.1:0", "--database-url", sqlite_url, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "TAPE_SERVER_MAX_STREAMS_PER_PEER must be a whole number" in done.stderr


def test_token_without_tls_off_loopback_warns_and_serves(sqlite_url: str, tmp_path: Path) -> None:
    token = uuid.uuid4().hex
    server = tape_server.start_process(
        sqlite_url, tmp_path / "server.log", env={"TAPE_TOKEN": token}, listen="0.0.0.0:0"
    )
    try:
        journal = Journal(server.url, token=token)  # type: ignore[call-arg]
        run_id = runs.new_run(journal)
        assert journal.get_run(run_id=run_id).run_id == run_id
        journal.close()
        anonymous = Journal(server.url, token="")  # type: ignore[call-arg]
        with pytest.raises(errors.Unauthenticated):
            anonymous.get_run(run_id=run_id)
        anonymous.close()
    finally:
        assert server.stop() == 0
    log = server.log.read_text()
    assert "TAPE_TOKEN travels unencrypted" in log and "listens on 0.0.0.0 without TLS" in log
    assert token not in log


def test_token_on_loopback_serves_without_a_warning(sqlite_url: str, tmp_path: Path) -> None:
    server = tape_server.start_process(
        sqlite_url, tmp_path / "server.log", env={"TAPE_TOKEN": "loopback-token"}
    )
    assert server.stop() == 0
    assert "unencrypted" not in server.log.read_text()


# ── streams ─────────────────────────────────────────────────────────────────────────────────


def _subscribe_run(channel: grpc.Channel, run_id: str, timeout: float = 120) -> Any:
    return channel.unary_stream(
        "/tape.v1.Tape/SubscribeRun",
        request_serializer=tape_pb2.SubscribeRunRequest.SerializeToString,
        response_deserializer=tape_pb2.JournalEntry.FromString,
    )(tape_pb2.SubscribeRunRequest(run_id=run_id), timeout=timeout)


def _open(channel: grpc.Channel, run_id: str, count: int) -> tuple[list[Any], list[grpc.RpcError]]:
    """``count`` SubscribeRun streams: those that delivered the run's first row, and the
    refusals."""
    served, refused = [], []
    for _ in range(count):
        stream = _subscribe_run(channel, run_id)
        try:
            first = next(stream)
        except grpc.RpcError as exc:
            refused.append(exc)
            continue
        assert (first.run_id, first.kind) == (run_id, "run")
        served.append(stream)
    return served, refused


def _answers_within_a_second(channel: grpc.Channel, journal: Journal, run_id: str) -> None:
    """The health check and unary calls, each with a one-second deadline."""
    health = health_pb2_grpc.HealthStub(channel)
    get_run = channel.unary_unary(
        "/tape.v1.Tape/GetRun",
        request_serializer=tape_pb2.GetRunRequest.SerializeToString,
        response_deserializer=tape_pb2.RunState.FromString,
    )
    for _ in range(10):
        check = health.Check(health_pb2.HealthCheckRequest(service="tape.v1.Tape"), timeout=1.0)
        assert check.status == health_pb2.HealthCheckResponse.SERVING
        assert get_run(tape_pb2.GetRunRequest(run_id=run_id), timeout=1.0).run_id == run_id
    write = journal.write_value(namespace="exposure", key=uuid.uuid4().hex, value_json={"v": 1})
    assert write.version == 1


@pytest.fixture
def one_client_server(sqlite_url: str, tmp_path: Path) -> Iterator[tape_server.ServerProcess]:
    """A server whose budget lets one client hold 200 streams (and not one more)."""
    server = tape_server.start_process(
        sqlite_url,
        tmp_path / "server.log",
        env={"TAPE_SERVER_MAX_STREAMS": "200", "TAPE_SERVER_MAX_STREAMS_PER_PEER": "200"},
    )
    yield server
    assert server.stop() == 0, server.log.read_text()


def test_200_idle_streams_leave_unary_calls_and_health_answering(
    one_client_server: tape_server.ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAPE_RPC_TIMEOUT", "1")  # the journal's calls: a one-second deadline
    journal = Journal(one_client_server.url)
    run_id = runs.new_run(journal)
    channel = grpc.insecure_channel(one_client_server.url.removeprefix("tape://"))

    for _ in range(20):  # streams of a run that does not exist: refused up front
        with pytest.raises(grpc.RpcError) as missing:
            next(_subscribe_run(channel, f"no-such-run-{uuid.uuid4().hex[:6]}"))
        assert missing.value.code() == grpc.StatusCode.NOT_FOUND

    served, refused = _open(channel, run_id, 200)
    assert (len(served), refused) == (200, [])
    _answers_within_a_second(channel, journal, run_id)

    # Over the total budget: refused at once, and still every call answers.
    over, refused = _open(channel, run_id, 3)
    assert over == [] and len(refused) == 3
    assert {e.code() for e in refused} == {grpc.StatusCode.RESOURCE_EXHAUSTED}
    assert "TAPE_SERVER_MAX_STREAMS" in refused[0].details()
    _answers_within_a_second(channel, journal, run_id)

    # The open streams are live, not starved: a new row reaches every one of them.
    journal.record_decision(run_id=run_id, decision_index=0, model="m")
    assert {next(s).kind for s in served} == {"decision"}

    for stream in served:
        stream.cancel()
    # Their budget comes back: a new stream is served again.
    wait_until(
        lambda: _open(channel, run_id, 1)[0], timeout=30, message="a stream after cancelling"
    )
    channel.close()
    journal.close()


def test_one_client_gets_at_most_its_share_of_streams(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = tape_server.start_process(sqlite_url, tmp_path / "server.log")
    try:
        monkeypatch.setenv("TAPE_RPC_TIMEOUT", "1")
        journal = Journal(server.url)
        run_id = runs.new_run(journal)
        channel = grpc.insecure_channel(server.url.removeprefix("tape://"))
        served, refused = _open(channel, run_id, 200)
        share = streams.Limits().max_streams_per_peer
        assert (len(served), len(refused)) == (share, 200 - share)
        assert {e.code() for e in refused} == {grpc.StatusCode.RESOURCE_EXHAUSTED}
        assert "TAPE_SERVER_MAX_STREAMS_PER_PEER" in refused[0].details()
        _answers_within_a_second(channel, journal, run_id)
        channel.close()
        journal.close()
    finally:
        assert server.stop() == 0


def test_an_idle_stream_is_closed_and_gives_its_place_back(sqlite_url: str, tmp_path: Path) -> None:
    server = tape_server.start_process(
        sqlite_url,
        tmp_path / "server.log",
        env={"TAPE_SERVER_STREAM_IDLE_S": "1", "TAPE_SERVER_MAX_STREAMS_PER_PEER": "1"},
    )
    try:
        journal = Journal(server.url)
        run_id = runs.new_run(journal)
        channel = grpc.insecure_channel(server.url.removeprefix("tape://"))
        [stream], _ = _open(channel, run_id, 1)
        second = _open(channel, run_id, 1)[1]
        assert [e.code() for e in second] == [grpc.StatusCode.RESOURCE_EXHAUSTED]
        with pytest.raises(grpc.RpcError) as closed:
            next(stream)  # nothing more happens in the run
        assert closed.value.code() == grpc.StatusCode.UNAVAILABLE
        assert "TAPE_SERVER_STREAM_IDLE_S" in closed.value.details()
        assert "from_seq" in closed.value.details()  # a run's stream resumes by its seq
        wait_until(lambda: _open(channel, run_id, 1)[0], timeout=30, message="a new stream")
        channel.close()
        journal.close()
    finally:
        assert server.stop() == 0


# ── no payload in the server's log ─────────────────────────────────────────────────────────


def _fail_effect_updates(database_url: str) -> None:
    """Make every UPDATE of tape_effects fail inside Postgres (what a broken database does)."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            text(
                "CREATE FUNCTION tape_test_fail() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'forced failure for the test'; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER tape_test_fail BEFORE UPDATE ON tape_effects "
                "FOR EACH ROW EXECUTE FUNCTION tape_test_fail()"
            )
        )
    engine.dispose()


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_database_error_logs_no_payload(pg_url: str, tmp_path: Path, log_format: str) -> None:
    env = {"TAPE_LOG_FORMAT": "json"} if log_format == "json" else {}
    server = tape_server.start_process(pg_url, tmp_path / "server.log", env=env)
    try:
        journal = Journal(server.url)
        run_id = runs.new_run(journal)
        effect = journal.begin_effect(
            run_id=run_id, decision_index=0, tool_name="charge", request_json={"amount": 5}
        )
        _fail_effect_updates(pg_url)
        with pytest.raises(errors.RemoteError) as failed:
            journal.complete_effect(
                run_id=run_id,
                idempotency_key=effect.idempotency_key,
                status=EffectStatus.CONFIRMED,
                response_json={"api_key": SECRET, "card": "4111 1111 1111 1111"},
            )
        assert "failed inside the tape server" in str(failed.value)
        assert SECRET not in str(failed.value)
        journal.close()
    finally:
        assert server.stop() == 0
    log = server.log.read_text()
    assert "rpc=CompleteEffect failed inside the server" in log, log
    assert "RaiseException; SQLSTATE P0001; statement: " in log, log  # what failed, not with what
    assert SECRET not in log and "4111" not in log, log
    if log_format == "json":
        [line] = [json.loads(x) for x in log.splitlines() if "rpc=CompleteEffect" in x]
        assert (line["level"], line["rpc"]) == ("ERROR", "CompleteEffect")


# ── the dashboard ───────────────────────────────────────────────────────────────────────────

_PAGE = {"Accept": "text/html"}


def _get(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers=headers, allow_redirects=False, timeout=10)


def test_dashboard_pages_and_metrics_need_the_token_when_one_is_set(pg_url: str) -> None:
    journal = Journal(pg_url)
    run_id = runs.new_run(journal, app_name="exposure-app")
    token = uuid.uuid4().hex
    pages = ["/", "/triage", f"/runs/{run_id}", "/?q=exposure"]
    with ui_server.serving(journal, token=token) as base:
        for page in pages:
            browser = _get(base + page, **_PAGE)
            assert (browser.status_code, browser.headers["location"]) == (303, "/login")
            script = _get(base + page)
            assert script.status_code == 401 and run_id not in script.text
            wrong = _get(base + page, Authorization="Bearer wrong")
            assert wrong.status_code == 401
            right = _get(base + page, Authorization=f"Bearer {token}")
            assert right.status_code == 200 and "1 runs ·" in right.text, page
        metrics = _get(base + "/metrics")
        assert metrics.status_code == 401 and "tape_" not in metrics.text
        assert metrics.headers["www-authenticate"].startswith("Bearer")
        assert "tape_" in _get(base + "/metrics", Authorization=f"Bearer {token}").text

        login = _get(base + "/login", **_PAGE)  # open, but shows no count of anything
        assert login.status_code == 200 and "runs ·" not in login.text
        assert _get(base + "/healthz").json() == {"ok": True}
        assert _get(base + "/static/tape.css").status_code == 200

        session = requests.Session()
        entered = session.post(
            f"{base}/login", data={"operator": "ann", "token": token}, allow_redirects=False
        )
        assert entered.status_code == 303
        assert "exposure-app" in session.get(f"{base}/", timeout=10).text
        assert session.get(f"{base}/metrics", timeout=10).status_code == 200
    journal.close()


def test_dashboard_without_a_token_reads_openly(pg_url: str) -> None:
    journal = Journal(pg_url)
    run_id = runs.new_run(journal, app_name="exposure-app")
    with ui_server.serving(journal) as base:
        for page in ["/", "/triage", f"/runs/{run_id}", "/metrics"]:
            assert _get(base + page, **_PAGE).status_code == 200, page
        assert "exposure-app" in _get(base + "/").text
    journal.close()


def test_public_reads_open_the_pages_but_not_resolving(pg_url: str) -> None:
    journal = Journal(pg_url)
    run_id = runs.new_run(journal, app_name="exposure-app")
    with ui_server.serving(journal, token=uuid.uuid4().hex, public_reads=True) as base:
        for page in ["/", "/triage", f"/runs/{run_id}", "/metrics"]:
            assert _get(base + page).status_code == 200, page
        refused = requests.post(
            f"{base}/triage/resolve",
            data={"kind": "effect", "run_id": run_id, "key": "k", "action": "fail"},
            timeout=10,
        )
        assert refused.status_code == 403 and "log in with the operator token" in refused.text
    journal.close()


@pytest.mark.parametrize("public_reads", [False, True])
def test_tape_ui_locks_reads_unless_told_otherwise(pg_url: str, public_reads: bool) -> None:
    port = _free_port()
    env = _env(TAPE_UI_TOKEN="ui-token", **({"TAPE_UI_PUBLIC_READS": "1"} if public_reads else {}))
    process = subprocess.Popen(
        [sys.executable, "-m", "tape", "ui", "--port", str(port), "--database-url", pg_url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy() -> bool:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                return _get(base + "/healthz").status_code == 200
            except requests.ConnectionError:
                return False

        wait_until(healthy, timeout=60, message="tape ui to answer")
        expected = 200 if public_reads else 401
        assert _get(base + "/metrics").status_code == expected
        assert _get(base + "/").status_code == expected
        assert _get(base + "/metrics", Authorization="Bearer ui-token").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_journals_live_streams_need_the_token_and_count_against_the_budget(
    sqlite_url: str, tmp_path: Path
) -> None:
    """``WatchCommits`` (``commit_waker``) and ``Subscribe`` (``subscribe``) are streams like
    the others: no token, no stream; beyond the budget, RESOURCE_EXHAUSTED at once."""
    token = "s3cret-token"
    server = tape_server.start_process(
        sqlite_url,
        tmp_path / "server.log",
        env={"TAPE_TOKEN": token, "TAPE_SERVER_MAX_STREAMS": "1"},
    )
    try:
        with pytest.raises(errors.Unauthenticated):
            next(iter(RemoteJournal(server.url, token="wrong").subscribe(idle_timeout_s=5)))
        journal = RemoteJournal(server.url, token=token)
        waker = journal.commit_waker()  # the one stream the budget allows
        try:
            wait_until(lambda: waker.pushes, timeout=30, message="the commit stream")
            with pytest.raises(errors.RemoteError) as over:
                next(iter(journal.subscribe(idle_timeout_s=5)))
            assert "TAPE_SERVER_MAX_STREAMS" in str(over.value)
            assert token not in str(over.value)
        finally:
            waker.close()
        # Its place comes back once the waker is closed.
        journal.write_value(namespace="n", key="k", value_json=1)
        rows = wait_until(
            lambda: list(journal.subscribe(kind="value", idle_timeout_s=0.5)) or None,
            timeout=30,
            message="a stream after the waker closed",
        )
        assert [r.subject for r in rows] == ["/tape/value/changed/n/k"]
        journal.close()
    finally:
        assert server.stop() == 0, server.log.read_text()


def test_subscribe_goes_on_across_the_servers_idle_close(sqlite_url: str, tmp_path: Path) -> None:
    """The server closes a stream idle for TAPE_SERVER_STREAM_IDLE_S (1 s here); the client's
    ``subscribe`` goes on from its last row, so only ``idle_timeout_s`` (3 s) ends it."""
    server = tape_server.start_process(
        sqlite_url, tmp_path / "server.log", env={"TAPE_SERVER_STREAM_IDLE_S": "1"}
    )
    try:
        journal = RemoteJournal(server.url)
        journal.write_value(namespace="n", key="before", value_json=1)
        started = time.monotonic()
        rows = list(journal.subscribe(kind="value", idle_timeout_s=3))
        assert time.monotonic() - started >= 3  # not ended (nor failed) at the server's close
        assert [r.subject for r in rows] == ["/tape/value/changed/n/before"]
        journal.close()
    finally:
        assert server.stop() == 0, server.log.read_text()
