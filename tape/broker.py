"""Celery as tape's transport: the configuration tape runs Celery with, and
:class:`CeleryTransport`, the :class:`~tape.transport.Transport` over a Celery app.

The composition root (:mod:`tape.celery_app`) installs a transport over the worker's app; a
process that only sends (a script calling ``agent.delay()``) gets :func:`producer`, a Celery
app configured the same way with no tasks registered (sending needs none).

Reliability settings: late acks and reject-on-worker-lost (a task whose worker died is
redelivered, not lost), prefetch 1, hard time limits below the Redis visibility timeout (a
running task is never redelivered under it). The queues are in :mod:`tape.queues`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from celery import Celery
from kombu.entity import Exchange, Queue

from tape import dev_broker, queues
from tape.config import Settings, filesystem_broker_folder, filesystem_transport_options
from tape.observability import celery_signals


def celery_config(settings: Settings) -> dict[str, Any]:
    """The Celery configuration tape runs with."""
    config: dict[str, Any] = {
        "broker_url": settings.broker_url,
        "result_backend": None,
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": settings.task_time_limit_s,
        "task_soft_time_limit": max(1, int(settings.task_time_limit_s * 0.8)),
        "broker_transport_options": _transport_options(settings),
        "broker_connection_retry_on_startup": True,
        # One exchange per queue, routed by its own name: on AMQP a shared exchange would copy
        # every message into all three queues.
        "task_queues": [
            Queue(q, Exchange(q, type="direct"), routing_key=q)  # type: ignore[no-untyped-call]
            for q in queues.ALL
        ],
        "task_default_queue": queues.REACTORS_QUEUE,
        "task_routes": {
            queues.DISPATCH_TASK: {"queue": queues.DISPATCH_QUEUE},
            queues.PASS_TASK_PREFIX + "*": {"queue": queues.REACTORS_QUEUE},
            queues.AGENT_TASK_PREFIX + "*": {"queue": queues.AGENTS_QUEUE},
            "tape.reactions.*": {"queue": queues.REACTIONS_QUEUE},
        },
        "imports": list(settings.imports),
        "worker_hijack_root_logger": False,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "enable_utc": True,
        # Task events cost a Redis publish each; Flower switches them on when it starts.
        "worker_send_task_events": False,
        "task_send_sent_event": False,
    }
    if filesystem_broker_folder(settings.broker_url) is not None:
        # kombu's filesystem transport lets a consumer read a message before it is written.
        config["broker_transport"] = dev_broker.TRANSPORT
    return config


def _transport_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"visibility_timeout": settings.visibility_timeout_s}
    if settings.broker_prefix:  # several deployments (or test sessions) on one Redis db
        options["global_keyprefix"] = settings.broker_prefix
    folder = filesystem_broker_folder(settings.broker_url)
    if folder is not None:  # tape dev's embedded broker: no server, folders under .tape/
        options.update(filesystem_transport_options(folder))
    return options


class CeleryTransport:
    """Sends tape's messages with ``app`` and registers agent tasks on it."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def send_run(
        self, agent_name: str, run_id: str, lease_epoch: int | None, takeover_from: str
    ) -> None:
        self.app.send_task(
            queues.AGENT_TASK_PREFIX + agent_name,
            args=[run_id, lease_epoch, takeover_from],
            queue=queues.AGENTS_QUEUE,
        )

    def publish_hint(self, run_id: str, idempotency_key: str) -> None:
        self.app.send_task(
            queues.DISPATCH_TASK, args=[run_id, idempotency_key], queue=queues.DISPATCH_QUEUE
        )

    def publish_drain(self, passes: int) -> None:
        for _ in range(passes):
            self.app.send_task(queues.PASS_TASK_PREFIX + "outbox", queue=queues.REACTORS_QUEUE)

    def send_reaction_work(self, reaction_id: str) -> None:
        self.app.send_task(
            queues.REACTION_WORK_TASK, args=[reaction_id], queue=queues.REACTIONS_QUEUE
        )

    def register_agent(self, agent_name: str, drive: Callable[..., str]) -> None:
        name = queues.AGENT_TASK_PREFIX + agent_name
        if name in self.app.tasks:
            return

        def drive_run(run_id: str, lease_epoch: int | None = None, takeover_from: str = "") -> str:
            return drive(run_id, lease_epoch, takeover_from)

        # Celery compiles a signature from the function's name: it must be an identifier.
        drive_run.__name__ = drive_run.__qualname__ = "drive_" + re.sub(r"\W", "_", agent_name)
        self.app.task(name=name, ignore_result=True)(drive_run)


def producer(settings: Settings) -> CeleryTransport:
    """A transport over a Celery app that only sends (no tasks, no beat schedule)."""
    app = Celery("tape")
    app.conf.update(celery_config(settings))
    # Trace context rides in the headers of what this process sends (JSON logs when asked).
    celery_signals.connect()
    return CeleryTransport(app)
