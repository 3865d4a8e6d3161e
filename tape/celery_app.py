"""The Celery application: ``celery -A tape worker`` and ``celery -A tape beat``.

Delivery is only a hint here: every task claims its rows in the journal by compare-and-swap
before acting, so a redelivered message (Redis visibility timeout, ``acks_late`` after a killed
child, a second beat) never causes a blind retry.

Reliability settings (DESIGN "Celery"): late acks and reject-on-worker-lost (a task whose
worker died is redelivered, not lost), prefetch 1, hard time limits below the Redis visibility
timeout (a running task is never redelivered under it), connection pools dropped in each forked
child. Three queues: ``tape.dispatch`` (dispatch hints), ``tape.reactors`` (beat-ticked passes)
and ``tape.agents`` (agent runs), plus ``tape.reactions`` (the event bus's TASK and PUBLISH
reactions); a worker started with no ``-Q`` consumes them all.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init
from kombu.entity import Exchange, Queue

from tape import dev_broker, hints, passlog, runtime
from tape.config import Settings, filesystem_broker_folder, filesystem_transport_options
from tape.observability import celery_signals

DISPATCH_QUEUE = "tape.dispatch"
REACTORS_QUEUE = "tape.reactors"
AGENTS_QUEUE = "tape.agents"
REACTIONS_QUEUE = "tape.reactions"
DISPATCH_TASK = "tape.outbox.dispatch"
OUTBOX_PASS_TASK = "tape.reactors.outbox"


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
            for q in (DISPATCH_QUEUE, REACTORS_QUEUE, AGENTS_QUEUE, REACTIONS_QUEUE)
        ],
        "task_default_queue": REACTORS_QUEUE,
        "task_routes": {
            DISPATCH_TASK: {"queue": DISPATCH_QUEUE},
            "tape.reactors.*": {"queue": REACTORS_QUEUE},
            "tape.agents.*": {"queue": AGENTS_QUEUE},
            "tape.reactions.*": {"queue": REACTIONS_QUEUE},
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


def create_app(settings: Settings | None = None) -> Celery:
    """A configured Celery app with tape's tasks and beat schedule registered."""
    from tape import beat_schedule, tasks

    settings = settings or runtime.settings()
    if not settings.pass_events:
        passlog.install()  # beat ticks stay below INFO in the worker and beat logs
    app = Celery("tape")
    app.conf.update(celery_config(settings))
    app.conf.beat_schedule = beat_schedule.build(settings)
    tasks.register(app)
    passlog.quiet_events(app, settings.pass_events)  # Flower lists the user's tasks

    def publish_hint(run_id: str, idempotency_key: str) -> None:
        app.send_task(DISPATCH_TASK, args=[run_id, idempotency_key], queue=DISPATCH_QUEUE)

    def publish_drain(passes: int) -> None:
        for _ in range(passes):
            app.send_task(OUTBOX_PASS_TASK, queue=REACTORS_QUEUE)

    def publish_run(app_name: str, run_id: str) -> None:
        from tape.agents import runner

        runner.send(runner.TASK_PREFIX + app_name, run_id, None, "")

    if settings.dispatch_hints:
        hints.set_publisher(publish_hint, publish_drain, publish_run)
    return app


def _fresh_pool_in_child(**_: Any) -> None:
    # Never share a connection pool across fork: drop what the parent had, close nothing.
    runtime.journal().database.forget_engine()


worker_process_init.connect(_fresh_pool_in_child, weak=False)
# Trace context through messages, JSON logs when asked for, the opt-in metrics exporter.
celery_signals.connect()


app = create_app()
