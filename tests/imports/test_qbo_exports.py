"""QuickBooks Online exports: Account List, Journal and Transaction Detail by Account."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from conftest import csv_to_xlsx
from conftest import write

from ledgerlint.errors import InputError
from ledgerlint.sources.exports import ExportFiles
from ledgerlint.sources.exports import import_snapshot

ACCOUNTS = """\
Example Law LLP,,,,
Account List,,,,
,,,,
Account,Type,Detail Type,Description,Balance
IOLTA Trust,Bank,Trust accounts,,"$1,500.00"
Operating,Bank,Checking,,"(250.00)"
Client Trust Liability,Other Current Liabilities,Trust accounts - liabilities,,"1,500.00"
"Client Trust Liability:Doe, Jane",Other Current Liabilities,Trust accounts - liabilities,,"1,000.00"
"Client Trust Liability:Roe, Rick",Other Current Liabilities,Trust accounts - liabilities,,500.00
Fees,Income,Service/Fee Income,,
TOTAL,,,,"$2,750.00"
"Accrual Basis Friday, November 20, 2026 09:00 AM GMT-08:00",,,,
"""


def _import(tmp_path: Path, **files: Any) -> dict[str, Any]:
    accounts = write(tmp_path / "accounts.csv", files.pop("accounts", ACCOUNTS))
    given = {k: (write(tmp_path / f"{k}.csv", v),) for k, v in files.items()}
    imported = import_snapshot(ExportFiles(qbo_account_list=accounts, **given))
    return imported.snapshot["qbo"] | {"warnings": imported.warnings}


def test_account_list_reads_title_totals_and_footer(tmp_path: Path) -> None:
    """Title rows, the TOTAL row and the footer are skipped; types and detail types become API spellings."""
    accounts = {a["FullyQualifiedName"]: a for a in _import(tmp_path)["Account"]}
    assert list(accounts) == [
        "IOLTA Trust",
        "Operating",
        "Client Trust Liability",
        "Client Trust Liability:Doe, Jane",
        "Client Trust Liability:Roe, Rick",
        "Fees",
    ]
    trust = accounts["IOLTA Trust"]
    assert (trust["AccountType"], trust["AccountSubType"], trust["Classification"]) == (
        "Bank",
        "TrustAccounts",
        "Asset",
    )
    parent = accounts["Client Trust Liability"]
    assert parent["AccountType"] == "Other Current Liability"
    assert parent["AccountSubType"] == "TrustAccountsLiabilities"
    assert parent["CurrentBalanceWithSubAccounts"] == Decimal("1500.00")
    assert parent["CurrentBalance"] == Decimal("0.00")
    jane = accounts["Client Trust Liability:Doe, Jane"]
    assert jane["Name"] == "Doe, Jane" and jane["SubAccount"] is True
    assert jane["ParentRef"] == {"value": parent["Id"], "name": "Client Trust Liability"}
    assert accounts["Operating"]["CurrentBalance"] == Decimal("-250.00")
    assert "CurrentBalance" not in accounts["Fees"]  # the report shows none: none is invented
    assert accounts["Fees"]["AccountSubType"] == "ServiceFeeIncome"


def test_unknown_account_type_names_the_cell(tmp_path: Path) -> None:
    """A type QuickBooks does not have is an error at its line and column."""
    bad = ACCOUNTS.replace("Fees,Income,", "Fees,Incomes and stuff,")
    with pytest.raises(InputError, match=r"accounts\.csv:10:2: unknown account type"):
        _import(tmp_path, accounts=bad)


def test_subaccount_without_parent_is_an_error(tmp_path: Path) -> None:
    """A sub-account whose parent is not listed cannot be placed."""
    bad = ACCOUNTS.replace("Client Trust Liability,Other", "Trust Liability,Other", 1)
    with pytest.raises(InputError, match=r"accounts\.csv:8:1: the parent account"):
        _import(tmp_path, accounts=bad)


def test_missing_header_column_is_one_line_with_position(tmp_path: Path) -> None:
    """A header without a required column names the file, the header line and what was looked for."""
    bad = ACCOUNTS.replace("Account,Type,Detail Type", "Account,Kind,Detail Type")
    with pytest.raises(InputError) as caught:
        _import(tmp_path, accounts=bad)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'accounts.csv'}:4:6: the header row has no 'type'")
    assert "Type / Account type" in message and "\n" not in message


CLASSIC_JOURNAL = """\
Example Law LLP,,,,,,,,
Journal,,,,,,,,
"January 1 - December 31, 2026",,,,,,,,
,,,,,,,,
,Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit
,03/02/2026,Deposit,,,Retainers,IOLTA Trust,"$1,500.00",
,,,,"Jane Doe",,"Client Trust Liability:Doe, Jane",,"$1,000.00"
,,,,"Rick Roe",,Client Trust Liability,,$500.00
,,,,,,,"$1,500.00","$1,500.00"
,,,,,,,,
,03/05/2026,Check,881,Court Clerk,Filing fee for Doe,IOLTA Trust,,(0.00)
,03/05/2026,Check,881,Jane Doe,Filing fee for Doe,"Client Trust Liability:Doe, Jane",435.00,
,03/05/2026,Check,881,Court Clerk,Filing fee for Doe,IOLTA Trust,,435.00
,03/09/2026,Transfer,,,Fees earned,IOLTA Trust,,250.00
,03/09/2026,Transfer,,,Fees earned,Operating,250.00,
,03/10/2026,Sales Receipt,77,Jane Doe,,Operating,40.00,
,03/10/2026,Sales Receipt,77,Jane Doe,,Fees,,40.00
TOTAL,,,,,,,"$2,225.00","$2,225.00"
"""


def test_classic_journal_rebuilds_transactions(tmp_path: Path) -> None:
    """Lines without a date continue the transaction above; subtotal and blank rows end it."""
    qbo = _import(tmp_path, qbo_journal=CLASSIC_JOURNAL)
    (deposit,) = qbo["Deposit"]
    assert deposit["TxnDate"] == "2026-03-02"
    assert deposit["DepositToAccountRef"]["name"] == "IOLTA Trust"
    assert deposit["TotalAmt"] == Decimal("1500.00")
    lines = [
        (
            line["DepositLineDetail"]["AccountRef"]["name"],
            line["DepositLineDetail"]["Entity"]["name"],
            line["Amount"],
        )
        for line in deposit["Line"]
    ]
    assert lines == [
        ("Client Trust Liability:Doe, Jane", "Jane Doe", Decimal("1000.00")),
        ("Client Trust Liability", "Rick Roe", Decimal("500.00")),
    ]
    (check,) = qbo["Purchase"]
    assert (check["PaymentType"], check["DocNumber"], check["TotalAmt"]) == (
        "Check",
        "881",
        Decimal("435.00"),
    )
    assert check["EntityRef"] == {"name": "Court Clerk"}
    expense = check["Line"][-1]
    assert expense["AccountBasedExpenseLineDetail"]["CustomerRef"] == {"name": "Jane Doe"}
    (transfer,) = qbo["Transfer"]
    assert transfer["FromAccountRef"]["name"] == "IOLTA Trust"
    assert transfer["ToAccountRef"]["name"] == "Operating"
    assert transfer["Amount"] == Decimal("250.00")
    assert "Sales Receipt (1)" in " ".join(qbo["warnings"])


def test_journal_account_missing_from_the_list(tmp_path: Path) -> None:
    """A journal line on an account the Account List lacks is an error at that cell."""
    bad = CLASSIC_JOURNAL.replace(",Operating,250.00,", ",Petty Cash,250.00,")
    with pytest.raises(InputError, match=r"qbo_journal\.csv:15:7: account 'Petty Cash'"):
        _import(tmp_path, qbo_journal=bad)


def test_journal_without_account_list_is_refused(tmp_path: Path) -> None:
    """Transactions without the Account List would have accounts of no type: refused, not guessed."""
    journal = write(tmp_path / "j.csv", CLASSIC_JOURNAL)
    with pytest.raises(InputError, match="--qbo-accounts"):
        import_snapshot(ExportFiles(qbo_journal=(journal,)))


DETAIL = """\
Example Law LLP,,,,,,,,
Transaction Detail by Account,,,,,,,,
"March 1-31, 2026",,,,,,,,
,,,,,,,,
,Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance
"Client Trust Liability:Doe, Jane",,,,,,,,
,Beginning Balance,,,,,,,0.00
,03/02/2026,Deposit,,Jane Doe,Retainer,IOLTA Trust,"1,000.00","1,000.00"
,03/05/2026,Check,881,Jane Doe,Filing fee,IOLTA Trust,-435.00,565.00
"Total for Client Trust Liability:Doe, Jane",,,,,,,$565.00,
Client Trust Liability,,,,,,,,
,03/02/2026,Deposit,,Rick Roe,Retainer,-Split-,500.00,500.00
Total for Client Trust Liability,,,,,,,$500.00,
TOTAL,,,,,,,"$1,065.00",
"""


def test_transaction_detail_adds_the_side_the_report_leaves_out(tmp_path: Path) -> None:
    """Rows in each account's own sign become debit-signed lines; `Split` supplies the other side."""
    accounts = write(tmp_path / "accounts.csv", ACCOUNTS)
    detail = write(tmp_path / "detail.csv", DETAIL)
    imported = import_snapshot(
        ExportFiles(qbo_account_list=accounts, qbo_transaction_detail=(detail,))
    )
    qbo = imported.snapshot["qbo"]
    (deposit,) = qbo["Deposit"]  # the two rows of 03/02 are one deposit
    assert deposit["DepositToAccountRef"]["name"] == "IOLTA Trust"
    assert deposit["TotalAmt"] == Decimal("1000.00")
    credits = {
        line["DepositLineDetail"]["AccountRef"]["name"]: line["Amount"] for line in deposit["Line"]
    }
    assert credits == {
        "Client Trust Liability:Doe, Jane": Decimal("1000.00"),
        "Client Trust Liability": Decimal("500.00"),
    }
    (check,) = qbo["Purchase"]
    assert check["AccountRef"]["name"] == "IOLTA Trust"
    assert check["TotalAmt"] == Decimal("435.00")
    # Rick Roe's -Split- row names no single other account: shown in part, and said so.
    assert any("shown only in part" in w for w in imported.warnings)


def test_xlsx_amounts_are_exact_decimals(tmp_path: Path) -> None:
    """An .xlsx export (numbers and dates typed) gives the same snapshot as its CSV."""
    pytest.importorskip("openpyxl")
    csv_accounts = SAMPLES / "qbo-account-list.csv"
    csv_journal = SAMPLES / "qbo-journal.csv"
    from_csv = import_snapshot(
        ExportFiles(qbo_account_list=csv_accounts, qbo_journal=(csv_journal,))
    ).snapshot
    xlsx_accounts = csv_to_xlsx(csv_accounts, tmp_path / "qbo-account-list.xlsx")
    xlsx_journal = csv_to_xlsx(csv_journal, tmp_path / "qbo-journal.xlsx")
    from_xlsx = import_snapshot(
        ExportFiles(qbo_account_list=xlsx_accounts, qbo_journal=(xlsx_journal,))
    ).snapshot
    assert from_xlsx["qbo"] == from_csv["qbo"]
    amounts = [d["TotalAmt"] for d in from_xlsx["qbo"]["Deposit"]]
    assert all(type(a) is Decimal for a in amounts)
    assert [str(a) for a in amounts] == ["10000.00", "25000.00", "5000.00", "32000.00"]


def test_xlsx_amount_gets_the_places_its_format_shows(tmp_path: Path) -> None:
    """Through import: an amount in `#,##0.00` reads with two places, as its CSV prints it
    (binary noise and formats that show fewer places: test_xlsx_numbers.py)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Account", "Type", "Detail Type", "Balance"])
    sheet.append(["IOLTA Trust", "Bank", "Trust accounts", 0.1 + 0.2])
    sheet["D2"].number_format = "#,##0.00"
    sheet.append(["Operating", "Bank", "Checking", 1234.5])
    sheet["D3"].number_format = "#,##0.00"
    book.save(tmp_path / "a.xlsx")
    snapshot = import_snapshot(ExportFiles(qbo_account_list=tmp_path / "a.xlsx")).snapshot
    balances = [a["CurrentBalance"] for a in snapshot["qbo"]["Account"]]
    assert [str(b) for b in balances] == ["0.30", "1234.50"]


def test_xlsx_without_openpyxl_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the extra installed, an .xlsx export says how to get it."""
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"pip install 'ledgerlint\[xlsx\]'"):
        import_snapshot(ExportFiles(qbo_account_list=path))
