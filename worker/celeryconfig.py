"""The Celery settings tape runs with, for inspection (``python -m worker.celeryconfig``).

They are built from ``TAPE_*`` variables by :func:`tape.celery_app.celery_config`; change the
variables, not this file.
"""

from __future__ import annotations

import json

from tape.celery_app import celery_config
from tape.config import Settings

settings = celery_config(Settings.from_env())

if __name__ == "__main__":
    print(
        json.dumps({k: v for k, v in settings.items() if k != "task_queues"}, indent=2, default=str)
    )
