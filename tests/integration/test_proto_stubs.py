"""What scripts/gen_proto.sh derives from proto/tape/v1/tape.proto is committed unchanged.

The Python stubs in tape/rpc/v1/, and the copy of the proto the TypeScript package ships
(sdk/typescript/proto/: an installed or packed tape-ts has no repository to read it from).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATED = ("tape_pb2.py", "tape_pb2.pyi")


def test_regenerating_the_stubs_changes_nothing(tmp_path: Path) -> None:
    subprocess.run(
        ["bash", str(REPO / "scripts" / "gen_proto.sh"), str(tmp_path)],
        check=True,
        env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=120,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        fresh = (tmp_path / name).read_bytes()
        committed = (REPO / "tape" / "rpc" / "v1" / name).read_bytes()
        assert fresh == committed, f"tape/rpc/v1/{name} is stale: run scripts/gen_proto.sh"


def test_the_typescript_package_ships_the_same_proto() -> None:
    source = (REPO / "proto" / "tape" / "v1" / "tape.proto").read_bytes()
    shipped = (REPO / "sdk" / "typescript" / "proto" / "tape" / "v1" / "tape.proto").read_bytes()
    assert shipped == source, "sdk/typescript/proto/tape/v1/tape.proto is stale: run make proto"


def test_the_service_carries_every_rpc_of_the_original() -> None:
    from tape.rpc.v1 import tape_pb2

    service = tape_pb2.DESCRIPTOR.services_by_name["Tape"]
    names = {m.name for m in service.methods}
    # Upstream Tape's RPCs (docs/server.md) are all there, under their names.
    original = {
        "BeginRun", "ResumeRun", "EndRun", "GetRun", "ListRunsToRecover", "SubscribeRun",
        "ListCompactableRuns", "CompactRun", "RecordDecision", "GetDecision", "BeginEffect",
        "CompleteEffect", "GetEffect", "ReconcileEffect", "ListPendingEffects",
        "ListEffectsToDispatch", "ClaimEffectDispatch", "RecordDispatchAttempt",
        "RecordExternalObservation", "RegisterCompensation", "ListObligations",
        "ResolveObligation", "ListUnresolvedObligations", "ClaimObligation",
        "RecordObligationAttempt", "SetBudget", "AdmitBudget", "ChargeBudget", "AwaitSignal",
        "SendSignal", "SetTimer", "CancelTimer", "ListDueTimers", "SubscribeEvents",
        "SubscribeBySubject", "RegisterReaction", "DeregisterReaction", "ListReactions",
        "ClaimTasks", "CompleteTask", "NackTask", "ListTasks", "WriteValue", "GetValue",
        "WatchValue", "DeleteValue", "CreateSession", "GetSession", "ListSessions",
        "DeleteSession", "AppendEvent",
    }  # fmt: skip
    assert original <= names
