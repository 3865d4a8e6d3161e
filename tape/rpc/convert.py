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
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from tape import enums, errors, validate

#: Record field name -> proto field name where the two differ (upstream Tape's ``EventRecord.id``).
ALIASES = {"event_id": "id"}

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
    else:
        raise TypeError(f"cannot convert {type(value).__name__} to {message.DESCRIPTOR.name}")
    for name, item in items.items():
        proto = _proto_name(message.DESCRIPTOR, name)
        if proto is None or item is None:
            continue
        field = message.DESCRIPTOR.fields_by_name[proto]
        if field.message_type is not None and not field.is_repeated:
            fill(getattr(message, proto), item)
        elif field.is_repeated and not _is_map(field):
            target = getattr(message, proto)
            for element in item:
                if field.message_type is not None:
                    fill(target.add(), element)
                else:
                    target.append(element)
        elif _is_map(field):
            getattr(message, proto).update(item)
        else:
            setattr(message, proto, item.value if isinstance(item, enum.Enum) else item)


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
            if item is None:
                continue
            if field.message_type is not None:
                fill(getattr(message, field.name), item)
            else:
                setattr(message, field.name, item)
        return
    if isinstance(result, list):
        target = getattr(message, _only(fields, lambda f: f.is_repeated).name)
        for item in result:
            shape_response(target.add(), item)
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
    if origin is list:
        field = _only(message.DESCRIPTOR.fields, lambda f: f.is_repeated)
        return [unshape_response(item, args[0]) for item in getattr(message, field.name)]
    if origin is tuple:
        values = []
        for field, item_hint in zip(message.DESCRIPTOR.fields, args, strict=False):
            if field.message_type is not None:
                present = message.HasField(field.name)
                values.append(to_record(getattr(message, field.name), item_hint, present))
            else:
                values.append(getattr(message, field.name))
        return tuple(values)
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
        if typing.get_origin(field_hint) is tuple:
            element = typing.get_args(field_hint)[0]
            values[name] = tuple(to_record(v, element) for v in value)
        elif dataclasses.is_dataclass(field_hint):
            values[name] = to_record(value, field_hint)
        else:
            values[name] = value
    return cls(**values)


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
    return frozenset(n for n in params if n.endswith("_json"))
