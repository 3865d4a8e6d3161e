"""LogConnector on a real file: lines, observation counts, concurrent appends."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from tape.connectors.log import LogConnector
from tests.integration.connector_fixtures import make_effect, make_obligation


@pytest.fixture
def connector(tmp_path: Path) -> LogConnector:
    return LogConnector(path=str(tmp_path / "outbox.jsonl"))


def lines(connector: LogConnector) -> list[dict[str, object]]:
    text = Path(connector.path).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_defaults() -> None:
    connector = LogConnector()
    assert (connector.name, connector.path) == ("log", "/tmp/tape-outbox.jsonl")


def test_dispatch_appends_one_line_and_confirms(connector: LogConnector) -> None:
    effect = make_effect()
    result = connector.dispatch(effect)
    sha = hashlib.sha1(effect.idempotency_key.encode()).hexdigest()[:12]
    assert (result.status, result.external_ref) == ("confirmed", f"log-{sha}")
    (line,) = lines(connector)
    assert line["run_id"] == effect.run_id
    assert line["idempotency_key"] == effect.idempotency_key
    assert line["tool_name"] == effect.tool_name
    assert line["business_key"] == effect.business_key
    assert line["request"] == effect.request
    assert isinstance(line["ts_ms"], int) and line["ts_ms"] > 0


def test_request_that_is_not_json_is_kept_as_text(connector: LogConnector) -> None:
    connector.dispatch(make_effect(request_json="not json"))
    assert lines(connector)[0]["request"] == "not json"


def test_observe_counts_lines(connector: LogConnector) -> None:
    effect, other = make_effect(), make_effect()
    assert connector.observe(effect).status == "absent"  # no file yet
    connector.dispatch(other)
    assert connector.observe(effect).status == "absent"
    connector.dispatch(effect)
    observed = connector.observe(effect)
    assert observed.status == "confirmed"
    sha = hashlib.sha1(effect.idempotency_key.encode()).hexdigest()[:12]
    assert observed.external_ref == f"log-{sha}"
    connector.dispatch(effect)
    assert connector.observe(effect).status == "duplicate"


def test_same_key_in_another_run_is_not_counted(connector: LogConnector) -> None:
    effect = make_effect(idempotency_key="custom-key")
    connector.dispatch(make_effect(idempotency_key="custom-key"))
    assert connector.observe(effect).status == "absent"


def test_compensate_appends_a_line_that_observe_ignores(connector: LogConnector) -> None:
    effect = make_effect()
    connector.dispatch(effect)
    obligation = make_obligation(effect_key=effect.idempotency_key)
    assert connector.compensate(obligation).status == "compensated"
    last = lines(connector)[-1]
    assert last["compensate"] == {
        "run_id": obligation.run_id,
        "seq": obligation.seq,
        "effect_key": effect.idempotency_key,
        "kind": obligation.kind,
        "payload": obligation.payload,
    }
    assert connector.observe(effect).status == "confirmed"


def test_torn_line_is_ignored(connector: LogConnector) -> None:
    effect = make_effect()
    connector.dispatch(effect)
    with open(connector.path, "a", encoding="utf-8") as handle:
        handle.write('{"idempotency_key": "' + effect.idempotency_key)  # crash mid-write
    assert connector.observe(effect).status == "confirmed"


def test_unreadable_file_is_stuck(tmp_path: Path) -> None:
    connector = LogConnector(path=str(tmp_path))  # a directory
    assert connector.observe(make_effect()).status == "stuck"
    with pytest.raises(OSError):
        connector.dispatch(make_effect())


def test_concurrent_threads_write_whole_lines(connector: LogConnector) -> None:
    effects = [make_effect(request_json=json.dumps({"pad": "x" * 5000})) for _ in range(200)]

    def work(chunk: int) -> None:
        for effect in effects[chunk::8]:
            connector.dispatch(effect)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lines(connector)) == 200
    assert all(connector.observe(e).status == "confirmed" for e in effects[:20])


def _append_many(path: str, n: int) -> None:
    connector = LogConnector(path=path)
    for _ in range(n):
        connector.dispatch(make_effect(request_json=json.dumps({"pad": "y" * 3000})))


def test_concurrent_processes_write_whole_lines(connector: LogConnector) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(connector.path, 50)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    parsed = lines(connector)  # raises if any line was interleaved
    assert len(parsed) == 200
    assert len({line["idempotency_key"] for line in parsed}) == 200
