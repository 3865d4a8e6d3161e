"""The Java SDK (sdk/java): its committed stubs, its JUnit tests, and TapeOutbox end to end.

TapeOutbox runs as the seed documents it (``make java`` runs the seed's two ``mvn`` lines in
sdk/java, offline over Debian's Maven repository) against a real ``tape server``: an effect goes
PENDING -> CONFIRMED through the LogConnector, and a NON_IDEMPOTENT effect whose HTTP upstream
answers 500 ends UNKNOWN and is never sent again. A missing JDK or Maven fails these tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, records
from tests.support import certs, tape_server
from tests.support.outbox_effects import current
from tests.support.runs import new_run
from tests.support.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]
JAVA_SDK = REPO / "sdk" / "java"
GENERATED = Path("dev") / "tape" / "proto"
# The seed's command line, run from sdk/java as written (flags appended).
SEED_RUN = 'java -cp "$(cat target/cp.txt):target/classes" dev.tape.cli.TapeOutbox "$@"'

pytestmark = pytest.mark.slow


def _make(target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def built() -> None:
    """``make java``: the seed's ``mvn -q -DskipTests package`` and its build-classpath line."""
    made = _make("java")
    assert made.returncode == 0, made.stdout + made.stderr
    assert (JAVA_SDK / "target" / "cp.txt").read_text().strip()


def tape_outbox(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """One TapeOutbox process, started by the seed's command line from sdk/java."""
    return subprocess.run(
        ["bash", "-c", SEED_RUN, "tape-outbox", *args],
        cwd=JAVA_SDK,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def passes(stdout: str) -> list[list[dict[str, object]]]:
    """Each pass's rows ({"outbox": [...]} per line)."""
    return [json.loads(line)["outbox"] for line in stdout.splitlines() if line.strip()]


def pending_effect(journal: Journal, connector: str) -> records.EffectRecord:
    effect = journal.begin_effect(
        run_id=new_run(journal, app_name="java-sdk", lease_owner="java-test"),
        decision_index=0,
        tool_name="wire_money",
        request_json={"account": "acc-1", "amount": 100},
        semantics=EffectSemantics.NON_IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector=connector,
        business_key=f"acc-1:100:{uuid.uuid4().hex[:8]}",
    )
    assert effect.status == EffectStatus.PENDING
    return effect


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[tape_server.ServerProcess]:
    running = tape_server.start_process(sqlite_url, tmp_path / "server.log")
    yield running
    assert running.stop() == 0


class Upstream:
    """An HTTP upstream that answers every POST with ``status`` and counts the calls."""

    def __init__(self, status: int) -> None:
        self.calls: list[dict[str, str]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                call = {"body": body, "at": str(time.monotonic()), **dict(self.headers.items())}
                upstream.calls.append(call)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": "upstream broke"}')

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/wire"

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


def test_regenerating_the_java_stubs_changes_nothing(tmp_path: Path) -> None:
    subprocess.run(
        ["bash", str(REPO / "scripts" / "gen_proto_java.sh"), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = JAVA_SDK / "src" / "main" / "java" / GENERATED
    fresh = tmp_path / GENERATED
    names = sorted(p.name for p in fresh.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    assert "TapeGrpc.java" in names
    stale = [n for n in names if (fresh / n).read_bytes() != (committed / n).read_bytes()]
    assert not stale, f"sdk/java stubs are stale ({stale[:5]}): run scripts/gen_proto.sh"


def test_the_java_sdk_junit_tests_pass() -> None:
    ran = _make("test-java")
    assert ran.returncode == 0, ran.stdout[-6000:] + ran.stderr[-6000:]
    reports = list((JAVA_SDK / "target" / "surefire-reports").glob("TEST-*.xml"))
    assert len(reports) >= 6, reports


def test_one_pass_confirms_an_effect_through_the_log_connector(
    built: None, server: tape_server.ServerProcess, tmp_path: Path
) -> None:
    journal = Journal(server.url)
    effect = pending_effect(journal, "log")
    log = tmp_path / "outbox.jsonl"
    ran = tape_outbox(
        "--url", server.url, "--once", "--register-log-connector", "--log-connector-path", str(log)
    )
    assert ran.returncode == 0, ran.stderr
    [rows] = passes(ran.stdout)
    ref = "log-" + hashlib.sha1(effect.idempotency_key.encode()).hexdigest()[:12]
    assert [(r["idempotency_key"], r["result"], r["external_ref"]) for r in rows] == [
        (effect.idempotency_key, "confirmed", ref)
    ]
    after = current(journal, effect)
    assert (after.status, after.external_ref) == (EffectStatus.CONFIRMED, ref)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line["idempotency_key"] for line in lines] == [effect.idempotency_key]
    assert lines[0]["request"] == {"account": "acc-1", "amount": 100}
    journal.close()


def test_a_non_idempotent_effect_whose_upstream_answers_500_is_unknown_and_never_resent(
    built: None, server: tape_server.ServerProcess
) -> None:
    journal = Journal(server.url)
    effect = pending_effect(journal, "bank.wire")
    upstream = Upstream(500)
    try:
        flags = ["--url", server.url, "--once"]
        flags += ["--register-http-connector", f"bank.wire={upstream.url}"]
        first = tape_outbox(*flags)
        assert first.returncode == 0, first.stderr
        [rows] = passes(first.stdout)
        assert [(r["idempotency_key"], r["result"]) for r in rows] == [
            (effect.idempotency_key, "unknown")
        ]
        assert len(upstream.calls) == 1
        call = upstream.calls[0]
        assert json.loads(call["body"]) == {"account": "acc-1", "amount": 100}
        assert call["Idempotency-Key"] == effect.idempotency_key
        assert call["X-Tape-Business-Key"] == effect.business_key
        assert current(journal, effect).status == EffectStatus.UNKNOWN

        second = tape_outbox(*flags)
        assert second.returncode == 0, second.stderr
        assert all(r["idempotency_key"] != effect.idempotency_key for r in passes(second.stdout)[0])
        assert len(upstream.calls) == 1, "an UNKNOWN NON_IDEMPOTENT effect was sent again"
        assert current(journal, effect).status == EffectStatus.UNKNOWN
    finally:
        upstream.close()
        journal.close()


def test_a_failing_upstream_is_retried_after_the_backoff_then_failed_for_good(
    built: None, server: tape_server.ServerProcess
) -> None:
    journal = Journal(server.url)
    effect = pending_effect(journal, "bank.wire")
    upstream = Upstream(429)  # failed, retryable
    flags = ["--url", server.url, "--once", "--max-attempts", "2"]
    flags += ["--register-http-connector", f"bank.wire={upstream.url}"]
    try:
        first = tape_outbox(*flags)
        assert first.returncode == 0, first.stderr
        [[row]] = passes(first.stdout)
        assert (row["idempotency_key"], row["result"]) == (
            effect.idempotency_key,
            "retry-scheduled",
        )
        pending = current(journal, effect)
        assert (pending.status, pending.dispatch_attempts) == (EffectStatus.PENDING, 1)
        assert pending.next_dispatch_at_ms == row["next_dispatch_at_ms"]

        def failed() -> records.EffectRecord | None:
            now = current(journal, effect)
            return now if now.status == EffectStatus.FAILED else None

        final = wait_until(
            failed, timeout=60, interval=0.1, tick=lambda: tape_outbox(*flags), message="FAILED"
        )
        assert len(upstream.calls) == 2
        # attempt 1 failed: the next one waits min(1 s * 2^0, 60 s)
        assert float(upstream.calls[1]["at"]) - float(upstream.calls[0]["at"]) >= 1.0
        assert [c["X-Tape-Attempt"] for c in upstream.calls] == ["1", "2"]
        error = json.loads(final.error_json)
        assert (error["final"], error["attempts"]) == (True, 2)
        assert error["last"]["status_code"] == 429
    finally:
        upstream.close()
        journal.close()


def test_tapes_with_a_bearer_token_and_the_ca_in_tape_tls_ca(
    built: None, sqlite_url: str, tmp_path: Path
) -> None:
    cert, key = certs.self_signed()
    token = "java-sdk-token-5f3a9c"
    served = tape_server.start_in_process(sqlite_url, token=token, tls=(cert, key))
    ca = tmp_path / "ca.pem"
    ca.write_bytes(cert)
    try:
        journal = served.journal
        effect = pending_effect(journal, "log")
        log = tmp_path / "outbox.jsonl"
        flags = ["--url", served.url, "--once", "--register-log-connector"]
        flags += ["--log-connector-path", str(log)]

        wrong = tape_outbox(*flags, env={"TAPE_TLS_CA": str(ca), "TAPE_TOKEN": "not-the-token-123"})
        assert wrong.returncode == 1
        assert "tape-outbox-java: error: Unauthenticated" in wrong.stderr
        assert "not-the-token-123" not in wrong.stderr + wrong.stdout

        untrusted = tape_outbox(*flags, env={"TAPE_TOKEN": token})
        assert untrusted.returncode == 1
        assert "ServerUnavailable" in untrusted.stderr
        assert current(journal, effect).status == EffectStatus.PENDING

        ran = tape_outbox(*flags, env={"TAPE_TLS_CA": str(ca), "TAPE_TOKEN": token})
        assert ran.returncode == 0, ran.stderr
        assert current(journal, effect).status == EffectStatus.CONFIRMED
        assert len(log.read_text().splitlines()) == 1
    finally:
        served.stop()


def test_a_usage_error_exits_2_and_names_the_flag(built: None) -> None:
    ran = tape_outbox("--interval", "0", "--once")
    assert ran.returncode == 2
    assert "tape-outbox-java: error: argument --interval: must be an integer >= 1" in ran.stderr
    assert ran.stdout == ""
