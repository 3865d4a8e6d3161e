"""The wheel ships ``tape`` (with ``py.typed``) and no other top-level package: the
repository's ``worker/`` folder stays in the repository and the docker image."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_only_tape_and_marks_it_typed(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=280,
    )
    (wheel,) = tmp_path.glob("tape-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"tape"}
    assert "tape/py.typed" in names
    assert "tape/rpc/v1/tape_pb2_grpc.py" not in names
