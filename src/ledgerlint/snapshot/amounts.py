"""Every amount in a snapshot must be one the books can hold, exactly.

Refused: NaN and infinities, magnitudes of a quadrillion or more (`MAX_AMOUNT`: no law firm's
books come near it; a typo or a corrupted file does), and more than `MAX_DECIMALS` decimal
places (QuickBooks and Clio store amounts in cents; six places leave room for what an API may
send, no more).

Why the limits make the arithmetic exact: the check adds up the absolute values of every amount
in the snapshot in a 28-digit decimal context and requires the sum to need no rounding. Any sum
a rule computes (a client's balance, a day's deposits, a difference) is a sum of some of those
amounts, no larger in magnitude and with no more decimal places, so it is exact too.

The fast path touches each amount once at C speed; only when something is wrong does a second
walk find the first offending value and its JSON pointer.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from functools import partial
from itertools import chain
from operator import attrgetter
from operator import is_not
from typing import Any

from msgspec import inspect

from ledgerlint.models.snapshot import Snapshot

MAX_AMOUNT = Decimal("1e15")
MAX_DECIMALS = 6
_PRECISION = 28
_not_none = partial(is_not, None)

Collector = Callable[[list[Any], list[Decimal]], None]


def check_amounts(snapshot: Snapshot) -> tuple[str, str] | None:
    """None when every amount is sane; else (JSON pointer, message) of the first that is not."""
    values: list[Decimal] = []
    _collector(Snapshot)([snapshot], values)
    if _all_sane(values):
        return None
    for pointer, value in _amounts_with_pointers(snapshot, Snapshot, ""):
        problem = _problem(value)
        if problem:
            return pointer, problem
    return "", "an amount cannot be added up exactly"  # the sum overflowed: report the document


def _all_sane(values: list[Decimal]) -> bool:
    context = decimal.Context(prec=_PRECISION, traps=[])
    with decimal.localcontext(context):
        total = sum(map(abs, values), Decimal(0))
        if not total.is_finite() or context.flags[decimal.Inexact]:
            return False
        if total.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            return False
        return not values or (max(values) < MAX_AMOUNT and min(values) > -MAX_AMOUNT)


def _problem(value: Decimal) -> str | None:
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:37]}..."
    if not value.is_finite():
        return f"not an amount: {shown}"
    if abs(value) >= MAX_AMOUNT:
        return f"amount out of range: {shown} (amounts must be below {MAX_AMOUNT:,.0f})"
    if value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        return (
            f"amount with too many decimal places: {shown} (at most {MAX_DECIMALS}; "
            "QuickBooks and Clio keep cents)"
        )
    return None


# --- walking the models --------------------------------------------------------------------------


def _struct_fields(model: type[Any]) -> list[tuple[str, str, Any]]:
    """(attribute, wire name, type info) of a Struct's fields."""
    info = inspect.type_info(model)
    assert isinstance(info, inspect.StructType)
    return [(f.name, f.encode_name, f.type) for f in info.fields]


def _unwrap(info: Any) -> Any:
    """The non-null member of an Optional type."""
    if isinstance(info, inspect.UnionType):
        members = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        return members[0] if len(members) == 1 else info
    return info


@cache
def _holds_amounts(model: Any) -> bool:
    for _, _, info in _struct_fields(model):
        info = _unwrap(info)
        if isinstance(info, inspect.DecimalType):
            return True
        if isinstance(info, inspect.ListType):
            info = _unwrap(info.item_type)
        if isinstance(info, inspect.StructType) and _holds_amounts(info.cls):
            return True
    return False


@cache
def _collector(model: Any) -> Collector:
    """A function appending every amount held by a list of `model` objects (C-speed maps)."""
    steps: list[Collector] = []
    for name, _, info in _struct_fields(model):
        info = _unwrap(info)
        getter = attrgetter(name)
        if isinstance(info, inspect.DecimalType):
            steps.append(partial(_add_values, getter))
        elif isinstance(info, inspect.StructType) and _holds_amounts(info.cls):
            steps.append(partial(_add_struct, getter, info.cls))
        elif isinstance(info, inspect.ListType):
            item = _unwrap(info.item_type)
            if isinstance(item, inspect.StructType) and _holds_amounts(item.cls):
                steps.append(partial(_add_list, getter, item.cls))

    def collect(objects: list[Any], out: list[Decimal]) -> None:
        for step in steps:
            step(objects, out)

    return collect


def _add_values(getter: Any, objects: list[Any], out: list[Decimal]) -> None:
    out.extend(filter(_not_none, map(getter, objects)))


def _add_struct(getter: Any, model: Any, objects: list[Any], out: list[Decimal]) -> None:
    _collector(model)(list(filter(_not_none, map(getter, objects))), out)


def _add_list(getter: Any, model: Any, objects: list[Any], out: list[Decimal]) -> None:
    items = list(chain.from_iterable(filter(None, map(getter, objects))))
    if items:
        _collector(model)(items, out)


def _amounts_with_pointers(
    value: Any, model: type[Any], pointer: str
) -> Iterator[tuple[str, Decimal]]:
    for name, wire, info in _struct_fields(model):
        field = getattr(value, name)
        if field is None:
            continue
        info = _unwrap(info)
        here = f"{pointer}/{wire}"
        if isinstance(info, inspect.DecimalType):
            yield here, field
        elif isinstance(info, inspect.StructType) and _holds_amounts(info.cls):
            yield from _amounts_with_pointers(field, info.cls, here)
        elif isinstance(info, inspect.ListType):
            item = _unwrap(info.item_type)
            if isinstance(item, inspect.StructType) and _holds_amounts(item.cls):
                for index, element in enumerate(field):
                    yield from _amounts_with_pointers(element, item.cls, f"{here}/{index}")
