"""CS and JX findings keep their fingerprints when the snapshot's lists are reordered."""

from __future__ import annotations

from helpers import findings
from helpers import fixture


def test_dual_feed_fingerprint_survives_reordering() -> None:
    """CS003 keys on the Clio feed's account, not on its position in `bank.feeds`."""
    data = fixture()
    data["bank"]["feeds"].append({"system": "clio", "account": "IOLTA Trust"})
    before = findings(data, "CS003")
    data["bank"]["feeds"].reverse()
    after = findings(data, "CS003")
    assert [f.location.pointer for f in before] == ["/bank/feeds/2"]
    assert [f.location.pointer for f in after] == ["/bank/feeds/0"]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_title_fingerprint_is_per_account_and_jurisdiction() -> None:
    """JX002 gives one stable fingerprint per account and jurisdiction."""
    data = fixture()
    data["firm"]["jurisdictions"] = ["NY", "NJ"]
    first = findings(data, "JX002")
    data["qbo"]["Account"].reverse()
    data["firm"]["jurisdictions"] = ["NJ", "NY"]
    second = findings(data, "JX002")
    assert len({f.fingerprint for f in first}) == 2
    assert {f.fingerprint for f in first} == {f.fingerprint for f in second}
