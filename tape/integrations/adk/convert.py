"""ADK's model types to and from the JSON the journal records, and deterministic call ids."""

from __future__ import annotations

import json
from typing import Any

from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse
from google.genai import types

from tape.agents.context import RunContext
from tape.integrations import core

#: ADK strips ids with this prefix from what it sends to the model (they are its own), so
#: tape's ids keep it: the model never sees them, the journal and every replay do.
ADK_PREFIX = "adk-"
#: How many of the request's newest contents a decision's request JSON keeps (the journal
#: replays by position; the request is recorded for people reading it, not for matching).
REQUEST_CONTENTS = 4


def call_id(ctx: RunContext, decision_index: int, position: int) -> str:
    """The function-call id of the ``position``-th call of decision ``decision_index``."""
    return ADK_PREFIX + core.call_id(ctx, decision_index, position)


def parse_call_id(text: str | None) -> tuple[int, int] | None:
    """``(decision_index, position)`` of an id made by :func:`call_id`, else None."""
    if not text or not text.startswith(ADK_PREFIX):
        return None
    return core.parse_call_id(text[len(ADK_PREFIX) :])


def pin_call_ids(ctx: RunContext, response: LlmResponse, decision_index: int) -> None:
    """Give the response's function calls the run's deterministic ids, in order (ADK would
    mint ``adk-<uuid>`` ids afresh on every attempt)."""
    if response.content is None or not response.content.parts:
        return
    calls = [part.function_call for part in response.content.parts if part.function_call]
    for position, call in enumerate(calls):
        call.id = call_id(ctx, decision_index, position)


def response_json(response: LlmResponse) -> Any:
    """The response as JSON data (bytes as base64, as pydantic writes them)."""
    return json.loads(response.model_dump_json(exclude_none=True))


def response_of(data: Any) -> LlmResponse:
    """The :class:`LlmResponse` a recorded decision holds."""
    return LlmResponse.model_validate_json(json.dumps(data))


def request_json(request: LlmRequest) -> dict[str, Any]:
    """What a decision records of the request: the model, its system instruction, the tools
    it was offered, how many contents it carried and the newest few of them."""
    contents = [json.loads(c.model_dump_json(exclude_none=True)) for c in request.contents]
    return {
        "model": request.model or "",
        "system_instruction": _instruction(request),
        "tools": sorted(request.tools_dict),
        "n_contents": len(contents),
        "contents": contents[-REQUEST_CONTENTS:],
    }


def _instruction(request: LlmRequest) -> Any:
    instruction = getattr(request.config, "system_instruction", None) if request.config else None
    if instruction is None or isinstance(instruction, str):
        return instruction
    dump = getattr(instruction, "model_dump", None)
    return dump(mode="json", exclude_none=True) if callable(dump) else str(instruction)


#: What a content part is asked with (not ids ADK or a model mint per attempt, nor
#: thought signatures).
_PART_KEYS = ("text", "function_call", "function_response")


def stable_request(request: dict[str, Any]) -> dict[str, Any]:
    """The decision check's view of :func:`request_json`: the same, with each content's role
    and parts (text, function calls and responses with their pinned ids) only."""
    return {
        **{k: v for k, v in request.items() if k != "contents"},
        "contents": [
            {
                "role": c.get("role"),
                "parts": [
                    {k: p[k] for k in _PART_KEYS if k in p}
                    for p in c.get("parts") or []
                    if isinstance(p, dict)
                ],
            }
            for c in request.get("contents") or []
            if isinstance(c, dict)
        ],
    }


def text_response(text: str) -> LlmResponse:
    """A model turn that only says ``text`` (how a budget refusal reads)."""
    return LlmResponse(content=types.Content(role="model", parts=[types.Part(text=text)]))


def usage(response: Any) -> tuple[int, int, int]:
    """``(total, prompt, candidates)`` tokens of a recorded response's ``usage_metadata``."""
    meta = response.get("usage_metadata") if isinstance(response, dict) else None
    if not isinstance(meta, dict):
        return 0, 0, 0
    prompt = int(meta.get("prompt_token_count") or 0)
    candidates = int(meta.get("candidates_token_count") or 0)
    total = int(meta.get("total_token_count") or (prompt + candidates))
    return total, prompt, candidates
