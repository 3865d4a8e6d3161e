"""The parity harness (scripts/sdk_parity.py, ``make sdk-parity``) for Python and TypeScript.

``make test`` runs all four languages through ``make sdk-parity``; this test runs the two whose
dispatchers live in this repository without a build step, so a change to either (or to the
harness) is caught by pytest as well. Also: a dispatcher that is not built is a FAILED row
naming its make target, and ``--register-http-connector`` refuses a bad NAME=URL.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import sdk_parity  # noqa: E402
from parity import dispatchers  # noqa: E402

ROW = re.compile(
    r"^sdk-parity: (?P<who>\S+) (?P<scenario>\S+) (?P<verdict>ok|FAILED) \((?P<detail>.*)\)$"
)


def test_every_scenario_is_ok_for_python_and_typescript() -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/sdk_parity.py", "--languages", "python,typescript"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    rows = [m for m in map(ROW.match, proc.stdout.splitlines()) if m]
    seen = {(m["who"], m["scenario"]) for m in rows}
    expected = {
        (language, scenario)
        for language in ("python", "typescript")
        for scenario in sdk_parity.ALL_SCENARIOS
        if scenario != "race"
    } | {("python×typescript", "race")}
    assert seen == expected, proc.stdout + proc.stderr
    failed = [m.group(0) for m in rows if m["verdict"] != "ok"]
    assert failed == [], proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sdk-parity summary" in proc.stdout


def test_a_dispatcher_that_is_not_built_fails_its_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(dispatchers, "GO_BINARY", tmp_path / "absent" / "tape-outbox")
    monkeypatch.setattr(dispatchers, "JAVA_TARGET", tmp_path / "absent")
    for language, target in (("go", "make go"), ("java", "make java")):
        d = dispatchers.dispatcher(language)
        ok, detail = sdk_parity.attempt(lambda: "never run", d)
        assert not ok and target in detail, detail
        assert not sdk_parity.row(language, "once", ok, detail)
        assert f"sdk-parity: {language} once FAILED (" in capsys.readouterr().out


def test_racing_pairs_cover_every_language() -> None:
    assert sdk_parity.pairs(["python", "typescript", "go", "java"]) == [
        ("python", "typescript"),
        ("typescript", "go"),
        ("go", "java"),
        ("java", "python"),
    ]
    assert sdk_parity.pairs(["python", "typescript"]) == [("python", "typescript")]
    assert sdk_parity.pairs(["go"]) == [("go", "go")]


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("bank", "takes NAME=URL"),
        ("=http://alice:s3cret@h/x", "takes NAME=URL"),
        ("bank=ftp://alice:s3cret@h/x", "URL must be http"),
        ("bank=http:///no-host", "URL must be http"),
    ],
)
def test_python_register_http_connector_refuses_a_bad_spec(spec: str, says: str) -> None:
    # tape://127.0.0.1:1 has no server: a usage error must come before any connection.
    proc = subprocess.run(
        [sys.executable, "-m", "tape.reactors.outbox", "--url", "tape://127.0.0.1:1", "--once",
         "--register-http-connector", spec],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "--register-http-connector" in proc.stderr and says in proc.stderr, proc.stderr
    assert "s3cret" not in proc.stderr + proc.stdout
