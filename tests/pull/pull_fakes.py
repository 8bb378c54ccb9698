"""Fake QuickBooks Online and Clio Manage servers: real HTTP on 127.0.0.1, scripted faults.

Each fake keeps its data as Python values (amounts as Decimal) and serves them with msgspec
(`decimal_format="number"`), so `100.00` goes over the wire as `100.00`. Faults are rules
matched against the request (`path?query`, decoded) and consumed in order.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import re
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import msgspec

from ledgerlint.sources import ClioSource
from ledgerlint.sources import ClioTarget
from ledgerlint.sources import Credentials
from ledgerlint.sources import QboSource
from ledgerlint.sources import QboTarget
from ledgerlint.sources.clio import FIELDS

# Distinctive fake credentials: the secret-hygiene tests search every output for these.
QBO_ACCESS = "QBO-ACCESS-zx9Tq1-FAKE"
QBO_REFRESH = "QBO-REFRESH-kk4Lm2-FAKE"
QBO_CLIENT_ID = "qbo-client-id-public"
QBO_SECRET = "QBO-CLIENT-SECRET-pp7Vw3-FAKE"
CLIO_ACCESS = "CLIO-ACCESS-hh2Yc8-FAKE"
CLIO_REFRESH = "CLIO-REFRESH-jj5Rb6-FAKE"
CLIO_CLIENT_ID = "clio-client-id-public"
CLIO_SECRET = "CLIO-CLIENT-SECRET-qq3Nd4-FAKE"
REALM = "9130350000000042"
_ENCODE = msgspec.json.Encoder(decimal_format="number").encode


@dataclass
class Reply:
    """What the fake sends: a JSON body, or a misbehaviour (`drop`, `truncate`, `slow`)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    mode: str = "normal"
    delay: float = 0.0


@dataclass
class Fault:
    """Replace or alter the reply to requests containing `match`, `times` times."""

    match: str
    action: Reply | str
    times: int = 1


@dataclass
class Request:
    """One request as the fake saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]

    @property
    def target(self) -> str:
        return self.path + "?" + "&".join(f"{k}={v}" for k, v in self.query.items())


class _QuietServer(http.server.ThreadingHTTPServer):
    """No tracebacks on stderr when a client hangs up mid-reply (timeouts, cancelled pulls)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FakeServer:
    """A ThreadingHTTPServer on 127.0.0.1:0 in a daemon thread, routing to `app.handle`."""

    def __init__(self, app: Any) -> None:
        self.app = app
        handler = _handler_for(self)
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()

    def fail(self, match: str, action: Reply | str, times: int = 1) -> None:
        """Script a fault for the next `times` requests whose target contains `match`."""
        self.faults.append(Fault(match, action, times))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def take_fault(self, request: Request) -> Reply | str | None:
        with self.lock:
            self.requests.append(request)
            for fault in self.faults:
                if fault.times > 0 and fault.match in request.target:
                    fault.times -= 1
                    return fault.action
        return None


def _handler_for(server: FakeServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            request = Request(
                method=method,
                path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                form={k: v[0] for k, v in parse_qs(raw).items()},
            )
            fault = server.take_fault(request)
            if fault == "drop":
                self.close_connection = True
                return
            if fault == "expire":
                server.app.expire()
                fault = None
            reply = fault if isinstance(fault, Reply) else server.app.handle(request, self)
            if fault == "short_page" and isinstance(reply.body, dict):
                server.app.shorten(reply.body)
            if fault == "duplicate" and isinstance(reply.body, dict):
                server.app.duplicate(reply.body)
            if fault == "truncate":
                reply.mode = "truncate"
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            payload = b"" if reply.body is None else _ENCODE(reply.body)
            if reply.mode == "raw":
                payload = reply.body
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.mode == "truncate":
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
                return
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    return value[7:] if value.startswith("Bearer ") else None


# --- OAuth authorization server ------------------------------------------------------------


class FakeAuthorizationServer:
    """The consent screen and the code half of a token endpoint, as a provider runs them.

    `GET <authorize>` approves at once and answers 302 to the redirect URI with `code`,
    `state` (and `realmId` for QuickBooks), so a test "browser" follows it to the loopback
    listener or hands its `Location` to paste-back. PKCE is required: the code is redeemed only
    with the verifier whose S256 hash was sent as `code_challenge`, once, with the same
    redirect URI.
    """

    def __init__(self, client_id: str, prefix: str, realm: str | None = None) -> None:
        self.client_id = client_id
        self.prefix = prefix
        self.realm = realm
        self.codes: dict[str, dict[str, Any]] = {}
        self.pkce_verified = 0
        self.pkce_failures = 0
        self.codes_expire = False

    def approve(self, request: Request) -> Reply:
        query = request.query
        if query.get("client_id") != self.client_id:
            return Reply(400, {"error": "invalid_client"})
        if (
            query.get("response_type") != "code"
            or not query.get("redirect_uri")
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
        ):
            return Reply(400, {"error": "invalid_request"})
        code = f"{self.prefix}-AUTH-CODE-{len(self.codes) + 1}-FAKE"
        self.codes[code] = {
            "challenge": query["code_challenge"],
            "redirect_uri": query["redirect_uri"],
            "used": False,
        }
        params = {"code": code, "state": query.get("state", "")}
        if self.realm:
            params["realmId"] = self.realm
        location = f"{query['redirect_uri']}?{urlencode(params)}"
        return Reply(302, None, {"Location": location})

    def redeem(self, form: dict[str, str]) -> str | None:
        """None when the code is good; else the OAuth error to answer."""
        entry = self.codes.get(form.get("code", ""))
        if entry is None or entry["used"] or self.codes_expire:
            return "invalid_grant"
        entry["used"] = True
        if form.get("redirect_uri") != entry["redirect_uri"]:
            return "invalid_grant"
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != entry["challenge"]:
            self.pkce_failures += 1
            return "invalid_grant"
        self.pkce_verified += 1
        return None


# --- QuickBooks ------------------------------------------------------------------------------

_QUERY = re.compile(
    r"^select (?P<what>\*|count\(\*\)) from (?P<entity>\w+)"
    r"(?P<both> where Active in \(true, false\))?"
    r"(?: STARTPOSITION (?P<start>\d+) MAXRESULTS (?P<max>\d+))?$",
    re.IGNORECASE,
)


def qbo_data(invoices: int = 1001) -> dict[str, Any]:
    """A small company: active and inactive name-list records, one empty entity, many invoices."""
    ref = lambda value, name: {"value": value, "name": name}  # noqa: E731  # terse fixtures
    accounts = [
        {
            "Id": "35",
            "Name": "IOLTA Trust",
            "FullyQualifiedName": "IOLTA Trust",
            "AccountType": "Bank",
            "AccountSubType": "TrustAccounts",
            "Active": True,
            "CurrentBalance": Decimal("152340.18"),
            "SyncToken": "0",
        },
        {
            "Id": "36",
            "Name": "Client Trust Liability",
            "AccountType": "Other Current Liability",
            "AccountSubType": "TrustAccountsLiabilities",
            "Active": True,
            "CurrentBalance": Decimal("-152340.10"),
            "SyncToken": "3",
        },
        {
            "Id": "37",
            "Name": "Old Trust",
            "AccountType": "Bank",
            "AccountSubType": "TrustAccounts",
            "Active": False,
            "CurrentBalance": Decimal("0.00"),
            "SyncToken": "1",
        },
    ]
    return {
        "CompanyInfo": {
            "CompanyName": "Example Law LLP",
            "Id": "1",
            "NameValue": [{"Name": "OfferingSku", "Value": "QuickBooks Online Plus"}],
        },
        "Preferences": {
            "AccountingInfoPrefs": {"ClassTrackingPerTxn": False, "ClassTrackingPerTxnLine": True},
            "SalesFormsPrefs": {"CustomTxnNumbers": True},
        },
        "Account": accounts,
        "Class": [
            {"Id": "5", "Name": "Firm Staff", "Active": True},
            {"Id": "6", "Name": "Retired", "Active": False},
        ],
        "Department": [{"Id": "1", "Name": "Main Office", "Active": True}],
        "Customer": [
            {
                "Id": str(i),
                "DisplayName": f"Client {i}",
                "Active": i % 4 != 0,
                "Balance": Decimal(f"{i}.10"),
            }
            for i in range(1, 9)
        ],
        "Item": [
            {
                "Id": "1",
                "Name": "Litigation Services",
                "Type": "Service",
                "Active": True,
                "UnitPrice": Decimal("350.00"),
            }
        ],
        "PaymentMethod": [
            {"Id": "1", "Name": "Check", "Active": True},
            {"Id": "2", "Name": "Wire", "Active": False},
        ],
        "Invoice": [
            {
                "Id": str(i),
                "DocNumber": f"INV-{i:05d}",
                "TotalAmt": Decimal(f"{i}.50"),
                "Balance": Decimal("0.00"),
                "CustomerRef": ref("1", "Client 1"),
                "Line": [{"Amount": Decimal(f"{i}.50"), "DetailType": "SalesItemLineDetail"}],
            }
            for i in range(1, invoices + 1)
        ],
        "Payment": [{"Id": "900", "TotalAmt": Decimal("1e2"), "UnappliedAmt": Decimal("0.000")}],
        "Deposit": [
            {
                "Id": "901",
                "TotalAmt": Decimal("2500.00"),
                "DepositToAccountRef": ref("35", "IOLTA Trust"),
            }
        ],
        "Transfer": [],
        "JournalEntry": [{"Id": "902", "Adjustment": False, "Line": []}],
        "Purchase": [
            {
                "Id": "903",
                "PaymentType": "Check",
                "TotalAmt": Decimal("12.30"),
                "PrivateNote": "Résumé fee ✓",
            }
        ],
    }


class FakeQbo:
    """QuickBooks Online: query endpoint, companyinfo, preferences and the token endpoint."""

    def __init__(self, data: dict[str, Any] | None = None, *, rotate: bool = True) -> None:
        self.data = data if data is not None else qbo_data()
        self.access = {QBO_ACCESS}
        self.refresh_token = QBO_REFRESH
        self.rotate = rotate
        self.issued = 0
        self.refresh_calls = 0
        self.consent = FakeAuthorizationServer(QBO_CLIENT_ID, "QBO", REALM)

    def served(self, entity: str) -> Any:
        """What a correct pull must hold for a key of the `qbo` section."""
        return self.data[entity]

    def expire(self) -> None:
        self.access.clear()

    def shorten(self, body: dict[str, Any]) -> None:
        response = body.get("QueryResponse", {})
        for value in response.values():
            if isinstance(value, list) and value:
                value.pop()

    def duplicate(self, body: dict[str, Any]) -> None:
        """The page keeps its length, but its last record is a repeat of its first."""
        response = body.get("QueryResponse", {})
        for value in response.values():
            if isinstance(value, list) and len(value) > 1:
                value[-1] = value[0]

    def handle(self, request: Request, _: Any) -> Reply:
        if request.path == "/connect/oauth2":
            return self.consent.approve(request)
        if request.path == "/oauth2/v1/tokens/bearer":
            return self._token(request)
        if _bearer(request) not in self.access:
            return Reply(401, _fault("AuthenticationFailed", "AuthenticationFailed", "3200"))
        if (
            request.headers.get("accept") != "application/json"
            or "minorversion" not in request.query
        ):
            return Reply(400, _fault("ValidationFault", "Accept/minorversion missing", "4000"))
        prefix = f"/v3/company/{REALM}/"
        if re.fullmatch(r"/v3/company/\d+/.*", request.path) and not request.path.startswith(
            prefix
        ):
            # What Intuit answers a valid token used on a company it was not issued for.
            return Reply(
                403, _fault("AuthorizationFault", "ApplicationAuthorizationFailed", "003100")
            )
        if not request.path.startswith(prefix):
            return Reply(404, _fault("ValidationFault", "unknown company", "610"))
        rest = request.path[len(prefix) :]
        if rest == f"companyinfo/{REALM}":
            return Reply(body={"CompanyInfo": self.data["CompanyInfo"], "time": "2026-11-20"})
        if rest == "preferences":
            return Reply(body={"Preferences": self.data["Preferences"], "time": "2026-11-20"})
        if rest == "query":
            return self._query(request.query.get("query", ""))
        return Reply(404, _fault("ValidationFault", "unknown path", "610"))

    def _query(self, text: str) -> Reply:
        match = _QUERY.match(text)
        if not match or match["entity"] not in self.data:
            return Reply(400, _fault("ValidationFault", f"QueryParserError: {text}", "4000"))
        records = list(self.data[match["entity"]])
        if not match["both"]:
            records = [r for r in records if r.get("Active", True)]
        if match["what"] != "*":
            return Reply(body={"QueryResponse": {"totalCount": len(records)}, "time": "x"})
        start = int(match["start"] or 1)
        size = min(int(match["max"] or 100), 1000)
        page = records[start - 1 : start - 1 + size]
        response: dict[str, Any] = {"startPosition": start, "maxResults": len(page)}
        if page:
            response[match["entity"]] = page
        return Reply(body={"QueryResponse": response, "time": "2026-11-20T09:00:00.000-08:00"})

    def _token(self, request: Request) -> Reply:
        expected = base64.b64encode(f"{QBO_CLIENT_ID}:{QBO_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return Reply(401, {"error": "invalid_client"})
        grant = request.form.get("grant_type")
        if grant == "authorization_code":
            refused = self.consent.redeem(request.form)
            if refused:
                return Reply(400, {"error": refused})
        elif grant != "refresh_token" or request.form.get("refresh_token") != self.refresh_token:
            return Reply(400, {"error": "invalid_grant"})
        self.refresh_calls += 1
        self.issued += 1
        access = f"QBO-ACCESS-RENEWED-{self.issued}-FAKE"
        self.access = {access}
        if self.rotate:
            self.refresh_token = f"QBO-REFRESH-ROTATED-{self.issued}-FAKE"
        return Reply(
            body={
                "access_token": access,
                "refresh_token": self.refresh_token,
                "token_type": "bearer",
                "expires_in": 3600,
                "x_refresh_token_expires_in": 8726400,
            }
        )


def _fault(kind: str, message: str, code: str) -> dict[str, Any]:
    return {
        "Fault": {
            "Error": [{"Message": message, "Detail": f"{message} detail", "code": code}],
            "type": kind,
        },
        "time": "2026-11-20",
    }


# --- Clio ------------------------------------------------------------------------------------


def clio_data() -> dict[str, list[dict[str, Any]]]:
    """A small account with every field `pull` asks for; records also hold fields it never asks
    for (`swift`), which the fake leaves out as Clio does."""
    matter = {"id": 1001, "display_number": "00001-Smith", "description": "Smith v. Jones"}
    client = {"id": 1, "name": "Contact 1", "type": "Person"}
    trust = {"id": 11, "name": "IOLTA Trust", "type": "Trust"}
    user = {"id": 1, "name": "Ann Lawyer"}
    bank = {
        "currency": "USD",
        "institution": "Pacific Coast Bank",
        "domicile_branch": "Main Street",
        "holder": "Example Law LLP",
        "swift": "PCBKUS66",
        "user": user,
    }
    return {
        "bank_accounts": [
            {
                "id": 10,
                "etag": '"a"',
                "name": "Operating",
                "type": "Operating",
                "balance": Decimal("5000.00"),
                "account_number": "1234000123",
                "default_account": True,
                **bank,
            },
            {
                "id": 11,
                "etag": '"b"',
                "name": "IOLTA Trust",
                "type": "Trust",
                "balance": Decimal("152340.18"),
                "account_number": "9876504821",
                "default_account": False,
                **bank,
            },
        ],
        "users": [
            {
                "id": 1,
                "etag": '"u"',
                "name": "Ann Lawyer",
                "initials": "AL",
                "enabled": True,
                "rate": Decimal("350.00"),
            },
            {
                "id": 2,
                "etag": '"u2"',
                "name": "Former Associate",
                "enabled": False,
                "rate": Decimal("0.0"),
            },
        ],
        "contacts": [
            {
                "id": i,
                "etag": f'"c{i}"',
                "name": f"Contact {i}",
                "type": "Person",
                "is_client": True,
                "account_balances": [
                    {
                        "id": 11,
                        "balance": Decimal(f"{i}00.00"),
                        "type": "Trust",
                        "name": "IOLTA Trust",
                    }
                ]
                if i < 5
                else [],
            }
            for i in range(1, 8)
        ],
        "matters": [
            {
                "id": 1000 + i,
                "etag": f'"m{i}"',
                "display_number": f"{i:05d}-Smith",
                "description": f"Smith matter {i}",
                "status": "Open",
                "billing_method": "hourly" if i % 2 else "flat",
                "practice_area": {"id": 3, "name": "Litigation", "code": "LIT"},
                "client": {"id": i, "name": f"Contact {i}", "type": "Person"},
                "account_balances": [
                    {
                        "id": 11,
                        "balance": Decimal(f"{i}00.00"),
                        "type": "Trust",
                        "name": "IOLTA Trust",
                    }
                ],
            }
            for i in range(1, 5)
        ],
        "activity_descriptions": [
            {
                "id": 1,
                "etag": '"d"',
                "name": "Litigation",
                "rate": {"amount": Decimal("350.0"), "type": "Hourly"},
            }
        ],
        "bills": [
            {
                "id": 500 + i,
                "etag": f'"b{i}"',
                "number": str(i),
                "state": "paid",
                "memo": "Thank you for your business",
                "issued_at": "2026-10-01",
                "due_at": "2026-10-31",
                "total": Decimal("1200.00"),
                "balance": Decimal("0.00"),
                "client": client,
                "matters": [matter],
            }
            for i in range(1, 5)
        ],
        "allocations": [
            {
                "id": 700,
                "etag": '"al"',
                "date": "2026-10-15",
                "amount": Decimal("1200.00"),
                "source_bank_account": trust,
                "bill": {"id": 501, "number": "1"},
                "matter": matter,
                "contact": client,
            }
        ],
        "bank_transactions": [
            {
                "id": 900,
                "etag": '"bt1"',
                "type": "Deposit",
                "date": "2026-10-02",
                "amount": Decimal("1500.00"),
                "funds_in": Decimal("1500.00"),
                "funds_out": Decimal("0.00"),
                "current_account_balance": Decimal("1500.00"),
                "description": "Retainer",
                "client": client,
                "matter": matter,
                "bank_account": trust,
            },
            {
                "id": 901,
                "etag": '"bt2"',
                "type": "Withdrawal",
                "date": "2026-10-15",
                "amount": Decimal("1200.00"),
                "funds_in": Decimal("0.00"),
                "funds_out": Decimal("1200.00"),
                "current_account_balance": Decimal("300.00"),
                "description": "Bill 1 paid from trust",
                "client": client,
                "matter": matter,
                "bank_account": trust,
                "bill": {"id": 501, "number": "1"},
            },
        ],
        "trust_line_items": [
            {
                "id": 800,
                "etag": '"t"',
                "date": "2026-10-15",
                "total": Decimal("-1200.00"),
                "note": "Paid from trust",
                "matter": matter,
                "client": client,
            }
        ],
    }


def parse_fields(spec: str) -> dict[str, Any]:
    """`a,b{c,d}` -> {"a": None, "b": {"c": None, "d": None}}."""
    tree: dict[str, Any] = {}
    stack = [tree]
    name = ""
    for char in spec + ",":
        if char in ",{}":
            if name:
                stack[-1][name] = {} if char == "{" else None
                if char == "{":
                    stack.append(stack[-1][name])
            elif char == "{":
                raise ValueError(spec)
            if char == "}":
                stack.pop()
            name = ""
        else:
            name += char
    return tree


def pick(value: Any, tree: dict[str, Any] | None) -> Any:
    """Keep only the requested fields of a record (or of each record of a list)."""
    if tree is None:
        return value
    if isinstance(value, list):
        return [pick(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    return {k: pick(v, tree[k]) for k, v in value.items() if k in tree}


class FakeClio:
    """Clio Manage API v4: list endpoints with fields and cursor pages, and /oauth/token."""

    def __init__(self, data: dict[str, Any] | None = None, *, page_cap: int = 3) -> None:
        self.data = data if data is not None else clio_data()
        self.access = {CLIO_ACCESS}
        self.refresh_token = CLIO_REFRESH
        self.page_cap = page_cap
        self.issued = 0
        self.refresh_calls = 0
        self.base_url = ""
        self.next_host: str | None = None
        self.consent = FakeAuthorizationServer(CLIO_CLIENT_ID, "CLIO")

    def served(self, resource: str) -> Any:
        """What a correct pull must hold: the records with the fields ledgerlint asks for, bank
        account numbers masked to their last four digits."""
        records = pick(self.data[resource], parse_fields(FIELDS[resource]))
        for record in records if resource == "bank_accounts" else []:
            record["account_number"] = "****" + record["account_number"][-4:]
        return records

    def expire(self) -> None:
        self.access.clear()

    def shorten(self, body: dict[str, Any]) -> None:
        if body.get("data"):
            body["data"].pop()

    def duplicate(self, body: dict[str, Any]) -> None:
        """The page keeps its length, but its last record is a repeat of its first."""
        data = body.get("data")
        if isinstance(data, list) and len(data) > 1:
            data[-1] = data[0]

    def handle(self, request: Request, handler: Any) -> Reply:
        if request.path == "/oauth/authorize":
            return self.consent.approve(request)
        if request.path == "/oauth/token":
            return self._token(request)
        if _bearer(request) not in self.access:
            return Reply(401, {"error": {"type": "Unauthorized", "message": "expired token"}})
        if request.path == "/api/v4/users/who_am_i.json":
            user = self.data["users"][0]
            return Reply(body={"data": {"id": user["id"], "name": user["name"]}})
        match = re.fullmatch(r"/api/v4/(\w+)\.json", request.path)
        if not match or match[1] not in self.data:
            return Reply(404, {"error": {"type": "NotFound", "message": "no such resource"}})
        if request.query.get("order") != "id(asc)":
            return Reply(400, {"error": {"type": "InvalidParam", "message": "order required"}})
        records = self.data[match[1]]
        offset = int(request.query.get("page_token", "cur-0")[4:])
        size = min(int(request.query.get("limit", 200)), self.page_cap)
        tree = parse_fields(request.query.get("fields", "id,etag"))
        page = pick(records[offset : offset + size], tree)
        meta: dict[str, Any] = {"paging": {}, "records": len(records)}
        if offset + size < len(records):
            host = self.next_host or f"http://{handler.headers['Host']}"
            query = {**request.query, "page_token": f"cur-{offset + size}"}
            meta["paging"]["next"] = f"{host}{request.path}?{urlencode(query)}"
        headers = {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": "49",
            "X-RateLimit-Reset": str(int(time.time()) + 60),
        }
        return Reply(body={"data": page, "meta": meta}, headers=headers)

    def _token(self, request: Request) -> Reply:
        form = request.form
        if form.get("client_id") != CLIO_CLIENT_ID or form.get("client_secret") != CLIO_SECRET:
            return Reply(401, {"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            refused = self.consent.redeem(form)
            if refused:
                return Reply(400, {"error": refused, "error_description": "bad code"})
        elif grant != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return Reply(400, {"error": "invalid_grant", "error_description": "bad refresh"})
        self.refresh_calls += 1
        self.issued += 1
        access = f"CLIO-ACCESS-RENEWED-{self.issued}-FAKE"
        self.access = {access}
        body = {"access_token": access, "token_type": "bearer", "expires_in": 2592000}
        if grant == "authorization_code":
            body["refresh_token"] = self.refresh_token
        return Reply(body=body)


ALL_SECRETS = (
    QBO_ACCESS,
    QBO_REFRESH,
    QBO_SECRET,
    CLIO_ACCESS,
    CLIO_REFRESH,
    CLIO_SECRET,
    "RENEWED",
    "ROTATED",
    "AUTH-CODE",
)


class Sleeps(list[float]):
    """A `sleep` that records the requested waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_qbo(server: FakeServer, **creds: str | None) -> QboSource:
    """A QboSource pointed at the fake, with the fake's credentials unless overridden."""
    values = {
        "access_token": QBO_ACCESS,
        "refresh_token": QBO_REFRESH,
        "client_id": QBO_CLIENT_ID,
        "client_secret": QBO_SECRET,
        **creds,
    }
    return QboSource(
        target=QboTarget(realm_id=REALM, base_url=server.url),
        credentials=Credentials(**values),
        token_url=f"{server.url}/oauth2/v1/tokens/bearer",
    )


def make_clio(server: FakeServer, **creds: str | None) -> ClioSource:
    """A ClioSource pointed at the fake, with the fake's credentials unless overridden."""
    values = {
        "access_token": CLIO_ACCESS,
        "refresh_token": CLIO_REFRESH,
        "client_id": CLIO_CLIENT_ID,
        "client_secret": CLIO_SECRET,
        **creds,
    }
    return ClioSource(credentials=Credentials(**values), target=ClioTarget(base_url=server.url))
