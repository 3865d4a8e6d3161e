"""Journal data never names code, and never sends a worker to an internal address.

- a ``tape://`` client (a real ``tape server`` over Postgres) that registers a compensation
  naming code (``os:system``, an importable ``module:attr``, a name nobody registered) gets
  ``UnknownCompensator`` and every ``tape_*`` table is unchanged; the name the server's
  ``TAPE_IMPORTS`` registered is accepted;
- an import path already stored (written by SQL, as an old journal holds it) is never imported
  nor called by the compensation pass: an ERROR line, the obligation STUCK, the run STUCK and
  shown by ``tape inspect`` for a human;
- a webhook to a loopback, link-local or private address is refused at registration and at
  dispatch (no request sent) unless ``TAPE_WEBHOOK_ALLOW_PRIVATE=1``.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import tape
from tape import Journal, ObligationStatus, RunStatus, TaskStatus, cli, errors, registry
from tape.reactions import dispatch, egress_http, matcher
from tape.reactors import compensate
from tests.support import runs, tape_server

REPO = Path(__file__).resolve().parents[2]
MARKER_MODULE = "tests.support.import_marker"
ALLOW = "TAPE_WEBHOOK_ALLOW_PRIVATE"


def table_counts(url: str) -> dict[str, int]:
    """Rows in every ``tape_*`` table of the database."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = conn.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_name LIKE 'tape\\_%'"
                )
            ).scalars()
            return {
                name: int(conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one())
                for name in names
            }
    finally:
        engine.dispose()


def confirmed_effect(j: Any, run_id: str, index: int = 0) -> str:
    key = j.begin_effect(
        run_id=run_id, decision_index=index, tool_name=f"wire_{index}"
    ).idempotency_key
    j.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    return str(key)


@pytest.fixture
def clean_registry() -> Iterator[None]:
    saved = registry.snapshot()
    yield
    registry.restore(saved)


@pytest.fixture
def markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(imported, touched): files that appear if the marker module is imported, or if
    ``os.system`` runs the hostile command."""
    imported, touched = tmp_path / "imported", tmp_path / "touched"
    monkeypatch.setenv("TAPE_TEST_IMPORT_MARKER", str(imported))
    sys.modules.pop(MARKER_MODULE, None)
    return imported, touched


# ── refused at register_compensation ────────────────────────────────────────────────────────


@pytest.mark.usefixtures("clean_registry")
def test_a_tape_client_cannot_store_a_compensator_ref_that_names_code(
    pg_url: str, tmp_path: Path, markers: tuple[Path, Path]
) -> None:
    imported, touched = markers
    server = tape_server.start_process(
        pg_url,
        tmp_path / "server.log",
        env={
            "TAPE_IMPORTS": "tests.support.named_compensators",
            "TAPE_TEST_IMPORT_MARKER": str(imported),
            "PYTHONPATH": str(REPO),
        },
    )
    client = Journal(server.url)
    local = Journal(pg_url)  # the journal client in this process: the same rule
    try:
        run_id = runs.new_run(client)
        key = confirmed_effect(client, run_id)
        hostile = {
            "os:system": {"command": f"touch {touched}"},
            f"{MARKER_MODULE}:system": {"amount": 5},
            "refund_v2": {"amount": 5},  # a name, but nobody registered it
        }
        before = table_counts(pg_url)
        for journal in (client, local):
            for ref, payload in hostile.items():
                with pytest.raises(errors.UnknownCompensator) as refused:
                    journal.register_compensation(
                        run_id=run_id,
                        effect_key=key,
                        kind="wire_0",
                        payload_json=payload,
                        compensator_ref=ref,
                        due=True,
                    )
                assert ref in str(refused.value)
        assert table_counts(pg_url) == before
        assert not imported.exists() and not touched.exists()

        # What the server's TAPE_IMPORTS registered is accepted: the rule is the registry.
        ob = client.register_compensation(
            run_id=run_id,
            effect_key=key,
            kind="wire_0",
            payload_json={"amount": 5},
            compensator_ref="refund",
            due=True,
        )
        assert (ob.compensator_ref, ob.status) == ("refund", ObligationStatus.PENDING)
        assert table_counts(pg_url)["tape_obligations"] == before["tape_obligations"] + 1
    finally:
        client.close()
        local.close()
        assert server.stop() == 0


def test_a_compensator_name_never_holds_an_import_path() -> None:
    with pytest.raises(errors.InvalidArgument):
        tape.register_compensator("os:system", lambda **payload: None)
    with pytest.raises(errors.UnknownCompensator):
        registry.require_compensator("os:system")


# ── already stored: the pass refuses it ─────────────────────────────────────────────────────


def _store_ref_by_sql(url: str, run_id: str, seq: int, ref: str) -> None:
    """What an old journal holds, or a writer who went around the API: a ref set by SQL."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            updated = conn.execute(
                sa.text(
                    "UPDATE tape_obligations SET compensator_ref = :ref "
                    "WHERE run_id = :run_id AND seq = :seq"
                ),
                {"ref": ref, "run_id": run_id, "seq": seq},
            )
            assert updated.rowcount == 1
    finally:
        engine.dispose()


@pytest.mark.usefixtures("clean_registry")
def test_a_stored_import_path_is_never_imported_and_goes_stuck_for_a_human(
    pg_url: str, markers: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    imported, touched = markers
    by_kind: list[dict[str, Any]] = []
    registry.register_compensator("wire_money", lambda **payload: by_kind.append(payload))
    journal = Journal(pg_url)
    run_id = runs.new_run(journal)
    stored = {
        "os:system": {"command": f"touch {touched}"},
        f"{MARKER_MODULE}:system": {"amount": 5},
    }
    for index, (ref, payload) in enumerate(stored.items()):
        key = confirmed_effect(journal, run_id, index)
        ob = journal.register_compensation(
            run_id=run_id, effect_key=key, kind="wire_money", payload_json=payload
        )
        _store_ref_by_sql(pg_url, run_id, ob.seq, ref)
    journal.end_run(run_id=run_id, status=RunStatus.COMPENSATING)  # the run is being undone

    with caplog.at_level(logging.ERROR, logger="tape.reactors.compensate"):
        results = compensate.run_once(journal, compensate.CompensateOptions(claimer="pass-1"))

    assert [r["result"] for r in results] == ["stuck", "stuck"]
    assert not imported.exists() and not touched.exists()
    assert MARKER_MODULE not in sys.modules
    assert by_kind == []  # nor guessed at: the ref decides, and it names nothing registered
    refused = [r for r in caplog.records if getattr(r, "action", "") == "compensator-ref-refused"]
    assert {r.ref for r in refused} == set(stored)  # type: ignore[attr-defined]
    assert {r.levelno for r in refused} == {logging.ERROR}
    for ob in journal.list_obligations(run_id=run_id):
        assert ob.status == ObligationStatus.STUCK
        assert json.loads(ob.last_error)["type"] == "UnknownCompensator"
    assert journal.get_run(run_id=run_id).status == RunStatus.STUCK

    shown = CliRunner().invoke(cli.tape, ["inspect", run_id, "--json", "--database-url", pg_url])
    assert shown.exit_code == 0, shown.output
    dump = json.loads(shown.output)
    assert dump["run"]["status"] == "STUCK"
    assert [o["status"] for o in dump["obligations"]] == ["STUCK", "STUCK"]
    assert all("import path" in o["last_error"] for o in dump["obligations"])
    journal.close()


@pytest.mark.usefixtures("clean_registry")
def test_compensate_run_refuses_a_stored_import_path_too(
    pg_url: str, markers: tuple[Path, Path]
) -> None:
    imported, _ = markers
    journal = Journal(pg_url)
    run_id = runs.new_run(journal)
    ob = journal.register_compensation(
        run_id=run_id, effect_key=confirmed_effect(journal, run_id), kind="wire_money"
    )
    _store_ref_by_sql(pg_url, run_id, ob.seq, f"{MARKER_MODULE}:system")
    with pytest.raises(errors.CompensationStuck):
        tape.compensate_run(journal, run_id)
    assert not imported.exists() and MARKER_MODULE not in sys.modules
    (after,) = journal.list_obligations(run_id=run_id)
    assert after.status == ObligationStatus.STUCK
    assert journal.get_run(run_id=run_id).status == RunStatus.STUCK
    journal.close()


# ── webhooks ────────────────────────────────────────────────────────────────────────────────

REFUSED_TARGETS = [
    "http://127.0.0.1:8080/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://192.168.1.20/hook",
    "http://0.0.0.0/hook",
    "http://localhost:8080/hook",
    "http://2130706433/hook",  # 127.0.0.1 spelled as one number
    "http://[::1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "https://[fe80::1]/hook",
    "http://224.0.0.1/hook",
]


def test_a_webhook_to_an_internal_address_is_refused_at_registration(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW, raising=False)
    journal = Journal(pg_url)
    before = table_counts(pg_url)
    for index, target in enumerate(REFUSED_TARGETS):
        with pytest.raises(errors.WebhookAddressRefused):
            journal.register_reaction(
                subject_pattern="/tape/value/changed/**",
                reaction_id=f"hook-{index}",
                publish_target=target,
            )
        with pytest.raises(errors.WebhookAddressRefused):
            tape.on("/tape/value/changed/**", name=f"hook-{index}", publish=target)
    assert table_counts(pg_url) == before

    # A public address, and a host name (checked where it resolves at dispatch), are accepted.
    for index, target in enumerate(["https://93.184.216.34/hook", "https://hooks.example/h"]):
        journal.register_reaction(
            subject_pattern="/tape/value/changed/**",
            reaction_id=f"public-{index}",
            publish_target=target,
        )

    monkeypatch.setenv(ALLOW, "1")
    for index, target in enumerate(REFUSED_TARGETS):
        made = journal.register_reaction(
            subject_pattern="/tape/value/changed/**",
            reaction_id=f"hook-{index}",
            publish_target=target,
        )
        assert made.publish_target == target
    journal.close()


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook_port() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_a_webhook_is_refused_at_dispatch_where_its_name_resolves(
    pg_url: str, hook_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAPE_WEBHOOK_SECRET", "s3cr3t-value")
    monkeypatch.setenv(ALLOW, "1")  # registered while open (or stored by an older tape)
    journal = Journal(pg_url)
    for reaction_id, host in (("by-name", "localhost"), ("by-address", "127.0.0.1")):
        journal.register_reaction(
            subject_pattern="/tape/value/changed/**",
            reaction_id=reaction_id,
            publish_target=f"http://{host}:{hook_port}/{reaction_id}",
        )
    journal.write_value(namespace="ns", key="k", value_json={"amount": 5})
    matcher.run_once(journal)
    opts = dispatch.WorkOptions(lease_ms=5000, budget_s=5, owner="t")

    monkeypatch.delenv(ALLOW)
    assert dispatch.work(journal, "by-name", opts)["failed"] == 1
    (task,) = journal.list_tasks(reaction_id="by-name")
    assert task.status == TaskStatus.FAILED
    assert "WebhookAddressRefused" in task.last_error and "127.0.0.1" in task.last_error
    assert "loopback" in task.last_error and ALLOW in task.last_error
    assert _Hook.received == []  # no request sent

    # The socket-level check (a name that resolved to a public address, then rebound):
    with (
        pytest.raises(errors.WebhookAddressRefused),
        egress_http.session(public_only=True) as client,
    ):
        client.post(f"http://127.0.0.1:{hook_port}/rebound", data=b"{}", timeout=5)
    assert _Hook.received == []

    monkeypatch.setenv(ALLOW, "1")
    assert dispatch.work(journal, "by-address", opts)["done"] == 1
    assert _Hook.received == ["/by-address"]
    journal.close()
