"""Timestamp: an aware UTC datetime that remembers the exact text it was parsed from."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["Timestamp", "format_timestamp"]

# CONTRACT §1.4: deployment times have whole seconds, run times up to 9 fractional digits
# (nanoseconds) or trimmed microseconds; datetime holds only microseconds, so the wire text
# is kept beside the value to make a parse -> dump round trip exact.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def format_timestamp(value: datetime) -> str:
    """Render an aware datetime as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` in UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp must be timezone-aware, got naive {value.isoformat()}")
    utc = value.astimezone(timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def _restore(iso: str, wire: str | None) -> Timestamp:
    restored = Timestamp.from_datetime(datetime.fromisoformat(iso))
    restored._wire = wire
    return restored


class Timestamp(datetime):
    """An aware UTC `datetime` that serialises back to the text it was parsed from.

    Values built in code (or derived by arithmetic) have no wire text and serialise
    as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
    """

    _wire: str | None = None

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        """Parse an RFC 3339 timestamp with 0 to 9 fractional digits."""
        match = _RFC3339.fullmatch(text)
        if match is None:
            raise ValueError(
                f"expected an RFC 3339 timestamp like 2026-06-14T08:58:01Z, got {text!r}"
            )
        year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = (
            match.groups()
        )
        micros = int(fraction[:6].ljust(6, "0")) if fraction else 0
        fields = (int(year), int(month), int(day), int(hour), int(minute), int(second), micros)
        try:
            if zulu:  # the API's own form: already UTC, built once
                result = cls(*fields, tzinfo=timezone.utc)
            else:
                delta = timedelta(hours=int(off_h), minutes=int(off_m))
                offset = timezone(-delta if sign == "-" else delta)
                result = cls.from_datetime(datetime(*fields, tzinfo=offset))
        except ValueError as err:
            raise ValueError(f"invalid timestamp {text!r}: {err}") from None
        result._wire = text
        return result

    @classmethod
    def from_datetime(cls, value: datetime) -> Timestamp:
        """Convert an aware datetime to a Timestamp in UTC (without wire text)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"timestamp must be timezone-aware, got naive {value.isoformat()}")
        utc = value.astimezone(timezone.utc)
        return cls(
            utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond,
            tzinfo=timezone.utc,
        )

    @property
    def wire(self) -> str:
        """The text this value was parsed from, or its canonical rendering."""
        return self._wire if self._wire is not None else format_timestamp(self)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # datetime pickles without __dict__; keep the wire text through copy and pickle.
        return (_restore, (self.isoformat(), self._wire))

    @classmethod
    def _validate(cls, value: Any) -> Timestamp:
        if isinstance(value, str):  # first: what every answer holds
            return cls.parse(value)
        if isinstance(value, Timestamp):
            return value
        if isinstance(value, datetime):
            return cls.from_datetime(value)
        raise ValueError(f"expected an RFC 3339 timestamp string, got {type(value).__name__}")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.wire if isinstance(value, Timestamp) else value,
                when_used="json",
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "date-time"}
