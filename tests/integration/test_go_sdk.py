"""The Go SDK (sdk/go, sdk/go/README.md): its committed stubs are what scripts/gen_proto_go.sh
generates, its own tests pass (go vet, go test), and sdk/go/bin/tape-outbox (as `make go`
builds it) dispatches through a real ``tape server`` with the dispatcher contract's outcomes:
a LogConnector effect CONFIRMED with one log line; a NON_IDEMPOTENT effect whose upstream
answers 500 UNKNOWN and never sent again; a retryable 4xx rescheduled; bearer token and TLS.

Go, protoc and Debian's Go packages come from ``make toolchain-go``; a missing one fails these
tests, it never skips them.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tape import EffectRecord, EffectStatus, Journal
from tape.testing import FakeUpstream
from tests.support import certs, tape_server
from tests.support.outbox_effects import current, new_run, outbox_effect

REPO = Path(__file__).resolve().parents[2]
GO_SDK = REPO / "sdk" / "go"
BINARY = GO_SDK / "bin" / "tape-outbox"
GENERATED = ("tape.pb.go", "tape_grpc.pb.go")


def _go(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    # GOFLAGS as `make go` sets it: vendor mode, whatever the caller's environment says.
    env = {**os.environ, "GOFLAGS": "-mod=vendor"}
    return subprocess.run(
        ["go", *args], cwd=GO_SDK, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def tape_outbox() -> Path:
    """sdk/go/bin/tape-outbox, built as `make go` builds it."""
    built = _go("build", "-o", "bin/tape-outbox", "./cmd/tape-outbox")
    assert built.returncode == 0, built.stderr
    return BINARY


@pytest.fixture
def server(pg_url: str, tmp_path: Path) -> Iterator[tape_server.ServerProcess]:
    process = tape_server.start_process(pg_url, tmp_path / "server.log")
    yield process
    assert process.stop() == 0, process.log.read_text()


@pytest.fixture
def remote(server: tape_server.ServerProcess) -> Iterator[Journal]:
    """The server's journal, over tape://, to make effects and read them back."""
    journal = Journal(server.url)
    yield journal
    journal.close()


def _dispatch(
    binary: Path, url: str, *flags: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], list[list[dict[str, Any]]]]:
    """One --once pass; the process and the rows of each {"outbox": [...]} line it printed."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    proc = subprocess.run(
        [str(binary), "--url", url, "--once", "--claimer", "go-test", *flags],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **(env or {})},
    )
    passes = [json.loads(line)["outbox"] for line in proc.stdout.splitlines() if line.strip()]
    return proc, passes


def _rows(passes: list[list[dict[str, Any]]], effect: EffectRecord) -> list[dict[str, Any]]:
    return [r for rows in passes for r in rows if r["idempotency_key"] == effect.idempotency_key]


# ── the code ──────────────────────────────────────────────────────────────────────────────


def test_regenerating_the_go_stubs_changes_nothing(tmp_path: Path) -> None:
    subprocess.run(
        ["bash", str(REPO / "scripts" / "gen_proto_go.sh"), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        fresh = (tmp_path / name).read_bytes()
        committed = (GO_SDK / "tapepb" / name).read_bytes()
        assert fresh == committed, f"sdk/go/tapepb/{name} is stale: run make proto"


def test_vendor_links_every_required_module_to_debians_copy() -> None:
    listed = [
        line.split()[1:3]
        for line in (GO_SDK / "vendor" / "modules.txt").read_text().splitlines()
        if line.startswith("# ")
    ]
    go_mod = (GO_SDK / "go.mod").read_text()
    assert listed and all(f"\t{path} {version}" in go_mod for path, version in listed)
    for path, _ in listed:
        link = GO_SDK / "vendor" / path
        assert link.is_symlink() and link.resolve().is_dir(), f"{link}: run make toolchain-go"
        assert str(os.readlink(link)) == f"/usr/share/gocode/src/{path}"


def test_go_vet_and_the_go_unit_tests_pass() -> None:
    vet = _go("vet", "./...")
    assert vet.returncode == 0, vet.stderr
    # -race: a pass dispatches its effects concurrently (gcc is on every machine of this kind).
    tested = _go("test", "-race", "-count=1", "./...")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    for package in ("connectors", "internal/redact", "outbox", "outbox/cli", "tape"):
        assert f"ok  \tgithub.com/tape-dev/tape/sdk/go/{package}\t" in tested.stdout


# ── tape-outbox against a tape server ───────────────────────────────────────────────────────


def test_the_log_connector_confirms_an_outbox_effect(
    server: tape_server.ServerProcess, remote: Journal, tape_outbox: Path, tmp_path: Path
) -> None:
    effect = outbox_effect(remote, new_run(remote), 0, connector="log", business_key="go-log")
    log = tmp_path / "outbox.jsonl"

    proc, passes = _dispatch(
        tape_outbox, server.url, "--register-log-connector", "--log-connector-path", str(log)
    )

    assert proc.returncode == 0, proc.stderr
    assert len(passes) == 1
    ref = "log-" + hashlib.sha1(effect.idempotency_key.encode()).hexdigest()[:12]
    assert _rows(passes, effect) == [
        {
            "run_id": effect.run_id,
            "idempotency_key": effect.idempotency_key,
            "tool": "wire_money",
            "connector": "log",
            "attempt": 1,
            "result": "confirmed",
            "external_ref": ref,
        }
    ]
    after = current(remote, effect)
    assert after.status == EffectStatus.CONFIRMED and after.external_ref == ref
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 1
    assert {k: v for k, v in lines[0].items() if k != "ts_ms"} == {
        "run_id": effect.run_id,
        "idempotency_key": effect.idempotency_key,
        "tool_name": "wire_money",
        "business_key": "go-log",
        "request": {"account": "acc-0", "amount": 100},
    }
    assert after.dispatch_claimed_by == "" and after.dispatch_attempts == 1


def test_a_non_idempotent_500_is_unknown_and_never_sent_again(
    server: tape_server.ServerProcess, remote: Journal, tape_outbox: Path
) -> None:
    effect = outbox_effect(remote, new_run(remote), 0, business_key="go-500")
    with FakeUpstream() as bank:
        bank.respond(500, {"error": "ledger timeout"}, times=None, commit=True)
        flag = f"bank.wire={bank.url}/wires"

        first, passes = _dispatch(tape_outbox, server.url, "--register-http-connector", flag)
        assert first.returncode == 0, first.stderr
        assert [r["result"] for r in _rows(passes, effect)] == ["unknown"]
        assert current(remote, effect).status == EffectStatus.UNKNOWN
        assert len(bank.requests) == 1
        sent = bank.requests[0]
        assert sent.idempotency_key == effect.idempotency_key
        assert sent.json == {"account": "acc-0", "amount": 100}

        second, passes = _dispatch(tape_outbox, server.url, "--register-http-connector", flag)
        assert second.returncode == 0, second.stderr
        assert _rows(passes, effect) == []
        assert len(bank.requests) == 1
    after = current(remote, effect)
    assert after.status == EffectStatus.UNKNOWN and after.dispatch_attempts == 1


def test_a_retryable_4xx_is_rescheduled_with_the_backoff(
    server: tape_server.ServerProcess, remote: Journal, tape_outbox: Path
) -> None:
    effect = outbox_effect(remote, new_run(remote), 0, business_key="go-429")
    with FakeUpstream() as bank:
        bank.respond(429, {"error": "slow down"})
        before_ms = int(time.time() * 1000)
        proc, passes = _dispatch(
            tape_outbox, server.url, "--register-http-connector", f"bank.wire={bank.url}/wires"
        )
        assert proc.returncode == 0, proc.stderr
        assert len(bank.requests) == 1
    assert [r["result"] for r in _rows(passes, effect)] == ["retry-scheduled"]
    after = current(remote, effect)
    assert after.status == EffectStatus.PENDING and after.dispatch_attempts == 1
    # attempt 1 failed: next at now + min(1 s * 2^0, 60 s)
    assert before_ms + 1000 <= after.next_dispatch_at_ms <= int(time.time() * 1000) + 1000


def test_two_racing_dispatchers_call_the_upstream_once(
    server: tape_server.ServerProcess, remote: Journal, tape_outbox: Path
) -> None:
    effects = [outbox_effect(remote, new_run(remote), i) for i in range(3)]
    with FakeUpstream() as bank:
        flags = ["--register-http-connector", f"bank.wire={bank.url}/wires"]
        command = [str(tape_outbox), "--url", server.url, "--once", *flags]
        racers = [
            subprocess.Popen(
                [*command, "--claimer", f"racer-{n}"], stdout=subprocess.PIPE, text=True
            )
            for n in range(2)
        ]
        outputs = [racer.communicate(timeout=120)[0] for racer in racers]
        assert [racer.returncode for racer in racers] == [0, 0]
        for effect in effects:
            assert (
                len([r for r in bank.requests if r.idempotency_key == effect.idempotency_key]) == 1
            )
    rows = [
        row for out in outputs for line in out.splitlines() for row in json.loads(line)["outbox"]
    ]
    confirmed = [r["idempotency_key"] for r in rows if r["result"] == "confirmed"]
    assert sorted(confirmed) == sorted(e.idempotency_key for e in effects)
    assert all(current(remote, e).status == EffectStatus.CONFIRMED for e in effects)


def test_the_seed_command_runs_as_written(
    server: tape_server.ServerProcess, remote: Journal, tmp_path: Path
) -> None:
    """`cd sdk/go && go run ./cmd/tape-outbox --url ... --connector bank.wire` (+ --once, so it
    ends): the stock binary has no bank.wire connector, so the effect waits, and it says so."""
    effect = outbox_effect(remote, new_run(remote), 0)
    ran = _go("run", "./cmd/tape-outbox", "--url", server.url, "--connector", "bank.wire", "--once")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"outbox": []}
    assert 'no connector registered as "bank.wire"' in ran.stderr
    assert current(remote, effect).status == EffectStatus.PENDING


def test_the_bearer_token_comes_from_tape_token(
    pg_url: str, tape_outbox: Path, tmp_path: Path
) -> None:
    secured = tape_server.start_process(
        pg_url, tmp_path / "server.log", env={"TAPE_TOKEN": "go-sdk-s3cret"}
    )
    try:
        journal = Journal(secured.url, token="go-sdk-s3cret")
        effect = outbox_effect(journal, new_run(journal), 0, connector="log")
        log = ["--register-log-connector", "--log-connector-path", str(tmp_path / "o.jsonl")]

        refused, _ = _dispatch(tape_outbox, secured.url, *log)
        assert refused.returncode == 1
        assert "Unauthenticated" in refused.stderr
        assert current(journal, effect).status == EffectStatus.PENDING

        accepted, _ = _dispatch(tape_outbox, secured.url, *log, env={"TAPE_TOKEN": "go-sdk-s3cret"})
        assert accepted.returncode == 0, accepted.stderr
        assert current(journal, effect).status == EffectStatus.CONFIRMED
        journal.close()
    finally:
        assert secured.stop() == 0


def test_tapes_trusts_the_ca_tape_tls_ca_names(
    pg_url: str, tape_outbox: Path, tmp_path: Path
) -> None:
    cert, key = certs.self_signed()
    (tmp_path / "ca.pem").write_bytes(cert)
    served = tape_server.start_in_process(pg_url, tls=(cert, key))
    try:
        url = served.url.replace("127.0.0.1", "localhost")
        effect = outbox_effect(served.journal, new_run(served.journal), 0, connector="log")
        log = ["--register-log-connector", "--log-connector-path", str(tmp_path / "o.jsonl")]

        untrusted, _ = _dispatch(tape_outbox, url, *log)
        assert untrusted.returncode == 1 and "ServerUnavailable" in untrusted.stderr
        assert current(served.journal, effect).status == EffectStatus.PENDING

        trusted, _ = _dispatch(
            tape_outbox, url, *log, env={"TAPE_TLS_CA": str(tmp_path / "ca.pem")}
        )
        assert trusted.returncode == 0, trusted.stderr
        assert current(served.journal, effect).status == EffectStatus.CONFIRMED
    finally:
        served.stop()


def test_usage_errors_exit_2_and_touch_nothing(
    server: tape_server.ServerProcess, remote: Journal, tape_outbox: Path
) -> None:
    effect = outbox_effect(remote, new_run(remote), 0, connector="log")
    for flags in (["--interval", "soon"], ["--register-http-connector", "log"], ["--nope"]):
        proc, passes = _dispatch(tape_outbox, server.url, "--register-log-connector", *flags)
        assert proc.returncode == 2, flags
        assert proc.stderr.startswith("tape-outbox: error: ") and passes == []
    assert current(remote, effect).status == EffectStatus.PENDING
