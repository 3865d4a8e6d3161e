"""What the dashboard shows of a payload: secrets never (tape.ui.views.safe), and who may
act (tape.cli.ui.is_loopback)."""

from __future__ import annotations

from tape.cli.ui import is_loopback
from tape.ui import views


def test_secret_keys_and_url_passwords_are_replaced_and_tape_ids_are_kept() -> None:
    shown = views.safe(
        {
            "headers": {"Authorization": "Bearer sk-live-123", "X-Api-Key": "k", "Accept": "*/*"},
            "callback": "https://user:hunter22@hooks.example/cb?token=abc&page=2",
            "session_id": "s-1",
            "business_key": "acc-1:250",
            "items": [{"password": "p"}, "postgresql://tape:pw@db/tape"],
        }
    )
    assert shown == {
        "headers": {"Authorization": "***", "X-Api-Key": "***", "Accept": "*/*"},
        "callback": "https://***@hooks.example/cb?token=***&page=2",
        "session_id": "s-1",
        "business_key": "acc-1:250",
        "items": [{"password": "***"}, "postgresql://***@db/tape"],
    }
    assert "sk-live-123" not in views.pretty({"authorization": "Bearer sk-live-123"})


def test_only_loopback_hosts_count_as_local() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.5", "example.com"))
