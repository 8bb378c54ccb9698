"""Generate a large, deterministic, realistic synthetic ledgerlint snapshot (JSON).

    .venv/bin/python benchmarks/generate.py --transactions 100000 --clients 5000 \
        --seed 1 --output benchmarks/out/snapshot-100000.json

The firm is a bigger Harbor & Vale (tests/fixtures/clean.yaml is the template for every shape):
QBO v3 and Clio v4 entities exactly as the APIs return them, amounts written as JSON numbers with
two decimals (Decimal values through `msgspec.json.Encoder(decimal_format="number")`), indented
like `ledgerlint pull` writes a snapshot.

What happens, 2025-01-02 .. 2026-11-19 (`captured_at` 2026-11-20T09:00:00Z):
- clients (people and companies) open matters; retainers go into the IOLTA, a Deposit whose lines
  credit each client's sub-account of `Client Trust Liability` (one to three clients a deposit),
  mirrored by Clio trust `bank_transactions`;
- Clio bills become QBO Invoices (DocNumber = bill number, one line per timekeeper entry, per-line
  classes), then are paid by a Payment into Undeposited Funds (banked later by an operating
  Deposit), or paid from trust (Transfer IOLTA -> Operating + JournalEntry Dr sub-account / Cr A/R,
  Clio trust allocation + withdrawal + trust line item), or stay unpaid;
- trust disbursements (checks from the IOLTA against a client's sub-account) and operating expenses
  are Purchases.
Every balance is derived from those transactions, so the books reconcile exactly: the IOLTA, the
trust liability (with sub-accounts) and Clio agree, per client too, and both bank statements
(period end 2026-10-31) reconcile with deposits in transit and outstanding checks. No matter's trust
balance ever goes negative.

Unless `--clean`, a few problems are planted (so a report has findings whose positions must be
resolved), each named in the entity's `PrivateNote` as `PLANTED <rule>`:
- TR006: three duplicated invoices (same customer, DocNumber, total, date; new Id, unpaid);
- TR001: three trust deposits whose line credits the parent liability instead of the sub-account
  (consequence: RC002 for those clients);
- TR002: the latest trust-paid bill also booked as a Payment into Operating Checking (after the
  statement date, so RC004 stays quiet).

The transaction count is exact: `--transactions N` QBO Invoices, Payments, Deposits, Transfers,
JournalEntries and Purchases in all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


START = dt.date(2025, 1, 2)
END = dt.date(2026, 11, 19)  # last day with activity
CAPTURED_AT = "2026-11-20T09:00:00Z"
PERIOD_END = dt.date(2026, 10, 31)
SPAN = (END - START).days

# QBO ids of the fixed chart of accounts (as in clean.yaml).
OPERATING, IOLTA, UNDEPOSITED, AR, LIABILITY = "35", "36", "4", "84", "40"
CLIO_OPERATING, CLIO_TRUST = 501, 502
IOLTA_NAME = "Client Trust Account - IOLTA"
LIABILITY_NAME = "Client Trust Liability"
CLIO_TRUST_NAME = "IOLTA Trust"
USD = {"value": "USD", "name": "United States Dollar"}
OPERATING_REF = {"value": OPERATING, "name": "Operating Checking"}
IOLTA_REF = {"value": IOLTA, "name": IOLTA_NAME}
UNDEPOSITED_REF = {"value": UNDEPOSITED, "name": "Undeposited Funds"}
AR_REF = {"value": AR, "name": "Accounts Receivable (A/R)"}
CLIO_TRUST_REF = {"id": CLIO_TRUST, "name": CLIO_TRUST_NAME, "type": "Trust"}
CLIO_OPERATING_REF = {"id": CLIO_OPERATING, "name": "Operating Account", "type": "Operating"}

FIRST = _words(
    "Aaron Abigail Adrian Aisha Alejandro Alice Amara Andre Anika Arjun Beatriz Benjamin Bianca "
    "Caleb Camila Carmen Chloe Colin Dalia Damian Dana Dev Elena Elias Emeka Esther Fatima Felix "
    "Fiona Gabriel Grace Hana Hector Imani Ingrid Isaac Ivy Jamal Jasmine Javier Joanna Jonah "
    "Julia Kai Keiko Kenji Laila Leon Lucia Malik Marcus Maya Mei Mateo Nadia Naomi Nikhil Nora "
    "Omar Olivia Oscar Paloma Priya Quentin Rafael Rania Reza Rosa Ruth Samir Sara Sean Sofia "
    "Soren Talia Tariq Tessa Tobias Uma Valeria Victor Wendy Xavier Yara Yusuf Zara Zoe Aiko "
    "Bruno Celine Dmitri Eva Farid Greta Hugo Ines"
)
LAST = _words(
    "Abbott Acosta Adeyemi Alvarez Andersen Arora Baker Banerjee Barros Bauer Becker Bishop "
    "Blackwood Brennan Calloway Castillo Chen Choi Cruz D'Amato Dang Delgado Dubois Duarte Eriksen "
    "Espinoza Farah Fischer Fitzgerald Flores Fujimoto Gallagher Garza Goldberg Gonzalez Gupta "
    "Haddad Halvorsen Hartmann Hayashi Herrera Hoffman Holloway Ibarra Iyer Jablonski Jensen "
    "Kamara Kaplan Kim Kowalski Krishnan Kuznetsov Lachance Larsen Leblanc Lindqvist Lopez Lucero "
    "Mahmoud Malhotra Martinez Mbeki McAllister Medina Mendoza Moreau Morrison Nakamura Navarro "
    "Nguyen Novak Nuñez O'Brien O'Connor Okafor Oliveira Ortega Pacheco Park Patel Petrov "
    "Quintero Ramirez Rasmussen Reyes Rinaldi Rossi Rubio Saito Salazar Santos Schmidt Sharma "
    "Silva Sokolov Soto Stein Sullivan Suzuki Tanaka Thornton Torres Tran Valdez Vasquez Volkov "
    "Wagner Walsh Watanabe Weber Whitfield Wong Yamamoto Yilmaz Young Zamora Zhang Zielinski"
)
COMPANY_A = _words(
    "Pacific Northwind Sunrise Harbor Summit Redwood Bayview Granite Silverline Cypress "
    "Meridian Coastal Ironwood Evergreen Highland Lakeshore Goldengate Blueoak Canyon Sierra "
    "Monterey Sequoia Driftwood Keystone Pinnacle Riverbend Saltwater Starling Westbrook "
    "Brightline Copperleaf Foxglove Harvest Juniper Larkspur Mariner Orchard Seabright"
)
COMPANY_B = _words(
    "Builders;Dental Group;Bakery;Logistics;Holdings;Properties;Vineyards;Analytics;Medical "
    "Partners;Construction;Hospitality;Imports;Foods;Software;Realty;Architects;Landscaping;Auto "
    "Group;Biotech;Brewing;Capital;Clinic;Cycles;Design Studio;Electric;Energy;Farms;Fitness;"
    "Marine Services;Media;Motors;Nursery;Outfitters;Pharmacy;Printing;Robotics;Roofing;Textiles;"
    "Trucking;Veterinary",
    ";",
)
COMPANY_S = ("LLC", ", Inc.", "LLP", "Co.", "Corporation", "Ltd.")  # distinct when folded

# Billing categories -> QBO Item and income account (one each: QB007/QB009 stay silent).
CATEGORIES = [
    ("Litigation", "Litigation Services", "Litigation Fees", 7001, "21", "50"),
    ("Estate Planning", "Estate Planning Services", "Estate Planning Fees", 7002, "22", "51"),
    ("Business Advisory", "Business Advisory Services", "Business Advisory Fees", 7003, "23", "52"),
    ("Real Estate", "Real Estate Services", "Real Estate Fees", 7004, "24", "53"),
    ("Employment", "Employment Law Services", "Employment Law Fees", 7005, "25", "54"),
    ("Family Law", "Family Law Services", "Family Law Fees", 7006, "26", "55"),
]
WORK = {
    "Litigation": [
        "Pleadings and case strategy",
        "Legal research",
        "Deposition preparation",
        "Motion practice",
        "Discovery review",
        "Trial preparation",
        "Court appearance",
    ],
    "Estate Planning": [
        "Estate plan drafting",
        "Trust funding review",
        "Will and directive",
        "Signing ceremony",
        "Probate filings",
        "Asset schedules",
    ],
    "Business Advisory": [
        "Operating agreement",
        "Due diligence review",
        "Contract drafting",
        "Board minutes",
        "Acquisition structure",
        "Regulatory filings",
    ],
    "Real Estate": [
        "Purchase agreement review",
        "Title review",
        "Lease negotiation",
        "Closing documents",
        "Boundary settlement",
    ],
    "Employment": [
        "Wage claim analysis",
        "Severance negotiation",
        "Handbook review",
        "Agency response",
        "Mediation brief",
    ],
    "Family Law": [
        "Custody petition",
        "Support calculations",
        "Mediation session",
        "Settlement agreement",
        "Financial disclosures",
    ],
}
MATTER_TITLES = {
    "Litigation": "{c} v. {o}",
    "Estate Planning": "Estate plan and revocable trust",
    "Business Advisory": "General corporate counsel",
    "Real Estate": "Purchase of {a} {s}",
    "Employment": "{c} v. {o} (wrongful termination)",
    "Family Law": "Marital dissolution",
}
STREETS = ["Ocean Avenue", "Alvarado Street", "Cannery Row", "Lighthouse Avenue", "Pine Street"]

# Timekeepers: (id, first, last, subscription, hourly rate in cents).
USERS = [
    (345001, "Maya", "Harbor", "Attorney", 52500),
    (345002, "Daniel", "Vale", "Attorney", 49500),
    (345003, "Priya", "Natarajan", "Attorney", 42500),
    (345004, "Theo", "Lindgren", "Attorney", 39500),
    (345005, "Grace", "Okonkwo", "Attorney", 37500),
    (345006, "Miguel", "Serrano", "Attorney", 35000),
    (345007, "Hannah", "Whitcomb", "Attorney", 32500),
    (345008, "Luis", "Carrillo", "Paralegal", 19500),
    (345009, "Ava", "Brandt", "Paralegal", 18500),
    (345010, "Noah", "Feld", "Paralegal", 17500),
]
PAYMENT_METHODS = [("1", "Check"), ("2", "Credit Card"), ("3", "ACH"), ("4", "Trust Application")]
VENDORS = [  # (id, name, expense account id, account name, typical cents, monthly?)
    ("31", "Alvarado Street Properties", "60", "Rent or Lease", 1850000, True),
    ("32", "Thomson Reuters", "61", "Legal Research Subscriptions", 124000, True),
    ("33", "Clio", "63", "Software Subscriptions", 89500, True),
    ("34", "Monterey Office Supply", "64", "Office Supplies", 0, False),
    ("35", "First Legal Network", "65", "Court Fees and Filing", 0, False),
    ("36", "PG&E", "66", "Utilities", 0, False),
    ("37", "State Bar of California", "67", "Dues and Licenses", 0, False),
]

# Group kinds and their weights (QBO transactions per group in brackets).
GROUPS = {
    "retainer": 24,  # trust Deposit [1]
    "paid": 40,  # Invoice + Payment [2] (+ operating Deposit [1] when a batch is banked)
    "trust_paid": 14,  # Invoice + Transfer + JournalEntry [3]
    "unpaid": 4,  # Invoice [1]
    "disbursement": 6,  # trust Purchase [1]
    "expense": 15,  # operating Purchase [1]
}

_ENCODER = msgspec.json.Encoder(decimal_format="number")


def money(cents: int) -> Decimal:
    """An exact amount with two decimals (Decimal('12.30'), never a float)."""
    return Decimal(cents).scaleb(-2)


def iso(day: dt.date) -> str:
    return day.isoformat()


class Firm:
    """The simulation: state, id counters and the entity lists it fills in."""

    def __init__(self, transactions: int, clients: int, seed: int, plant: bool) -> None:
        if transactions < 50:
            raise SystemExit("--transactions must be at least 50")
        self.rng = random.Random(seed)
        self.n = transactions
        self.plant = plant
        self.reserved = 4 if plant else 0  # 3 duplicate invoices + 1 TR002 payment
        self.count = 0
        self.q: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("Invoice", "Payment", "Deposit", "Transfer", "JournalEntry", "Purchase")
        }
        self.c: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("bills", "allocations", "bank_transactions", "trust_line_items")
        }
        self.next_qbo_id = 1000
        self.next_clio = {"bill": 900001, "alloc": 800001, "btx": 600001, "tli": 510001}
        self.bill_number = 10001
        self.trust_check = 5001
        self.op_check = 20001
        self.invoice_keys: set[tuple[str, int, str]] = set()
        self.pending_payments: list[tuple[dt.date, dict[str, Any]]] = []  # not yet banked
        self.trust_apps: list[tuple[dict[str, Any], dict[str, Any], int, dt.date]] = []
        self.rent_months: set[tuple[str, int, int]] = set()
        self._make_clients(clients)

    # --- ids --------------------------------------------------------------------------------
    def qbo_id(self) -> str:
        self.next_qbo_id += 1
        return str(self.next_qbo_id)

    def clio_id(self, kind: str) -> int:
        value = self.next_clio[kind]
        self.next_clio[kind] = value + 1
        return value

    # --- clients and matters ----------------------------------------------------------------
    def _make_clients(self, count: int) -> None:
        rng = self.rng
        nf, nl = len(FIRST), len(LAST)
        n_companies = count // 4
        n_people = count - n_companies
        if n_people > nf * nl * (nl - 1) or n_companies > len(COMPANY_A) * len(COMPANY_B) * len(
            COMPANY_S
        ):
            raise SystemExit("too many clients for the name lists")
        people = rng.sample(range(nf * nl * 2), n_people) if n_people <= nf * nl * 2 else None
        companies = rng.sample(range(len(COMPANY_A) * len(COMPANY_B) * len(COMPANY_S)), n_companies)
        self.clients: list[dict[str, Any]] = []
        kinds = ["Person"] * n_people + ["Company"] * n_companies
        rng.shuffle(kinds)
        p = k = 0
        for index, kind in enumerate(kinds):
            if kind == "Person":
                code = people[p] if people is not None else p
                p += 1
                first = FIRST[code % nf]
                rest = code // nf
                if rest < nl:
                    last = LAST[rest]
                else:  # a double surname: (a, b) distinct pairs, b != a
                    r = rest - nl
                    a = r % nl
                    last = f"{LAST[a]}-{LAST[(a + 1 + r // nl) % nl]}"
                name, sub_name = f"{first} {last}", f"{last}, {first}"
                short = last.split("-")[0]
            else:
                code = companies[k]
                k += 1
                a, rest = code % len(COMPANY_A), code // len(COMPANY_A)
                b, s = rest % len(COMPANY_B), rest // len(COMPANY_B)
                suffix = COMPANY_S[s]
                sep = "" if suffix.startswith(",") else " "
                name = f"{COMPANY_A[a]} {COMPANY_B[b]}{sep}{suffix}"
                sub_name, short, first, last = name, COMPANY_A[a], None, None
            self.clients.append(
                {
                    "index": index,
                    "kind": kind,
                    "name": name,
                    "sub_name": sub_name,
                    "first": first,
                    "last": last,
                    "short": short,
                    "customer_id": str(index + 1),
                    "contact_id": 20001 + index,
                    "sub_id": None,  # QBO sub-account, opened with the first trust deposit
                    "matters": [],
                }
            )
        self.next_matter = 30001
        self.matter_seq = 1

    def new_matter(self, client: dict[str, Any], day: dt.date) -> dict[str, Any]:
        rng = self.rng
        category = rng.choice(CATEGORIES)
        opponent = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
        title = MATTER_TITLES[category[0]].format(
            c=client["short"], o=opponent, a=rng.randint(100, 9999), s=rng.choice(STREETS)
        )
        matter = {
            "id": self.next_matter,
            "display_number": f"{self.matter_seq:05d}-{client['short']}",
            "description": title,
            "client": client,
            "category": category,
            "open_date": day,
            "trust": 0,  # cents, never negative at any date (see draws below)
            "held_trust": False,
            "last_activity": day,
            "last_trust": day,
        }
        self.next_matter += 1
        self.matter_seq += 1
        client["matters"].append(matter)
        return matter

    def pick_client(self) -> dict[str, Any]:
        # Skewed: a few clients are busy, most are occasional.
        return self.clients[int(len(self.clients) * self.rng.random() ** 1.6)]

    def pick_matter(self, client: dict[str, Any], day: dt.date) -> dict[str, Any]:
        matters = client["matters"]
        if not matters or (len(matters) < 4 and self.rng.random() < 0.08):
            return self.new_matter(client, day)
        return self.rng.choice(matters)

    def funded_matter(self, need: int) -> dict[str, Any] | None:
        for _ in range(12):
            client = self.pick_client()
            for matter in client["matters"]:
                if matter["trust"] >= need:
                    return matter
        return None

    def customer_ref(self, client: dict[str, Any]) -> dict[str, str]:
        return {"value": client["customer_id"], "name": client["name"]}

    def sub_ref(self, client: dict[str, Any]) -> dict[str, str]:
        if client["sub_id"] is None:
            client["sub_id"] = self.qbo_id()
        return {"value": client["sub_id"], "name": f"{LIABILITY_NAME}:{client['sub_name']}"}

    # --- groups of transactions -------------------------------------------------------------
    def run(self) -> None:
        rng = self.rng
        kinds, weights = list(GROUPS), list(GROUPS.values())
        budget = self.n - self.reserved
        month = None
        while self.count < budget:
            day = START + dt.timedelta(days=SPAN * self.count // budget)
            if (day.year, day.month) != month:
                month = (day.year, day.month)
                self.refund_dormant(day, budget)
                if self.count >= budget:
                    break
            remaining = budget - self.count
            kind = rng.choices(kinds, weights)[0]
            if kind == "trust_paid" and remaining >= 3:
                self.trust_paid(day)
            elif kind == "paid" and remaining >= 3:
                self.paid(day)
            elif kind == "disbursement":
                self.disbursement(day)
            elif kind == "expense":
                self.expense(day)
            elif kind == "unpaid":
                self.invoice(day, self.pick_matter(self.pick_client(), day), unpaid=True)
            else:
                self.retainer(day)
        if self.plant:
            self.plant_problems()
        assert self.count == self.n, (self.count, self.n)

    def retainer(self, day: dt.date) -> None:
        rng = self.rng
        lines, total = [], 0
        used: set[int] = set()
        for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3)):
            client = self.pick_client()
            if client["index"] in used:
                continue
            used.add(client["index"])
            matter = self.pick_matter(client, day)
            amount = rng.choice((250000, 500000, 750000, 1000000, 1500000, 2500000))
            if rng.random() < 0.3:
                amount = rng.randint(20000, 4000000)  # costs advances, settlement funds, odd cents
            method = rng.choice(PAYMENT_METHODS[:3])
            detail: dict[str, Any] = {
                "Entity": {
                    "value": client["customer_id"],
                    "name": client["name"],
                    "type": "CUSTOMER",
                },
                "AccountRef": self.sub_ref(client),
                "PaymentMethodRef": {"value": method[0], "name": method[1]},
            }
            if method[1] == "Check":
                detail["CheckNum"] = str(rng.randint(1000, 99999))
            lines.append(
                {
                    "Id": str(len(lines) + 1),
                    "LineNum": len(lines) + 1,
                    "Amount": money(amount),
                    "DetailType": "DepositLineDetail",
                    "DepositLineDetail": detail,
                }
            )
            total += amount
            matter["trust"] += amount
            matter["held_trust"] = True
            matter["last_activity"] = day
            self.clio_trust_txn(day, amount, matter, "Retainer")
        txn_id = self.qbo_id()
        matters = ", ".join(
            f"matter {m['display_number']}" for m in (self._last_matters(len(lines)))
        )
        self.q["Deposit"].append(
            {
                "Id": txn_id,
                "SyncToken": "0",
                "TxnDate": iso(day),
                "DepositToAccountRef": IOLTA_REF,
                "TotalAmt": money(total),
                "PrivateNote": f"Retainer, {matters}",
                "CurrencyRef": USD,
                "Line": lines,
            }
        )
        self.count += 1

    def _last_matters(self, count: int) -> list[dict[str, Any]]:
        return [b["_matter"] for b in self.c["bank_transactions"][-count:]]

    def clio_trust_txn(self, day: dt.date, amount: int, matter: dict[str, Any], what: str) -> None:
        client = matter["client"]
        matter["last_trust"] = day
        self.c["bank_transactions"].append(
            {
                "id": self.clio_id("btx"),
                "date": iso(day),
                "amount": money(amount),
                "funds_in": money(max(amount, 0)),
                "funds_out": money(max(-amount, 0)),
                "transaction_type": "Deposit" if amount > 0 else "Withdrawal",
                "bank_account": CLIO_TRUST_REF,
                "matter": {"id": matter["id"]},
                "client": {"id": client["contact_id"], "name": client["name"]},
                "description": what,
                "_matter": matter,  # dropped before writing
            }
        )

    def invoice(self, day: dt.date, matter: dict[str, Any], unpaid: bool) -> dict[str, Any]:
        rng = self.rng
        client = matter["client"]
        category = matter["category"]
        lines: list[dict[str, Any]] = []
        total = 0
        for position in range(1, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)) + 1):
            user = rng.choice(USERS)
            tenths = rng.randint(2, 160)
            amount = tenths * user[4] // 10
            lines.append(
                {
                    "Id": str(position),
                    "LineNum": position,
                    "Amount": money(amount),
                    "Description": rng.choice(WORK[category[0]]),
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {
                        "ItemRef": {"value": category[4], "name": category[1]},
                        "ClassRef": {
                            "value": str(5000000000000102 + user[0] - 345001),
                            "name": f"Firm Staff:{user[1]} {user[2]}",
                        },
                        "Qty": Decimal(tenths).scaleb(-1),
                        "UnitPrice": money(user[4]),
                        "TaxCodeRef": {"value": "NON"},
                    },
                }
            )
            total += amount
        key = (client["customer_id"], total, iso(day))
        while key in self.invoice_keys:  # no accidental TR006: bump the first line by 0.1 h
            detail = lines[0]["SalesItemLineDetail"]
            tenths = int(detail["Qty"].scaleb(1)) + 1
            rate = int(detail["UnitPrice"].scaleb(2))
            total += tenths * rate // 10 - int(lines[0]["Amount"].scaleb(2))
            lines[0]["Amount"] = money(tenths * rate // 10)
            detail["Qty"] = Decimal(tenths).scaleb(-1)
            key = (client["customer_id"], total, iso(day))
        self.invoice_keys.add(key)
        lines.append(
            {"Amount": money(total), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}
        )
        number = str(self.bill_number)
        self.bill_number += 1
        due = day + dt.timedelta(days=30)
        invoice = {
            "Id": self.qbo_id(),
            "SyncToken": "0",
            "DocNumber": number,
            "TxnDate": iso(day),
            "DueDate": iso(due),
            "CustomerRef": self.customer_ref(client),
            "SalesTermRef": {"value": "3", "name": "Net 30"},
            "TotalAmt": money(total),
            "Balance": money(total),
            "CurrencyRef": USD,
            "Line": lines,
            "_cents": total,
        }
        bill = {
            "id": self.clio_id("bill"),
            "number": number,
            "state": "awaiting_payment",
            "issued_at": iso(day),
            "due_at": iso(due),
            "total": money(total),
            "balance": money(total),
            "client": {"id": client["contact_id"], "name": client["name"]},
            "matters": [{"id": matter["id"], "display_number": matter["display_number"]}],
        }
        invoice["_bill"] = bill
        self.q["Invoice"].append(invoice)
        self.c["bills"].append(bill)
        matter["last_activity"] = max(matter["last_activity"], day)
        self.count += 1
        return invoice

    def settle(self, invoice: dict[str, Any]) -> None:
        invoice["Balance"] = money(0)
        invoice["_bill"]["state"] = "paid"
        invoice["_bill"]["balance"] = money(0)

    def allocation(
        self, day: dt.date, invoice: dict[str, Any], matter: dict[str, Any], what: str, trust: bool
    ) -> None:
        bill = invoice["_bill"]
        self.c["allocations"].append(
            {
                "id": self.clio_id("alloc"),
                "date": iso(day),
                "amount": money(invoice["_cents"]),
                "description": what,
                "bill": {"id": bill["id"], "number": bill["number"]},
                "matter": {"id": matter["id"]},
                "contact": {"id": matter["client"]["contact_id"], "name": matter["client"]["name"]},
                "source_bank_account": CLIO_TRUST_REF if trust else CLIO_OPERATING_REF,
            }
        )

    def paid(self, day: dt.date) -> None:
        rng = self.rng
        client = self.pick_client()
        matter = self.pick_matter(client, day)
        paid_on = day + dt.timedelta(days=rng.randint(3, 50))
        if paid_on > END:
            self.invoice(day, matter, unpaid=True)
            return
        invoice = self.invoice(day, matter, unpaid=False)
        method = rng.choice(PAYMENT_METHODS[:3])
        reference = (
            str(rng.randint(1000, 99999))
            if method[1] == "Check"
            else f"{'CC' if method[1] == 'Credit Card' else 'ACH'}-{rng.randint(1000, 9999)}"
        )
        payment = {
            "Id": self.qbo_id(),
            "SyncToken": "0",
            "TxnDate": iso(paid_on),
            "CustomerRef": self.customer_ref(client),
            "PaymentMethodRef": {"value": method[0], "name": method[1]},
            "PaymentRefNum": reference,
            "DepositToAccountRef": UNDEPOSITED_REF,
            "TotalAmt": invoice["TotalAmt"],
            "UnappliedAmt": money(0),
            "CurrencyRef": USD,
            "Line": [
                {
                    "Amount": invoice["TotalAmt"],
                    "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}],
                }
            ],
            "_cents": invoice["_cents"],
        }
        invoice["LinkedTxn"] = [{"TxnId": payment["Id"], "TxnType": "Payment"}]
        self.settle(invoice)
        self.allocation(paid_on, invoice, matter, f"{method[1]} {reference}", trust=False)
        self.q["Payment"].append(payment)
        self.count += 1
        self.pending_payments.append((paid_on, payment))
        if self.count < self.n - self.reserved and len(self.pending_payments) >= rng.randint(1, 4):
            self.bank_deposit()

    def bank_deposit(self) -> None:
        """Bank the oldest undeposited payments in one operating Deposit (matched, linked)."""
        batch = self.pending_payments[: self.rng.randint(1, 4)]
        day = max(d for d, _ in batch) + dt.timedelta(days=self.rng.randint(1, 3))
        if day > END:
            return
        del self.pending_payments[: len(batch)]
        total = sum(p["_cents"] for _, p in batch)
        self.q["Deposit"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "TxnDate": iso(day),
                "DepositToAccountRef": OPERATING_REF,
                "TotalAmt": money(total),
                "CurrencyRef": USD,
                "Line": [
                    {
                        "Id": str(i),
                        "LineNum": i,
                        "Amount": p["TotalAmt"],
                        "LinkedTxn": [{"TxnId": p["Id"], "TxnType": "Payment", "TxnLineId": "0"}],
                        "DetailType": "DepositLineDetail",
                        "DepositLineDetail": {"AccountRef": UNDEPOSITED_REF},
                    }
                    for i, (_, p) in enumerate(batch, 1)
                ],
            }
        )
        self.count += 1

    def trust_paid(self, day: dt.date) -> None:
        rng = self.rng
        matter = self.funded_matter(20000)
        if matter is None:
            self.retainer(day)
            return
        applied = day + dt.timedelta(days=rng.randint(1, 12))
        if applied > END:
            self.invoice(day, matter, unpaid=True)
            return
        invoice = self.invoice(day, matter, unpaid=False)
        amount = invoice["_cents"]
        if amount > matter["trust"]:  # not enough in trust: the bill stays unpaid
            return
        client = matter["client"]
        number = invoice["DocNumber"]
        matter["trust"] -= amount
        matter["last_activity"] = max(matter["last_activity"], applied)
        self.settle(invoice)
        self.q["Transfer"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "TxnDate": iso(applied),
                "Amount": money(amount),
                "FromAccountRef": IOLTA_REF,
                "ToAccountRef": OPERATING_REF,
                "PrivateNote": f"Trust funds applied to bill {number} ({client['name']})",
                "CurrencyRef": USD,
            }
        )
        entity = {"Type": "Customer", "EntityRef": self.customer_ref(client)}
        self.q["JournalEntry"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "DocNumber": f"TA-{number}",
                "TxnDate": iso(applied),
                "TotalAmt": money(amount),
                "PrivateNote": f"Trust application to invoice {number}",
                "CurrencyRef": USD,
                "Line": [
                    {
                        "Id": "0",
                        "Amount": money(amount),
                        "Description": f"Trust funds applied to invoice {number}",
                        "DetailType": "JournalEntryLineDetail",
                        "JournalEntryLineDetail": {
                            "PostingType": "Debit",
                            "AccountRef": self.sub_ref(client),
                            "Entity": entity,
                        },
                    },
                    {
                        "Id": "1",
                        "Amount": money(amount),
                        "Description": f"Trust funds applied to invoice {number}",
                        "DetailType": "JournalEntryLineDetail",
                        "JournalEntryLineDetail": {
                            "PostingType": "Credit",
                            "AccountRef": AR_REF,
                            "Entity": entity,
                        },
                    },
                ],
            }
        )
        self.count += 2
        self.allocation(applied, invoice, matter, "Trust Application", trust=True)
        self.clio_trust_txn(applied, -amount, matter, f"Payment of bill {number}")
        self.c["trust_line_items"].append(
            {
                "id": self.clio_id("tli"),
                "date": iso(applied),
                "total": money(amount),
                "note": f"Payment from {CLIO_TRUST_NAME}",
                "matter": {"id": matter["id"]},
                "bill": {"id": invoice["_bill"]["id"]},
            }
        )
        self.trust_apps.append((invoice, matter, amount, applied))

    def refund_dormant(self, day: dt.date, budget: int) -> None:
        """Monthly: refund trust funds untouched for 300 days (so TR010 stays quiet)."""
        cutoff = day - dt.timedelta(days=300)
        for client in self.clients:
            for matter in client["matters"]:
                if matter["trust"] > 0 and matter["last_trust"] < cutoff and self.count < budget:
                    self.disbursement(day, matter)

    def disbursement(self, day: dt.date, dormant: dict[str, Any] | None = None) -> None:
        rng = self.rng
        matter = dormant or self.funded_matter(50000)
        if matter is None:
            self.retainer(day)
            return
        client = matter["client"]
        whole = dormant is not None or rng.random() < 0.3
        amount = matter["trust"] if whole else rng.randint(5000, min(matter["trust"], 2500000))
        matter["trust"] -= amount
        matter["last_activity"] = max(matter["last_activity"], day)
        if whole:
            payee = {"value": client["customer_id"], "name": client["name"], "type": "Customer"}
            what = f"Refund of unearned retainer, matter {matter['display_number']}"
        elif rng.random() < 0.5:
            payee = {"value": "35", "name": "First Legal Network", "type": "Vendor"}
            what = f"Filing and service costs, matter {matter['display_number']}"
        else:
            payee = {"value": client["customer_id"], "name": client["name"], "type": "Customer"}
            what = f"Settlement proceeds to client, matter {matter['display_number']}"
        self.q["Purchase"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "TxnDate": iso(day),
                "PaymentType": "Check",
                "DocNumber": str(self.trust_check),
                "AccountRef": IOLTA_REF,
                "EntityRef": payee,
                "TotalAmt": money(amount),
                "CurrencyRef": USD,
                "Line": [
                    {
                        "Id": "1",
                        "Amount": money(amount),
                        "Description": what,
                        "DetailType": "AccountBasedExpenseLineDetail",
                        "AccountBasedExpenseLineDetail": {
                            "AccountRef": self.sub_ref(client),
                            "CustomerRef": self.customer_ref(client),
                        },
                    }
                ],
            }
        )
        self.clio_trust_txn(day, -amount, matter, f"{what}, check {self.trust_check}")
        self.trust_check += 1
        self.count += 1

    def expense(self, day: dt.date) -> None:
        rng = self.rng
        vendor = rng.choice(VENDORS)
        amount = vendor[4]
        if vendor[5]:  # monthly: at most once a month, else an ad-hoc purchase
            month = (vendor[0], day.year, day.month)
            if month in self.rent_months:
                vendor = rng.choice([v for v in VENDORS if not v[5]])
            else:
                self.rent_months.add(month)
        if not vendor[5]:
            amount = rng.randint(1500, 180000)
        self.q["Purchase"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "TxnDate": iso(day),
                "PaymentType": "Check",
                "DocNumber": str(self.op_check),
                "AccountRef": OPERATING_REF,
                "EntityRef": {"value": vendor[0], "name": vendor[1], "type": "Vendor"},
                "TotalAmt": money(amount),
                "CurrencyRef": USD,
                "Line": [
                    {
                        "Id": "1",
                        "Amount": money(amount),
                        "Description": f"{vendor[3]}, {day:%B %Y}",
                        "DetailType": "AccountBasedExpenseLineDetail",
                        "AccountBasedExpenseLineDetail": {
                            "AccountRef": {"value": vendor[2], "name": vendor[3]}
                        },
                    }
                ],
            }
        )
        self.op_check += 1
        self.count += 1

    # --- planted problems -------------------------------------------------------------------
    def plant_problems(self) -> None:
        rng = self.rng
        # TR006: three invoices entered twice (a re-sync created a second copy).
        originals = rng.sample(self.q["Invoice"], 3)
        for original in originals:
            copy = {k: v for k, v in original.items() if k not in ("LinkedTxn", "_bill")}
            copy["Id"] = self.qbo_id()
            copy["Balance"] = copy["TotalAmt"]
            copy["PrivateNote"] = f"PLANTED TR006: duplicate of Invoice {original['Id']}"
            self.q["Invoice"].append(copy)
            self.count += 1
        # TR001: three single-line trust deposits credited to the parent liability. Only where
        # the client's sub-account still holds at least that much, so no sub-account ends negative.
        holding = self.sub_totals()
        trust_deposits = []
        for d in self.q["Deposit"]:
            if d["DepositToAccountRef"] is IOLTA_REF and len(d["Line"]) == 1:
                line = d["Line"][0]
                sub = line["DepositLineDetail"]["AccountRef"]["value"]
                if holding[sub] >= int(line["Amount"].scaleb(2)):
                    trust_deposits.append(d)
        for deposit in rng.sample(trust_deposits, min(3, len(trust_deposits))):
            deposit["Line"][0]["DepositLineDetail"]["AccountRef"] = {
                "value": LIABILITY,
                "name": LIABILITY_NAME,
            }
            deposit["PrivateNote"] = f"PLANTED TR001: {deposit['PrivateNote']}"
        # TR002: the latest trust-paid bill also pushed as a Payment into Operating Checking.
        invoice, matter, amount, applied = self.trust_apps[-1]
        self.q["Payment"].append(
            {
                "Id": self.qbo_id(),
                "SyncToken": "0",
                "TxnDate": iso(applied),
                "CustomerRef": self.customer_ref(matter["client"]),
                "PaymentMethodRef": {"value": "4", "name": "Trust Application"},
                "DepositToAccountRef": OPERATING_REF,
                "TotalAmt": money(amount),
                "UnappliedAmt": money(0),
                "PrivateNote": "PLANTED TR002: trust application synced as a payment",
                "CurrencyRef": USD,
                "Line": [
                    {
                        "Amount": money(amount),
                        "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}],
                    }
                ],
                "_cents": amount,
            }
        )
        invoice["LinkedTxn"] = [{"TxnId": self.q["Payment"][-1]["Id"], "TxnType": "Payment"}]
        self.count += 1

    def sub_totals(self) -> Counter[str]:
        """Each client sub-account's balance, from the trust postings."""
        subs: Counter[str] = Counter()
        for dep in self.q["Deposit"]:
            for line in dep["Line"]:
                source = line["DepositLineDetail"]["AccountRef"]["value"]
                if source not in (UNDEPOSITED, LIABILITY):
                    subs[source] += int(line["Amount"].scaleb(2))
        for je in self.q["JournalEntry"]:
            line = je["Line"][0]  # the debit to the client's sub-account
            subs[line["JournalEntryLineDetail"]["AccountRef"]["value"]] -= int(
                line["Amount"].scaleb(2)
            )
        for pur in self.q["Purchase"]:
            if pur["AccountRef"]["value"] == IOLTA:
                line = pur["Line"][0]
                subs[line["AccountBasedExpenseLineDetail"]["AccountRef"]["value"]] -= int(
                    line["Amount"].scaleb(2)
                )
        return subs

    # --- the snapshot -----------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        balances = self.balances()
        clients = self.clients
        accounts = chart_of_accounts(balances)
        sub_accounts = []
        for client in sorted(
            (c for c in clients if c["sub_id"] is not None), key=lambda c: int(c["sub_id"])
        ):
            cents = balances["subs"].get(client["sub_id"], 0)
            sub_accounts.append(
                {
                    "Id": client["sub_id"],
                    "Name": client["sub_name"],
                    "FullyQualifiedName": f"{LIABILITY_NAME}:{client['sub_name']}",
                    "Active": True,
                    "SubAccount": True,
                    "ParentRef": {"value": LIABILITY, "name": LIABILITY_NAME},
                    "Classification": "Liability",
                    "AccountType": "Other Current Liability",
                    "AccountSubType": "TrustAccountsLiabilities",
                    "CurrentBalance": money(cents),
                    "CurrentBalanceWithSubAccounts": money(cents),
                    "CurrencyRef": USD,
                }
            )
        position = next(i for i, a in enumerate(accounts) if a["Id"] == LIABILITY) + 1
        accounts[position:position] = sub_accounts

        customers = []
        for client in clients:
            open_cents = balances["customers"].get(client["customer_id"], 0)
            customer: dict[str, Any] = {
                "Id": client["customer_id"],
                "SyncToken": "0",
                "DisplayName": client["name"],
                "FullyQualifiedName": client["name"],
            }
            if client["kind"] == "Person":
                customer["GivenName"], customer["FamilyName"] = client["first"], client["last"]
            else:
                customer["CompanyName"] = client["name"]
            customer.update(
                {
                    "Active": True,
                    "Job": False,
                    "Balance": money(open_cents),
                    "BalanceWithJobs": money(open_cents),
                    "CurrencyRef": {"value": "USD"},
                }
            )
            customers.append(customer)

        contacts, matters = [], []
        for client in clients:
            contacts.append(
                {
                    "id": client["contact_id"],
                    "name": client["name"],
                    "type": client["kind"],
                    "first_name": client["first"],
                    "last_name": client["last"],
                    "is_client": True,
                }
            )
        all_matters = sorted((m for c in clients for m in c["matters"]), key=lambda m: m["id"])
        clio_trust_total = 0
        for m in all_matters:
            closed = m["trust"] == 0 and m["last_activity"] < dt.date(2026, 5, 1)
            entry: dict[str, Any] = {
                "id": m["id"],
                "display_number": m["display_number"],
                "description": m["description"],
                "status": "Closed" if closed else "Open",
                "open_date": iso(m["open_date"]),
            }
            if closed:
                entry["close_date"] = iso(m["last_activity"] + dt.timedelta(days=30))
            entry["client"] = {"id": m["client"]["contact_id"], "name": m["client"]["name"]}
            entry["practice_area"] = {"name": m["category"][0]}
            entry["account_balances"] = (
                [
                    {
                        "id": CLIO_TRUST,
                        "balance": money(m["trust"]),
                        "type": "Trust",
                        "name": CLIO_TRUST_NAME,
                    }
                ]
                if m["held_trust"]
                else []
            )
            clio_trust_total += m["trust"]
            matters.append(entry)
        assert clio_trust_total == balances["iolta"], (clio_trust_total, balances["iolta"])

        for rows in self.q.values():
            for row in rows:
                for key in [k for k in row if k.startswith("_")]:
                    del row[key]
        for row in self.c["bank_transactions"]:
            del row["_matter"]

        clio_operating = sum(int(a["amount"].scaleb(2)) for a in self.c["allocations"])
        return {
            "ledgerlint_snapshot": 1,
            "captured_at": CAPTURED_AT,
            "firm": {
                "name": "Harbor & Vale LLP",
                "jurisdictions": ["CA"],
                "lawyers": sum(1 for u in USERS if u[3] == "Attorney"),
                "record_retention_years": 7,
            },
            "qbo": {
                # Thousands of client sub-accounts need Advanced (Plus stops at 250 accounts).
                "CompanyInfo": company_info("Plus" if len(accounts) <= 250 else "Advanced"),
                "Preferences": PREFERENCES,
                "Account": accounts,
                "Class": classes(),
                "Department": [
                    {
                        "Id": "1",
                        "Name": "Monterey",
                        "FullyQualifiedName": "Monterey",
                        "SubDepartment": False,
                        "Active": True,
                    },
                    {
                        "Id": "2",
                        "Name": "Salinas",
                        "FullyQualifiedName": "Salinas",
                        "SubDepartment": False,
                        "Active": True,
                    },
                ],
                "Customer": customers,
                "Item": [
                    {
                        "Id": c[4],
                        "Name": c[1],
                        "FullyQualifiedName": c[1],
                        "Type": "Service",
                        "Active": True,
                        "Taxable": False,
                        "UnitPrice": 0,
                        "IncomeAccountRef": {"value": c[5], "name": c[2]},
                    }
                    for c in CATEGORIES
                ],
                "PaymentMethod": [
                    {
                        "Id": i,
                        "Name": n,
                        "Type": "CREDIT_CARD" if n == "Credit Card" else "NON_CREDIT_CARD",
                        "Active": True,
                    }
                    for i, n in PAYMENT_METHODS
                ],
                **self.q,
            },
            "clio": {
                "bank_accounts": [
                    {
                        "id": CLIO_OPERATING,
                        "name": "Operating Account",
                        "type": "Operating",
                        "currency": "USD",
                        "balance": money(clio_operating),
                        "default_account": True,
                    },
                    {
                        "id": CLIO_TRUST,
                        "name": CLIO_TRUST_NAME,
                        "type": "Trust",
                        "currency": "USD",
                        "balance": money(clio_trust_total),
                        "default_account": True,
                    },
                ],
                "users": [
                    {
                        "id": u[0],
                        "name": f"{u[1]} {u[2]}",
                        "first_name": u[1],
                        "last_name": u[2],
                        "email": f"{u[1].lower()}@harborvale.example",
                        "enabled": True,
                        "subscription_type": u[3],
                    }
                    for u in USERS
                ],
                "contacts": contacts,
                "matters": matters,
                "activity_descriptions": [{"id": c[3], "name": c[0]} for c in CATEGORIES],
                **self.c,
            },
            "clio_bill_syncing": bill_syncing(),
            "bank": {
                "statements": balances["statements"],
                "feeds": [
                    {"system": "qbo", "account": IOLTA_NAME},
                    {"system": "qbo", "account": "Operating Checking"},
                ],
            },
        }

    def balances(self) -> dict[str, Any]:
        """Every balance, derived from the transactions (as QuickBooks would)."""
        subs: Counter[str] = Counter()
        customers: Counter[str] = Counter()
        bank = {IOLTA: 0, OPERATING: OPENING_CASH, UNDEPOSITED: 0, LIABILITY: 0}
        after = {IOLTA: 0, OPERATING: 0}  # net postings after the statement date
        in_transit = {IOLTA: 0, OPERATING: 0}
        outstanding = {IOLTA: 0, OPERATING: 0}
        ar = 0
        pe = iso(PERIOD_END)
        transit_from = iso(PERIOD_END - dt.timedelta(days=1))
        outstanding_from = iso(PERIOD_END - dt.timedelta(days=6))

        def post(account: str, day: str, cents: int) -> None:
            bank[account] += cents
            if account in after and day > pe:
                after[account] += cents

        for inv in self.q["Invoice"]:
            ar += inv["_cents"]
            open_cents = int(inv["Balance"].scaleb(2))
            if open_cents:
                customers[inv["CustomerRef"]["value"]] += open_cents
        for pay in self.q["Payment"]:
            cents = pay["_cents"]
            ar -= cents
            post(pay["DepositToAccountRef"]["value"], pay["TxnDate"], cents)
            if pay["PaymentMethodRef"]["name"] == "Trust Application":  # TR002: a credit balance
                customers[pay["CustomerRef"]["value"]] -= cents
        for dep in self.q["Deposit"]:
            cents = int(dep["TotalAmt"].scaleb(2))
            account = dep["DepositToAccountRef"]["value"]
            post(account, dep["TxnDate"], cents)
            if transit_from <= dep["TxnDate"] <= pe:
                in_transit[account] += cents
            for line in dep["Line"]:
                source = line["DepositLineDetail"]["AccountRef"]["value"]
                amount = int(line["Amount"].scaleb(2))
                if source == UNDEPOSITED:
                    bank[UNDEPOSITED] -= amount
                elif source == LIABILITY:
                    bank[LIABILITY] += amount
                else:
                    subs[source] += amount
        for tr in self.q["Transfer"]:
            cents = int(tr["Amount"].scaleb(2))
            post(IOLTA, tr["TxnDate"], -cents)
            post(OPERATING, tr["TxnDate"], cents)
        for je in self.q["JournalEntry"]:
            for line in je["Line"]:
                detail = line["JournalEntryLineDetail"]
                cents = int(line["Amount"].scaleb(2))
                if detail["AccountRef"]["value"] == AR:
                    ar -= cents
                else:
                    subs[detail["AccountRef"]["value"]] -= cents
        for pur in self.q["Purchase"]:
            cents = int(pur["TotalAmt"].scaleb(2))
            account = pur["AccountRef"]["value"]
            post(account, pur["TxnDate"], -cents)
            if outstanding_from <= pur["TxnDate"] <= pe:
                outstanding[account] += cents
            if account == IOLTA:
                line = pur["Line"][0]["AccountBasedExpenseLineDetail"]
                subs[line["AccountRef"]["value"]] -= cents
        assert bank[IOLTA] == sum(subs.values()) + bank[LIABILITY], "trust does not balance"
        assert ar == sum(customers.values()), "A/R does not balance"
        assert min(subs.values(), default=0) >= 0
        statements = []
        for account, name in ((IOLTA, IOLTA_NAME), (OPERATING, "Operating Checking")):
            books = bank[account] - after[account]
            statements.append(
                {
                    "account": name,
                    "period_end": pe,
                    "ending_balance": money(books - in_transit[account] + outstanding[account]),
                    "deposits_in_transit": money(in_transit[account]),
                    "outstanding_checks": money(outstanding[account]),
                    "reconciled_at": "2026-11-05",
                }
            )
        return {
            "subs": subs,
            "customers": customers,
            "bank": bank,
            "ar": ar,
            "iolta": bank[IOLTA],
            "statements": statements,
        }


OPENING_CASH = 25000000  # operating cash before the first day (partner capital)


def company_info(plan: str) -> dict[str, Any]:
    info = dict(COMPANY_INFO)
    info["NameValue"] = [
        {"Name": "OfferingSku", "Value": f"QuickBooks Online {plan}"},
        {"Name": "NeoEnabled", "Value": "true"},
    ]
    return info


COMPANY_INFO = {
    "Id": "1",
    "CompanyName": "Harbor & Vale LLP",
    "LegalName": "Harbor & Vale LLP",
    "CompanyAddr": {
        "Line1": "480 Alvarado Street",
        "City": "Monterey",
        "CountrySubDivisionCode": "CA",
        "PostalCode": "93940",
        "Country": "US",
    },
    "Country": "US",
    "FiscalYearStartMonth": "January",
    "NameValue": [
        {"Name": "OfferingSku", "Value": "QuickBooks Online Plus"},
        {"Name": "NeoEnabled", "Value": "true"},
    ],
}
PREFERENCES = {
    "AccountingInfoPrefs": {
        "TrackDepartments": True,
        "DepartmentTerminology": "Location",
        "ClassTrackingPerTxn": False,
        "ClassTrackingPerTxnLine": True,
        "CustomerTerminology": "Clients",
    },
    "SalesFormsPrefs": {"CustomTxnNumbers": True, "AllowDeposit": False},
    "CurrencyPrefs": {"HomeCurrency": {"value": "USD"}, "MultiCurrencyEnabled": False},
}


def account(
    id_: str, name: str, classification: str, type_: str, subtype: str, cents: int = 0
) -> dict[str, Any]:
    return {
        "Id": id_,
        "Name": name,
        "FullyQualifiedName": name,
        "Active": True,
        "SubAccount": False,
        "Classification": classification,
        "AccountType": type_,
        "AccountSubType": subtype,
        "CurrentBalance": money(cents),
        "CurrentBalanceWithSubAccounts": money(cents),
        "CurrencyRef": USD,
    }


def chart_of_accounts(balances: dict[str, Any]) -> list[dict[str, Any]]:
    bank = balances["bank"]
    liability = account(
        LIABILITY,
        LIABILITY_NAME,
        "Liability",
        "Other Current Liability",
        "TrustAccountsLiabilities",
        bank[LIABILITY],
    )
    liability["CurrentBalanceWithSubAccounts"] = money(balances["iolta"])
    accounts = [
        account(OPERATING, "Operating Checking", "Asset", "Bank", "Checking", bank[OPERATING]),
        account(IOLTA, IOLTA_NAME, "Asset", "Bank", "TrustAccounts", bank[IOLTA]),
        account(
            UNDEPOSITED,
            "Undeposited Funds",
            "Asset",
            "Other Current Asset",
            "UndepositedFunds",
            bank[UNDEPOSITED],
        ),
        account(
            AR,
            "Accounts Receivable (A/R)",
            "Asset",
            "Accounts Receivable",
            "AccountsReceivable",
            balances["ar"],
        ),
        liability,
    ]
    accounts += [account(c[5], c[2], "Revenue", "Income", "ServiceFeeIncome") for c in CATEGORIES]
    expense_types = {
        "60": "RentOrLeaseOfBuildings",
        "61": "DuesSubscriptions",
        "63": "DuesSubscriptions",
        "64": "OfficeGeneralAdministrativeExpenses",
        "65": "LegalProfessionalFees",
        "66": "Utilities",
        "67": "DuesSubscriptions",
    }
    accounts += [account(v[2], v[3], "Expense", "Expense", expense_types[v[2]]) for v in VENDORS]
    accounts += [
        account("62", "Bank Charges", "Expense", "Expense", "BankCharges"),
        account("70", "Partner Capital", "Equity", "Equity", "PartnersEquity", OPENING_CASH),
        account("71", "Opening Balance Equity", "Equity", "Equity", "OpeningBalanceEquity"),
        account("72", "Retained Earnings", "Equity", "Equity", "RetainedEarnings"),
    ]
    return accounts


def classes() -> list[dict[str, Any]]:
    parent = "5000000000000101"
    result = [
        {
            "Id": parent,
            "Name": "Firm Staff",
            "FullyQualifiedName": "Firm Staff",
            "SubClass": False,
            "Active": True,
        }
    ]
    for user in USERS:
        name = f"{user[1]} {user[2]}"
        result.append(
            {
                "Id": str(5000000000000102 + user[0] - 345001),
                "Name": name,
                "FullyQualifiedName": f"Firm Staff:{name}",
                "SubClass": True,
                "ParentRef": {"value": parent, "name": "Firm Staff"},
                "Active": True,
            }
        )
    return result


def bill_syncing() -> dict[str, Any]:
    return {
        "connected": True,
        "connection_status": "connected",
        "last_successful_sync_at": "2026-11-20T08:55:00Z",
        "sync_errors": [],
        "sync_timing": "batch",
        "export_approved_bills_and_recorded_payments": True,
        "track_firm_users_on_bills": True,
        "firm_users_class": "Firm Staff",
        "contact_sync_direction": "clio_to_qbo",
        "sync_expenses": False,
        "import_hard_costs": False,
        "category_mapping": {c[0]: c[1] for c in CATEGORIES},
        "payment_methods": [
            {
                "name": "Check",
                "kind": "operating",
                "qbo_posting": "payment",
                "qbo_deposit_account": "Undeposited Funds",
            },
            {
                "name": "Credit Card",
                "kind": "operating",
                "qbo_posting": "payment",
                "qbo_deposit_account": "Undeposited Funds",
            },
            {
                "name": "ACH",
                "kind": "operating",
                "qbo_posting": "payment",
                "qbo_deposit_account": "Undeposited Funds",
            },
            {
                "name": "Trust Application",
                "kind": "trust_application",
                "qbo_posting": "transfer",
                "qbo_deposit_account": "Operating Checking",
            },
        ],
        "trust_accounts": [
            {
                "clio_bank_account": CLIO_TRUST_NAME,
                "qbo_bank_account": IOLTA_NAME,
                "qbo_liability_account": LIABILITY_NAME,
            }
        ],
        # Every bill is issued after it (CS008 quiet); trust is entered by hand (TS rules off).
        "sync_bills_issued_on_or_after": iso(START - dt.timedelta(days=1)),
        "trust_sync": {"enabled": False},
    }


def generate(transactions: int, clients: int, seed: int, plant: bool = True) -> dict[str, Any]:
    firm = Firm(transactions, clients, seed, plant)
    firm.run()
    return firm.snapshot()


def encode(snapshot: dict[str, Any], indent: int = 2) -> bytes:
    raw = _ENCODER.encode(snapshot)
    return (msgspec.json.format(raw, indent=indent) if indent else raw) + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transactions", "-n", type=int, default=10000)
    parser.add_argument(
        "--clients",
        "-c",
        type=int,
        default=None,
        help="number of clients (default: transactions // 20, at least 100)",
    )
    parser.add_argument("--seed", "-s", type=int, default=1)
    parser.add_argument("--output", "-o", required=True, help="the snapshot file (.json)")
    parser.add_argument("--clean", action="store_true", help="plant no problems")
    parser.add_argument("--indent", type=int, default=2, help="0 for compact JSON")
    args = parser.parse_args(argv)
    clients = args.clients or max(100, args.transactions // 20)
    started = time.perf_counter()
    snapshot = generate(args.transactions, clients, args.seed, plant=not args.clean)
    data = encode(snapshot, args.indent)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    qbo = snapshot["qbo"]
    counts = {
        k: len(qbo[k])
        for k in ("Invoice", "Payment", "Deposit", "Transfer", "JournalEntry", "Purchase")
    }
    print(
        f"{out}: {len(data) / 1e6:.1f} MB, {sum(counts.values())} transactions "
        f"({', '.join(f'{k} {v}' for k, v in counts.items())}), {clients} clients, "
        f"{len(snapshot['clio']['matters'])} matters, in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
