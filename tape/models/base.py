"""Declarative base and the column types every model shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, MetaData, SmallInteger, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: A BIGINT that is SQLite's rowid alias when it is the primary key (so it autoincrements).
RowId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Base class of the tape models."""

    metadata = metadata


def ms_col(default: int = 0) -> MappedColumn[Any]:
    """An epoch-milliseconds column, ``0`` when unset."""
    return mapped_column(
        BigInteger, nullable=False, default=default, server_default=sql_text(str(default))
    )


def count_col(default: int = 0) -> MappedColumn[Any]:
    """A non-negative counter column."""
    return mapped_column(
        Integer, nullable=False, default=default, server_default=sql_text(str(default))
    )


def enum_col(default: int = 0) -> MappedColumn[Any]:
    """A status column holding an enum value of :mod:`tape.enums`."""
    # int(): an enum's str() is its name (tape.enums), the column holds its number.
    return mapped_column(
        SmallInteger, nullable=False, default=default, server_default=sql_text(str(int(default)))
    )


def text_col(default: str = "") -> MappedColumn[Any]:
    """A TEXT column, empty when unset (JSON payloads live in these)."""
    return mapped_column(Text, nullable=False, default=default, server_default=default)


def str_col(length: int = 255, default: str = "") -> MappedColumn[Any]:
    """A short string column, empty when unset."""
    return mapped_column(String(length), nullable=False, default=default, server_default=default)


def flag_col(default: bool = False) -> MappedColumn[Any]:
    """A 0/1 flag column (SMALLINT, so both backends compare it the same way)."""
    return mapped_column(
        SmallInteger,
        nullable=False,
        default=int(default),
        server_default=sql_text(str(int(default))),
    )
