"""Journal keyword arguments and records <-> ``tape.v1`` messages, by field name.

The journal's keyword arguments and record fields are named after the proto's fields, so one
set of rules converts every RPC:

- request -> keyword arguments (server): a field is passed when it is set (``optional``
  scalars and message fields have presence; repeated and map fields when non-empty); an unset
  field leaves the journal's default, exactly as a Python caller that omits the argument.
- keyword arguments -> request (client): every argument the caller gave or the signature
  defaults is set, so the server's journal sees the same call.
- record -> response (server) and response -> record (client): fields of the same name; a
  response that wraps a record (``GetEffectResponse.effect``, ``found``) is filled around it.
- plain data a method returns travels as plainly: a dict in the response's one map field (a
  status enum as its number), a list or set of text in a repeated string field, a tuple in
  the response's fields in order, any other JSON value as text in a ``*_json`` field; a
  record field that is a dict is a map, a tuple (a journal position) a message's fields in
  order.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from tape import enums, errors, validate

#: Record field or argument name -> proto field name where the two differ (upstream Tape's
#: ``EventRecord.id``; the ADK state deltas, JSON objects like every ``*_json`` field).
ALIASES = {"event_id": "id", "app_delta": "app_delta_json", "user_delta": "user_delta_json"}

#: Proto enum name -> the journal's enum.
ENUMS: dict[str, type[enum.IntEnum]] = {
    "RunStatus": enums.RunStatus,
    "EffectStatus": enums.EffectStatus,
    "EffectSemantics": enums.EffectSemantics,
    "EffectDispatchMode": enums.DispatchMode,
    "EffectResolution": enums.EffectResolution,
    "ObligationStatus": enums.ObligationStatus,
    "HandlerKind": enums.HandlerKind,
    "TaskStatus": enums.TaskStatus,
}


def _is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def _proto_name(message: Descriptor, name: str) -> str | None:
    if name in message.fields_by_name:
        return name
    alias = ALIASES.get(name)
    return alias if alias in message.fields_by_name else None


# ── server side: request -> keyword arguments ─────────────────────────────────────────────


def request_kwargs(request: Message) -> dict[str, Any]:
    """The keyword arguments a request carries (unset fields left out)."""
    kwargs: dict[str, Any] = {}
    for field in request.DESCRIPTOR.fields:
        value = getattr(request, field.name)
        if field.is_repeated:
            if _is_map(field):
                if len(value):
                    kwargs[field.name] = dict(value)
            elif len(value):
                kwargs[field.name] = [
                    request_kwargs(v) if isinstance(v, Message) else v for v in value
                ]
        elif field.has_presence:
            if request.HasField(field.name):
                kwargs[field.name] = request_kwargs(value) if isinstance(value, Message) else value
        elif value != field.default_value:
            kwargs[field.name] = value
    return kwargs


# ── client side: keyword arguments -> request ─────────────────────────────────────────────


def build_request(
    message_cls: type[Message],
    arguments: Mapping[str, Any],
    *,
    json_params: frozenset[str] = frozenset(),
) -> Message:
    """A request of ``message_cls`` from bound journal arguments.

    ``json_params`` names the arguments that take JSON text or any JSON-serialisable value
    (they are encoded here exactly as the journal would encode them).

    Raises:
        InvalidArgument / InvalidPayload: a value the field cannot carry (nothing is sent).
    """
    message = message_cls()
    for name, value in arguments.items():
        if value is None:
            continue
        proto = _proto_name(message.DESCRIPTOR, name)
        if proto is None:
            continue
        _set_field(message, message.DESCRIPTOR.fields_by_name[proto], value, name, json_params)
    return message


def _set_field(
    message: Message,
    field: FieldDescriptor,
    value: Any,
    name: str,
    json_params: frozenset[str],
) -> None:
    try:
        if _is_map(field):
            getattr(message, field.name).update({str(k): str(v) for k, v in dict(value).items()})
        elif field.is_repeated:
            target = getattr(message, field.name)
            for item in value:
                if field.message_type is not None:
                    fill(target.add(), item)
                else:
                    target.append(_scalar(field, item, name, json_params))
        elif field.message_type is not None:
            fill(getattr(message, field.name), value)
        else:
            setattr(message, field.name, _scalar(field, value, name, json_params))
    except (TypeError, ValueError) as exc:
        raise errors.InvalidArgument(f"{name}: {exc}") from None


def _scalar(field: FieldDescriptor, value: Any, name: str, json_params: frozenset[str]) -> Any:
    if field.enum_type is not None:
        return int(validate.enum(ENUMS[field.enum_type.name], value, name))
    if field.type == FieldDescriptor.TYPE_STRING:
        if name in json_params:
            return validate.payload(value, name)
        if isinstance(value, enum.Enum):
            return str(value.value)
        if isinstance(value, str):
            return value
        if name == "error":  # record_dispatch_attempt's error: text, or encoded as JSON
            return validate.error_text(value)
        raise errors.InvalidArgument(f"{name} must be a string, not {type(value).__name__}")
    return value


def fill(message: Message, value: Any) -> None:
    """Set ``message``'s fields from a record, a mapping or another message."""
    if isinstance(value, Message):
        message.CopyFrom(value)
        return
    items: Mapping[str, Any]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif isinstance(value, Mapping):
        items = value
    elif isinstance(value, tuple):  # a plain tuple (a position, a claim): the fields in order
        items = {f.name: v for f, v in zip(message.DESCRIPTOR.fields, value, strict=False)}
    else:
        raise TypeError(f"cannot convert {type(value).__name__} to {message.DESCRIPTOR.name}")
    for name, item in items.items():
        proto = _proto_name(message.DESCRIPTOR, name)
        if proto is None or item is None:
            continue
        _set_any(message, message.DESCRIPTOR.fields_by_name[proto], item)


def _set_any(message: Message, field: FieldDescriptor, value: Any) -> None:
    """Set one field of ``message`` from a journal value (see the module docstring)."""
    target = getattr(message, field.name)
    if _is_map(field):
        holds_messages = field.message_type.fields_by_name["value"].message_type is not None
        for key, item in dict(value).items():
            key = key.value if isinstance(key, enum.Enum) else key
            if holds_messages:
                _fill_value(target[key], item)
            else:
                target[key] = item.value if isinstance(item, enum.Enum) else item
    elif field.is_repeated:
        items = sorted(value) if isinstance(value, set | frozenset) else value
        for item in items:
            if field.message_type is not None:
                fill(target.add(), item)
            else:
                target.append(item.value if isinstance(item, enum.Enum) else item)
    elif field.message_type is not None:
        fill(target, value)
    elif field.type == FieldDescriptor.TYPE_STRING and field.name.endswith("_json"):
        text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        setattr(message, field.name, text)
    else:
        setattr(message, field.name, value.value if isinstance(value, enum.Enum) else value)


def _fill_value(message: Message, value: Any) -> None:
    """A map's message value: a collection goes into its one repeated field (``Names``)."""
    if isinstance(value, list | set | frozenset):
        _set_any(message, _only(message.DESCRIPTOR.fields, lambda f: f.is_repeated), value)
    else:
        fill(message, value)


# ── server side: journal result -> response ───────────────────────────────────────────────


def shape_response(message: Message, result: Any) -> None:
    """Fill a response message with what a journal method returned."""
    fields = message.DESCRIPTOR.fields
    if result is None:
        if "found" in message.DESCRIPTOR.fields_by_name:
            message.found = False
        return
    if isinstance(result, bool | int | float | str):
        setattr(message, _only(fields, lambda f: f.message_type is None).name, result)
        return
    if isinstance(result, tuple) and not dataclasses.is_dataclass(result):
        for field, item in zip(fields, result, strict=False):
            if item is not None:
                _set_any(message, field, item)
        return
    if isinstance(result, list | set | frozenset | dict):
        # Records in a repeated message field; text in a repeated string field; a dict in
        # the map field; any other JSON value as text in the one *_json field.
        field = _only(fields, lambda f: f.is_repeated or f.name.endswith("_json"))
        if field.is_repeated and field.message_type is not None and not _is_map(field):
            target = getattr(message, field.name)
            for item in result:
                shape_response(target.add(), item)
        else:
            _set_any(message, field, result)
        return
    names = {f.name for f in dataclasses.fields(result)}
    fill(message, result)
    if "found" in message.DESCRIPTOR.fields_by_name:
        message.found = True
    # A response that wraps the record: the one message field the record did not fill.
    for field in fields:
        if field.message_type is not None and not field.is_repeated and field.name not in names:
            fill(getattr(message, field.name), result)
            break


def _only(fields: Any, test: Callable[[FieldDescriptor], bool]) -> FieldDescriptor:
    chosen = [f for f in fields if test(f) and f.name != "found"]
    if not chosen:
        raise TypeError("response has no field for this result")
    return typing.cast(FieldDescriptor, chosen[0])


# ── client side: response -> journal result ───────────────────────────────────────────────


def unshape_response(message: Message, hint: Any) -> Any:
    """What the journal method annotated ``hint`` returns, from its response message."""
    if hint is type(None) or hint is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = next(a for a in args if a is not type(None))
        desc = message.DESCRIPTOR
        if "found" in desc.fields_by_name and not message.found:
            return None
        return unshape_response(message, inner)
    if origin in (list, set, dict):
        field = _only(
            message.DESCRIPTOR.fields, lambda f: f.is_repeated or f.name.endswith("_json")
        )
        if origin is list and field.message_type is not None and not _is_map(field):
            return [unshape_response(item, args[0]) for item in getattr(message, field.name)]
        return _read_any(message, field, hint)
    if origin is tuple:
        return tuple(
            _read_any(message, field, item_hint)
            for field, item_hint in zip(message.DESCRIPTOR.fields, args, strict=False)
        )
    if hint in (bool, int, float, str):
        return getattr(message, _only(message.DESCRIPTOR.fields, lambda f: True).name)
    if dataclasses.is_dataclass(hint):
        return to_record(message, hint, True)
    raise TypeError(f"cannot read a {hint!r} from {message.DESCRIPTOR.name}")


def to_record(message: Message, hint: Any, present: bool = True) -> Any:
    """A record (dataclass ``hint``, or ``X | None``) from a message holding its fields."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        if not present:
            return None
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    cls = typing.cast(type[Any], hint)
    names = [f.name for f in dataclasses.fields(cls)]
    desc = message.DESCRIPTOR
    if not all(_proto_name(desc, n) for n in names if _required(cls, n)):
        # A response wrapping the record: its one message field that holds it.
        for field in desc.fields:
            if field.message_type is not None and not field.is_repeated:
                return to_record(getattr(message, field.name), cls)
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for name in names:
        proto = _proto_name(desc, name)
        if proto is None:
            continue
        value = getattr(message, proto)
        field_hint = hints[name]
        if _is_map(desc.fields_by_name[proto]):
            values[name] = _read_any(message, desc.fields_by_name[proto], field_hint)
        elif typing.get_origin(field_hint) is tuple:
            element = typing.get_args(field_hint)[0]
            values[name] = tuple(to_record(v, element) for v in value)
        elif dataclasses.is_dataclass(field_hint):
            values[name] = to_record(value, field_hint)
        else:
            values[name] = value
    return cls(**values)


def _read_any(message: Message, field: FieldDescriptor, hint: Any) -> Any:
    """The journal value ``hint`` of one field of ``message`` (see the module docstring)."""
    value = getattr(message, field.name)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if _is_map(field):
        key_type, value_hint = args
        holds_messages = field.message_type.fields_by_name["value"].message_type is not None
        return {
            _key(key_type, key): _read_value(item, value_hint) if holds_messages else item
            for key, item in value.items()
        }
    if field.is_repeated:
        if field.message_type is not None:
            return [to_record(item, args[0]) for item in value]
        return set(value) if origin is set else list(value)
    if field.message_type is not None:
        return to_record(value, hint, message.HasField(field.name))
    if field.name.endswith("_json") and hint is not str:
        return json.loads(value) if value else origin() if origin else None
    return value


def _key(key_type: Any, key: Any) -> Any:
    if isinstance(key_type, type) and issubclass(key_type, enum.Enum):
        return key_type(key)
    return key


def _read_value(message: Message, hint: Any) -> Any:
    """A map's message value as ``hint``: a list of its one repeated field, or a tuple of its
    fields (a position), or a record."""
    origin = typing.get_origin(hint)
    if origin in (list, set):
        field = _only(message.DESCRIPTOR.fields, lambda f: f.is_repeated)
        return _read_any(message, field, hint)
    if origin is tuple:
        return tuple(getattr(message, f.name) for f in message.DESCRIPTOR.fields)
    return to_record(message, hint)


def _required(cls: type[Any], name: str) -> bool:
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


_HINTS: dict[Any, dict[str, Any]] = {}


def _hints(target: Any) -> dict[str, Any]:
    found = _HINTS.get(target)
    if found is None:
        found = _HINTS[target] = typing.get_type_hints(target)
    return found


def return_hint(function: Callable[..., Any]) -> Any:
    """The resolved return annotation of a journal method."""
    return _hints(function).get("return")


def json_params(function: Callable[..., Any]) -> frozenset[str]:
    """The parameters of a journal method that take JSON text or any JSON value."""
    params = inspect.signature(function).parameters
    return frozenset(n for n in params if ALIASES.get(n, n).endswith("_json"))
