"""The deployable worker: ``celery -A worker.app worker`` (same as ``celery -A tape worker``)."""
