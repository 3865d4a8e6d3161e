"""``docker/``: no Docker engine runs here, so the compose file is checked against the Compose
Specification's JSON schema and the files and names it relies on are checked to exist.

The schema is not in the repository: ``make test`` (``make compose-schema``) fetches it once from
the npm registry into ``.cache/compose-spec/`` (see the Makefile). Without it these tests fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tape.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yaml"
SCHEMA = ROOT / ".cache" / "compose-spec" / "compose-spec.json"


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    if not SCHEMA.is_file():
        pytest.fail(
            f"the Compose Specification schema is missing: {SCHEMA.relative_to(ROOT)}. "
            "`make compose-schema` (run by `make test`) fetches it with npm; see the Makefile.",
            pytrace=False,
        )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # compose-spec's own header: the file really is that schema, in the draft it is written for.
    assert schema.get("$id") == "compose_spec.json", schema.get("$id")
    assert schema.get("title") == "Compose Specification"
    assert "draft-07" in schema.get("$schema", ""), schema.get("$schema")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def _problems(validator: jsonschema.Draft7Validator, document: dict[str, Any]) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    )


def test_compose_file_follows_the_compose_specification(
    validator: jsonschema.Draft7Validator,
) -> None:
    assert _problems(validator, _compose()) == []


def test_the_schema_rejects_what_compose_would(validator: jsonschema.Draft7Validator) -> None:
    document = _compose()
    document["services"]["worker"]["restart_policy"] = "always"
    document["services"]["beat"]["depends_on"] = {"redis": {"condition": "service_ready"}}
    problems = _problems(validator, document)
    assert len(problems) == 2, problems
    assert problems[0].startswith("services/beat/depends_on: "), problems
    assert "'restart_policy'" in problems[1], problems


def test_every_dependency_and_volume_is_declared() -> None:
    compose = _compose()
    services = compose["services"]
    for name, service in services.items():
        assert set(service.get("depends_on", {})) <= set(services) - {name}, name
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in compose.get("volumes", {}), (name, source)


def test_built_services_name_files_that_exist() -> None:
    builds = [s["build"] for s in _compose()["services"].values() if "build" in s]
    assert builds, "no service builds the tape image"
    for build in builds:
        context = (DOCKER / build["context"]).resolve()
        assert context == ROOT, build
        assert (context / build["dockerfile"]).is_file(), build


def test_dockerfile_copies_files_that_exist_and_installs_the_entrypoint() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    copies = re.findall(r"^COPY\s+(.+)$", dockerfile, flags=re.MULTILINE)
    assert copies
    destinations = []
    for copy in copies:
        *sources, destination = copy.split()
        destinations.append(destination)
        for source in sources:
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"
    entrypoint = json.loads(re.findall(r"^ENTRYPOINT\s+(.+)$", dockerfile, re.MULTILINE)[-1])
    assert f"/usr/local/bin/{entrypoint[0]}" in destinations, entrypoint
    assert f"COPY docker/entrypoint.sh /usr/local/bin/{entrypoint[0]}" in dockerfile
    assert (DOCKER / "entrypoint.sh").read_text(encoding="utf-8").startswith("#!/")


def test_environment_names_are_settings_tape_reads() -> None:
    readers = [
        ROOT / "tape" / "config.py",
        DOCKER / "entrypoint.sh",
        *sorted((ROOT / "tape" / "observability").glob("*.py")),  # TAPE_METRICS_PORT, ...
        ROOT / "tape" / "cli" / "ui.py",  # TAPE_UI_TOKEN
    ]
    read = {name for path in readers for name in re.findall(r"TAPE_[A-Z0-9_]+", path.read_text())}
    for name, service in _compose()["services"].items():
        for entry in service.get("environment", {}):  # a mapping, or a list of NAME=value
            variable = entry.split("=", 1)[0]
            if variable.startswith("TAPE_"):
                assert variable in read, f"{name} sets {variable}, which tape does not read"
    assert {"TAPE_DATABASE_URL", "TAPE_BROKER_URL", "TAPE_SKIP_MIGRATE"} <= read


def test_processes_run_the_tape_celery_app() -> None:
    services = _compose()["services"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "tape", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "tape", "beat"]
    assert services["flower"]["command"][:4] == ["celery", "-A", "tape", "flower"]
    assert services["migrate"]["command"] == ["tape", "migrate"]
    assert services["dashboard"]["command"][:2] == ["tape", "ui"]
    assert {"migrate", "ui"} <= set(COMMANDS)


def test_every_long_running_service_has_a_healthcheck_and_a_restart_policy() -> None:
    for name, service in _compose()["services"].items():
        if name == "migrate":  # one-shot: it exits, by design never restarted
            assert service["restart"] == "no"
            continue
        assert service.get("restart") == "unless-stopped", name
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name


def test_flower_and_the_dashboard_are_behind_authentication() -> None:
    services = _compose()["services"]
    # ${VAR:?message}: compose refuses to start them without the secret; no default exists.
    assert re.fullmatch(
        r"\$\{TAPE_FLOWER_BASIC_AUTH:\?[^}]+\}",
        services["flower"]["environment"]["FLOWER_BASIC_AUTH"],
    )
    assert re.fullmatch(
        r"\$\{TAPE_UI_TOKEN:\?[^}]+\}", services["dashboard"]["environment"]["TAPE_UI_TOKEN"]
    )
    # Only published on the host's loopback; the dashboard needs its token for the 0.0.0.0 bind.
    for name in ("flower", "dashboard"):
        assert all(p.startswith("127.0.0.1:") for p in services[name]["ports"]), name
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert 'pip install ".[ui]"' in dockerfile  # the image can run tape ui
