"""A run records its agent's version and keeps it on re-drive (issue 27, "intended changes
pass"), on Postgres, SQLite and through a tape server: ``@tape.agent(version=...)``, by default
a digest of the agent's code and the tools it names; ``tape.policy_is`` branches on it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tape
from tape import Journal, RunStatus, errors, runtime
from tape.agents.runner import code_version
from tape.config import Settings

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


@tape.effect()
def ver_pay(amount: int) -> dict[str, Any]:
    return {"paid": amount}


def deployed(version: str) -> tape.Agent[Any]:
    """The agent ``ver-payer`` as deployed at ``version``: v2 pays by a new rule."""

    @tape.agent(name="ver-payer", version=version)
    def pay(ctx: tape.RunContext) -> dict[str, Any]:
        # the old rule is kept for runs started under v1
        amount = 10 if tape.policy_is("v1") else 20
        receipt = ver_pay(amount=amount)
        ctx.await_gate("next")
        return {"receipt": receipt, "version": ctx.policy_version}

    return pay


def test_a_run_keeps_the_version_it_started_under_and_branches_on_it(tj: Journal) -> None:
    run_id = deployed("v1").delay(journal=tj).run_id
    assert tj.get_run(run_id=run_id).labels == {"policy_version": "v1"}
    assert deployed("v1").drive(run_id, journal=tj).status == RunStatus.WAITING
    tj.send_signal(run_id=run_id, gate_name="next")
    # v2 is deployed mid-run: the run replays v1's branch, so nothing diverges
    done = deployed("v2").drive(run_id, journal=tj)
    assert done.detail == {"result": {"receipt": {"paid": 10}, "version": "v1"}}
    # and a run started under v2 takes the new branch
    fresh = deployed("v2").delay(journal=tj).run_id
    deployed("v2").drive(fresh, journal=tj)
    tj.send_signal(run_id=fresh, gate_name="next")
    assert deployed("v2").drive(fresh, journal=tj).detail["result"]["receipt"] == {"paid": 20}


def test_a_run_created_without_a_version_takes_its_first_attempts(tj: Journal) -> None:
    run_id = tj.create_run(app_name="ver-payer", invocation_id=tape.uuid()).run_id
    assert tj.get_run(run_id=run_id).labels == {}
    deployed("v1").drive(run_id, journal=tj)
    assert tj.get_run(run_id=run_id).labels == {"policy_version": "v1"}
    (row,) = tj.read_journal(run_id=run_id, subject_pattern="/tape/run/versioned/**")
    assert row.payload == {"transition": "versioned", "policy_version": "v1"}
    # stamped once: a later stamp changes nothing
    again = tj.stamp_run_version(run_id=run_id, version="v9")
    assert again.labels == {"policy_version": "v1"}
    with pytest.raises(errors.InvalidArgument):
        tj.stamp_run_version(run_id=run_id, version="")


def plain(ctx: tape.RunContext) -> Any:
    return ver_pay(amount=1)


def plain_changed(ctx: tape.RunContext) -> Any:
    return ver_pay(amount=2)


def test_the_default_version_is_a_digest_of_the_code_and_its_tools(tj: Journal) -> None:
    version = code_version(plain)
    assert version.startswith("code-") and len(version) == len("code-") + 12
    assert code_version(plain_changed) != version
    declared = tape.agent(name="ver-default")(plain)
    assert declared.policy_version == version
    run_id = declared.delay(journal=tj).run_id
    assert tj.get_run(run_id=run_id).labels == {"policy_version": version}
    # the same in another process that imports the same code
    script = (
        "from tests.integration.test_agent_versions import plain;"
        "from tape.agents.runner import code_version; print(code_version(plain))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == version


def test_version_and_policy_version_name_one_thing() -> None:
    with pytest.raises(errors.InvalidArgument, match="give one"):
        tape.agent(name="ver-both", version="a", policy_version="b")
    assert tape.agent(name="ver-alias", policy_version="p")(plain).policy_version == "p"
    assert tape.agent(name="ver-new", version="p")(plain).policy_version == "p"
