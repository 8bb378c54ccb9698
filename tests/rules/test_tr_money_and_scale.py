"""TR rules: exact money in sums, and a 100,000-transaction snapshot in reasonable time."""

from __future__ import annotations

import gc
import time
from decimal import Decimal
from typing import Any

from helpers import findings
from helpers import fixture
from helpers import snapshot_of

from ledgerlint.books import Books
from ledgerlint.builtin.tr_invoices import bank_feed_double_booking
from ledgerlint.builtin.tr_invoices import duplicate_invoice
from ledgerlint.builtin.tr_ledger import trust_posting_to_parent_account
from ledgerlint.models.findings import Problem
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext

PARENT = {"value": "40", "name": "Client Trust Liability"}


def _parent_deposit(txn_id: str, amount: str, customer: str = "7") -> dict[str, Any]:
    return {
        "Id": txn_id,
        "TxnDate": "2026-11-10",
        "DepositToAccountRef": {"value": "36", "name": "Client Trust Account - IOLTA"},
        "TotalAmt": amount,
        "Line": [
            {
                "Id": "1",
                "Amount": amount,
                "DetailType": "DepositLineDetail",
                "DepositLineDetail": {
                    "Entity": {
                        "value": customer,
                        "name": "Northwind Dental Group",
                        "type": "CUSTOMER",
                    },
                    "AccountRef": PARENT,
                },
            }
        ],
    }


def _summary(found: list[Any]) -> Any:
    (summary,) = [f for f in found if f.key.startswith("summary:")]
    return summary


def test_summary_total_is_exact_for_dimes() -> None:
    """Sixty deposits of 0.10 and 0.20 total exactly 9.00, where floats give 8.999999999999…"""
    amounts = ["0.10", "0.20"] * 30
    assert repr(sum(float(a) for a in amounts)) != "9.0"  # the premise: floats drift
    data = fixture()
    data["qbo"]["Deposit"] += [
        _parent_deposit(str(9000 + n), amount) for n, amount in enumerate(amounts)
    ]
    summary = _summary(findings(data, "TR001"))
    assert summary.properties["total"] == "9.00"
    assert summary.properties["count"] == 60
    assert "totalling $9.00 " in summary.message


def test_summary_total_keeps_the_cents_of_large_amounts() -> None:
    """Three deposits of 70,368,744,177,664.01: a float sum would print .06, the books say .03."""
    amount = "70368744177664.01"
    assert f"{sum([float(amount)] * 3):,.2f}" == "211,106,232,532,992.06"  # the premise
    data = fixture()
    data["qbo"]["Deposit"] += [_parent_deposit(str(9000 + n), amount) for n in range(3)]
    found = findings(data, "TR001")
    summary = _summary(found)
    assert summary.properties["total"] == "211106232532992.03"
    assert "totalling $211,106,232,532,992.03 " in summary.message
    assert "$70,368,744,177,664.01" in found[1].message


def _big_snapshot(size: int) -> tuple[dict[str, Any], dict[str, int]]:
    """The clean fixture plus `size` generated transactions, with known planted counts."""
    data = fixture()
    qbo = data["qbo"]
    planted = {"parent": 0, "duplicates": 0, "feed": 0}
    customers = [str(c) for c in range(1, 8)]
    deposits, invoices, payments = qbo["Deposit"], qbo["Invoice"], qbo["Payment"]
    for n in range(size // 4):
        # Trust deposits: every 100th one to the parent.
        sub = {"value": "45", "name": "Client Trust Liability:Northwind Dental Group"}
        deposit = _parent_deposit(f"d{n}", "12.34")
        if n % 100:
            deposit["Line"][0]["DepositLineDetail"]["AccountRef"] = sub
        else:
            planted["parent"] += 1
        deposits.append(deposit)
    for n in range(size // 4):
        # Invoices with unique numbers and distinct amounts; every 500th one duplicated.
        customer = customers[n % 7]
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        invoice = {
            "Id": f"i{n}",
            "DocNumber": f"G{n}",
            "TxnDate": day,
            "CustomerRef": {"value": customer},
            "TotalAmt": f"{100 + n}.25",
            "Line": [],
        }
        invoices.append(invoice)
        if n % 500 == 0:
            invoices.append({**invoice, "Id": f"i{n}x"})
            planted["duplicates"] += 1
    for n in range(size // 4):
        # Synced payments; every 250th has a bank-feed deposit to income 3 days later.
        customer = customers[n % 7]
        amount = f"{500 + n}.10"
        payments.append(
            {
                "Id": f"p{n}",
                "TxnDate": "2026-06-10",
                "CustomerRef": {"value": customer},
                "TotalAmt": amount,
                "Line": [],
            }
        )
        feed = n % 250 == 0
        deposits.append(
            {
                "Id": f"f{n}",
                "TxnDate": "2026-06-13",
                "DepositToAccountRef": {"value": "35"},
                "TotalAmt": amount,
                "Line": [
                    {
                        "Amount": amount,
                        "LinkedTxn": [] if feed else [{"TxnId": f"p{n}", "TxnType": "Payment"}],
                        "DepositLineDetail": {
                            "Entity": {"value": customer, "type": "CUSTOMER"},
                            "AccountRef": {"value": "50"} if feed else {"value": "4"},
                        },
                    }
                ],
            }
        )
        planted["feed"] += feed
    return data, planted


def _check(rule: Rule, snapshot: Snapshot, data: Any) -> list[Problem]:
    ctx = RuleContext(snapshot, Books(snapshot), rule.meta.default_options(), {})
    return [p for p in rule.check(ctx) if isinstance(p, Problem)]


def test_hundred_thousand_transactions() -> None:
    """TR001, TR006 and TR007 count right on 100,000 generated transactions, quickly."""
    # Building ~300,000 small objects makes CPython's cyclic GC rescan them over and over (12 s
    # instead of 3 s); none form cycles, so collection is paused while the input is built and
    # the finished snapshot is frozen out of later collections.
    gc.disable()
    try:
        data, planted = _big_snapshot(100_000)
        snapshot = snapshot_of(data)
        gc.freeze()
    finally:
        gc.enable()
    try:
        started = time.perf_counter()
        parent = _check(trust_posting_to_parent_account, snapshot, data)
        duplicates = _check(duplicate_invoice, snapshot, data)
        feed = _check(bank_feed_double_booking, snapshot, data)
        elapsed = time.perf_counter() - started
    finally:
        gc.unfreeze()

    assert len(parent) == planted["parent"] + 1  # and the summary
    assert _summary(parent).properties == {
        "summary": True,
        "count": planted["parent"],
        "total": str(Decimal("12.34") * planted["parent"]),
    }
    assert len(duplicates) == planted["duplicates"] + 1
    assert _summary(duplicates).properties["count"] == planted["duplicates"]
    assert len(feed) == planted["feed"] + 1
    assert _summary(feed).properties["count"] == planted["feed"]
    assert elapsed < 5, f"the three rules took {elapsed:.1f}s"
