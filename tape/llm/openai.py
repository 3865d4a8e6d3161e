"""``OpenAIChatModel``: any OpenAI-compatible chat-completions client as a :class:`Model`."""

from __future__ import annotations

import json
from typing import Any


class OpenAIChatModel:
    """Adapts ``client.chat.completions.create(model=..., messages=...)``.

    The request is ``{"messages": [...], **other create() arguments}``; the response is the
    completion as a JSON dict (``model_dump()`` of the SDK object, or the dict a compatible
    client returns). Only the request and response are journaled: the client, and the API key
    inside it, never are.

    Args:
        client: an ``openai.OpenAI`` client or anything with the same ``chat.completions``.
        model: the model name passed to ``create`` (also the journaled model name).
    """

    def __init__(self, client: Any, model: str) -> None:
        self.client = client
        self.model = model
        self.name = model

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        arguments = {k: v for k, v in request.items() if k != "model"}
        arguments.setdefault("messages", [])
        completion = self.client.chat.completions.create(model=self.model, **arguments)
        return _as_dict(completion)


def _as_dict(completion: Any) -> dict[str, Any]:
    if isinstance(completion, dict):
        return completion
    for method in ("model_dump", "to_dict", "dict"):
        dump = getattr(completion, method, None)
        if callable(dump):
            result = dump()
            if isinstance(result, dict):
                return result
    text = getattr(completion, "model_dump_json", None)
    if callable(text):
        loaded = json.loads(text())
        if isinstance(loaded, dict):
            return loaded
    raise TypeError(f"cannot turn a {type(completion).__name__} completion into a JSON dict")
