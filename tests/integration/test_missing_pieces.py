"""Missing pieces are one line naming the command that fixes them, never a traceback
(issue 28, item 5): the grpc extra, an unmigrated journal, an unreachable ``tape dev`` database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import tape
from tape import errors
from tape.cli import tape as tape_cli
from tests.support import databases

# Makes every module of the grpc extra unimportable, as on a machine without it.
NO_GRPC = """
import sys

class _NoGrpc:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in ("grpc", "grpc_health", "grpc_reflection"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoGrpc())
"""


def test_tape_server_without_the_grpc_extra_is_one_line_naming_the_extra_and_exit_2(
    tmp_path: Path,
) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(NO_GRPC)
    env = {**os.environ, "PYTHONPATH": str(shim)}
    result = subprocess.run(
        [sys.executable, "-m", "tape", "server", "--database-url", f"sqlite:///{tmp_path}/j.db"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "tape: error: tape server needs the grpc extra: pip install 'tape[grpc]' (grpc is missing)"
    ]
    assert not (tmp_path / "j.db").exists()


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A Postgres database nobody migrated, its URL carrying a password."""
    name = f"{databases.PREFIX}{uuid.uuid4().hex[:12]}"
    databases._admin_execute(f'CREATE DATABASE "{name}"')
    url = databases.database_url(name)
    scheme, _, rest = url.partition("://")
    user, _, host = rest.partition("@")
    yield f"{scheme}://{user.partition(':')[0]}:s3cret-pw@{host}"
    databases._admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_journal_on_an_unmigrated_database_raises_schema_not_ready_naming_tape_migrate(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "postgres":
        url = request.getfixturevalue("empty_pg_url")
    else:
        url = f"sqlite:///{tmp_path}/never-migrated.db"
    journal = tape.Journal(url)
    try:
        with pytest.raises(errors.SchemaNotReady) as caught:
            journal.get_run(run_id="r-1")
        with pytest.raises(errors.SchemaNotReady):
            journal.begin_run(
                app_name="a", user_id="u", session_id="s", invocation_id="i", lease_owner="w"
            )
    finally:
        journal.close()
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert "has no tape schema; run `tape migrate --database-url " in message
    assert "SELECT" not in message.upper()
    assert "s3cret-pw" not in message
    assert caught.value.__suppress_context__


def test_tape_dev_with_an_unreachable_database_exits_2_and_leaves_no_tape_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # Port 1: nothing listens there, the connection is refused at once.
    url = "postgresql://root:s3cret-pw@127.0.0.1:1/tape"
    result = CliRunner().invoke(tape_cli, ["dev", "--database-url", url])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("tape: error: cannot reach the journal database ")
    assert "start it, or pass another --database-url" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "s3cret-pw" not in result.output
    assert list(tmp_path.iterdir()) == []
