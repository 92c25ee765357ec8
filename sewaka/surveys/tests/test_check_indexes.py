"""The submission's integrity checks read the partial indexes (imported answers carry no browser or address
and are left out of them): both databases' planners must be able to use them for the checks' SQL."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sewaka.surveys.services import _CHECKS_SQL

from .factories import make_period


def _plan(sql: str, params: list) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a small table: make the planner show its options
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_browser_and_address_checks_use_the_partial_indexes(tree):
    period = make_period(tree.pkm_a)
    since = connection.ops.adapt_datetimefield_value(timezone.now())
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    params = ["k", "browser", period.pk, since, "addr", period.pk, since, 20, "addr", since, 30]
    params += [period.pk, "open", today, today, period.pk, None]
    plan = _plan(_CHECKS_SQL, params)
    assert "response_browser_recent" in plan, plan
    assert "response_address_recent" in plan, plan
