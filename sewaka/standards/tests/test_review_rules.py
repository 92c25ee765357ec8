"""Every review deadline rule of a service standard (domain rule: reviewed at least every 12 months,
SEWAKA_STANDARD_REVIEW_MONTHS), dates counted by hand on a calendar."""

from datetime import date

import pytest

from sewaka.standards.facts import review_due, review_months


@pytest.mark.parametrize(
    ("status", "reviewed_at", "decree_date", "months", "due"),
    [
        ("ditetapkan", None, date(2026, 1, 31), 12, date(2027, 1, 31)),  # 12 months after penetapan
        ("published", None, date(2026, 3, 2), 12, date(2027, 3, 2)),
        ("published", date(2026, 2, 15), date(2025, 6, 1), 12, date(2027, 2, 15)),  # the last review counts
        ("published", None, date(2026, 8, 31), 6, date(2027, 2, 28)),  # no 31 February: its last day
        ("published", None, date(2027, 2, 28), 12, date(2028, 2, 28)),
        ("draft", None, None, 12, None),  # not set: no review is due
        ("dibahas", None, None, 12, None),
        # a replaced version keeps the date it had; pages read the current version (current_of)
        ("superseded", date(2026, 2, 15), date(2025, 6, 1), 12, date(2027, 2, 15)),
        ("published", None, None, 12, None),  # no date recorded (imported data): nothing to count from
    ],
)
def test_review_due(status, reviewed_at, decree_date, months, due):
    assert review_due(status, reviewed_at, decree_date, months) == due


def test_the_review_interval_is_twelve_months_unless_configured(settings):
    assert review_months() == 12
    settings.SEWAKA_STANDARD_REVIEW_MONTHS = 24
    assert review_months() == 24
