"""``tape ui``: the operators' dashboard (runs, one run's timeline, the triage queue).

Needs the ``ui`` extra (``pip install -e '.[ui]'`` from tape's checkout: starlette, jinja2, uvicorn,
python-multipart). :func:`create_app` builds the ASGI app; ``tape ui`` serves it.
"""

from __future__ import annotations

from tape.ui.app import create_app

__all__ = ["create_app"]
