"""Which movements make a reconciliation difference, for `ledgerlint reconcile`.

A difference between QuickBooks and Clio (the trust liability against the client balances, or
one client's ledger against Clio's) is explained with the movement pairing
(`movements.py`), as of the statement date:

- every movement dated on or before the date (or undated: it stays in the balance, as in the
  roll-back) counts on its side: a QuickBooks line by what it did to the liability (a credit is
  +), a Clio transaction by its signed amount;
- a pair whose two sides count equally for the difference cancels out; anything else is listed
  with what it contributes to QuickBooks − Clio: the unpaired (TR011, TR012, TR009), the
  duplicates left to TS002, the pairs across clients (TR013) or off the client's ledger (TR001),
  and pairs dated on either side of the statement date (timing);
- what is left is not in any movement the snapshot holds: `qbo_unexplained` (QuickBooks'
  balance beyond its trust lines: opening balances, history before the snapshot) minus
  `clio_unexplained` (Clio's client balances beyond its bank transactions). The listed
  movements and those two parts always add up to the difference.

For one client (`client_gaps`), a QuickBooks line counts when it is on that client's ledger in
the books: its client sub-account in the sub-account layout, its customer in the single-account
layout (the same reading as the per-client table in `client_ledgers.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from decimal import Decimal

from ledgerlint.books.movements import AccountMovements
from ledgerlint.books.movements import BookLine
from ledgerlint.books.movements import ClioMovement
from ledgerlint.books.movements import MovementPair
from ledgerlint.models.money import ZERO
from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import GapItem
from ledgerlint.models.reconciliation import GapKind

Counts = Callable[[BookLine], bool]
ClioCounts = Callable[[ClioMovement], bool]


@dataclass(frozen=True)
class _Selection:
    """The movements that can bear on one difference, and which side of it each counts on."""

    pairs: list[MovementPair]
    clio: list[ClioMovement]
    lines: list[BookLine]
    duplicates: list[BookLine]
    books: Counts
    """Whether a QuickBooks line is on the ledger being explained."""
    in_clio: ClioCounts
    """Whether a Clio transaction is on the ledger being explained."""


def account_gap(
    movements: AccountMovements | None,
    liability_as_of: Decimal,
    clio_as_of: Decimal,
    end: date,
    why_not: str | None = None,
) -> GapExplanation:
    """The movements behind QuickBooks − Clio for a whole trust account, as of `end`."""
    difference = liability_as_of - clio_as_of
    if movements is None:
        return GapExplanation(difference, note=why_not or "the movements could not be paired")
    everything = _Selection(
        movements.pairs,
        movements.clio,
        movements.lines,
        movements.duplicates,
        lambda line: True,
        lambda movement: True,
    )
    qbo, clio = _sums(everything, end)
    return GapExplanation(
        difference,
        items=tuple(_items(movements, everything, end, None)),
        qbo_unexplained=liability_as_of - qbo,
        clio_unexplained=clio_as_of - clio,
    )


def client_gaps(movements: AccountMovements | None, table: ClientTable, end: date) -> ClientTable:
    """The table with a movement-level explanation on every row that differs. Movements are
    grouped by client once, so each row reads only its own."""
    if movements is None:
        note = "the movements could not be paired"
        rows = tuple(
            replace(row, gap=GapExplanation(row.difference, note=note)) if row.difference else row
            for row in table.rows
        )
        return replace(table, rows=rows)
    owner = _owner(table)
    by_clio: dict[str, list[ClioMovement]] = {}
    for movement in movements.clio:
        if movement.client is not None:
            by_clio.setdefault(movement.client.key, []).append(movement)
    by_books: dict[str, list[BookLine]] = {}
    for line in (*movements.lines, *movements.duplicates):
        key = owner(line)
        if key is not None:
            by_books.setdefault(key, []).append(line)
    rows = tuple(
        replace(row, gap=_client_gap(movements, table, row, end, by_clio, by_books))
        if row.difference
        else row
        for row in table.rows
    )
    return replace(table, rows=rows)


def _owner(table: ClientTable) -> Callable[[BookLine], str | None]:
    """Whose ledger in the books a line is on: its client sub-account in the sub-account
    layout, its customer in the single-account layout."""
    if table.basis == "sub-accounts":
        return lambda line: line.subaccount.key if line.subaccount else None
    return lambda line: line.customer.key if line.customer else None


def _client_gap(
    movements: AccountMovements,
    table: ClientTable,
    row: ClientBalance,
    end: date,
    by_clio: dict[str, list[ClioMovement]],
    by_books: dict[str, list[BookLine]],
) -> GapExplanation:
    """The movements behind one client's QuickBooks − Clio, as of `end`."""
    owner = _owner(table)
    clio = by_clio.get(row.clio_key or "", []) if row.clio_key else []
    books = by_books.get(row.qbo_key or "", []) if row.qbo_key else []
    pairs: dict[int, MovementPair] = {}
    for movement in clio:
        if (pair := movements.pair_of_clio(movement)) is not None:
            pairs[id(pair)] = pair
    for line in books:
        if (pair := movements.pair_of_line(line)) is not None:
            pairs[id(pair)] = pair
    duplicates = {id(line) for line in movements.duplicates}
    selection = _Selection(
        list(pairs.values()),
        clio,
        [line for line in books if id(line) not in duplicates],
        [line for line in books if id(line) in duplicates],
        lambda line: row.qbo_key is not None and owner(line) == row.qbo_key,
        lambda m: (
            row.clio_key is not None and m.client is not None and m.client.key == row.clio_key
        ),
    )
    qbo, clio_sum = _sums(selection, end)
    return GapExplanation(
        row.difference,
        items=tuple(_items(movements, selection, end, table.basis)),
        qbo_unexplained=(row.qbo_balance or ZERO) - qbo,
        clio_unexplained=(row.clio_balance or ZERO) - clio_sum,
    )


def _counts(when: date | None, end: date) -> bool:
    # An undated transaction cannot be placed after the statement: it stays in the balance.
    return when is None or when <= end


def _sums(selection: _Selection, end: date) -> tuple[Decimal, Decimal]:
    """What the selected QuickBooks lines and Clio transactions add up to as of `end`."""
    qbo = sum(
        (
            line.signed
            for line in (*selection.lines, *selection.duplicates)
            if selection.books(line) and _counts(line.date, end)
        ),
        ZERO,
    )
    clio = sum(
        (m.signed for m in selection.clio if selection.in_clio(m) and _counts(m.date, end)),
        ZERO,
    )
    return qbo, clio


def _items(
    movements: AccountMovements, selection: _Selection, end: date, basis: str | None
) -> list[GapItem]:
    items: list[GapItem] = []
    for pair in selection.pairs:
        item = _pair_item(pair, end, selection.books, selection.in_clio, basis)
        if item is not None:
            items.append(item)
    for movement in selection.clio:
        unpaired = movements.pair_of_clio(movement) is None
        if unpaired and selection.in_clio(movement) and _counts(movement.date, end):
            items.append(_clio_item(movements, movement))
    for line in selection.lines:
        unpaired = movements.pair_of_line(line) is None
        if unpaired and selection.books(line) and _counts(line.date, end):
            items.append(_line_item(movements, line))
    for line in selection.duplicates:
        if selection.books(line) and _counts(line.date, end):
            items.append(
                GapItem(
                    "entered-twice",
                    line.date,
                    line.describe(),
                    "a second record of a disbursement the trust sync already wrote",
                    line.signed,
                    "TS002",
                    line.pointer,
                    (line.record,),
                )
            )
    items.sort(key=lambda item: (item.date or date.min, item.description))
    return items


def _pair_item(
    pair: MovementPair, end: date, books: Counts, clio: ClioCounts, basis: str | None
) -> GapItem | None:
    movement, line = pair.clio, pair.line
    qbo_part = line.signed if books(line) and _counts(line.date, end) else ZERO
    clio_part = movement.signed if clio(movement) and _counts(movement.date, end) else ZERO
    effect = qbo_part - clio_part
    if effect == 0:
        return None
    description = f"{movement.describe()}; in QuickBooks: {line.describe()}"
    records = (movement.record, line.record)
    when = movement.date if clio(movement) else line.date
    if _counts(line.date, end) != _counts(movement.date, end):
        reason = f"recorded on {movement.date} in Clio and {line.date} in QuickBooks, either side of {end}"
        return GapItem("timing", when, description, reason, effect, None, line.pointer, records)
    if pair.stage == "other-client":
        qbo_client = line.client.name if line.client else "no client"
        clio_client = movement.client.name if movement.client else "no client"
        reason = f"Clio records it for {clio_client}, QuickBooks for {qbo_client}"
        return GapItem(
            "wrong-client", when, description, reason, effect, "TR013", line.pointer, records
        )
    if pair.stage == "no-client":
        reason = "the QuickBooks line names no client"
        return GapItem(
            "no-client", when, description, reason, effect, "TR009", line.pointer, records
        )
    where = line.account.full_name if line.account else line.posting.account_id
    ledger = "the client's sub-account" if basis == "sub-accounts" else "the client as customer"
    reason = f"QuickBooks posts it to {where}, not to {ledger}"
    rule_id = "TR001" if line.subaccount is None and basis == "sub-accounts" else None
    return GapItem(
        "not-in-client-ledger", when, description, reason, effect, rule_id, line.pointer, records
    )


def _not_judged(movements: AccountMovements, item: ClioMovement | BookLine) -> str | None:
    if item.ambiguous:
        return "its client's name is ambiguous: left out of the pairing"
    if item.date is None:
        return "undated: not judged"
    if movements.open_reason(item) is not None:
        other = "QuickBooks line" if isinstance(item, ClioMovement) else "Clio transaction"
        return f"an undated {other} of the same amount may record it: not judged"
    if not movements.judged(item.date):
        return f"before {movements.span_start}, where the two systems' histories overlap"
    return None


def _clio_item(movements: AccountMovements, movement: ClioMovement) -> GapItem:
    reason = _not_judged(movements, movement)
    kind: GapKind = "not-judged" if reason else "missing-in-books"
    return GapItem(
        kind,
        movement.date,
        movement.describe(),
        reason or "in Clio, not in QuickBooks",
        -movement.signed,
        None if reason else "TR011",
        movement.pointer,
        (movement.record,),
    )


def _line_item(movements: AccountMovements, line: BookLine) -> GapItem:
    reason = _not_judged(movements, line)
    kind: GapKind = "not-judged"
    rule_id = None
    if reason is None and line.client is None:
        kind, rule_id, reason = "no-client", "TR009", "in QuickBooks naming no client, not in Clio"
    elif reason is None:
        kind, rule_id, reason = "missing-in-clio", "TR012", "in QuickBooks, not in Clio"
    return GapItem(
        kind, line.date, line.describe(), reason, line.signed, rule_id, line.pointer, (line.record,)
    )
