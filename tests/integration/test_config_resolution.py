"""One configuration resolution (:func:`tape.config.resolve_urls`): every command, ``.delay()``
and the worker read the same journal and broker in a folder (flag, ``TAPE_*``, ``tape.yaml``,
embedded default), and ``tape doctor`` says which source won, checks that broker and pings the
workers on it. The CLI runs as real ``tape`` processes in the project folder; workers are real
``celery -A tape worker`` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tape import config, migrations
from tape.cli import devproject
from tape.journal import Journal
from tests.support import celery_procs

TAPE = str(Path(sys.executable).parent / "tape")
APP = "tests.support.run_agents"


def tape_cli(
    folder: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tape ARGS`` in ``folder`` with no ``TAPE_*`` variable but ``env`` (and the session's
    broker key prefix)."""
    return subprocess.run(
        [TAPE, *args],
        cwd=folder,
        env=celery_procs.process_env(dict(env or {})),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_project(folder: Path, database_url: str, broker_url: str) -> Path:
    """A ``tape.yaml`` the way the scaffold's comment says: point these at Postgres and Redis."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tape.yaml").write_text(
        "apiVersion: tape.dev/v1\n"
        "kind: TapeProject\n"
        f"project:\n  module: {APP}\n"
        f"tape:\n  database_url: {database_url}\n  broker_url: {broker_url}\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def project(pg_url: str, redis_url: str, tmp_path: Path) -> Path:
    migrations.upgrade(pg_url)
    return write_project(tmp_path / "shop", pg_url, redis_url)


def started_run(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    assert words[0] == "run", result.stdout
    return words[1]


def test_cli_commands_in_a_postgres_redis_project_see_the_runs_tape_run_started(
    project: Path, pg_url: str
) -> None:
    run_id = started_run(tape_cli(project, "run", "cli-echo", "--arg", "request=hi"))
    with Journal(pg_url) as journal:  # the journal tape.yaml names, not ./.tape/dev.db
        delayed = journal.list_runs(limit=10)
    assert [r.run_id for r in delayed] == [run_id]

    status = tape_cli(project, "status", "--json")
    inspected = tape_cli(project, "inspect", run_id, "--json")
    tail = tape_cli(
        project, "tail", "-g", "0", "--run", run_id, "--raw", "-n", "1", "--idle-exit", "5"
    )
    live = tape_cli(project, "doctor", "--live", "--json")
    migrate = tape_cli(project, "migrate")
    cancelled = tape_cli(project, "cancel", run_id, "--reason", "test")

    assert status.returncode == 0, status.stderr
    assert [r["run_id"] for r in json.loads(status.stdout)["runs"]] == [run_id]
    assert inspected.returncode == 0, inspected.stderr
    assert run_id in inspected.stdout
    assert tail.returncode == 0, tail.stderr
    assert run_id in tail.stdout
    assert json.loads(live.stdout)["counts"], live.stderr  # the triage of that journal
    assert migrate.returncode == 0, migrate.stderr
    assert "sqlite" not in migrate.stdout + migrate.stderr
    assert cancelled.returncode == 0, cancelled.stderr
    with Journal(pg_url) as journal:
        assert journal.get_run(run_id=run_id).status.name == "CANCELLED"
    assert not (project / ".tape" / "dev.db").exists()  # no other journal was made or read


def test_doctor_prints_which_source_won_for_each_url(
    project: Path, pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    from_file = tape_cli(project, "doctor", "--json")
    from_env = tape_cli(project, "doctor", "--json", env={"TAPE_BROKER_URL": redis_url})
    from_flag = tape_cli(project, "doctor", "--json", "--database-url", pg_url)
    bare = tmp_path / "bare"
    bare.mkdir()
    default = tape_cli(bare, "doctor", "--json")
    text = tape_cli(project, "doctor")

    def sources(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
        checks = json.loads(result.stdout)["checks"]
        return {c["name"]: c["source"] for c in checks if c["name"] in ("database", "broker")}

    yaml_source = f"tape.yaml ({project / 'tape.yaml'})"
    assert sources(from_file) == {"database": yaml_source, "broker": yaml_source}
    assert sources(from_env) == {"database": yaml_source, "broker": "TAPE_BROKER_URL"}
    assert sources(from_flag) == {"database": "--database-url", "broker": yaml_source}
    assert sources(default) == {"database": "embedded default", "broker": "embedded default"}
    database_line = next(x for x in text.stdout.splitlines() if " database: " in x)
    assert database_line.startswith("✓ database: postgresql")
    assert database_line.endswith(f"(from {yaml_source})")


def test_doctor_with_no_worker_alive_exits_non_zero(project: Path) -> None:
    checked = tape_cli(project, "doctor")
    live = tape_cli(project, "doctor", "--live")

    assert checked.returncode == 1, checked.stdout
    assert "✓ database: " in checked.stdout and "✓ broker: " in checked.stdout
    assert "✗ workers: no worker answered a ping" in checked.stdout
    assert "all checks passed" not in checked.stdout
    assert live.returncode == 1, live.stdout  # a clean journal, but nothing would move it
    assert "✗ workers: no worker answered a ping" in live.stdout


def test_doctor_right_after_the_demo_says_no_worker_runs_on_the_filesystem_broker(
    tmp_path: Path,
) -> None:
    # What `tape dev` leaves behind on a machine with no servers: its journal and broker folder.
    folder = tmp_path / "demo"
    urls = config.resolve_urls(environ={}, workdir=folder)
    (folder / ".tape").mkdir(parents=True)
    migrations.upgrade(urls.database.value)
    broker = config.filesystem_broker_folder(urls.broker.value)
    assert broker is not None
    config.filesystem_transport_options(broker)

    result = tape_cli(folder, "doctor")

    assert result.returncode == 1, result.stdout
    assert f"✓ broker: filesystem transport at {folder / '.tape' / 'broker'}" in result.stdout
    assert "✗ workers: no worker answered a ping" in result.stdout
    assert "start `tape dev` here" in result.stdout
    # The ping's transport has no host to name: kombu's warning about it is not shown.
    assert "No hostname was supplied" not in result.stdout + result.stderr


def test_doctor_passes_the_ping_check_with_a_real_worker_alive(
    project: Path, pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    env = {"TAPE_DATABASE_URL": pg_url, "TAPE_BROKER_URL": redis_url, "TAPE_IMPORTS": APP}
    with celery_procs.celery_workers(tmp_path, env, concurrency=1) as workers:
        checked = tape_cli(project, "doctor")
        live = tape_cli(project, "doctor", "--live")

    assert checked.returncode == 0, checked.stdout
    assert f"✓ workers: 1 answered a ping: {workers[0].name}" in checked.stdout
    assert "all checks passed." in checked.stdout
    assert live.returncode == 0, live.stdout


def test_doctor_pings_a_worker_on_the_filesystem_broker(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    urls = config.resolve_urls(environ={}, workdir=folder)
    (folder / ".tape").mkdir()
    migrations.upgrade(urls.database.value)
    env = {"TAPE_DATABASE_URL": urls.database.value, "TAPE_BROKER_URL": urls.broker.value}
    with celery_procs.celery_workers(tmp_path, env, concurrency=1) as workers:
        checked = tape_cli(folder, "doctor")

    assert checked.returncode == 0, checked.stdout
    assert f"✓ workers: 1 answered a ping: {workers[0].name}" in checked.stdout


def test_delay_in_a_folder_without_tape_yaml_targets_tape_devs_broker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TAPE_URL", "TAPE_DATABASE_URL", "TAPE_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    delay = config.Settings.from_env()  # what .delay() and the worker use here
    dev = devproject.resolve(tmp_path.resolve(), app=APP)  # what `tape dev --app` uses here

    assert delay.broker_url == dev.broker_url == f"filesystem://{tmp_path.resolve()}/.tape/broker"
    assert delay.database_url == dev.database_url
    assert delay.urls is not None and delay.urls.broker.source == config.SOURCE_DEFAULT


def test_every_source_in_order(tmp_path: Path) -> None:
    write_project(tmp_path, "postgresql://file/db", "redis://file:6379/1")
    env = {"TAPE_DATABASE_URL": "postgresql://env/db", "TAPE_URL": "tape://server:7878"}

    flag = config.resolve_urls(database_url="sqlite:///x.db", environ=env, workdir=tmp_path)
    variable = config.resolve_urls(environ=env, workdir=tmp_path)
    second = config.resolve_urls(environ={"TAPE_DATABASE_URL": "postgresql://env/db"})
    project = config.resolve_urls(environ={}, workdir=tmp_path)
    default = config.resolve_urls(environ={}, workdir=tmp_path / "elsewhere")

    assert (flag.database.value, flag.database.source) == (
        f"sqlite:///{tmp_path.resolve()}/x.db",
        config.SOURCE_FLAG,
    )
    assert (variable.database.value, variable.database.origin) == ("tape://server:7878", "TAPE_URL")
    assert second.database.origin == "TAPE_DATABASE_URL"
    assert (project.database.value, project.broker.value) == (
        "postgresql://file/db",
        "redis://file:6379/1",
    )
    assert project.broker.source == config.SOURCE_PROJECT
    assert default.database.source == default.broker.source == config.SOURCE_DEFAULT
    assert default.broker.value.startswith("filesystem:///")
    assert os.path.isabs(default.database.value.removeprefix("sqlite:///"))


def test_a_tape_yaml_that_cannot_be_used_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "tape.yaml").write_text("kind: SomethingElse\n", encoding="utf-8")

    for args in (["status"], ["doctor"], ["migrate"]):
        result = tape_cli(tmp_path, *args)

        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"tape: error: {tmp_path / 'tape.yaml'} is not a tape.dev/v1 TapeProject"
        ]
    assert not (tmp_path / ".tape").exists()
