"""make sdk-parity: every language's outbox dispatcher drives one effect PENDING -> CONFIRMED.

Starts ``tape server`` on a temporary SQLite journal, then for each dispatcher: creates a
PENDING+OUTBOX effect (connector ``log``) through ``tape://``, runs one ``--once`` pass of that
dispatcher with ``--register-log-connector``, and checks the effect is CONFIRMED and the
LogConnector wrote exactly its line. Exit 0 only if every built dispatcher passed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TS_DIR = REPO / "sdk" / "typescript"

#: language -> the command of one pass (URL and log path appended), or None: not built yet.
DISPATCHERS: dict[str, list[str] | None] = {
    "python": [PYTHON, "-m", "tape.reactors.outbox"],
    "typescript": ["node", str(TS_DIR / "bin" / "tape-outbox-ts.js")],
    "go": None,
    "java": None,
}


def start_server(database_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    handle = log.open("wb")
    process = subprocess.Popen(
        [PYTHON, "-m", "tape", "server", "--listen", "127.0.0.1:0", "--database-url", database_url],
        stdout=handle,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"listening on (tape://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return process, found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"tape server did not start:\n{log.read_text()}")


def main() -> int:
    from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, migrations

    work = Path(tempfile.mkdtemp(prefix="tape-parity-"))
    database_url = f"sqlite:///{work / 'tape.db'}"
    migrations.upgrade(database_url)
    server, url = start_server(database_url, work / "server.log")
    failures = 0
    try:
        journal = Journal(url)
        for language, command in DISPATCHERS.items():
            if command is None:
                print(f"sdk-parity: {language:<10} not yet built (no dispatcher in sdk/{language})")
                continue
            run = journal.begin_run(
                app_name="parity",
                user_id="u",
                session_id=language,
                invocation_id=uuid.uuid4().hex,
                lease_owner="parity",
            )
            effect = journal.begin_effect(
                run_id=run.run_id,
                decision_index=0,
                tool_name=f"parity_{language}",
                request_json={"language": language},
                semantics=EffectSemantics.NON_IDEMPOTENT,
                dispatch_mode=DispatchMode.OUTBOX,
                connector="log",
                business_key=f"parity-{language}-{uuid.uuid4().hex[:8]}",
            )
            assert effect.status == EffectStatus.PENDING
            log = work / f"{language}.jsonl"
            proc = subprocess.run(
                [*command, "--url", url, "--once", "--register-log-connector",
                 "--log-connector-path", str(log)],
                capture_output=True, text=True, timeout=120, cwd=REPO,
                env={**os.environ, "TAPE_URL": url},
            )  # fmt: skip
            after = journal.get_effect(run_id=run.run_id, idempotency_key=effect.idempotency_key)
            lines = log.read_text().splitlines() if log.exists() else []
            keys = [json.loads(line)["idempotency_key"] for line in lines]
            ok = (
                proc.returncode == 0
                and after is not None
                and after.status == EffectStatus.CONFIRMED
                and keys == [effect.idempotency_key]
            )
            status = after.status.name if after is not None else "missing"
            print(f"sdk-parity: {language:<10} PENDING -> {status:<9} {'ok' if ok else 'FAILED'}")
            if not ok:
                failures += 1
                print(f"  exit {proc.returncode}\n  stdout: {proc.stdout}\n  stderr: {proc.stderr}")
        journal.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
