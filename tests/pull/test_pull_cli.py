"""`ledgerlint pull` as a command: files, merge, failure, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import msgspec
from click.testing import CliRunner

from ledgerlint.pull_cli import pull
from ledgerlint.snapshot.loader import load_document

_EXACT = msgspec.json.Encoder(decimal_format="number").encode
EXISTING_YAML = """\
ledgerlint_snapshot: 1
captured_at: 2026-01-01T00:00:00Z
firm:
  name: Example Law LLP
  jurisdictions: [CA]
clio_bill_syncing:
  connected: true
  last_successful_sync_at: 2026-11-20T08:55:00Z
  category_mapping: {Litigation: Litigation Services}
bank:
  statements:
    - {account: IOLTA Trust, period_end: 2026-10-31, ending_balance: "152340.18", fee: 1.50}
x_firm_note: kept as is
qbo: {Account: []}
"""


def _run(command, args, env):
    return CliRunner().invoke(command, args, env=env, catch_exceptions=False)


def test_pull_writes_a_valid_snapshot(env, tmp_path, qbo_server, clio_server):
    """A JSON snapshot with the header, a UTC `Z` timestamp and both sections as served."""
    out = tmp_path / "snap.json"
    result = _run(pull, ["--output", str(out)], env)
    assert result.exit_code == 0, result.output
    data = load_document(out).plain()
    assert data["ledgerlint_snapshot"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["captured_at"])
    assert data["sources"] == {"qbo": "pulled", "clio": "pulled"}
    for key in data["qbo"]:
        assert _EXACT(data["qbo"][key]) == _EXACT(qbo_server.app.served(key)), key
    for key in data["clio"]:
        assert _EXACT(data["clio"][key]) == _EXACT(clio_server.app.served(key)), key


def test_yaml_output_reads_back_identically(env, tmp_path):
    """YAML and JSON outputs of the same data load to equal snapshots."""
    assert _run(pull, ["-o", str(tmp_path / "a.json")], env).exit_code == 0
    assert _run(pull, ["-o", str(tmp_path / "a.yaml")], env).exit_code == 0
    as_json = load_document(tmp_path / "a.json").plain()
    as_yaml = load_document(tmp_path / "a.yaml").plain()
    as_yaml["captured_at"] = as_json["captured_at"]
    assert _EXACT(as_yaml) == _EXACT(as_json)
    assert (
        "TotalAmt: 1E+2" in (tmp_path / "a.yaml").read_text()
        or "1E+2" in (tmp_path / "a.yaml").read_text()
    )


def test_only_one_side(env, tmp_path):
    """`--only qbo` needs no Clio credentials and records the missing side."""
    env = {k: (None if "CLIO" in k else v) for k, v in env.items()}
    out = tmp_path / "snap.json"
    assert _run(pull, ["-o", str(out), "--only", "qbo"], env).exit_code == 0
    data = json.loads(out.read_text())
    assert data["sources"] == {"qbo": "pulled", "clio": "not_pulled"}
    assert "clio" not in data


def test_missing_credentials_is_a_usage_failure(env, tmp_path):
    """No Clio credentials and no `--only`: exit 2 with the way out."""
    env = {k: (None if "CLIO" in k else v) for k, v in env.items()}
    result = _run(pull, ["-o", str(tmp_path / "s.json")], env)
    assert result.exit_code == 2
    assert "no Clio credentials" in result.output and "--only qbo" in result.output


def test_bad_extension_exits_2(env, tmp_path):
    """The output format comes from the extension; anything else is refused."""
    result = _run(pull, ["-o", str(tmp_path / "s.txt")], env)
    assert result.exit_code == 2 and ".json, .yaml or .yml" in result.output


def test_merge_keeps_hand_written_blocks(env, tmp_path, clio_server):
    """`--merge-into` keeps firm, clio_bill_syncing, bank and unknown keys; replaces qbo/clio."""
    existing = tmp_path / "firm.yaml"
    existing.write_text(EXISTING_YAML)
    before = load_document(existing).plain()
    result = _run(pull, ["--merge-into", str(existing)], env)
    assert result.exit_code == 0, result.output
    after = load_document(existing).plain()
    for key in ("firm", "clio_bill_syncing", "bank", "x_firm_note"):
        assert _EXACT(after[key]) == _EXACT(before[key]), key
    assert len(after["qbo"]["Account"]) == 3
    assert after["clio"]["users"] == clio_server.app.served("users")
    assert after["captured_at"] != before["captured_at"]


def test_merge_only_one_side_carries_the_other_over(env, tmp_path):
    """A `--only clio` refresh keeps the old qbo section and marks it carried over."""
    existing = tmp_path / "firm.yaml"
    existing.write_text(EXISTING_YAML)
    out = tmp_path / "new.json"
    result = _run(pull, ["--merge-into", str(existing), "-o", str(out), "--only", "clio"], env)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["sources"] == {"qbo": "carried_over", "clio": "pulled"}
    assert data["qbo"] == {"Account": []}
    assert data["bank"]["statements"][0]["fee"] == 1.5


def test_interrupted_pull_leaves_file_untouched(env, tmp_path, qbo_server):
    """A server that drops mid-way: exit 2, one clear line, the old file byte-identical."""
    out = tmp_path / "snap.json"
    out.write_bytes(b'{"ledgerlint_snapshot": 1, "captured_at": "2026-01-01T00:00:00Z"}\n')
    before = out.read_bytes()
    qbo_server.fail("STARTPOSITION 1001", "drop", times=1000)
    result = _run(pull, ["-o", str(out)], env)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "ledgerlint: error: QuickBooks Invoice: gave up after 6 attempts "
        "(connection failed: RemoteProtocolError)"
    )
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".snap")] == []


def test_token_store_is_used_without_variables(env, tmp_path, clio_server):
    """After `auth`, `pull` needs no variables: the store supplies tokens and client."""
    store = Path(env["LEDGERLINT_TOKEN_STORE"])
    store.parent.mkdir(parents=True)
    store.write_text(
        json.dumps(
            {
                "clio": {
                    "access_token": env["LEDGERLINT_CLIO_ACCESS_TOKEN"],
                    "refresh_token": env["LEDGERLINT_CLIO_REFRESH_TOKEN"],
                    "client_id": env["LEDGERLINT_CLIO_CLIENT_ID"],
                    "client_secret": env["LEDGERLINT_CLIO_CLIENT_SECRET"],
                }
            }
        )
    )
    keep = ("LEDGERLINT_CLIO_BASE_URL", "LEDGERLINT_TOKEN_STORE", "LEDGERLINT_PULL_MAX_WAIT")
    env = {k: (v if k in keep else None) for k, v in env.items()}
    out = tmp_path / "s.json"
    result = _run(pull, ["-o", str(out), "--only", "clio"], env)
    assert result.exit_code == 0, result.output


def test_stored_clio_region_is_used(env, tmp_path, clio_server):
    """`auth clio --clio-region eu` stores the region's host; a later `pull` uses it."""
    store = Path(env["LEDGERLINT_TOKEN_STORE"])
    store.parent.mkdir(parents=True)
    entry = {
        "access_token": env["LEDGERLINT_CLIO_ACCESS_TOKEN"],
        "refresh_token": env["LEDGERLINT_CLIO_REFRESH_TOKEN"],
        "client_id": env["LEDGERLINT_CLIO_CLIENT_ID"],
        "client_secret": env["LEDGERLINT_CLIO_CLIENT_SECRET"],
        "base_url": clio_server.url,
    }
    store.write_text(json.dumps({"clio": entry}))
    keep = ("LEDGERLINT_TOKEN_STORE", "LEDGERLINT_PULL_MAX_WAIT")
    env = {k: (v if k in keep else None) for k, v in env.items()}
    result = _run(pull, ["-o", str(tmp_path / "s.json"), "--only", "clio"], env)
    assert result.exit_code == 0, result.output
    assert clio_server.requests


COMMENTED_YAML = """\
# yaml-language-server: $schema=./ledgerlint-snapshot.schema.json
# Example Law LLP — kept in git; `ledgerlint pull --merge-into` refreshes qbo and clio.
ledgerlint_snapshot: 1
captured_at: 2026-01-01T00:00:00Z

firm:
  name: "Example Law LLP"        # as on the engagement letter
  jurisdictions: [CA]
  x-reviewer-notes: {by: J. Doe, on: 2026-11-02}

# Settings → Bill Syncing, copied by hand
clio_bill_syncing:
  connected: true
  sync_bills_issued_on_or_after: 2025-01-01   # typed by the consultant
  trust_sync:
    enabled: true
    clio_bank_account: 'IOLTA Trust'
bank:
  statements:
    - account: IOLTA Trust
      period_end: 2026-10-31
      ending_balance: "152340.18"   # from the PDF statement
x-firm-note: kept as is
qbo: {Account: []}
clio:
  users: []
"""


def test_merge_keeps_every_hand_written_line_byte_for_byte(env, tmp_path, qbo_server):
    """Comments, quoting, flow style and `x-` keys survive a merge; only captured_at and the
    API sections change, and `sources` is added at the end."""
    import difflib

    existing = tmp_path / "firm.yaml"
    existing.write_text(COMMENTED_YAML)
    result = _run(pull, ["--merge-into", str(existing)], env)
    assert result.exit_code == 0, result.output
    after = existing.read_text()
    old, new = COMMENTED_YAML.splitlines(), after.splitlines()
    removed = [
        line
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new).get_opcodes()
        if tag in ("replace", "delete")
        for line in old[i1:i2]
    ]
    assert removed == ["captured_at: 2026-01-01T00:00:00Z", "qbo: {Account: []}", "  users: []"]
    hand_written = COMMENTED_YAML.split("qbo: {Account: []}")[0].replace(
        "captured_at: 2026-01-01T00:00:00Z\n", ""
    )
    assert after.replace(after.splitlines(keepends=True)[3], "", 1).startswith(hand_written)
    data = load_document(existing).plain()
    assert data["sources"] == {"qbo": "pulled", "clio": "pulled"}
    assert _EXACT(data["qbo"]["Account"]) == _EXACT(qbo_server.app.served("Account"))
    assert after.endswith("sources:\n  qbo: pulled\n  clio: pulled\n")


def test_merge_into_json_keeps_its_indentation(env, tmp_path):
    """A JSON snapshot indented with tabs stays indented with tabs."""
    existing = tmp_path / "firm.json"
    existing.write_text(
        '{\n\t"ledgerlint_snapshot": 1,\n\t"captured_at": "2026-01-01T00:00:00Z",\n'
        '\t"firm": {"name": "Example Law LLP",   "jurisdictions": ["CA"]}\n}\n'
    )
    result = _run(pull, ["--merge-into", str(existing), "--only", "clio"], env)
    assert result.exit_code == 0, result.output
    text = existing.read_text()
    assert '\t"firm": {"name": "Example Law LLP",   "jurisdictions": ["CA"]},\n' in text
    assert all(not line.startswith(" ") for line in text.splitlines())
    assert json.loads(text)["sources"] == {"qbo": "not_pulled", "clio": "pulled"}


def test_output_over_the_token_store_is_refused(env, tmp_path):
    """`-o` naming the token store (here through a symlink) would replace the rotated refresh
    token with the snapshot: refused before anything is read, the store byte-identical."""
    tokens = Path(env["LEDGERLINT_TOKEN_STORE"])
    tokens.parent.mkdir(parents=True, exist_ok=True)
    tokens.write_text('{"qbo": {"refresh_token": "rt-1"}}\n')
    before = tokens.read_bytes()
    (tmp_path / "tokens-link.json").symlink_to(tokens)
    result = _run(pull, ["-o", str(tmp_path / "tokens-link.json")], env)
    assert result.exit_code == 2
    assert "is the same file as the input" in result.output
    assert tokens.read_bytes() == before
