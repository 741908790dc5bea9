"""Rules of treaty_status: a fixed event vocabulary, valid dates, treaty order per country, and a
withdrawal that takes effect six months after notification (Article 20.3)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("treaty_status")
URL = "https://ngo.example.org/x"
HISTORY = [
    {"date": "2025-03-12", "country": "Marshall Islands", "event": "ratified"},
    {"date": "2025-09-01", "country": "Marshall Islands", "event": "entry into force"},
    {"date": "2025-06-27", "country": "Latvia", "event": "withdrawal notified"},
    {"date": "2025-12-27", "country": "Latvia", "event": "withdrawal effective"},
    {"date": "2025-07-15", "country": "Ukraine", "event": "suspension announced (parliament law)"},
    {"date": "2019 (LM2019)", "country": "(all)", "event": "States Parties count: 164"},
    {"date": "2025-12-01", "country": "(all)", "event": "States Parties count: 166"},
]


def run(*rows):
    rows = [{"source_url": URL, "locator": "x", **r} for r in rows]
    return validate.run(SRC, Path("t.csv"), text=frame(rows, SRC.column_names))


def test_a_consistent_history_passes():
    assert fired(run(*HISTORY)) == {}


@pytest.mark.parametrize("rule,row", [
    ("event_in_vocabulary", {"date": "2025-07-01", "country": "Ukraine", "event": "left the treaty"}),
    ("date_valid", {"date": "2025-02-30", "country": "Tonga", "event": "acceded"}),
    ("date_valid", {"date": "1990-01-01", "country": "Tonga", "event": "signed"}),
    ("date_valid", {"date": "2019 (LM2020)", "country": "(all)", "event": "States Parties count: 164"}),
    ("date_valid", {"date": "2019 (LM2019)", "country": "Tonga", "event": "acceded"}),
    ("country_known", {"date": "2025-07-01", "country": "Ruritania", "event": "acceded"}),
    ("treaty_wide_rows_are_treaty_events", {"date": "2025-07-01", "country": "(all)", "event": "acceded"}),
    ("events_in_order", {"date": "2025-01-01", "country": "Marshall Islands", "event": "withdrawal notified"}),
])
def test_breaking_row(rule, row):
    o = run(*HISTORY, row)
    assert fired(o).get(rule) == [len(HISTORY) + 1], fired(o)


def test_withdrawal_effective_must_be_six_months_after_notification():
    o = run(*HISTORY, {"date": "2026-01-10", "country": "Estonia", "event": "withdrawal effective"},
            {"date": "2025-06-27", "country": "Estonia", "event": "withdrawal notified"},
            {"date": "2026-03-01", "country": "Poland", "event": "withdrawal effective"})
    # Estonia: effective date is not notification + 6 months; Poland: no notification recorded
    assert fired(o) == {"withdrawal_effective_six_months_after_notification": [8, 10]}


def test_entry_into_force_off_article_17_is_a_warning():
    o = run(*HISTORY, {"date": "2025-06-25", "country": "Tonga", "event": "acceded"},
            {"date": "2025-11-01", "country": "Tonga", "event": "entry into force"})
    assert fired(o) == {"entry_into_force_per_article_17": [9]}
    assert o.rows_quarantined == 0
